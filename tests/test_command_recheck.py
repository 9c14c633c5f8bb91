"""`scrapy recheck`: removals noticed and recorded, nothing deleted; changes versioned."""

from __future__ import annotations

import http.server
import sqlite3
import threading
from dataclasses import replace

import pytest

from archive import articles, crawls, open_archive
from archive.reprints import body_hash
from core.urls import url_key
from tests.conftest import make_article_item, scrapy_command
from tests.fixture_cases import FIXTURES

SEED = (FIXTURES / "seed-yuzhou" / "input.html").read_bytes()
DELETED = "<html><head><title>提示</title></head><body><p>该文章已被删除！</p></body></html>"


class Portal(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        routes = {
            "/xw/1.html": (200, SEED),
            "/xw/4.html": (200, DELETED.encode()),
            "/": (200, b"<html><body><a href='/xw/1.html'>x</a></body></html>"),
            "/robots.txt": (200, b"User-agent: *\n"),
        }
        if self.path == "/xw/3.html":
            self.send_response(302)
            self.send_header("Location", "/")
            self.end_headers()
            return
        status, body = routes.get(self.path, (404 if self.path != "/xw/5.html" else 410, b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def portal():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def archive_with(path, base: str):
    db = open_archive(str(path))
    site = crawls.ensure_site(db, "portal", base_url=f"{base}/")
    crawl = crawls.start_crawl(db, site, "2023-01-01T00:00:00+00:00")
    for n in range(1, 6):
        item = make_article_item(
            f"{base}/xw/{n}.html",
            body=f"第{n}篇文章的正文。",
            fetched_at="2023-01-01T00:00:00+00:00",
        )
        item = replace(item, url_key=url_key(item.url), body_hash=body_hash(item.article.body))
        articles.write_article(db, item, site, crawl, keep_pages=False)
    db.close()


def test_recheck_records_removals_and_versions(portal, tmp_path):
    archive = tmp_path / "a.db"
    archive_with(archive, portal)
    proc = scrapy_command(
        "recheck",
        "--older-than",
        "1d",
        "-s",
        f"ARCHIVE={archive}",
        "-s",
        "ROBOTSTXT_OBEY=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "portal: 5 checked, 4 removed, 1 changed" in proc.stdout
    with sqlite3.connect(archive) as db:
        got = dict(
            (url.rsplit("/", 1)[1], (status, reason))
            for url, status, reason in db.execute(
                "select url, removed_status, removed_reason from articles where removed_at is not null"
            )
        )
        assert got == {
            "2.html": (404, "HTTP 404"),
            "3.html": (200, f"redirected to {portal}/"),
            "4.html": (200, "deletion notice on the page"),
            "5.html": (410, "HTTP 410"),
        }
        assert db.execute("select count(*) from articles").fetchone() == (5,)  # none deleted
        # 1.html now holds the seed article: the old text is kept as version 1.
        [(version, body, changed)] = db.execute(
            "select version, body, changed from article_versions"
        ).fetchall()
        assert (version, body) == (1, "第1篇文章的正文。")
        assert "body" in changed and "title" in changed


def test_nothing_due_and_bad_arguments(portal, tmp_path):
    archive = tmp_path / "a.db"
    archive_with(archive, portal)
    assert (
        "portal: 0 articles to check"
        in scrapy_command("recheck", "--older-than", "9999d", "-s", f"ARCHIVE={archive}").stdout
    )
    bad = scrapy_command("recheck", "--older-than", "soon", "-s", f"ARCHIVE={archive}")
    assert (bad.returncode, bad.stderr.count("\n")) == (2, 1)
    missing = scrapy_command("recheck", "-s", f"ARCHIVE={tmp_path / 'none.db'}")
    assert missing.returncode == 2 and "no archive" in missing.stderr
