"""Serve the demo portal written by ``demo.build``, as its county web server would.

    python -m demo.serve --root demo/site --port 8765 [--host 127.0.0.1]

Static files (``index.html`` for a folder), 404 for what is missing (with the portal's
404 page), HTTP 500 for the article the build designates as broken on the server side,
``Content-Type: text/html`` without a charset for the GBK section (as such servers send
it) and ``text/html; charset=utf-8`` elsewhere. robots.txt, sitemap.xml and rss.xml are
written with path-only URLs; the server makes them absolute with the Host it is asked
with. A query string is ignored unless a file named ``<path>?<query>`` exists. A POST to
the Hanweb dataproxy (``expected.json["server"]["dataproxy"]``) is answered as JCMS
answers it, from the column's records the build wrote (``jpage_records``).
The paths that ``browser.json`` guards (demo/guarded.py) answer a JavaScript check until a
request carries the cookies it computes. The settings come from
``expected.json["server"]`` and ``browser.json["server"]`` in the root.
"""

from __future__ import annotations

import argparse
import http.server
import json
import posixpath
import re
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from demo.guarded import answer_check

TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "application/javascript",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
# A download script (Hanweb's /module/download/downfile.jsp?classid=0&filename=X.pdf)
# sends the file its query names, as that file's type and as an attachment.
DOWNLOAD_NAME = re.compile(r"(?:^|&)filename=([^&]+)")
ERROR_500 = (
    b"<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
    b"<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
ABSOLUTIZE = {  # file -> the prefixes whose path-only URL gets the scheme and host
    "/robots.txt": ("Sitemap: ",),
    "/sitemap.xml": ("<loc>",),
    "/rss.xml": ("<link>", '<guid isPermaLink="true">'),
}
HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


class PortalHandler(http.server.BaseHTTPRequestHandler):
    server_version = "nginx"
    root: Path
    config: dict

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_POST(self) -> None:
        """The Hanweb jpage dataproxy, as JCMS answers it: the column's records from
        startrecord to endrecord, for a form naming the column (webid, columnid, unitid)."""
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(min(length, 65536)).decode("utf-8", "replace")))
        if parts.path != self.config.get("dataproxy"):
            self._send(405, b"method not allowed\n", "text/plain", False)
            return
        column = json.loads(
            (self.root / self.config["jpage_records"].lstrip("/")).read_text("utf-8")
        )
        query = dict(parse_qsl(parts.query))
        numbers = [query.get(k, "") for k in ("startrecord", "endrecord", "perpage")]
        wanted = {k: column[k] for k in ("webid", "columnid", "unitid")}
        if not all(n.isdigit() for n in numbers) or any(
            form.get(k) != v for k, v in wanted.items()
        ):
            self._send(400, b"bad dataproxy request\n", "text/plain", False)
            return
        from demo.pages.scripted import dataproxy_answer

        start, end, per_page = map(int, numbers)
        body = dataproxy_answer(column, start, end, per_page).encode("utf-8")
        self._send(200, body, "text/xml;charset=UTF-8", False)

    # ------------------------------------------------------------------------ helpers

    def _send(self, status: int, body: bytes, ctype: str, head: bool, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_found(self, head: bool) -> None:
        page = self.config.get("not_found_page")
        body = b"<html><body><h1>404 Not Found</h1></body></html>\n"
        if page:
            candidate = self.root / page.lstrip("/")
            if candidate.is_file():
                body = candidate.read_bytes()
        self._send(404, body, "text/html; charset=utf-8", head)

    def _content_type(self, path: str) -> str:
        ext = posixpath.splitext(path)[1].lower()
        ctype = TYPES.get(ext, "application/octet-stream")
        if path.startswith(tuple(self.config.get("json_prefixes", []))):
            ctype = "application/json; charset=utf-8"
        if ctype == "text/html":
            prefixes = self.config.get("no_charset_prefixes", [])
            if not any(path.startswith(p) for p in prefixes):
                ctype += "; charset=utf-8"
        return ctype

    def _base(self) -> str:
        host = self.headers.get("Host", "")
        if not HOST_RE.match(host):
            addr, port = self.server.server_address[:2]
            host = f"{addr}:{port}"
        return f"http://{host}"

    def _respond(self, head: bool) -> None:
        parts = urlsplit(self.path)
        path = posixpath.normpath(unquote(parts.path))
        if not parts.path.startswith("/") or "\x00" in path:
            self._send(400, b"bad request\n", "text/plain", head)
            return
        path = "/" + path.lstrip("/")
        if path in self.config.get("error_500", []):
            self._send(500, ERROR_500, "text/html", head)
            return
        guarded = path.startswith(tuple(self.config.get("guarded", [])))
        status, max_age = (
            self.config.get("check_status", 521),
            self.config.get("check_max_age", 3600),
        )
        if guarded and answer_check(self, head, status, max_age):
            return
        if path in self.config.get("hidden", []):
            self._not_found(head)
            return
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            self._not_found(head)
            return
        if target.is_dir():
            if not parts.path.endswith("/"):
                location = parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                self._send(301, b"", "text/html", head, Location=location)
                return
            target = target / "index.html"
            path = posixpath.join(path, "index.html")
        headers = {}
        if parts.query:  # a page saved for this query, e.g. "list.jsp?pageNum=2"
            with_query = target.with_name(f"{target.name}?{parts.query}")
            if with_query.is_file():
                target = with_query
                if download := DOWNLOAD_NAME.search(parts.query):
                    path = "/" + download.group(1)
                    headers["Content_Disposition"] = f'attachment; filename="{download.group(1)}"'

        if not target.is_file():
            self._not_found(head)
            return
        body = target.read_bytes()
        if path in ABSOLUTIZE:
            text = body.decode("utf-8")
            for prefix in ABSOLUTIZE[path]:
                text = text.replace(prefix + "/", prefix + self._base() + "/")
            body = text.encode("utf-8")
        self._send(200, body, self._content_type(path), head, **headers)


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 0
) -> http.server.ThreadingHTTPServer:
    """A server for the portal in ``root`` (not yet serving: call ``serve_forever``)."""
    root = Path(root).resolve()
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root}: no index.html (build it with python -m demo.build)")
    try:
        config = json.loads((root / "expected.json").read_text("utf-8")).get("server", {})
    except FileNotFoundError:
        config = {}
    config = _with_browser_sections(root, config)
    handler = type("Handler", (PortalHandler,), {"root": root, "config": config})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def _with_browser_sections(root: Path, config: dict) -> dict:
    """The server's part of the sections that need a browser (browser.json), if built."""
    try:
        extra = json.loads((root / "browser.json").read_text("utf-8")).get("server", {})
    except FileNotFoundError:
        return config
    merged = {**config, **{k: v for k, v in extra.items() if k != "hidden"}}
    merged["hidden"] = [*config.get("hidden", []), *extra.get("hidden", [])]
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the demo portal.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent / "site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    try:
        server = make_server(args.root, args.host, args.port)
    except (OSError, FileNotFoundError) as exc:
        print(f"demo.serve: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    print(f"serving {args.root} on http://{host}:{port}/", file=sys.stderr, flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    thread.join()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
