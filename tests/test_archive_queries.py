"""Reads of the archive."""

from __future__ import annotations

from archive import articles, queries
from tests.conftest import archive_with_crawl, make_article_item, ready


def test_body_owner(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    item = ready(make_article_item())
    articles.write_article(db, item, site, crawl, keep_pages=False)
    assert queries.body_owner(db, site, item.body_hash) == item.url_key
    assert queries.body_owner(db, site, "0" * 40) is None
    assert queries.body_owner(db, site + 1, item.body_hash) is None
