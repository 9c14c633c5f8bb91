"""Pages that need a browser: a JavaScript check at the door, a list a script builds.

A response that scrapers.extract.challenge() calls a script **check** (加速乐's 521, 瑞数's
412, a 202 or 200 page that sets a cookie and reloads) is loaded once in Chromium, as a
reader's browser would load it: the browser runs the check and earns its cookies, and the
request is sent again, ordinarily, with them. Later requests to that host carry the
cookies while they are valid (an expired one brings the check back, and the browser passes
it again), so the browser is the exception: one page per host and cookie lifetime. Where a
host refuses its cookies to a request that is not the browser's, its pages are rendered.
An **app shell** (``<div id="app"></div>`` filled from a JSON API) is rendered, and the
rendered page read; a profile's ``render = true`` renders every page of its site.

Nothing is ever solved for a person: a check that asks for a slider, a captcha or a login
is recorded as blocked (fetch_errors), and so is every check and shell when rendering is
off. Rendered requests are requests like any other: robots.txt, the download delay (shared
across workers when scaled out) and the concurrency per host hold for them.

Settings: RENDER_ENABLED (None: on when RENDER_BROWSER exists), RENDER_BROWSER
(/usr/bin/chromium), RENDER_TIMEOUT (seconds per page), RENDER_MAX_PAGES (pages open at
once). Stats: render/pages, render/checks, render/checks_passed, render/shells,
render/blocked and render/blocked/<kind>, render/failed, render/cookies_reused,
render/hosts_rendered, render/links_gathered.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http.cookies import CookieJar

from scrapers.extract import challenge

__all__ = ["Blocked", "RenderMiddleware", "Rendering", "rendering"]

logger = logging.getLogger(__name__)

HANDLER = "scrapers.browser.BrowserDownloadHandler"


class Blocked(IgnoreRequest):
    """A page behind a check the crawl could not or may not pass; its reason is recorded."""

    def __init__(self, reason: str, response=None) -> None:
        super().__init__(reason)
        self.response = response


def rendering(settings) -> tuple[bool, str]:
    """Whether this crawl renders pages, and if not why (for the reasons recorded).

    RENDER_ENABLED None (or "auto", or empty) means: when the browser RENDER_BROWSER names
    is installed.
    """
    wanted = settings.get("RENDER_ENABLED")
    if wanted is not None and str(wanted).strip().lower() not in ("", "auto", "none"):
        try:
            on = settings.getbool("RENDER_ENABLED")
        except ValueError:
            raise UsageError(
                f"RENDER_ENABLED must be true, false or auto, not {wanted!r}"
            ) from None
        if not on:
            return False, "rendering is off (RENDER_ENABLED)"
    browser = settings.get("RENDER_BROWSER")
    if not browser or not Path(browser).is_file():
        return False, f"rendering is off: no browser at {browser} (apt-get install chromium)"
    if importlib.util.find_spec("scrapy_playwright") is None:
        return False, "rendering is off: scrapy-playwright is not installed"
    return True, ""


class Rendering:
    """The add-on that puts the browser's download handler in, when rendering is on."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def update_settings(self, settings) -> None:
        on, why = rendering(settings)
        if not on:
            if "no browser" in why or "not installed" in why:  # the reason it is off
                logger.info(why)
            return
        from scrapers.browser import CHROMIUM_ARGS

        timeout = settings.getfloat("RENDER_TIMEOUT")
        for scheme in ("http", "https"):
            settings["DOWNLOAD_HANDLERS"][scheme] = HANDLER
        values = {
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": {
                "executable_path": settings.get("RENDER_BROWSER"),
                "headless": True,
                "args": list(CHROMIUM_ARGS),
                "timeout": max(timeout, 60.0) * 1000,  # a loaded machine starts it slowly
            },
            "PLAYWRIGHT_MAX_CONTEXTS": 1,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("RENDER_MAX_PAGES"),
            "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout * 1000,
            "PLAYWRIGHT_ABORT_REQUEST": "scrapers.browser.skip_resource",
            # The browser sends its own headers (and its cookies); the User-Agent is the
            # crawl's, set on the context.
            "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
        }
        for name, value in values.items():
            settings.set(name, value, priority="addon")


class RenderMiddleware:
    """Downloader middleware: checks passed in the browser, shells rendered, the cookies
    the browser earned sent with ordinary requests to its host."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.on, self.off_reason = rendering(crawler.settings)
        self.timeout = crawler.settings.getfloat("RENDER_TIMEOUT")
        self.delay = crawler.settings.getfloat("DOWNLOAD_DELAY")  # between a list API's pages
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.jars: dict[str, CookieJar] = {}  # host -> the cookies its check gave
        self.rendered_hosts: set[str] = set()  # hosts whose cookies only the browser may use
        self.unpassed: dict[str, str] = {}  # host -> why the browser did not pass its check
        self.passing: dict[str, asyncio.Event] = {}  # host -> a check in the browser now
        # Scaled out, a request this worker sends again may be sent by another, whose
        # browser has not passed the check: the cookies are this worker's only.
        self.worker = uuid.uuid4().hex

    # ------------------------------------------------------------------ requests out

    def process_request(self, request, spider=None):
        if request.meta.get("playwright"):
            return None
        host = _host(request.url)
        # robots.txt and sitemaps (asked by the robots middleware, or with every status
        # allowed) are files, not pages: never rendered, only passed through checks.
        meta = request.meta
        a_file = meta.get("dont_obey_robotstxt") or meta.get("handle_httpstatus_all")
        if self.on and not a_file and (host in self.rendered_hosts or self._profile_renders()):
            return self._rendered(request, "page")
        if (jar := self.jars.get(host)) is not None:
            jar.add_cookie_header(request)
            if request.headers.get("Cookie"):
                self.stats.inc_value("render/cookies_reused")
        return None

    def _profile_renders(self) -> bool:
        spider = self.crawler.spider
        return bool(getattr(getattr(spider, "profile", None), "render", False))

    def _rendered(self, request, why: str):
        """The request again, for the browser: loaded, left to settle, then read."""
        from scrapy_playwright.page import PageMethod

        from scrapers.browser import settle

        self.stats.inc_value("render/pages")
        meta = {
            **request.meta,
            "playwright": True,
            "render": why,
            "playwright_context_kwargs": {"user_agent": self.user_agent, "locale": "zh-CN"},
            "playwright_page_goto_kwargs": {"wait_until": "commit"},
            "playwright_page_methods": [
                PageMethod(
                    settle, timeout=self.timeout, gather_links=why != "check", delay=self.delay
                )
            ],
            "playwright_page_init_callback": "scrapers.app_links.watch_data",
            # The browser's seconds are not the server's: AutoThrottle reads the latency
            # of ordinary requests only.
            "autothrottle_dont_adjust_delay": True,
        }
        return request.replace(meta=meta, dont_filter=True)

    # ------------------------------------------------------------------ responses in

    async def process_response(self, request, response, spider=None):
        host = _host(request.url)
        if request.meta.get("playwright"):
            return self._after_browser(request, response, host)
        if (jar := self.jars.get(host)) is not None:
            jar.extract_cookies(response, request)
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        verdict = challenge(response.status, response.body, content_type)
        if verdict is None:
            return response
        if verdict.kind == "person":
            return self._blocked(verdict.kind, verdict.reason, response)
        if not self.on:
            return self._blocked(verdict.kind, _off(verdict, self.off_reason), response)
        if verdict.kind == "app":
            self.stats.inc_value("render/shells")
            return self._rendered(request, "app")
        self.stats.inc_value("render/checks")
        if host in self.unpassed:  # the browser did not get past it before: not again
            return self._blocked(verdict.kind, self.unpassed[host], response)
        if request.meta.get("render_passed") == self.worker:
            # The browser passed the check, but the cookies it earned do not pass an
            # ordinary request (they are bound to the browser): render this host's pages.
            self.rendered_hosts.add(host)
            self.stats.set_value("render/hosts_rendered", len(self.rendered_hosts))
            return self._rendered(request, "page")
        if (passing := self.passing.get(host)) is not None:
            # Another page of the host is in the browser already: wait for its cookies
            # (scaled out, another worker may have taken it: then pass it here).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(passing.wait(), self.timeout * 3)
            if self.jars.get(host) is not None:
                return self._again(request)
        self.passing[host] = asyncio.Event()
        return self._rendered(request, "check")

    def _after_browser(self, request, response, host: str):
        why = request.meta.get("render")
        result = next(
            (m.result for m in request.meta.get("playwright_page_methods", ()) if m.result),
            None,
        )
        if why == "check" and host in self.passing:
            self.passing.pop(host).set()
        if not result:
            return self._blocked("render", "the browser gave no page", response)
        cookies = result["cookies"]
        if cookies:
            self._keep_cookies(host, cookies, log=why == "check")
        status, kind = result["status"] or response.status, result["verdict"]
        if kind == "person":
            reason = "blocked: the check needs a person (a slider, captcha or login)"
            return self._blocked(kind, reason, response)
        if kind == "check":
            reason = f"blocked by a JavaScript check ({response.status}): not passed in a browser within {self.timeout:g} s"  # fmt: skip
            self.unpassed[host] = reason
            return self._blocked(kind, reason, response)
        if kind == "app":
            reason = f"a page whose content a script builds stayed empty in a browser for {self.timeout:g} s"  # fmt: skip
            return self._blocked(kind, reason, response)
        if why == "check":
            self.stats.inc_value("render/checks_passed")
            return self._again(request)
        self.stats.inc_value("render/links_gathered", result.get("gathered", 0))
        return response.replace(status=status)

    def process_exception(self, request, exception, spider=None):
        """A page that failed in the browser (a timeout, a crash) frees the pages of its
        host waiting for its check, and is recorded with the first line of the browser's
        message (Playwright's run on with a call log)."""
        if not request.meta.get("playwright"):
            return None
        checking = request.meta.get("render") == "check"
        if checking and (waiting := self.passing.pop(_host(request.url), None)) is not None:
            waiting.set()
        message = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
        self.stats.inc_value("render/failed")
        raise Blocked(f"failed in the browser: {message}", None) from exception

    def _again(self, request):
        """The request once more, ordinarily, with the cookies the browser earned."""
        meta = {k: v for k, v in request.meta.items() if not k.startswith("playwright")}
        meta.pop("autothrottle_dont_adjust_delay", None)
        meta.update(render_passed=self.worker, render=None)
        request = request.replace(meta=meta, dont_filter=True)
        request.headers.pop("Cookie", None)
        return request

    def _keep_cookies(self, host: str, cookies: list[dict], *, log: bool) -> None:
        from scrapers.browser import cookie_from_browser, describe_cookies

        jar = self.jars.setdefault(host, CookieJar())
        for cookie in cookies:
            jar.jar.set_cookie(cookie_from_browser(cookie))
        if log:
            logger.info("the browser passed the check of %s: %s", host, describe_cookies(cookies))

    def _blocked(self, kind: str, reason: str, response):
        self.stats.inc_value("render/blocked")
        self.stats.inc_value(f"render/blocked/{kind}")
        raise Blocked(reason, response)


def _off(verdict, off_reason: str) -> str:
    """The reason recorded for a check or shell when the crawl does not render.

    >>> from scrapers.extract import Verdict
    >>> _off(Verdict("check", "blocked by a JavaScript check (521)", 521), "rendering is off (RENDER_ENABLED)")
    'blocked by a JavaScript check (521): rendering is off (RENDER_ENABLED)'
    >>> _off(Verdict("app", "a page whose content a script builds", 200), "rendering is off (RENDER_ENABLED)")
    'blocked: a page whose content a script builds: rendering is off (RENDER_ENABLED)'
    """
    reason = verdict.reason if verdict.kind == "check" else f"blocked: {verdict.reason}"
    return f"{reason}: {off_reason}"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
