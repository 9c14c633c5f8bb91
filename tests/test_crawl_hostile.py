"""A crawl of a misbehaving portal finishes, records every failure with its reason,
archives every good article, never leaves the portal, and stays small in memory."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests import fault_portal
from tests.conftest import scrapy_command


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    server, base = fault_portal.serve()
    archive = tmp_path_factory.mktemp("hostile") / "a.db"
    proc = scrapy_command(
        "crawl",
        "portal",
        "-a",
        f"url={base}/",
        "-s",
        f"ARCHIVE={archive}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        f"DOWNLOAD_TIMEOUT={fault_portal.SLOW_SECONDS - 2}",
        "-s",
        "RETRY_TIMES=1",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s",
        "LOG_LEVEL=INFO",
        timeout=400,
    )
    yield base, archive, proc, list(fault_portal.FaultPortal.asked)
    server.shutdown()
    server.server_close()


def rows(archive, sql):
    with sqlite3.connect(archive) as db:
        return db.execute(sql).fetchall()


def test_the_crawl_finishes(hostile_crawl):
    _, archive, proc, _ = hostile_crawl
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Spider closed (finished)" in proc.stderr
    assert rows(archive, "select status from crawls") == [("finished",)]


def test_every_good_article_is_archived(hostile_crawl):
    base, archive, _, _ = hostile_crawl
    urls = {u for (u,) in rows(archive, "select url from articles")}
    assert urls == {base + p for p in [*fault_portal.GOOD, fault_portal.RECOVERS]}


def test_every_failure_is_recorded_with_its_reason(hostile_crawl):
    base, archive, _, _ = hostile_crawl
    errors = dict(rows(archive, "select url, reason from fetch_errors"))
    for path, reason in fault_portal.FAILING.items():
        assert reason.lower() in errors.get(base + path, "").lower(), (
            path,
            errors.get(base + path),
        )
    counts = rows(archive, "select errors, articles_new from crawls")[0]
    assert counts == (len(errors), len(fault_portal.GOOD) + 1)


def test_the_crawl_stays_on_the_portal(hostile_crawl):
    _, _, proc, asked = hostile_crawl
    for prefix in fault_portal.NEVER_ASKED:
        assert not [p for p in asked if p.startswith(prefix)], prefix
    # Links to other hosts are never followed; redirects there are refused and recorded.
    assert "'boundary/refused': 2" in proc.stderr


def test_memory_stays_bounded(hostile_crawl):
    _, _, proc, _ = hostile_crawl
    peak = int(re.search(r"'memusage/max': (\d+)", proc.stderr).group(1))
    assert peak < 400 * 1024 * 1024
