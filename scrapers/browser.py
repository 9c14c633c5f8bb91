"""The browser: scrapy-playwright's download handler, started at the first request that
needs it, one per process, and what a rendered page does before it is read.

A crawl with rendering on (scrapers.render) downloads through BrowserDownloadHandler for
http and https. Ordinary requests go through Scrapy's own HTTP/1.1 handler, as always; a
request with ``meta["playwright"]`` starts Playwright and Debian's Chromium once (never a
browser downloaded by a tool: ``executable_path``) and is loaded in a page of the one
browser context, with at most RENDER_MAX_PAGES pages open at once, each closed after use.
A crawl that never needs the browser never starts it, nor Playwright's driver.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import time

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from scrapers.extract import challenge

__all__ = ["BrowserDownloadHandler", "cookie_from_browser", "settle", "skip_resource"]

#: Chromium's flags for a crawl: no sandbox (it runs as root in containers), no GPU, and
#: none of its own traffic (updates, sync, QUIC probes) to a network it may not reach.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
# What a page needs to run its check or build its list: its documents, scripts and data.
# Images, fonts, media and style sheets are never fetched by the browser.
_SKIPPED = frozenset({"image", "media", "font", "stylesheet", "texttrack", "manifest", "ping"})


def skip_resource(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: the browser's own requests that a crawl does not need."""
    return request.resource_type in _SKIPPED


def _late_start_handler(crawler):
    """scrapy-playwright's handler, but Playwright is started by start(), not when the
    engine starts: at the first request that needs a browser. Imported here, so that a
    crawl that never needs a browser never imports Playwright either."""
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    class LateStartHandler(ScrapyPlaywrightDownloadHandler):
        async def _maybe_launch_in_thread(self) -> None:
            return None

        def _engine_started(self):
            return None

        async def start(self) -> None:
            await self._launch()

    return LateStartHandler(crawler)


# id(crawler) -> its browser (None until started) and the lock that starts it once.
_BROWSERS: dict[int, tuple[object | None, asyncio.Lock]] = {}


class BrowserDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler for ordinary requests; the browser for ``playwright``
    requests. http and https share one browser (one handler instance is built per scheme)."""

    lazy = False

    async def download_request(self, request):
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        browser = await self._browser()
        return await browser.download_request(request)

    async def _browser(self):
        key = id(self._crawler)
        if key not in _BROWSERS:
            _BROWSERS[key] = (None, asyncio.Lock())
        async with _BROWSERS[key][1]:
            browser, lock = _BROWSERS[key]
            if browser is None:
                started = time.monotonic()
                browser = _late_start_handler(self._crawler)
                await browser.start()
                _BROWSERS[key] = (browser, lock)
                self._crawler.stats.set_value("render/start_seconds", time.monotonic() - started)
        return browser

    async def close(self) -> None:
        await super().close()
        browser, _ = _BROWSERS.pop(id(self._crawler), (None, None))
        if browser is not None:
            await browser.close()


async def settle(page, timeout: float, gather_links: bool = False, delay: float = 0.0) -> dict:
    """A PageMethod: wait until the page is no longer a check or an empty app shell (or
    is one that needs a person), for at most ``timeout`` seconds; for a script-built page
    (``gather_links``), gather what its pager buttons and its data show (app_links).
    Returns the final document's status, the verdict on it (None: a page to read), the
    browser's cookies and how many links were gathered."""
    from playwright.async_api import Error as PlaywrightError

    from scrapers.app_links import gather

    deadline = time.monotonic() + timeout
    status, verdict = 0, None
    while True:
        left = max(deadline - time.monotonic(), 0.05)
        with contextlib.suppress(PlaywrightError):
            await page.wait_for_load_state("load", timeout=left * 1000)
            content = await page.content()
            status = await page.evaluate(
                "() => (performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0"
            )
            verdict = challenge(status or 200, content.encode("utf-8"), "text/html; charset=utf-8")
            if verdict is None or verdict.kind == "person":
                break
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.2)
    gathered = 0
    if gather_links and verdict is None:
        gathered = await gather(page, deadline + timeout / 2, delay)
    cookies = await page.context.cookies()
    kind = verdict.kind if verdict else None
    return {"status": status, "verdict": kind, "cookies": cookies, "gathered": gathered}


def cookie_from_browser(cookie: dict) -> http.cookiejar.Cookie:
    """A cookie of the browser (Playwright's form) as the standard library's, for a jar.

    >>> c = cookie_from_browser({"name": "__jsl_clearance_s", "value": "1674958860.1|0|x",
    ...     "domain": "www.x.gov.cn", "path": "/", "expires": -1, "httpOnly": False,
    ...     "secure": False, "sameSite": "Lax"})
    >>> c.name, c.domain, c.expires, c.discard
    ('__jsl_clearance_s', 'www.x.gov.cn', None, True)
    """
    expires = cookie.get("expires", -1)
    session = expires is None or expires < 0
    domain = cookie["domain"]
    return http.cookiejar.Cookie(
        version=0,
        name=cookie["name"],
        value=cookie["value"],
        port=None,
        port_specified=False,
        domain=domain,
        domain_specified=domain.startswith("."),
        domain_initial_dot=domain.startswith("."),
        path=cookie.get("path") or "/",
        path_specified=True,
        secure=bool(cookie.get("secure")),
        expires=None if session else int(expires),
        discard=session,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""} if cookie.get("httpOnly") else {},
    )


def describe_cookies(cookies: list[dict]) -> str:
    """The names of a browser's cookies, for the log (never their values).

    >>> describe_cookies([{"name": "__jsluid_h"}, {"name": "__jsl_clearance"}])
    '["__jsluid_h", "__jsl_clearance"]'
    """
    return json.dumps([c["name"] for c in cookies])
