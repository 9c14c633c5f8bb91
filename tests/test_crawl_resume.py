"""A crawl killed with SIGKILL halfway and started again with the same JOBDIR archives
every article exactly once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import ROOT, scrapy_command

SLOW = (
    "-s",
    "DOWNLOAD_DELAY=0.05",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    "-s",
    "ARCHIVE_BATCH_SIZE=5",
)


def archived(archive) -> list[str]:
    with sqlite3.connect(archive) as db:
        return [u for (u,) in db.execute("select url from articles")]


def test_kill_and_resume(demo_portal, tmp_path):
    base, _, _ = demo_portal
    archive, jobdir = tmp_path / "a.db", tmp_path / "job"
    args = [
        "crawl",
        "portal",
        "-a",
        f"url={base}/",
        "-s",
        f"ARCHIVE={archive}",
        "-s",
        f"JOBDIR={jobdir}",
        *SLOW,
    ]
    crawl = subprocess.Popen(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once it has archived some articles
        time.sleep(0.3)
        if archive.exists() and len(_safe(archive)) >= 10:
            break
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()
    halfway = _safe(archive)
    assert 10 <= len(halfway) < 76
    with sqlite3.connect(archive) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        # No half-written article: each one has its raw page and its search entry.
        assert db.execute(
            "select count(*) from articles a left join pages p on p.article_id = a.id "
            "left join articles_search s on s.id = a.id where p.article_id is null or s.id is null"
        ).fetchone() == (0,)
    resumed = scrapy_command(*args)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    urls = archived(archive)
    assert len(urls) == len(set(urls)) == 76


def _safe(archive) -> list[str]:
    try:
        return archived(archive)
    except sqlite3.OperationalError:  # not created yet, or busy
        return []
