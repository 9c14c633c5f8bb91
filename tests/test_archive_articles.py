"""Archive writes of articles: idempotent upserts, versions, aliases, links, list dates."""

from __future__ import annotations

import zlib
from dataclasses import replace

from archive import articles
from core.items import ListDate
from tests.conftest import archive_with_crawl, make_article_item, ready


def test_new_unchanged_updated(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    item = ready(make_article_item())
    assert articles.write_article(db, item, site, crawl, keep_pages=True) == "new"
    later = replace(item, fetched_at="2023-03-01T00:00:00+00:00")
    assert articles.write_article(db, later, site, crawl, keep_pages=True) == "unchanged"
    [(first, last)] = db.execute("select first_seen, last_seen from articles").fetchall()
    assert (first, last) == ("2023-02-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")
    edited = ready(replace(item, article=replace(item.article, body="更正后的正文。")))
    assert articles.write_article(db, edited, site, crawl, keep_pages=True) == "updated"
    assert db.execute("select count(*), max(body) from articles").fetchone() == (
        1,
        "更正后的正文。",
    )
    [(page,)] = db.execute("select body from pages").fetchall()
    assert zlib.decompress(page) == b"<html>page</html>"
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)


def test_a_document_date_is_kept_and_filled_in_without_an_update(tmp_path):
    """成文日期: written with the article; one archived before it was read gets it on its
    next crawl without counting as updated."""
    db, site, crawl = archive_with_crawl(tmp_path)
    item = ready(make_article_item())
    assert articles.write_article(db, item, site, crawl, keep_pages=False) == "new"
    assert db.execute("select document_date from articles").fetchone() == (None,)
    dated = replace(item, article=replace(item.article, document_date="2023-01-20"),
                    fetched_at="2023-03-01T00:00:00+00:00")  # fmt: skip
    assert articles.write_article(db, dated, site, crawl, keep_pages=False) == "unchanged"
    assert db.execute("select document_date from articles").fetchone() == ("2023-01-20",)
    assert db.execute("select count(*) from article_versions").fetchone() == (0,)


def test_a_capture_older_than_the_archive_is_history(tmp_path):
    """Older WARC captures imported into an archive of later crawls."""
    db, site, crawl = archive_with_crawl(tmp_path)
    item = ready(make_article_item())  # first seen 2023-02-01
    articles.write_article(db, item, site, crawl, keep_pages=True)
    same = replace(item, fetched_at="2022-12-01T00:00:00+00:00", body=b"<html>old</html>")
    assert articles.write_article(db, same, site, crawl, keep_pages=True) == "unchanged"
    older = ready(replace(item, article=replace(item.article, body="初稿正文。"),
                          fetched_at="2022-11-01T00:00:00+00:00"))  # fmt: skip
    assert articles.write_article(db, older, site, crawl, keep_pages=True) == "updated"
    row = db.execute("select body, first_seen, last_seen from articles").fetchone()
    assert row == (item.article.body, "2022-11-01T00:00:00+00:00", "2023-02-01T00:00:00+00:00")
    assert db.execute("select body, fetched_at, changed from article_versions").fetchall() == [
        ("初稿正文。", "2022-11-01T00:00:00+00:00", '["body"]')
    ]
    [(page,)] = db.execute("select body from pages").fetchall()
    assert zlib.decompress(page) == b"<html>page</html>"  # the newest page stays


def test_links_resolve_when_their_target_arrives(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    a = ready(
        make_article_item(
            "http://www.x.gov.cn/a/1.html",
            body="甲文。",
            related=[{"title": "乙文标题", "url": "http://www.x.gov.cn/a/2.html"}],
        )
    )
    articles.write_article(db, a, site, crawl, keep_pages=False)
    assert db.execute("select to_article_id from links").fetchone() == (None,)
    b = ready(make_article_item("https://m.x.gov.cn/a/2.html", body="乙文。"))
    articles.write_article(db, b, site, crawl, keep_pages=False)
    [(target,)] = db.execute("select to_article_id from links").fetchall()
    assert target == db.execute("select id from articles where body = '乙文。'").fetchone()[0]


def test_list_date_only_fills_a_missing_date(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    undated = ready(make_article_item("http://www.x.gov.cn/a/1.html", published_at=None))
    dated = ready(make_article_item("http://www.x.gov.cn/a/2.html", body="另一篇。"))
    for item in (undated, dated):
        articles.write_article(db, item, site, crawl, keep_pages=False)
    for url in ("http://www.x.gov.cn/a/1.html", "http://www.x.gov.cn/a/2.html"):
        articles.write_list_date(db, ListDate("x", url, "2022-12-31", "2022-12-31"))
    got = db.execute("select published_at, date_source from articles order by id").fetchall()
    assert got == [("2022-12-31", "list"), ("2023-01-29", "metaline")]
    # A later crawl that reads the page without a date keeps the list's date.
    assert articles.write_article(db, undated, site, crawl, keep_pages=False) == "unchanged"


def test_an_update_keeps_the_old_version(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    item = ready(make_article_item())
    articles.write_article(db, item, site, crawl, keep_pages=False)
    for n, body in enumerate(("第二稿。", "第三稿。"), start=2):
        edited = ready(
            replace(
                item,
                article=replace(item.article, body=body),
                fetched_at=f"2023-0{n}-01T00:00:00+00:00",
            )
        )
        assert articles.write_article(db, edited, site, crawl, keep_pages=False) == "updated"
    versions = db.execute(
        "select version, body, changed, fetched_at from article_versions order by version"
    ).fetchall()
    assert versions == [
        (1, item.article.body, '["body"]', "2023-02-01T00:00:00+00:00"),
        (2, "第二稿。", '["body"]', "2023-02-01T00:00:00+00:00"),
    ]
    assert db.execute("select body from articles").fetchone() == ("第三稿。",)


def test_edition_fields_and_attachments_are_written(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    pdf = {"url": "http://www.x.gov.cn/a/P0201.pdf", "text": "实施方案", "file_name": "P0201.pdf",
           "type": "pdf"}  # fmt: skip
    doc = {"url": "http://www.x.gov.cn/down.jsp?filename=1.doc", "text": "报名表",
           "file_name": "1.doc", "type": "doc"}  # fmt: skip
    item = ready(make_article_item())
    item = replace(item, article=replace(item.article, kicker="聚焦春耕", subtitle="——副题",
                   edition_date="2023-03-05", page_no="02", page_name="综合",
                   attachments=[pdf, doc]))  # fmt: skip
    articles.write_article(db, item, site, crawl, keep_pages=False)
    assert db.execute(
        "select kicker, subtitle, edition_date, page_no, page_name from articles"
    ).fetchone() == ("聚焦春耕", "——副题", "2023-03-05", "02", "综合")
    rows = "select url, text, file_name, type, size, sha1, path from attachments order by id"
    assert db.execute(rows).fetchall() == [
        (pdf["url"], "实施方案", "P0201.pdf", "pdf", None, None, None),
        (doc["url"], "报名表", "1.doc", "doc", None, None, None),
    ]
    # A later crawl downloads the PDF: the same article, its download recorded.
    got = {**pdf, "size": 900, "sha1": "ab" * 20, "path": "full/x.pdf", "fetched_at": "t"}
    again = replace(item, article=replace(item.article, attachments=[got, doc]),
                    fetched_at="2023-03-01T00:00:00+00:00")  # fmt: skip
    assert articles.write_article(db, again, site, crawl, keep_pages=False) == "unchanged"
    assert db.execute(rows).fetchall()[0][4:] == (900, "ab" * 20, "full/x.pdf")
    # Recorded again without a download (ATTACHMENTS_DOWNLOAD off): the download stays.
    articles.write_article(db, item, site, crawl, keep_pages=False)
    assert db.execute(rows).fetchall()[0][4:] == (900, "ab" * 20, "full/x.pdf")
    # Read again from its stored page alone, which does not name its 版面: kept.
    bare = replace(item, article=replace(item.article, page_no=None, page_name=None))
    articles.write_article(db, bare, site, crawl, keep_pages=False)
    assert db.execute("select page_no, page_name from articles").fetchone() == ("02", "综合")
    # The page changed and links only the form now.
    edited = ready(replace(item, article=replace(item.article, body="更正。", attachments=[doc])))
    assert articles.write_article(db, edited, site, crawl, keep_pages=False) == "updated"
    assert [r[0] for r in db.execute(rows)] == [doc["url"]]
