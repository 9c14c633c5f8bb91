"""Shared test fixtures: a static HTTP server on 127.0.0.1 for pages."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A developer's REDIS_URL would turn every crawl of the tests into a worker: the tests of
# scaling out set it themselves.
os.environ.pop("REDIS_URL", None)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_server(tmp_path):
    """Serve tmp_path on 127.0.0.1; yields (base_url, folder)."""

    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=str(tmp_path), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def demo_portal(tmp_path_factory):
    """(base_url, facts, site folder) of the demo portal (demo/) served on 127.0.0.1."""
    from demo.build import build

    site = tmp_path_factory.mktemp("demo-site")
    yield from _served(site, build(site))


@pytest.fixture(scope="session")
def demo_city(demo_portal, tmp_path_factory):
    """(base_url, facts, site folder) of the demo's city portal (demo/city.py), which
    reprints a story of the county portal, served on 127.0.0.1."""
    from demo.city import build_city

    site = tmp_path_factory.mktemp("demo-city")
    yield from _served(site, build_city(site, demo_portal[1]))


@pytest.fixture(scope="session")
def demo_paper(tmp_path_factory):
    """(base_url, facts, site folder) of the demo's digital edition (demo/paper.py), served
    on 127.0.0.1."""
    from demo.paper import build_paper

    site = tmp_path_factory.mktemp("demo-paper")
    yield from _served(site, build_paper(site))


def _served(site, facts):
    """(base_url, facts, site) while a demo build in ``site`` is served on 127.0.0.1."""
    from demo.serve import make_server

    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", facts, site
    server.shutdown()
    server.server_close()


FAST = (
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s",
    "LOG_LEVEL=INFO",
)


def scrapy_command(*args: str, timeout: int = 300):
    """Run `python -m scrapy ARGS` in the project; returns the CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def project_settings(**overrides) -> dict:
    """The project's settings.py, as a dict, with overrides."""
    import settings as project

    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    return {**values, **overrides}


def make_article_item(url: str = "http://www.x.gov.cn/xwzx/202301/t20230129_1.html", **fields):
    """A CrawledArticle as the portal spider yields it."""
    from core.items import Article, CrawledArticle

    article = Article(
        url=url,
        is_article=fields.pop("is_article", True),
        encoding="utf-8",
        title=fields.pop("title", "县里开会"),
        published_at=fields.pop("published_at", "2023-01-29"),
        date_source="metaline",
        source=fields.pop("source", "某县融媒体中心"),
        body=fields.pop("body", "1月28日，县里召开经济运行分析会。\n会议部署了全年重点工作。"),
        breadcrumbs=fields.pop("breadcrumbs", ["首页", "新闻中心"]),
        related=fields.pop("related", []),
    )
    return CrawledArticle(
        article=article,
        site=fields.pop("site", "x"),
        url=url,
        status=200,
        headers={"Content-Type": "text/html"},
        body=b"<html>page</html>",
        fetched_at=fields.pop("fetched_at", "2023-02-01T00:00:00+00:00"),
        **fields,
    )


def ready(item):
    """An article item as the dedupe pipeline passes it on: with its URL key and body hash."""
    from dataclasses import replace

    from archive.reprints import body_hash
    from core.urls import url_key

    return replace(item, url_key=url_key(item.url), body_hash=body_hash(item.article.body))


def archive_with_crawl(tmp_path):
    """(archive, site id, crawl id) of a new archive with one site and a crawl of it."""
    from archive import crawls, open_archive

    db = open_archive(str(tmp_path / "a.db"))
    site = crawls.ensure_site(db, "x", name_zh="某县融媒体中心", province="河南省")
    crawl = crawls.start_crawl(db, site, "2023-02-01T00:00:00+00:00")
    return db, site, crawl


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(folder: Path):
    """A redis-server of the test's own on 127.0.0.1 (to stop at will): (URL, process)."""
    import shutil
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return url, server


@pytest.fixture
def private_redis(tmp_path):
    """(URL, process) of a Redis server only this test uses, e.g. to stop it halfway."""
    url, server = start_redis(tmp_path)
    yield url, server
    server.terminate()
    server.wait()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The URL of a Redis server on 127.0.0.1: RONGMEI_TEST_REDIS (.ci/run starts one and
    sets it), or a redis-server started here; without either the test is skipped."""

    url = os.environ.get("RONGMEI_TEST_REDIS")
    if url:
        yield url
        return
    url, server = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    server.terminate()
    server.wait()


@pytest.fixture
def redis_prefix(redis_server):
    """(REDIS_URL, a key prefix of this test's own); the test's keys are deleted after it."""
    import uuid

    import redis

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield redis_server, prefix
    client = redis.Redis.from_url(redis_server)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
