"""scrapers.shutdown: Ctrl-C stops a polite crawl within seconds, finishing the batch in
hand, and what it never sent is not recorded as a failure."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time

from tests.conftest import ROOT


def test_ctrl_c_stops_a_polite_crawl_in_seconds(demo_portal, tmp_path):
    archive = tmp_path / "a.db"
    crawl = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={demo_portal[0]}/",
         "-s", f"ARCHIVE={archive}", "-s", "CONTACT=test@example.org",
         "-s", "DOWNLOAD_DELAY=1", "-s", "ARCHIVE_BATCH_SIZE=1000", "-s", "LOG_LEVEL=DEBUG"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    scraped = threading.Event()

    def read() -> None:
        for line in crawl.stderr:
            lines.append(line)
            if "Scraped from <200" in line:
                scraped.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # Stop once an article is in the batch in hand and the downloader's queue holds more.
    assert scraped.wait(60), "".join(lines)[-2000:]
    time.sleep(2)
    stopped_at = time.monotonic()
    crawl.send_signal(signal.SIGINT)
    crawl.wait(timeout=60)
    reader.join(timeout=10)
    log = "".join(lines)
    assert time.monotonic() - stopped_at < 5, log[-2000:]
    assert crawl.returncode == 0, log[-2000:]
    assert "'shutdown/unsent'" in log
    with sqlite3.connect(archive) as db:
        status, new = db.execute("select status, articles_new from crawls").fetchone()
        archived = db.execute("select count(*) from articles").fetchone()[0]
        errors = db.execute("select reason from fetch_errors").fetchall()
    assert status == "interrupted"
    assert archived == new > 0  # the batch in hand was written, though it never filled up
    assert not [r for (r,) in errors if "not sent" in r]
