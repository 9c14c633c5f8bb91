"""A crawl's row in the archive: its counts, failures and sites."""

from __future__ import annotations

import json

from archive import crawls
from core.items import FetchFailure
from tests.conftest import archive_with_crawl


def test_crawl_row(tmp_path):
    db, site, crawl = archive_with_crawl(tmp_path)
    crawls.write_failure(
        db, FetchFailure("x", "http://www.x.gov.cn/gone.html", 404, "HTTP 404", "t"), crawl
    )
    counts = crawls.WriteCounts(new=3, errors=1)
    counts.dropped["NotAnArticle"] += 2
    crawls.add_crawl_counts(db, crawl, counts)
    crawls.finish_crawl(
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
    db, _, crawl = archive_with_crawl(tmp_path)
    first = crawls.WriteCounts(new=2, unchanged=1)
    first.dropped["DuplicateBody"] += 1
    second = crawls.WriteCounts(new=1, updated=1, errors=2)
    second.dropped["DuplicateBody"] += 1
    second.dropped["EmptyBody"] += 3
    crawls.add_crawl_counts(db, crawl, first)
    crawls.add_crawl_counts(db, crawl, second)
    row = db["crawls"].get(crawl)
    got = [row[k] for k in ("articles_new", "articles_updated", "articles_unchanged", "errors")]
    assert got == [3, 1, 1, 2]
    assert row["dropped"] == 5
    assert json.loads(row["dropped_by_reason"]) == {"DuplicateBody": 2, "EmptyBody": 3}
