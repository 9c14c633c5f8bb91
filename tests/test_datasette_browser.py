"""A real headless Chromium on a running Datasette: searching `articles` in Chinese, and
reading an article's page and a table at 1400 px, measured."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FAST, ROOT, scrapy_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORD = "禹州"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_portal, tmp_path_factory):
    """(base URL, archive path) of `datasette` serving a crawl of the demo portal."""
    path = tmp_path_factory.mktemp("browser") / "archive.db"
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={demo_portal[0]}/", "-s", f"ARCHIVE={path}", *FAST
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    port = free_port()
    datasette = Path(sys.executable).with_name("datasette")
    command = [
        str(datasette),
        str(path),
        "--plugins-dir",
        "plugins",
        "--template-dir",
        "plugins/templates",
        "-m",
        "datasette-metadata.yml",
    ]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode(errors="replace"))
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start in 30 s")
        yield base, path
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_search_box_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    base, path = server
    with sqlite3.connect(path) as conn:
        expected = sorted(
            r[0]
            for r in conn.execute(
                "select title from articles where title || body like ?", [f"%{WORD}%"]
            )
        )
    assert expected
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "/archive/articles")
            page.fill("input#_search", WORD)
            with page.expect_navigation():
                page.press("input#_search", "Enter")
            assert "_search=" in page.url
            titles = page.locator("table.rows-and-columns tbody td.col-title").all_inner_texts()
            assert sorted(t.strip() for t in titles) == expected
            assert page.locator("input#_search").input_value() == WORD
        finally:
            browser.close()


def browser_page(p, width: int = 1400, height: int = 900):
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    return browser, browser.new_page(viewport={"width": width, "height": height})


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_article_page_reads_well(server, tmp_path):
    from playwright.sync_api import sync_playwright

    base, path = server
    with sqlite3.connect(path) as conn:
        article_id, title = conn.execute(
            "select id, title from articles order by length(body) desc limit 1"
        ).fetchone()
    with sync_playwright() as p:
        browser, page = browser_page(p)
        try:
            page.goto(f"{base}/archive/articles/{article_id}")
            assert page.locator("h1").inner_text().strip() == title
            widths = page.locator(".article .body p").evaluate_all(
                "ps => ps.map(p => p.getBoundingClientRect().width)"
            )
            assert widths and all(500 <= w <= 1000 for w in widths), widths
            assert no_sideways_scroll(page)
            page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
        finally:
            browser.close()


def test_a_table_opens_on_its_data_and_titles_link_to_articles(server):
    from playwright.sync_api import sync_playwright

    base, _ = server
    with sync_playwright() as p:
        browser, page = browser_page(p)
        try:
            page.goto(f"{base}/archive/articles")
            first = page.locator("table.rows-and-columns tbody tr").first
            assert first.bounding_box()["y"] < 900, "the first row is on the first screen"
            assert page.locator("details.about-table").count() == 1  # descriptions folded
            links = page.locator("table.rows-and-columns tbody td.col-title a")
            assert links.count() == page.locator("table.rows-and-columns tbody tr").count()
            heights = page.locator("table.rows-and-columns tbody tr").evaluate_all(
                "rows => rows.map(r => r.getBoundingClientRect().height)"
            )
            assert max(heights) < 200, max(heights)
        finally:
            browser.close()


def test_every_search_hit_links_to_its_article(server):
    from playwright.sync_api import sync_playwright

    base, _ = server
    with sync_playwright() as p:
        browser, page = browser_page(p)
        try:
            page.goto(f"{base}/archive/search?q=" + WORD)
            rows = page.locator("table.rows-and-columns tbody tr")
            assert rows.count() > 0
            hrefs = page.locator("table.rows-and-columns tbody td.col-title a").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            assert len(hrefs) == rows.count()
            assert all(h.startswith("/archive/articles/") for h in hrefs)
            page.goto(base + hrefs[0])
            assert page.locator(".article .body p").count() > 0
            assert no_sideways_scroll(page)
        finally:
            browser.close()
