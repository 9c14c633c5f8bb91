"""Crawls of the demo's sections that need a browser, end to end: behind a 521 check
(demo/guarded.py) and script-rendered (demo/app_section.py), with Debian's Chromium and
with rendering off; and a crawl of a plain portal, which starts no browser."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.conftest import FAST, scrapy_command
from tests.test_crawl_scaled_out import stat

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser_sections(tmp_path_factory):
    """(base URL, facts) of the two sections served alone on 127.0.0.1."""
    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path_factory.mktemp("browser-sections")
    facts = write_sections(site)
    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", facts
    server.shutdown()
    server.server_close()


@pytest.fixture
def watched_browser(tmp_path):
    """(RENDER_BROWSER, mark): Chromium behind a script that leaves a mark when started."""
    mark = tmp_path / "chromium-started"
    wrapper = tmp_path / "chromium"
    wrapper.write_text(f'#!/bin/sh\ntouch "{mark}"\nexec {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper), mark


def crawl(url: str, archive: Path, *settings: str):
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={url}", "-s", f"ARCHIVE={archive}", *FAST, *settings
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def archived(archive: Path) -> dict[str, tuple]:
    with sqlite3.connect(archive) as db:
        rows = db.execute("select url, title, published_at, body from articles").fetchall()
    return {"/" + url.split("/", 3)[3]: (title, at, body) for url, title, at, body in rows}


@needs_chromium
def test_both_sections_are_crawled_completely_with_chromium(
    browser_sections, watched_browser, tmp_path
):
    base, facts = browser_sections
    browser, mark = watched_browser
    archive = tmp_path / "a.db"
    warcs = ("-s", "WARC_ENABLED=True", "-s", f"WARC_DIR={tmp_path / 'warcs'}")
    proc = crawl(f"{base}/", archive, "-s", f"RENDER_BROWSER={browser}", *warcs)
    assert mark.exists()
    got = archived(archive)
    for key in ("guarded", "app"):
        for art in facts[key]["articles"]:
            title, published_at, body = got[art["url"]]
            assert (title, published_at) == (art["title"], art["published_at"])
            assert body.split("\n") == art["paragraphs"]
    assert len(got) == 40
    with sqlite3.connect(archive) as db:
        assert db.execute("select url, reason from fetch_errors").fetchall() == []
    log = proc.stderr
    assert "'render/checks_passed': 1," in log  # one check passed, its cookies reused
    assert "'playwright/browser_count': 1," in log
    assert stat(log, "playwright/page_count") == stat(log, "playwright/page_count/closed")
    # The browser renders only what needs it: one page for the check, one per list of
    # the app (its page 1 asked as ?page=1 too); never an article page, never a page of
    # the guarded section once its check is passed: their requests carry its cookies.
    pages = stat(log, "render/pages")
    lists = len(facts["app"]["articles"]) // 8 + 1
    assert pages <= 1 + lists + 1, pages
    assert stat(log, "render/cookies_reused") >= len(facts["guarded"]["articles"])
    # A WARC file holds what servers sent, never a page as the browser built it.
    assert stat(log, "warc/skipped_rendered") == pages


def test_with_rendering_off_both_are_recorded_as_blocked(browser_sections, tmp_path):
    base, facts = browser_sections
    archive = tmp_path / "a.db"
    crawl(f"{base}/", archive, "-s", "RENDER_ENABLED=False")
    with sqlite3.connect(archive) as db:
        errors = db.execute("select url, status, reason from fetch_errors order by url").fetchall()
        assert db.execute("select count(*) from articles").fetchone() == (0,)
    assert errors == [
        (
            f"{base}{facts['app']['start']}",
            200,
            "blocked: a page whose content a script builds: rendering is off (RENDER_ENABLED)",
        ),
        (
            f"{base}{facts['guarded']['start']}",
            521,
            "blocked by a JavaScript check (521): rendering is off (RENDER_ENABLED)",
        ),
    ]


def test_without_a_browser_installed_checks_are_blocked_and_say_why(browser_sections, tmp_path):
    base, facts = browser_sections
    archive = tmp_path / "a.db"
    crawl(f"{base}{facts['guarded']['start']}", archive, "-s", f"RENDER_BROWSER={tmp_path}/none")
    with sqlite3.connect(archive) as db:
        (reason,) = db.execute("select reason from fetch_errors").fetchone()
    assert reason == (
        "blocked by a JavaScript check (521): rendering is off: no browser at "
        f"{tmp_path}/none (apt-get install chromium)"
    )


@needs_chromium
def test_a_plain_portal_crawl_starts_no_browser(demo_portal, watched_browser, tmp_path):
    base, facts, _ = demo_portal
    browser, mark = watched_browser
    archive = tmp_path / "a.db"
    proc = crawl(f"{base}/", archive, "-s", f"RENDER_BROWSER={browser}")
    assert len(archived(archive)) == facts["article_count"] - 1  # the reprint is an alias
    assert not mark.exists()
    assert "playwright/" not in proc.stderr and "Starting download handler" not in proc.stderr


@needs_chromium
def test_scaled_out_each_worker_renders_for_itself(browser_sections, redis_prefix, tmp_path):
    from types import SimpleNamespace

    from tests.test_crawl_scaled_out import finish, stop_writer, worker, writer

    base, facts = browser_sections
    archive = tmp_path / "archive.db"
    drain = writer(redis_prefix, archive)
    portal = SimpleNamespace(base=base)
    workers = [worker(portal, redis_prefix, f"worker-{n}", "-s", "LOG_LEVEL=INFO") for n in "ab"]
    logs = [finish(w, timeout=240) for w in workers]
    stop_writer(drain, redis_prefix)
    got = archived(archive)
    assert {a["url"] for key in ("guarded", "app") for a in facts[key]["articles"]} <= set(got)
    assert len(got) == 40
    # Whichever worker met the check passed it in its own browser.
    assert sum(stat(log, "render/checks_passed") for log in logs) >= 1
    for log in logs:
        assert stat(log, "render/checks") <= 1 + stat(log, "render/checks_passed")


@needs_chromium
def test_a_whole_site_behind_a_check_robots_txt_and_all(tmp_path):
    """Every path guarded, robots.txt and the app's API included, answered with 412 (瑞数)
    rather than 521: the crawl passes the check first of all, and reads everything."""
    status = 412
    import json

    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path / "site"
    facts = write_sections(site)
    config = json.loads((site / "browser.json").read_text("utf-8"))
    config["server"].update(guarded=["/"], check_status=status)
    (site / "browser.json").write_text(json.dumps(config), "utf-8")
    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        archive = tmp_path / "a.db"
        proc = crawl(f"http://127.0.0.1:{server.server_address[1]}/", archive)
    finally:
        server.shutdown()
        server.server_close()
    got = archived(archive)
    assert {a["url"] for key in ("guarded", "app") for a in facts[key]["articles"]} == set(got)
    assert "'robotstxt/response_status_count/200': 1" in proc.stderr


# The app of 融媒看点 as some platforms write it: items open from a click handler (no
# <a href>), and the pager is a button that fetches the next page in place.
BUTTON_APP = """(function () {
  var page = 1;
  function load() {
    fetch('/api/news/list?channelId=7&page=' + page).then(function (r) { return r.json(); })
      .then(function (res) {
        var d = res.data, html = '<ul class="news">';
        d.list.forEach(function (item) {
          html += '<li class="item" data-url="' + item.url + '">' + item.title +
            '<span class="time">' + item.publishTime.slice(0, 10) + '</span></li>';
        });
        html += '</ul>' + (page < d.pages ? '<button class="next">下一页</button>' : '');
        var app = document.getElementById('app');
        app.innerHTML = html;
        app.querySelectorAll('li.item').forEach(function (li) {
          li.onclick = function () { location.href = li.getAttribute('data-url'); };
        });
        var next = app.querySelector('button.next');
        if (next) next.onclick = function () { page += 1; load(); };
      });
  }
  load();
})();
"""


@needs_chromium
def test_an_app_with_a_pager_button_and_no_links(tmp_path):
    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path / "site"
    facts = write_sections(site)
    (site / "rmt" / "js" / "app.js").write_text(BUTTON_APP, "utf-8")
    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        archive = tmp_path / "a.db"
        base = f"http://127.0.0.1:{server.server_address[1]}"
        crawl(f"{base}{facts['app']['start']}", archive)
    finally:
        server.shutdown()
        server.server_close()
    got = archived(archive)
    want = {a["url"]: a for a in facts["app"]["articles"]}
    assert set(want) <= set(got)
    assert all(got[url][1] == art["published_at"] for url, art in want.items())


@needs_chromium
def test_scrapy_extract_passes_the_check_too(browser_sections):
    import json

    base, facts = browser_sections
    art = facts["guarded"]["articles"][0]
    proc = scrapy_command("extract", f"{base}{art['url']}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert (row["title"], row["published_at"]) == (art["title"], art["published_at"])
    off = scrapy_command("extract", f"{base}{art['url']}", "-s", "RENDER_ENABLED=False")
    (row,) = [json.loads(line) for line in off.stdout.splitlines()]
    assert row["error"] == "blocked by a JavaScript check (521): rendering is off (RENDER_ENABLED)"


# The app as an endless list: the first page, then more as the reader scrolls (here: never,
# no reader scrolls a crawl); no pager at all.
SCROLL_APP = """(function () {
  fetch('/api/news/list?channelId=7&page=1').then(function (r) { return r.json(); })
    .then(function (res) {
      var html = '<ul class="news">';
      res.data.list.forEach(function (item) {
        html += '<li><a href="' + item.url + '">' + item.title + '</a></li>';
      });
      document.getElementById('app').innerHTML = html + '</ul>';
    });
})();
"""


@needs_chromium
def test_an_endless_list_is_read_to_its_end_from_its_api(tmp_path):
    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path / "site"
    facts = write_sections(site)
    (site / "rmt" / "js" / "app.js").write_text(SCROLL_APP, "utf-8")
    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        archive = tmp_path / "a.db"
        base = f"http://127.0.0.1:{server.server_address[1]}"
        crawl(f"{base}{facts['app']['start']}", archive)
    finally:
        server.shutdown()
        server.server_close()
    assert {a["url"] for a in facts["app"]["articles"]} <= set(archived(archive))


@needs_chromium
def test_an_expired_clearance_brings_the_check_back_and_it_is_passed_again(tmp_path):
    import json

    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path / "site"
    facts = write_sections(site)
    config = json.loads((site / "browser.json").read_text("utf-8"))
    config["server"].update(check_max_age=2)  # seconds
    (site / "browser.json").write_text(json.dumps(config), "utf-8")
    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        archive = tmp_path / "a.db"
        base = f"http://127.0.0.1:{server.server_address[1]}"
        proc = crawl(f"{base}{facts['guarded']['start']}", archive, "-s", "DOWNLOAD_DELAY=0.25",
                     "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert {a["url"] for a in facts["guarded"]["articles"]} <= set(archived(archive))
    assert stat(proc.stderr, "render/checks_passed") >= 2


@needs_chromium
@pytest.mark.alone  # it measures the spacing of requests: not beside other tests
def test_the_download_delay_holds_for_rendered_pages(tmp_path):
    """Pages asked through the browser wait their turn as any other: between two pages
    of the portal (the browser's reload of a check's page aside) lies the delay."""
    import itertools
    import time

    from demo.browser_sections import write_sections
    from demo.serve import make_server

    site = tmp_path / "site"
    facts = write_sections(site)
    server = make_server(site, port=0)
    asked: list[tuple[float, str, bool]] = []  # (when, path, asked by the browser)

    class Logged(server.RequestHandlerClass):
        def _respond(self, head: bool) -> None:
            by_browser = "Sec-Fetch-Mode" in self.headers  # Chromium sends it, Scrapy not
            asked.append((time.monotonic(), self.path, by_browser))
            super()._respond(head)

    server.RequestHandlerClass = Logged
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        crawl(f"{base}/", tmp_path / "a.db", "-s", "DOWNLOAD_DELAY=0.8",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False")  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    pages = [entry for entry in asked if ".html" in entry[1]]
    assert len({p for _, p, _ in pages}) >= 40 + len(facts["guarded"]["lists"])
    assert any(browser for _, _, browser in pages)
    pairs = [(b[0] - a[0], a[2] or b[2]) for a, b in itertools.pairwise(pages) if a[1] != b[1]]
    # Between two ordinary requests, the delay; next to a page of the browser's, the delay
    # less the moment the browser's page takes to open (the delay runs from when Scrapy
    # hands the request over), never two pages at once.
    assert min(gap for gap, browser in pairs if not browser) >= 0.75
    assert min(gap for gap, browser in pairs if browser) >= 0.2
