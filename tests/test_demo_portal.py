"""The offline demo portal: demo/build.py writes it, demo/serve.py serves it."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from demo.build import build

DEMO = Path(__file__).resolve().parent.parent / "demo"


@pytest.fixture(scope="module")
def portal(demo_portal):
    """(base_url, facts, site folder) of the demo portal served on 127.0.0.1 (conftest)."""
    return demo_portal


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_home_page(portal):
    base, facts, _ = portal
    status, headers, body = fetch(base + "/index.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    for needle in ("颍川县融媒体中心", "最新文章", "热门文章", "版权所有", "ICP备", "主办单位"):
        assert needle in text
    for url in facts["newest"]:
        assert f'href="{url}"' in text
    assert fetch(base + "/")[0] == 200


def test_gbk_section_is_served_as_gbk_without_charset(portal):
    base, facts, _ = portal
    url = facts["sections"]["bdxw"]["articles"][0]
    status, headers, body = fetch(base + url)
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    assert '<meta charset="gb2312">' in text
    assert "当前位置:" in text and "本地新闻" in text
    status, headers, body = fetch(base + facts["sections"]["bdxw"]["lists"][0])
    assert headers["Content-Type"] == "text/html"
    assert "本地新闻" in body.decode("gbk")


def test_error_500_and_broken_link(portal):
    base, facts, _ = portal
    assert fetch(base + facts["error_500"]["url"])[0] == 500
    assert fetch(base + facts["broken_link"]["url"])[0] == 404
    for dead in (facts["error_500"], facts["broken_link"]):
        page = fetch(base + dead["linked_from"])[2]
        assert dead["url"].rsplit("/", 1)[1].encode() in page
    assert fetch(base + "/no/such/page.html")[0] == 404
    assert fetch(base + "/expected.json")[0] == 404


def test_robots_sitemap_rss(portal):
    base, facts, _ = portal
    status, headers, body = fetch(base + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert "User-agent: *" in text and "Disallow: /search/" in text
    assert f"Sitemap: {base}/sitemap.xml" in text
    status, headers, body = fetch(base + "/sitemap.xml")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    locs = re.findall(r"<loc>(.*?)</loc>", body.decode())
    assert {base + u for u in facts["in_sitemap"]} <= set(locs)
    assert 25 <= len(facts["in_sitemap"]) <= 35
    status, headers, body = fetch(base + "/rss.xml")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    links = re.findall(r"<link>(.*?)</link>", body.decode())[1:]
    assert links == [base + u for u in facts["newest"]]


def test_every_article_answers_and_lists_chain(portal):
    base, facts, _ = portal
    urls = [u for s in facts["sections"].values() for u in s["articles"]]
    assert len(urls) == len(set(urls)) == facts["article_count"] == 77
    pages = [u for a in facts["articles"] for u in a["pages"]]
    assert len(pages) == 77 + 7  # five articles split over two or three pages
    for url in pages:
        assert fetch(base + url)[0] == 200, url
    for key, section in facts["sections"].items():
        lists = section["lists"]
        if section["pager"] != "links":
            continue
        assert len(lists) == 3
        encoding = "gbk" if key == "bdxw" else "utf-8"
        for here, nxt in pairwise(lists):
            status, _, body = fetch(base + here)
            assert status == 200
            name = nxt.rsplit("/", 1)[1]
            assert re.search(rf'href="[^"]*{re.escape(name)}">下一页<', body.decode(encoding))


def test_special_articles(portal):
    base, facts, _ = portal
    articles = {a["url"]: a for a in facts["articles"]}
    assert len(facts["no_date"]) == 3
    assert len({n["section"] for n in facts["no_date"]}) == 3
    for entry in facts["no_date"]:
        assert not re.search(r"20\d\d", entry["url"])
        art = articles[entry["url"]]
        assert art["date_shown"] is None and art["published_at"] is None
        encoding = "gbk" if entry["section"] == "bdxw" else "utf-8"
        page = fetch(base + entry["url"])[2].decode(encoding)
        assert not re.search(r"20\d\d-\d\d-\d\d", page.split("<body")[1].split("相关阅读")[0])
    seed = articles[facts["seed"]]
    assert seed["title"] == "全力以赴拼经济抓投资 奋力冲刺“开门红”"
    assert len(seed["paragraphs"]) == 6
    first, second = (articles[u] for u in facts["reprint"])
    assert first["paragraphs"] == second["paragraphs"]
    assert first["section"] != second["section"] and first["title"] != second["title"]


def test_bodies_differ_except_the_reprint(portal):
    _, facts, _ = portal

    def shingles(a: dict) -> set[str]:
        text = "".join(a["paragraphs"])
        return {text[i : i + 5] for i in range(len(text) - 4)}

    reprint = set(facts["reprint"])
    sets = {a["url"]: shingles(a) for a in facts["articles"]}
    for x, y in combinations(sets, 2):
        if {x, y} == reprint:
            continue
        jaccard = len(sets[x] & sets[y]) / len(sets[x] | sets[y])
        assert jaccard < 0.5, (x, y, jaccard)


def test_build_is_deterministic_and_matches_the_committed_facts(portal, tmp_path):
    _, facts, site = portal
    again = build(tmp_path / "again")
    assert again == facts

    def digest(folder: Path) -> dict[str, str]:
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digest(site) == digest(tmp_path / "again")
    assert json.loads((DEMO / "expected.json").read_text("utf-8")) == facts


def post(url: str, form: dict[str, str]) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(form).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_scripted_sections_link_nothing_with_a(portal):
    """通知公告 and 专题报道 articles are reached through scripts only: no <a> of the
    column page, the home page, the sitemap or the feed leads to them."""
    base, facts, _ = portal
    scripted = [
        u for s in facts["sections"].values() if s["pager"] != "links" for u in s["articles"]
    ]
    assert len(scripted) == 17
    outside = [
        fetch(base + u)[2].decode("utf-8") for u in ("/index.html", "/sitemap.xml", "/rss.xml")
    ]
    column = fetch(base + facts["sections"]["tzgg"]["lists"][0])[2].decode("utf-8")
    anchors = column.split('<script type="text/xml">')[0] + column.split("</script>", 1)[1]
    for url in scripted:
        name = url.rsplit("/", 1)[1]
        assert not any(name in text for text in outside), url
        assert name not in anchors, url
    ztbd = fetch(base + facts["sections"]["ztbd"]["lists"][0])[2].decode("utf-8")
    assert 'createPageHTML("page_div", 3, 0, "index", "html")' in ztbd
    assert "index_1.html" not in ztbd.split("<script>")[0]  # the pager is the script alone


def test_the_dataproxy_answers_the_column_post(portal):
    base, facts, _ = portal
    proxy = base + facts["server"]["dataproxy"]
    form = {"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1229",
            "sourceContentType": "1", "unitid": "4567", "webname": "颍川县", "permissiontype": "0"}  # fmt: skip
    status, body = post(proxy + "?startrecord=4&endrecord=6&perpage=3", form)
    text = body.decode("utf-8")
    assert status == 200 and "<totalrecord>7</totalrecord>" in text
    column = facts["sections"]["tzgg"]["articles"]
    newest_first = sorted(
        column, key=lambda u: int(u.rsplit("_", 1)[1].split(".")[0]), reverse=True
    )
    assert re.findall(r'href="([^"]+)"', text.split("<recordset>")[1]) == newest_first[3:6]
    assert post(proxy + "?startrecord=4&endrecord=6&perpage=3", {**form, "unitid": "1"})[0] == 400
    assert fetch(proxy)[0] == 404  # the dataproxy answers POSTs


def test_split_articles_pages_hold_the_body_in_order(portal):
    base, facts, _ = portal
    split = [a for a in facts["articles"] if len(a["pages"]) > 1]
    assert sorted(len(a["pages"]) for a in split) == [2, 2, 2, 3, 3]
    assert sum("?page=" in a["pages"][1] for a in split) == 2
    for a in split:
        texts = [fetch(base + u)[2].decode("utf-8") for u in a["pages"]]
        where = [next(i for i, t in enumerate(texts) if p in t) for p in a["paragraphs"]]
        assert where == sorted(where) and set(where) == set(range(len(texts))), a["url"]
