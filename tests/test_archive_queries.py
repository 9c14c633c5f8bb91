"""Reads of the archive."""

from __future__ import annotations

from dataclasses import replace

from archive import articles, crawls, open_archive, queries
from archive.reprints import body_hash
from core.urls import url_key
from tests.conftest import make_article_item


def ready(item):
    return replace(item, url_key=url_key(item.url), body_hash=body_hash(item.article.body))


def setup(tmp_path):
    db = open_archive(str(tmp_path / "a.db"))
    site = crawls.ensure_site(db, "x", name_zh="某县融媒体中心", province="河南省")
    crawl = crawls.start_crawl(db, site, "2023-02-01T00:00:00+00:00")
    return db, site, crawl


def test_body_owner(tmp_path):
    db, site, crawl = setup(tmp_path)
    item = ready(make_article_item())
    articles.write_article(db, item, site, crawl, keep_pages=False)
    assert queries.body_owner(db, site, item.body_hash) == item.url_key
    assert queries.body_owner(db, site, "0" * 40) is None
    assert queries.body_owner(db, site + 1, item.body_hash) is None
