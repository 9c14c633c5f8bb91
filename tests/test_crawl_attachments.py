"""End to end: the attachments (附件) of the demo portal's government pages, recorded with
their articles on every crawl, and downloaded with ATTACHMENTS_DOWNLOAD (Hanweb's
downfile.jsp, direct links, TRS's ./P0… files), never fetched as pages."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.conftest import FAST, scrapy_command


def crawl(base: str, archive: Path, *extra: str):
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}", *FAST, *extra
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def attachments(archive: Path) -> dict[tuple[str, str], tuple]:
    with sqlite3.connect(archive) as db:
        rows = db.execute(
            "select a.url, t.url, t.text, t.file_name, t.type, t.size, t.sha1, t.path,"
            " t.fetched_at from attachments t join articles a on a.id = t.article_id"
        ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def expected(base: str, facts: dict) -> dict[tuple[str, str], dict]:
    return {
        (base + a["url"], base + t["url"]): t for a in facts["articles"] for t in a["attachments"]
    }


def fetch_errors(archive: Path) -> set[str]:
    with sqlite3.connect(archive) as db:
        return {url for (url,) in db.execute("select url from fetch_errors")}


def test_every_attachment_is_recorded_and_nothing_downloaded_by_default(demo_portal, tmp_path):
    base, facts, _ = demo_portal
    store = tmp_path / "store"
    proc = crawl(base, tmp_path / "a.db", "-s", f"ATTACHMENTS_STORE={store}")
    want = expected(base, facts)
    assert len(want) == 4 and {t["type"] for t in want.values()} == {"pdf", "docx", "xls"}
    got = attachments(tmp_path / "a.db")
    assert got == {
        key: (t["text"], t["file_name"], t["type"], None, None, None, None)
        for key, t in want.items()
    }
    assert not store.exists()
    assert "'attachments/recorded': 4" in proc.stderr
    assert "attachments/downloaded" not in proc.stderr
    # Never fetched as pages, never "not HTML" errors.
    assert fetch_errors(tmp_path / "a.db") == {
        base + facts["broken_link"]["url"],
        base + facts["error_500"]["url"],
    }


def test_attachments_are_downloaded_when_asked_and_a_big_one_is_not(demo_portal, tmp_path):
    base, facts, _ = demo_portal
    store = tmp_path / "store"
    want = expected(base, facts)
    biggest = max(want, key=lambda key: want[key]["size"])
    cap = max(t["size"] for key, t in want.items() if key != biggest)
    proc = crawl(base, tmp_path / "a.db", "-s", "ATTACHMENTS_DOWNLOAD=True",
                 "-s", f"ATTACHMENTS_STORE={store}", "-s", f"ATTACHMENTS_MAX_SIZE={cap}")  # fmt: skip
    got = attachments(tmp_path / "a.db")
    assert set(got) == set(want)
    for key, (text, name, kind, size, sha1, path, fetched_at) in got.items():
        t = want[key]
        assert (text, name, kind) == (t["text"], t["file_name"], t["type"])
        if key == biggest:  # over ATTACHMENTS_MAX_SIZE: recorded, not downloaded
            assert (size, sha1, path) == (None, None, None)
            continue
        assert (size, sha1) == (t["size"], t["sha1"]) and fetched_at
        stored = (store / path).read_bytes()
        assert len(stored) == size and hashlib.sha1(stored).hexdigest() == sha1
        assert path.endswith("." + kind)
    assert "'attachments/downloaded': 3" in proc.stderr
    assert "'attachments/too_big': 1" in proc.stderr
    assert len(fetch_errors(tmp_path / "a.db")) == 2  # the portal's own 404 and 500
