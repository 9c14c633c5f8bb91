"""`scrapy export-warc` on a crawl of the demo portal: warcio check passes, every stored
page is one response record, the CDXJ index is beside it, revisit records for the later
fetches the archive knows of; and the export imported into an empty archive gives the
crawl's articles back (title, dates, body, source)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FAST, scrapy_command
from webarchive import SAME_ARTICLE_PROFILE, scan

WARCIO = str(Path(sys.executable).with_name("warcio"))
FIELDS = "url, title, published_at, published_at_raw, date_source, source, body, first_seen"


@pytest.fixture(scope="module")
def crawled(demo_portal, tmp_path_factory):
    base = demo_portal[0]
    folder = tmp_path_factory.mktemp("export")
    archive = folder / "archive.db"
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}", *FAST
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return folder, archive


@pytest.fixture(scope="module")
def exported(crawled):
    folder, archive = crawled
    out = folder / "demo.warc.gz"
    proc = scrapy_command("export-warc", str(out), "-s", f"ARCHIVE={archive}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ""
    return out, proc


def rows(archive, sql, *args):
    with sqlite3.connect(archive) as db:
        return db.execute(sql, args).fetchall()


def test_warcio_check_passes(exported):
    out, _ = exported
    proc = subprocess.run([WARCIO, "check", "-v", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert proc.stdout.count("digest pass") >= 83 and "fail" not in proc.stdout


def test_every_stored_page_is_one_response_record(crawled, exported):
    _, archive = crawled
    out, proc = exported
    records = list(scan(out))
    responses = [r for r in records if r.kind == "response"]
    pages = rows(
        archive,
        "select url, status, fetched_at from pages union all "
        "select url, status, fetched_at from later_pages order by url",
    )
    assert sorted((r.url, r.status, r.date) for r in responses) == pages
    # 76 articles, 5 of them split over 7 more pages, kept and exported with them.
    assert len(pages) == 76 + 7 and records[0].kind == "warcinfo"
    # Three undated articles got their date from a list: said in a metadata record.
    assert sum(r.kind == "metadata" for r in records) == 3
    assert "83 response, 3 metadata and 0 revisit records" in proc.stdout
    index = out.with_name("demo.cdxj").read_text("utf-8").splitlines()
    assert len(index) == 83 and all(
        " {" in line for line in index
    )  # warc-fields metadata: not indexed


def test_warcinfo_names_the_project_the_crawl_and_what_was_rebuilt(exported):
    out, _ = exported
    from warcio.archiveiterator import ArchiveIterator

    with open(out, "rb") as stream:
        records = ArchiveIterator(stream)
        info = next(records).content_stream().read().decode()
        response = next(records)
        rebuilt = response.rec_headers.get_header("Rongmei-Rebuilt")
        statusline = response.http_headers.statusline
    assert "software: rongmei" in info and "rongmei-crawls: 1 " in info
    assert "status line is rebuilt" in info
    assert rebuilt.startswith("protocol, reason") and statusline == "200 OK"


def test_the_export_imported_gives_the_crawls_articles(crawled, exported, tmp_path):
    _, archive = crawled
    out, _ = exported
    again = tmp_path / "again.db"
    proc = scrapy_command("import-warc", str(out), "-s", f"ARCHIVE={again}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    sql = f"select {FIELDS} from articles order by url"
    assert rows(again, sql) == rows(archive, sql)


def test_revisit_records_for_later_fetches_of_the_same_article(crawled, tmp_path):
    _, archive = crawled
    copy = tmp_path / "copy.db"
    shutil.copy(archive, copy)
    [(url, fetched_at)] = rows(
        copy, "select url, fetched_at from pages order by article_id limit 1"
    )
    with sqlite3.connect(copy) as db:
        db.execute(
            "update articles set last_seen = '2030-01-01T00:00:00+00:00' where url = ?", [url]
        )
    out = tmp_path / "r.warc"  # uncompressed, this time
    proc = scrapy_command("export-warc", str(out), "-s", f"ARCHIVE={copy}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert subprocess.run([WARCIO, "check", str(out)]).returncode == 0
    records = list(scan(out))
    [revisit] = [r for r in records if r.kind == "revisit"]
    [original] = [r for r in records if r.kind == "response" and r.url == url]
    assert (revisit.url, revisit.date, revisit.profile) == (
        url,
        "2030-01-01T00:00:00+00:00",
        SAME_ARTICLE_PROFILE,
    )
    assert revisit.refers_to == original.record_id and original.date == fetched_at
    # Only the revisit is newer than a week: --since exports it alone.
    with sqlite3.connect(copy) as db:
        db.execute("update pages set fetched_at = '2020-01-01T00:00:00+00:00'")
        db.execute("update later_pages set fetched_at = '2020-01-01T00:00:00+00:00'")
        db.execute(
            "update articles set last_seen = '2020-01-01T00:00:00+00:00' where url != ?", [url]
        )
    week = tmp_path / "week.warc.gz"
    proc = scrapy_command("export-warc", str(week), "--since", "7d", "-s", f"ARCHIVE={copy}")
    assert "0 response, 0 metadata and 1 revisit records" in proc.stdout, proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("out.txt",), "ending in .warc.gz"),
        (("demo.warc.gz",), "exists already"),
        (("new.warc.gz", "--site", "nosuch"), "no site named 'nosuch'"),
        (("new.warc.gz", "--since", "soon"), "not a duration"),
        (("/no/such/dir/x.warc.gz",), "no such folder"),
    ],
)
def test_bad_arguments_are_one_line(crawled, exported, args, message):
    folder, archive = crawled
    args = [
        str(folder / a) if a.endswith((".warc.gz", ".txt")) and "/" not in a else a for a in args
    ]
    proc = scrapy_command("export-warc", *args, "-s", f"ARCHIVE={archive}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not (folder / "new.warc.gz").exists()
