"""Shared test fixtures: a static HTTP server on 127.0.0.1 for pages."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    from demo.serve import make_server

    site = tmp_path_factory.mktemp("demo-site")
    facts = build(site)
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
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
