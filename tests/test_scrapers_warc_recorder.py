"""scrapers.warc_recorder: WARC files while crawling (WARC_ENABLED) the demo portal, files
rotated by WARC_MAX_BYTES, and imported back into an empty archive as the crawl archived;
and scaled out, the archive writer's files of the article pages it receives."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import redis

from archive import open_archive
from cluster.writer import ArchiveWriter
from tests.conftest import FAST, scrapy_command
from tests.test_cluster_writer import Worker
from webarchive import RotatingWarcFiles, scan

WARCIO = str(Path(sys.executable).with_name("warcio"))


def rows(archive, sql):
    with sqlite3.connect(archive) as db:
        return db.execute(sql).fetchall()


def test_a_crawl_writes_every_response_and_its_files_import_as_the_crawl(demo_portal, tmp_path):
    base = demo_portal[0]
    archive, warcs = tmp_path / "crawl.db", tmp_path / "warcs"
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}", *FAST,
        "-s", "WARC_ENABLED=True", "-s", f"WARC_DIR={warcs}", "-s", "WARC_MAX_BYTES=100000",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = sorted(warcs.iterdir())
    assert len(files) >= 3 and all(f.name.endswith(".warc.gz") for f in files)  # none left .open
    assert subprocess.run([WARCIO, "check", *map(str, files)]).returncode == 0
    records = [r for f in files for r in scan(f)]
    responses = [r for r in records if r.kind == "response"]
    assert sum(r.kind == "warcinfo" for r in records) == len(files)
    assert f"'warc/records': {len(responses)}" in proc.stderr
    statuses = {r.status for r in responses}
    assert {200, 404, 500} <= statuses  # lists, articles and error answers alike (and retries)
    again = tmp_path / "again.db"
    proc = scrapy_command("import-warc", *map(str, files), "-s", f"ARCHIVE={again}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    fields = "select url, title, published_at, date_source, source, body from articles order by url"
    assert rows(again, fields) == rows(archive, fields)
    errors = "select url, status, reason from fetch_errors order by url"
    assert rows(again, errors) == rows(archive, errors)
    aliases = "select url from article_urls order by url"  # the reprint, merged as in the crawl
    assert rows(again, aliases) == rows(archive, aliases)


def test_scaled_out_the_writer_writes_the_article_pages_it_receives(redis_prefix, tmp_path):
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    warcs = RotatingWarcFiles(tmp_path / "warcs", "rongmei", 10**9, {"software": "test"})
    writer = ArchiveWriter(open_archive(tmp_path / "a.db"), server, prefix, warc=warcs)
    writer.claim(ttl=5)
    worker = Worker(server, prefix).open()
    for n in range(3):
        worker.article(n)
    worker.close()
    writer.drain()
    warcs.close()
    [path] = warcs.closed
    responses = [r for r in scan(path) if r.kind == "response"]
    assert sorted(r.url for r in responses) == sorted(
        f"http://www.x.gov.cn/xwzx/202301/t20230129_{n}.html" for n in range(3)
    )
    assert writer.stats["writer/warc_records"] == 3
