"""End to end: `scrapy crawl portal` over the demo portal on 127.0.0.1 into an archive."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import FAST, scrapy_command


def crawl(base: str, archive: Path, *extra: str):
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}", *FAST, *extra
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def rows(archive: Path, sql: str, *args):
    with sqlite3.connect(archive) as db:
        return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def first_crawl(demo_portal, tmp_path_factory):
    base, facts, site = demo_portal
    archive = tmp_path_factory.mktemp("archive") / "archive.db"
    proc = crawl(base, archive)
    return base, facts, site, archive, proc


def expected_articles(facts: dict) -> dict[str, dict]:
    return {a["url"]: a for a in facts["articles"]}


def test_every_article_is_archived_once(first_crawl):
    base, facts, _, archive, _ = first_crawl
    archived = {url for (url,) in rows(archive, "select url from articles")}
    expected = {urljoin(base, u) for u in expected_articles(facts)}
    first, second = (urljoin(base, u) for u in facts["reprint"])
    # The reprint is one article; its other URL is an alias of it.
    assert len({first, second} & archived) == 1
    assert archived == expected - ({first, second} - archived)
    assert len(archived) == facts["article_count"] - 1
    aliases = rows(
        archive,
        "select u.url, a.url, u.title, u.section, u.published_at from article_urls u "
        "join articles a on a.id = u.article_id where u.url_key != a.url_key and u.page is null",
    )
    assert len(aliases) == 1 and set(aliases[0][:2]) == {first, second}
    # The merged page keeps the headline, section and date it gave the text.
    ((alias_url, _, title, section, published_at),) = aliases
    page = expected_articles(facts)[alias_url.removeprefix(base)]
    assert (title, section, published_at[:10]) == (
        page["title"], page["breadcrumbs"][-1], page["published_at"][:10])  # fmt: skip


def test_fields_match_the_pages(first_crawl):
    base, facts, site, archive, _ = first_crawl
    expected = expected_articles(facts)
    for url, title, published, source, author, editor, crumbs, body, date_source in rows(
        archive,
        "select url, title, published_at, source, author, editor, breadcrumbs, "
        "body, date_source from articles",
    ):
        want = expected[url.removeprefix(base)]
        assert title == want["title"]
        assert source == want["source"]
        raw = (site / want["url"].lstrip("/")).read_bytes()
        shown = raw.decode("utf-8", "replace") + raw.decode("gb18030", "replace")
        # Hanweb pages of the demo do not show their editor.
        assert editor == (want["editor"] if want["editor"] and want["editor"] in shown else None)
        assert json.loads(author) == want["author"]
        assert json.loads(crumbs) == want["breadcrumbs"]
        for paragraph in want["paragraphs"]:
            assert paragraph in body
        if want["published_at"]:
            assert (published, date_source) == (want["published_at"], "metaline")
        else:  # no date on the page: the date its list shows
            assert (published, date_source) == (want["list_date"], "list")


def test_failures_are_recorded_with_reasons(first_crawl):
    base, facts, _, archive, _ = first_crawl
    errors = set(rows(archive, "select url, status, reason from fetch_errors"))
    assert errors == {
        (urljoin(base, facts["broken_link"]["url"]), 404, "HTTP 404"),
        (urljoin(base, facts["error_500"]["url"]), 500, "HTTP 500"),
    }


def test_crawl_row_counts_add_up(first_crawl):
    _, _facts, _, archive, _ = first_crawl
    [(status, new, updated, unchanged, errors, dropped, by_reason)] = rows(
        archive,
        "select status, articles_new, articles_updated, articles_unchanged, errors, "
        "dropped, dropped_by_reason from crawls",
    )
    assert (status, new, updated, unchanged, errors) == ("finished", 76, 0, 0, 2)
    assert (dropped, json.loads(by_reason)) == (1, {"DuplicateBody": 1})
    assert rows(archive, "select reason from dropped") == [("DuplicateBody",)]


def test_sections_gbk_and_sitemap(first_crawl):
    _, facts, _, archive, proc = first_crawl
    sections = dict(rows(archive, "select section, count(*) from articles group by 1"))
    assert sum(sections.values()) == 76
    assert set(sections) == {s["name"] for s in facts["sections"].values()}
    gbk = facts["sections"]["bdxw"]["articles"][0]
    [(encoding, body)] = rows(
        archive, "select encoding, body from articles where url like ?", f"%{gbk}"
    )
    assert encoding == "gb18030"
    assert expected_articles(facts)[gbk]["paragraphs"][0] in body
    assert "'portal/sitemaps': 1" in proc.stderr
    assert "'portal/feeds': 1" in proc.stderr


def test_links_pages_and_search(first_crawl):
    base, facts, site, archive, _ = first_crawl
    related = rows(
        archive, "select count(*), count(to_article_id) from links where kind = 'related'"
    )
    assert related[0][0] > 100 and related[0][1] >= related[0][0] - 6
    url = facts["articles"][0]["url"]
    [(stored,)] = rows(
        archive,
        "select p.body from pages p join articles a on a.id = p.article_id where a.url = ?",
        urljoin(base, url),
    )
    assert zlib.decompress(stored) == (site / url.lstrip("/")).read_bytes()
    assert rows(archive, "pragma integrity_check") == [("ok",)]
    hits = rows(
        archive, "select rowid from articles_search_fts where articles_search_fts match ?", "颍川"
    )
    assert len(hits) >= 50


def stat(proc, name: str) -> int:
    import re

    found = re.search(rf"'{re.escape(name)}': (\d+)", proc.stderr)
    return int(found.group(1)) if found else 0


def test_second_crawl_fetches_only_lists(first_crawl):
    base, facts, _, archive, first = first_crawl
    before = rows(archive, "select id, url, body_hash, last_seen from articles order by id")
    second = crawl(base, archive)
    assert rows(archive, "select id, url, body_hash, last_seen from articles order by id") == before
    assert stat(second, "portal/articles") == 0  # no article page fetched again
    list_pages = sum(len(s["lists"]) for s in facts["sections"].values())
    pages = stat(second, "portal/lists")
    assert 3 <= pages <= list_pages + 1  # the home page and lists, paging stops early
    assert stat(second, "downloader/request_count") < stat(first, "downloader/request_count") / 4
    assert stat(second, "portal/known_skipped") > 76
    last = rows(
        archive,
        "select articles_new, articles_updated, articles_unchanged, errors "
        "from crawls order by id desc limit 1",
    )
    assert last == [(0, 0, 0, 0)]


def test_full_recrawl_adds_nothing_and_updates_in_place(first_crawl):
    base, facts, site, archive, _ = first_crawl
    before = rows(archive, "select id, url, body_hash from articles order by id")
    full = ("-s", "INCREMENTAL_ENABLED=False")
    crawl(base, archive, *full)
    assert rows(archive, "select id, url, body_hash from articles order by id") == before
    last = rows(
        archive,
        "select articles_new, articles_updated, articles_unchanged from crawls "
        "order by id desc limit 1",
    )
    assert last == [(0, 0, 76)]
    # A portal edits one article: the next full crawl updates that row, and only that row.
    target = facts["articles"][2]
    page = site / target["url"].lstrip("/")
    original = page.read_bytes()
    page.write_bytes(
        original.replace(target["paragraphs"][0].encode(), "县里更正了这段报道。".encode())
    )
    try:
        crawl(base, archive, *full)
    finally:
        page.write_bytes(original)
    last = rows(
        archive,
        "select articles_new, articles_updated, articles_unchanged from crawls "
        "order by id desc limit 1",
    )
    assert last == [(0, 1, 75)]
    [(article_id, body)] = rows(
        archive, "select id, body from articles where url = ?", urljoin(base, target["url"])
    )
    assert "县里更正了这段报道。" in body
    assert article_id in [r[0] for r in before]
    assert rows(archive, "select count(*) from articles") == [(76,)]
    assert rows(archive, "select version, changed from article_versions") == [(1, '["body"]')]


def test_site_profile_run(demo_portal, tmp_path):
    base, _facts, _ = demo_portal
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "yingchuan.toml").write_text(
        f'name_zh = "颍川县融媒体中心"\nstart_urls = ["{base}/"]\n'
        '[region]\nprovince = "河南省"\ncity = "许昌市"\ncounty = "颍川县"\n',
        encoding="utf-8",
    )
    archive = tmp_path / "a.db"
    proc = scrapy_command(
        "crawl",
        "portal",
        "-a",
        "site=yingchuan",
        "-s",
        f"SITES_DIR={sites}",
        "-s",
        f"ARCHIVE={archive}",
        *FAST,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert rows(archive, "select name, name_zh, province, city, county, base_url from sites") == [
        ("yingchuan", "颍川县融媒体中心", "河南省", "许昌市", "颍川县", f"{base}/")
    ]
    assert rows(archive, "select count(*) from articles") == [(76,)]
    summary = scrapy_command("summary", "-s", f"ARCHIVE={archive}")
    assert "articles in the archive: 76" in summary.stdout
    assert "reprints merged into an article under another URL: 1" in summary.stdout
    assert "list: 3" in summary.stdout
    assert "attachments (附件) recorded: 4, downloaded: 0" in summary.stdout
    reextract = scrapy_command("reextract", "-s", f"ARCHIVE={archive}", "-s", f"SITES_DIR={sites}")
    # Only the first page of an article split over pages is stored: it is kept whole.
    assert reextract.stdout.strip() == "kept, split over pages: 5\nunchanged: 71"


def scripted_articles(facts: dict) -> list[dict]:
    keys = {k for k, s in facts["sections"].items() if s["pager"] != "links"}
    return [a for a in facts["articles"] if a["section"] in keys]


def test_script_built_lists_are_read(first_crawl):
    """通知公告 (jpage datastore and dataproxy POSTs) and 专题报道 (createPageHTML only):
    linked from nowhere but their scripts, every article of theirs is archived."""
    base, facts, _, archive, proc = first_crawl
    archived = {url for (url,) in rows(archive, "select url from articles")}
    scripted = scripted_articles(facts)
    assert len(scripted) == 17
    assert {urljoin(base, a["url"]) for a in scripted} <= archived
    # The column page holds 3 records; the dataproxy answers 4-6 and 7, then nothing more.
    assert stat(proc, "portal/jpage_pages") == 2
    assert stat(proc, "portal/jpage_links") == 4
    jpage = [u for u in archived if "/art_1229_" in u]
    assert len(jpage) == 7
    for url, date_source, published in rows(
        archive, "select url, date_source, published_at from articles where url like '%/zt/%'"
    ):
        assert date_source == "metaline" and published, url


def test_split_articles_are_one_article_each(first_crawl):
    base, facts, _, archive, proc = first_crawl
    split = [a for a in facts["articles"] if len(a["pages"]) > 1]
    later = {urljoin(base, u) for a in split for u in a["pages"][1:]}
    archived = {url for (url,) in rows(archive, "select url from articles")}
    assert not later & archived  # no later page archived as an article of its own
    for a in split:
        url = urljoin(base, a["url"])
        [(article_id, body, page_count)] = rows(
            archive, "select id, body, page_count from articles where url = ?", url
        )
        assert body.split("\n") == a["paragraphs"]  # every page's paragraphs, in order
        assert page_count == len(a["pages"])
        pages = rows(
            archive, "select url, page from article_urls where article_id = ? and page is not null "
            "order by page", article_id)  # fmt: skip
        assert pages == [(urljoin(base, u), n) for n, u in enumerate(a["pages"][1:], start=2)]
    assert rows(archive, "select count(*) from articles where page_count = 1") == [(71,)]
    assert stat(proc, "portal/multipage_articles") == 5
    assert stat(proc, "portal/article_parts") == 7
    assert stat(proc, "portal/multipage_incomplete") == 0


def test_recheck_keeps_split_articles_whole(first_crawl):
    _, _, _, archive, _ = first_crawl
    split = "select id, body_hash, page_count from articles where page_count > 1 order by id"
    before = rows(archive, split)
    proc = scrapy_command("recheck", "--older-than", "0s", "-s", f"ARCHIVE={archive}", *FAST)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "76 checked, 0 removed" in proc.stdout  # (the article edited above is changed)
    assert stat(proc, "recheck/multipage") == 5  # their first page answers: enough
    assert len(before) == 5 and rows(archive, split) == before
    checked = "select count(*) from articles where page_count > 1 and last_checked is not null"
    assert rows(archive, checked) == [(5,)]
