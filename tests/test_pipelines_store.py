"""Archive writes: idempotent upserts, aliases, links, list dates, crawls."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace

from core.items import FetchFailure, ListDate
from pipelines import store
from pipelines.dedupe import body_hash
from pipelines.schema import open_archive
from tests.conftest import make_article_item


def ready(item):
    return replace(item, url_key=store.url_key(item.url), body_hash=body_hash(item.article.body))


def setup(tmp_path):
    db = open_archive(str(tmp_path / "a.db"))
    site = store.ensure_site(db, "x", name_zh="某县融媒体中心", province="河南省")
    crawl = store.start_crawl(db, site, "2023-02-01T00:00:00+00:00")
    return db, site, crawl


def test_new_unchanged_updated(tmp_path):
    db, site, crawl = setup(tmp_path)
    item = ready(make_article_item())
    assert store.write_article(db, item, site, crawl, keep_pages=True) == "new"
    later = replace(item, fetched_at="2023-03-01T00:00:00+00:00")
    assert store.write_article(db, later, site, crawl, keep_pages=True) == "unchanged"
    [(first, last)] = db.execute("select first_seen, last_seen from articles").fetchall()
    assert (first, last) == ("2023-02-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")
    edited = ready(replace(item, article=replace(item.article, body="更正后的正文。")))
    assert store.write_article(db, edited, site, crawl, keep_pages=True) == "updated"
    assert db.execute("select count(*), max(body) from articles").fetchone() == (
        1,
        "更正后的正文。",
    )
    [(page,)] = db.execute("select body from pages").fetchall()
    assert zlib.decompress(page) == b"<html>page</html>"
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)


def test_links_resolve_when_their_target_arrives(tmp_path):
    db, site, crawl = setup(tmp_path)
    a = ready(
        make_article_item(
            "http://www.x.gov.cn/a/1.html",
            body="甲文。",
            related=[{"title": "乙文标题", "url": "http://www.x.gov.cn/a/2.html"}],
        )
    )
    store.write_article(db, a, site, crawl, keep_pages=False)
    assert db.execute("select to_article_id from links").fetchone() == (None,)
    b = ready(make_article_item("https://m.x.gov.cn/a/2.html", body="乙文。"))
    store.write_article(db, b, site, crawl, keep_pages=False)
    [(target,)] = db.execute("select to_article_id from links").fetchall()
    assert target == db.execute("select id from articles where body = '乙文。'").fetchone()[0]


def test_list_date_only_fills_a_missing_date(tmp_path):
    db, site, crawl = setup(tmp_path)
    undated = ready(make_article_item("http://www.x.gov.cn/a/1.html", published_at=None))
    dated = ready(make_article_item("http://www.x.gov.cn/a/2.html", body="另一篇。"))
    for item in (undated, dated):
        store.write_article(db, item, site, crawl, keep_pages=False)
    for url in ("http://www.x.gov.cn/a/1.html", "http://www.x.gov.cn/a/2.html"):
        store.write_list_date(db, ListDate("x", url, "2022-12-31", "2022-12-31"))
    got = db.execute("select published_at, date_source from articles order by id").fetchall()
    assert got == [("2022-12-31", "list"), ("2023-01-29", "metaline")]
    # A later crawl that reads the page without a date keeps the list's date.
    assert store.write_article(db, undated, site, crawl, keep_pages=False) == "unchanged"


def test_crawl_row(tmp_path):
    db, site, crawl = setup(tmp_path)
    store.write_failure(
        db, FetchFailure("x", "http://www.x.gov.cn/gone.html", 404, "HTTP 404", "t"), crawl
    )
    counts = store.WriteCounts(new=3, errors=1)
    counts.dropped["NotAnArticle"] += 2
    store.add_crawl_counts(db, crawl, counts)
    store.finish_crawl(
        db,
        crawl,
        finished_at="t2",
        status="finished",
        finish_reason="finished",
        pages=9,
    )
    row = db["crawls"].get(crawl)
    assert (row["pages"], row["articles_new"], row["errors"], row["dropped"]) == (9, 3, 1, 2)
    assert json.loads(row["dropped_by_reason"]) == {"NotAnArticle": 2}
    assert db["sites"].get(site)["name_zh"] == "某县融媒体中心"


def test_crawl_counts_add_up_batch_by_batch(tmp_path):
    db, _, crawl = setup(tmp_path)
    first = store.WriteCounts(new=2, unchanged=1)
    first.dropped["DuplicateBody"] += 1
    second = store.WriteCounts(new=1, updated=1, errors=2)
    second.dropped["DuplicateBody"] += 1
    second.dropped["EmptyBody"] += 3
    store.add_crawl_counts(db, crawl, first)
    store.add_crawl_counts(db, crawl, second)
    row = db["crawls"].get(crawl)
    got = [row[k] for k in ("articles_new", "articles_updated", "articles_unchanged", "errors")]
    assert got == [3, 1, 1, 2]
    assert row["dropped"] == 5
    assert json.loads(row["dropped_by_reason"]) == {"DuplicateBody": 2, "EmptyBody": 3}


def test_body_owner(tmp_path):
    db, site, crawl = setup(tmp_path)
    item = ready(make_article_item())
    store.write_article(db, item, site, crawl, keep_pages=False)
    assert store.body_owner(db, site, item.body_hash) == item.url_key
    assert store.body_owner(db, site, "0" * 40) is None
    assert store.body_owner(db, site + 1, item.body_hash) is None


def test_an_update_keeps_the_old_version(tmp_path):
    db, site, crawl = setup(tmp_path)
    item = ready(make_article_item())
    store.write_article(db, item, site, crawl, keep_pages=False)
    for n, body in enumerate(("第二稿。", "第三稿。"), start=2):
        edited = ready(
            replace(
                item,
                article=replace(item.article, body=body),
                fetched_at=f"2023-0{n}-01T00:00:00+00:00",
            )
        )
        assert store.write_article(db, edited, site, crawl, keep_pages=False) == "updated"
    versions = db.execute(
        "select version, body, changed, fetched_at from article_versions order by version"
    ).fetchall()
    assert versions == [
        (1, item.article.body, '["body"]', "2023-02-01T00:00:00+00:00"),
        (2, "第二稿。", '["body"]', "2023-02-01T00:00:00+00:00"),
    ]
    assert db.execute("select body from articles").fetchone() == ("第三稿。",)
