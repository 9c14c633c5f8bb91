"""A small portal on 127.0.0.1 captured into WARC files by warcio's own capture_http (with
requests, as a researcher's script would), for the import tests: articles in UTF-8 (one
gzip-compressed), in GBK (no charset in the header) and chunked, a list page, a redirect,
a 404 and an image; and a second, uncompressed file of the records other tools write
(warcinfo, metadata, resource, a standard revisit)."""

from __future__ import annotations

import gzip
import http.server
import threading
from io import BytesIO
from pathlib import Path

from tests.fixture_cases import FIXTURES

PAGES = {
    "/zwgk/xwzx/202301/t20230129_1234567.html": ("cms-trs-gov", "text/html; charset=utf-8"),
    "/a/xinwen/2023/0415/8812.html": ("cms-dede-gbk", "text/html"),
    "/art/2023/3/7/art_1229_3561234.html": ("cms-hanweb", "text/html;charset=UTF-8"),
    "/caijing/129384.html": ("seed-yuzhou", "text/html; charset=utf-8"),
}
GZIPPED, CHUNKED = "/zwgk/xwzx/202301/t20230129_1234567.html", "/art/2023/3/7/art_1229_3561234.html"
REDIRECT = ("/old.html", "/caijing/129384.html")
MISSING = "/xwzx/202301/t20230130_404.html"
HOME = (
    "<html><head><title>县融媒体中心</title></head><body><ul>"
    + "".join(f'<li><a href="{p}">新闻{n}</a></li>' for n, p in enumerate(PAGES))
    + f'<li><a href="{REDIRECT[0]}">旧址</a></li><li><a href="{MISSING}">坏链</a></li>'
    "</ul></body></html>"
).encode()


class Portal(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # for the chunked page

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if self.path == CHUNKED:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 1000):
                part = body[start : start + 1000]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/":
            self._send(200, HOME, "text/html; charset=utf-8")
        elif self.path in PAGES:
            case, kind = PAGES[self.path]
            body = (FIXTURES / case / "input.html").read_bytes()
            if self.path == GZIPPED:
                self._send(200, gzip.compress(body), kind, Content_Encoding="gzip")
            else:
                self._send(200, body, kind)
        elif self.path == REDIRECT[0]:
            self._send(302, b"", "text/html", Location=REDIRECT[1])
        elif self.path == "/logo.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        else:
            self._send(
                404, "<html><body>页面不存在</body></html>".encode(), "text/html; charset=utf-8"
            )


def serve():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def capture(base: str, folder: Path) -> list[Path]:
    """The portal captured by capture_http (request and response records, gzip), and the
    other tools' records in an uncompressed file; returns both files. In a process of its
    own: capture_http must be imported before requests (and urllib3) are."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    subprocess.run([sys.executable, "-m", "tests.warc_portal", base, str(folder)],
                   cwd=ROOT, check=True, timeout=120)  # fmt: skip
    return [folder / "capture.warc.gz", folder / "others.warc"]


def _capture(base: str, folder: Path) -> None:
    from warcio.capture_http import capture_http  # before requests: it patches http.client

    # isort: split
    import requests
    from warcio.warcwriter import WARCWriter

    with capture_http(str(folder / "capture.warc.gz")):
        for path in [
            "/",
            *PAGES,
            REDIRECT[0],
            MISSING,
            "/logo.png",
            "/a/xinwen/2023/0415/8812.html",
        ]:
            requests.get(base + path, timeout=10)
    with open(folder / "others.warc", "wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(writer.create_warcinfo_record("others.warc", {"software": "test"}))
        writer.write_record(writer.create_warc_record(
            base + "/", "metadata", payload=BytesIO(b"outlink: /x.html\r\n"),
            warc_content_type="application/warc-fields"))  # fmt: skip
        writer.write_record(writer.create_warc_record(
            base + "/notes.txt", "resource", payload=BytesIO(b"notes"),
            warc_content_type="text/plain"))  # fmt: skip
        writer.write_record(writer.create_revisit_record(
            base + GZIPPED, "sha1:AAAA", base + GZIPPED, "2026-01-01T00:00:00Z"))  # fmt: skip


if __name__ == "__main__":
    import sys

    _capture(sys.argv[1], Path(sys.argv[2]))
