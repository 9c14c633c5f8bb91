"""A county portal that misbehaves in every way a real one does, on 127.0.0.1, for tests.

Among ten good articles, its list links to pages that answer 500, 502 and 503 (with and
without Retry-After), time out, reset the connection, send a truncated body, a gzip bomb,
a 50 MB page, a 6 MB page of 130,000 elements, a redirect loop, redirects to another host and to a private address, a PDF
served as a page, undecodable bytes, and endless calendar and search pages; robots.txt
disallows a section. It records every path it was asked for.
"""

from __future__ import annotations

import gzip
import http.server
import os
import threading
import time
from typing import ClassVar

from tests.hostile_pages import dense_page

GOOD = [f"/a/2023/0101/{n}.html" for n in range(1, 11)]
RECOVERS = "/a/2023/0101/503-once.html"  # 503 with Retry-After the first time, then fine
FAILING = {
    "/a/2023/0101/e500.html": "HTTP 500",
    "/a/2023/0101/e502.html": "HTTP 502",
    "/a/2023/0101/e503.html": "HTTP 503",
    "/a/2023/0101/slow.html": "timed out",
    "/a/2023/0101/reset.html": "connection lost",
    "/a/2023/0101/truncated.html": "connection lost",
    "/a/2023/0101/bomb.html": "exceeded DOWNLOAD_MAXSIZE",
    "/a/2023/0101/huge.html": "larger than download max size",
    "/a/2023/0101/loop.html": "max redirections reached",
    "/a/2023/0101/away.html": "refused: other.example.com is outside the portal",
    "/a/2023/0101/private.html": "refused: 10.0.0.1 is a private or loopback address",
    "/a/2023/0101/pdf.html": "not HTML: a PDF document",
    "/a/2023/0101/bytes.html": "not HTML",
    # More elements than the default EXTRACT_MAX_ELEMENTS: refused, not read for seconds.
    "/a/2023/0101/dense.html": "elements, more than the limit of 100,000",
}
NEVER_ASKED = ("/secret/", "/calendar/", "/search", "/rili/")
SLOW_SECONDS = 4


def _article(n: str) -> bytes:
    paragraphs = "".join(
        f"<p>第{n}篇：1月28日，县里召开第{k}次工作推进会，部署重点项目建设和招商引资工作。</p>"
        for k in range(4)
    )
    return (
        f"<html><head><meta charset='utf-8'><title>测试文章{n}_某县融媒体中心</title></head>"
        f"<body><div class='nav'><a href='/'>首页</a></div><h1>测试文章{n}</h1>"
        f"<div class='info'>发布时间：2023-01-01 10:00 来源：某县融媒体中心</div>"
        f"<div class='content'>{paragraphs}</div></body></html>"
    ).encode()


def _list() -> bytes:
    links = [
        *GOOD,
        RECOVERS,
        *FAILING,
        "/secret/a/2023/0101/9.html",
        "/calendar/2023-01-01.html?date=2023-01-01",
        "/search/?q=经济",
        "http://192.168.1.1/a/2023/0101/1.html",
        "http://other.example.com/a/1.html",
    ]
    items = "".join(f"<li><a href='{u}'>链接 {u}</a><span>2023-01-01</span></li>" for u in links)
    return (
        f"<html><head><meta charset='utf-8'><title>列表</title></head><body><ul>{items}</ul>"
        "</body></html>"
    ).encode()


class FaultPortal(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    asked: ClassVar[list[str]] = []
    seen_once: ClassVar[set[str]] = set()

    def log_message(self, *args) -> None:
        pass

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        type(self).asked.append(path)
        name = path.rsplit("/", 1)[-1]
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /secret/\n", "text/plain")
        if path in ("/", "/list/index.html"):
            return self.send(200, _list())
        if path in GOOD:
            return self.send(200, _article(name.split(".")[0]))
        if path == RECOVERS:
            if path in type(self).seen_once:
                return self.send(200, _article("503-once"))
            type(self).seen_once.add(path)
            return self.send(503, b"busy", Retry_After="1")
        handler = getattr(self, "fault_" + name.split(".")[0].replace("-", "_"), None)
        if handler:
            return handler()
        return self.send(404, b"not found")

    def fault_e500(self) -> None:
        self.send(500, b"error")

    def fault_e502(self) -> None:
        self.send(502, b"bad gateway")

    def fault_e503(self) -> None:
        self.send(503, b"busy", Retry_After="1")

    def fault_slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        self.send(200, _article("slow"))

    def fault_reset(self) -> None:
        self.connection.shutdown(2)

    def fault_truncated(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(_article("truncated")[:500])
        self.wfile.flush()
        self.connection.shutdown(2)

    def fault_bomb(self) -> None:  # 200 MB of zeros in about 200 KB of gzip
        self.send(200, BOMB, Content_Encoding="gzip")

    def fault_huge(self) -> None:
        self.send(200, b"<html><body>" + b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>")

    def fault_dense(self) -> None:
        self.send(200, DENSE)

    def fault_loop(self) -> None:
        self.redirect(self.path)

    def fault_away(self) -> None:
        self.redirect("http://other.example.com/a/2023/0101/1.html")

    def fault_private(self) -> None:
        self.redirect("http://10.0.0.1/a/2023/0101/1.html")

    def fault_pdf(self) -> None:
        self.send(200, b"%PDF-1.7\n" + os.urandom(2000), "text/html")

    def fault_bytes(self) -> None:
        self.send(200, os.urandom(4000), "text/html; charset=utf-8")


DENSE = dense_page(6 * 1024 * 1024)
BOMB = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """The crawler hangs up on slow and oversized answers: that is the point."""


def serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    FaultPortal.asked = []
    FaultPortal.seen_once = set()
    server = QuietServer(("127.0.0.1", 0), FaultPortal)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
