"""The offline demo portal: demo/build.py writes it, demo/serve.py serves it."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
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
    assert len(urls) == len(set(urls)) == facts["article_count"] == 60
    for url in urls:
        assert fetch(base + url)[0] == 200, url
    for key, section in facts["sections"].items():
        lists = section["lists"]
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
