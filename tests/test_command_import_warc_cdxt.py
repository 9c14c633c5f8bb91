"""The README's way to backfill a portal from someone else's captures, offline: cdx-toolkit's
own `cdxt warc` asks a CDX server for a portal's captures and fetches each record by its
byte range, and `scrapy import-warc` archives what it wrote. The CDX server is a file
server on 127.0.0.1 (pywb's CDX API, output=json) over an export and its CDXJ index, as
pywb serves a collection and Common Crawl serves its index and WARC files."""

from __future__ import annotations

import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import scrapy_command
from tests.test_command_export_warc import FIELDS, crawled, exported  # noqa: F401 - fixtures


def cdx_server(warc: Path, index: Path):
    lines = []
    for line in index.read_text("utf-8").splitlines():
        key, stamp, fields = line.split(" ", 2)
        lines.append(json.dumps({"urlkey": key, "timestamp": stamp, **json.loads(fields)}))

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/cdx":  # one page of captures; past it, pywb answers 400
                body, status = ("\n".join(lines) + "\n").encode(), 200
                if "page=0" not in parts.query and "page=" in parts.query:
                    body, status = b"", 400
            elif parts.path == f"/warcs/{warc.name}":
                start, end = self.headers["Range"].removeprefix("bytes=").split("-")
                data = warc.read_bytes()
                body, status = data[int(start) : int(end) + 1], 206
            else:
                body, status = b"", 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_cdxt_captures_import_as_the_crawl(crawled, exported, tmp_path):  # noqa: F811
    _, archive = crawled
    out, _ = exported
    server, base = cdx_server(out, out.with_name("demo.cdxj"))
    try:
        cdxt = str(Path(sys.executable).with_name("cdxt"))
        proc = subprocess.run(
            [cdxt, "--source", f"{base}/cdx", "warc", "--prefix", str(tmp_path / "PORTAL"),
             "--warc-download-prefix", f"{base}/warcs", "127.0.0.1/*"],
            capture_output=True, text=True, timeout=120,
            # cdx-toolkit waits 3 s between requests to a host it does not know: not here
            env={**os.environ, "CDXT_DEFAULT_MIN_RETRY_INTERVAL": "0"},
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr[-2000:]
    [made] = tmp_path.glob("PORTAL-*.extracted.warc.gz")
    again = tmp_path / "again.db"
    proc = scrapy_command("import-warc", str(made), "-s", f"ARCHIVE={again}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    sql = f"select {FIELDS.replace(', first_seen', '')} from articles order by url"
    with sqlite3.connect(again) as a, sqlite3.connect(archive) as b:
        got, want = a.execute(sql).fetchall(), b.execute(sql).fetchall()
    # The list dates travel in rongmei's metadata records, which a CDX server does not
    # index: the three undated articles come back undated.
    assert len(got) == len(want) == 76
    undated = {row[0] for row in want if row[4] == "list"}
    assert [r for r in got if r[0] not in undated] == [r for r in want if r[0] not in undated]
    assert all(r[2] is None for r in got if r[0] in undated)
