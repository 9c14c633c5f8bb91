"""webarchive.records and webarchive.reading: a capture written, scanned and read back."""

from __future__ import annotations

import gzip

import pytest

from webarchive import Capture, WarcFile, load, scan
from webarchive.records import http_headers

PAGE = "<html><title>县里开会</title><body><p>正文</p></body></html>".encode()


def test_framing_headers_that_no_longer_fit_are_corrected_and_kept():
    capture = Capture("http://x.cn/a.html", 200,
                      [("Transfer-Encoding", "chunked"), ("Content-Type", "text/html")],
                      PAGE, "2026-01-01T00:00:00+00:00", protocol="HTTP/1.1")  # fmt: skip
    block, rebuilt = http_headers(capture)
    assert block.get_header("Transfer-Encoding") is None
    assert block.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert rebuilt == ["reason", "transfer-encoding"] and block.protocol == "HTTP/1.1"


@pytest.mark.parametrize("compressed", [True, False])
def test_a_capture_round_trips(tmp_path, compressed):
    path = tmp_path / ("a.warc.gz" if compressed else "a.warc")
    gzipped = Capture("http://x.cn/b.html", 200,
                      [("Content-Encoding", "gzip"), ("Content-Type", "text/html; charset=utf-8")],
                      gzip.compress(PAGE), "2026-01-01T00:00:01+00:00")  # fmt: skip
    with open(path, "wb") as out:
        warc = WarcFile(out, gzip=compressed)
        warc.warcinfo(path.name, {"software": "test"})
        first = warc.response(
            Capture("http://x.cn/a.html", 404, [], PAGE, "2026-01-01T00:00:00+00:00")
        )
        warc.response(gzipped)
        warc.revisit(gzipped, "2026-02-01T00:00:00+00:00")
    records = list(scan(path))
    assert [r.kind for r in records] == ["warcinfo", "response", "response", "revisit"]
    assert records[1].record_id == first and records[1].status == 404
    back = load(path, records[2].offset)
    assert back.body == PAGE and back.date == "2026-01-01T00:00:01+00:00"
    assert ("Content-Encoding", "gzip") not in back.headers  # the body is decoded
    assert records[3].refers_to == records[2].record_id
