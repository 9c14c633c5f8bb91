"""`scrapy import-warc`: WARC files of other tools (warcio's capture_http of a portal on
127.0.0.1, with request records, gzip and chunked pages, GBK, a redirect and a 404; and a
file of warcinfo, metadata, resource and revisit records) archived as a crawl would."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from tests.conftest import scrapy_command
from tests.fixture_cases import FIXTURES
from tests.warc_portal import MISSING, PAGES, capture, serve
from webarchive import scan


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    server, base = serve()
    try:
        yield base, capture(base, tmp_path_factory.mktemp("warcs"))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def imported(captured, tmp_path_factory):
    base, files = captured
    archive = tmp_path_factory.mktemp("archive") / "a.db"
    proc = scrapy_command("import-warc", *map(str, files), "-s", f"ARCHIVE={archive}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return base, files, archive, proc


def rows(archive, sql):
    with sqlite3.connect(archive) as db:
        return db.execute(sql).fetchall()


def test_every_article_is_archived_once_with_its_fields(imported):
    base, _, archive, _ = imported
    found = {url: (title, published, encoding) for url, title, published, encoding
             in rows(archive, "select url, title, published_at, encoding from articles")}  # fmt: skip
    assert set(found) == {base + path for path in PAGES}
    for path, (case, _) in PAGES.items():
        expected = json.loads((FIXTURES / case / "expected.json").read_text("utf-8"))
        assert found[base + path][:2] == (expected["title"], expected["published_at"])
    assert found[base + "/a/xinwen/2023/0415/8812.html"][2] == "gb18030"  # GBK, undeclared


def test_first_seen_is_the_capture_time_and_the_pages_are_kept(imported):
    base, files, archive, _ = imported
    captured_at = {}
    for info in scan(files[0]):
        if info.kind == "response":
            captured_at.setdefault(info.url, info.date)  # the first capture is archived
    for url, first_seen, last_seen in rows(
        archive, "select url, first_seen, last_seen from articles"
    ):
        assert first_seen == last_seen == captured_at[url]
    pages = {
        url: zlib.decompress(body) for url, body in rows(archive, "select url, body from pages")
    }
    for path, (case, _) in PAGES.items():  # gzip and chunked decoded: the page as served
        assert pages[base + path] == (FIXTURES / case / "input.html").read_bytes()
    headers = json.loads(
        rows(archive, "select headers from pages where url like '%t20230129%'")[0][0]
    )
    assert "Content-Encoding" not in headers  # the body is kept decompressed, as a crawl keeps it


def test_failures_duplicates_and_skipped_records_are_counted(imported):
    base, _, archive, proc = imported
    assert rows(archive, "select url, status, reason from fetch_errors") == [
        (base + MISSING, 404, "HTTP 404")
    ]
    # The redirect's target and a page fetched twice: captured twice, archived once.
    assert sorted(r for (r,) in rows(archive, "select reason from dropped")) == ["DuplicateUrl"] * 2
    [(kind, status, new, errors, lists)] = rows(
        archive, "select kind, status, articles_new, errors, lists from crawls"
    )
    assert (kind, status, new, errors, lists) == ("import", "finished", 4, 1, 1)
    out = proc.stdout
    for line in ("skipped 10: request record", "skipped 1: redirect", "skipped 1: not HTML (image/png)",
                 "skipped 1: revisit record", "skipped 1: metadata record", "skipped 1: resource record",
                 "skipped 1: warcinfo record", "failures recorded 1", "lists 1", "new 4"):  # fmt: skip
        assert line in out, out


def test_import_again_adds_nothing(imported):
    _, files, archive, _ = imported
    before = rows(archive, "select url, title, first_seen from articles order by url")
    proc = scrapy_command("import-warc", *map(str, files), "-s", f"ARCHIVE={archive}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "new 0" in proc.stdout and "unchanged 4" in proc.stdout
    assert rows(archive, "select url, title, first_seen from articles order by url") == before


def test_a_site_named_on_the_command_line(captured, tmp_path):
    _, files = captured
    archive = tmp_path / "a.db"
    proc = scrapy_command(
        "import-warc", str(files[0]), "--site", "backfill", "-s", f"ARCHIVE={archive}"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert rows(
        archive, "select s.name, count(*) from articles a join sites s on s.id = a.site_id"
    ) == [("backfill", 4)]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a warc at all\n", "not a readable WARC file"), (None, "no such file")],
)
def test_bad_input_is_one_line(tmp_path, content, message):
    path = tmp_path / "x.warc"
    if content is not None:
        path.write_bytes(content)
    proc = scrapy_command("import-warc", str(path), "-s", f"ARCHIVE={tmp_path / 'a.db'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr


def test_a_file_cut_short_imports_what_it_holds_and_says_so(captured, tmp_path):
    _, files = captured
    data = files[0].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    proc = scrapy_command("import-warc", str(cut), "-s", f"ARCHIVE={tmp_path / 'a.db'}")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "cut.warc.gz" in proc.stderr and "records)" in proc.stderr
    assert rows(tmp_path / "a.db", "select count(*) from articles")[0][0] >= 2
