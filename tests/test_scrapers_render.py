"""RenderMiddleware and the Rendering add-on: which responses go to the browser, what
comes back, the cookies a passed check gives to ordinary requests, and what is blocked."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from scrapers.render import Blocked, Rendering, RenderMiddleware, rendering
from sites import SiteProfile
from tests.conftest import project_settings
from tests.test_extract_challenge import APP_SHELL, JSL_521, SLIDER

URL = "http://www.x.gov.cn/xxgk/index.html"
OFF = "rendering is off (RENDER_ENABLED)"
PAGE = (
    "<html><body><h1>县里召开会议</h1>"
    + "<p>1月28日，县里召开经济运行分析会，会议部署了全年重点工作。</p>" * 8
    + "</body></html>"
).encode()


@pytest.fixture
def browser(tmp_path):
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    return str(path)


def middleware(browser: str, *, render: bool = False, **overrides) -> RenderMiddleware:
    settings = project_settings(RENDER_BROWSER=browser, **overrides)
    crawler = get_crawler(settings_dict=settings)
    crawler.spider = SimpleNamespace(profile=SiteProfile("x", render=render))
    return build_from_crawler(RenderMiddleware, crawler)


def respond(mw, request, status: int, body: bytes, **headers):
    response = HtmlResponse(request.url, status=status, body=body, headers=headers, request=request)
    return asyncio.run(mw.process_response(request, response))


def from_browser(mw, rendered, *, verdict=None, status=200, cookies=(), body=PAGE):
    """The response the browser gives for ``rendered``, its settle() result set."""
    (method,) = rendered.meta["playwright_page_methods"]
    method.result = {"status": status, "verdict": verdict, "cookies": list(cookies)}
    return respond(mw, rendered, 521 if rendered.meta["render"] == "check" else 200, body)


def cookie(name: str, value: str, *, expires: float = -1) -> dict:
    return {"name": name, "value": value, "domain": "www.x.gov.cn", "path": "/",
            "expires": expires, "httpOnly": False, "secure": False, "sameSite": "Lax"}  # fmt: skip


def test_rendering_is_on_where_the_browser_is(browser, tmp_path):
    assert rendering(Settings({"RENDER_ENABLED": None, "RENDER_BROWSER": browser})) == (True, "")
    assert rendering(Settings({"RENDER_ENABLED": False, "RENDER_BROWSER": browser})) == (
        False,
        "rendering is off (RENDER_ENABLED)",
    )
    missing = f"{tmp_path}/none"
    assert rendering(Settings({"RENDER_ENABLED": True, "RENDER_BROWSER": missing})) == (
        False,
        f"rendering is off: no browser at {missing} (apt-get install chromium)",
    )


def test_the_add_on_puts_the_browser_in_only_when_rendering(browser, tmp_path):
    on = Settings(project_settings(RENDER_BROWSER=browser))
    Rendering().update_settings(on)
    assert on["DOWNLOAD_HANDLERS"]["https"] == "scrapers.browser.BrowserDownloadHandler"
    assert on["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == browser
    assert on.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == on.getint("RENDER_MAX_PAGES")
    assert on.getint("PLAYWRIGHT_MAX_CONTEXTS") == 1
    off = Settings(project_settings(RENDER_BROWSER=f"{tmp_path}/none"))
    Rendering().update_settings(off)
    assert "https" not in off["DOWNLOAD_HANDLERS"] and "PLAYWRIGHT_LAUNCH_OPTIONS" not in off


def test_a_page_to_read_goes_on_untouched(browser):
    mw = middleware(browser)
    request = Request(URL)
    assert mw.process_request(request) is None
    response = HtmlResponse(URL, body=PAGE, request=request)
    assert asyncio.run(mw.process_response(request, response)) is response
    assert b"Cookie" not in request.headers


def test_a_check_goes_to_the_browser_and_comes_back_with_its_cookies(browser):
    mw = middleware(browser)
    request = Request(URL, meta={"list_date": "2023-03-01"}, priority=20)
    rendered = respond(mw, request, 521, JSL_521)
    assert (rendered.url, rendered.meta["render"], rendered.meta["playwright"]) == (
        URL,
        "check",
        True,
    )
    assert rendered.dont_filter and rendered.priority == 20
    assert rendered.meta["list_date"] == "2023-03-01"
    soon = time.time() + 3600
    earned = [cookie("__jsluid_h", "a1"), cookie("__jsl_clearance_s", "9f", expires=soon)]
    again = from_browser(mw, rendered, cookies=earned)
    assert isinstance(again, Request) and not again.meta.get("playwright")
    assert again.meta["render_passed"] == mw.worker and again.meta["list_date"] == "2023-03-01"
    mw.process_request(again)
    assert again.headers["Cookie"] == b"__jsluid_h=a1; __jsl_clearance_s=9f"
    later = Request("http://www.x.gov.cn/xxgk/202303/t20230301_9000.html")
    assert mw.process_request(later) is None
    assert later.headers["Cookie"] == b"__jsluid_h=a1; __jsl_clearance_s=9f"
    elsewhere = Request("http://www.y.gov.cn/")
    mw.process_request(elsewhere)
    assert b"Cookie" not in elsewhere.headers
    assert mw.stats.get_value("render/checks_passed") == 1
    assert mw.stats.get_value("render/cookies_reused") == 2


def test_an_expired_cookie_is_not_sent(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    from_browser(mw, rendered, cookies=[cookie("__jsl_clearance_s", "9f", expires=time.time() - 5)])
    later = Request(URL)
    mw.process_request(later)
    assert b"Cookie" not in later.headers


def test_a_host_that_refuses_the_cookies_to_ordinary_requests_is_rendered(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    again = from_browser(mw, rendered, cookies=[cookie("__jsl_clearance_s", "9f")])
    page = respond(mw, again, 521, JSL_521)
    assert page.meta["playwright"] and page.meta["render"] == "page"
    assert mw.process_request(Request(URL + "?p=2")).meta["render"] == "page"
    read = from_browser(mw, page, status=200)
    assert read.status == 200 and read.body == PAGE


@pytest.mark.parametrize(
    ("verdict", "reason"),
    [
        ("check", "blocked by a JavaScript check (521): not passed in a browser within 20 s"),
        ("person", "blocked: the check needs a person (a slider, captcha or login)"),
    ],
)
def test_a_check_the_browser_does_not_pass_is_blocked(browser, verdict, reason):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    with pytest.raises(Blocked) as blocked:
        from_browser(mw, rendered, verdict=verdict, status=521)
    assert (str(blocked.value), blocked.value.response.status) == (reason, 521)
    assert mw.stats.get_value(f"render/blocked/{verdict}") == 1


def test_a_check_that_needs_a_person_never_goes_to_the_browser(browser):
    mw = middleware(browser)
    with pytest.raises(Blocked, match="needs a person"):
        respond(mw, Request(URL), 405, SLIDER)
    assert mw.stats.get_value("render/pages") is None


def test_an_app_shell_is_rendered_and_read(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 200, APP_SHELL)
    assert rendered.meta["render"] == "app"
    read = from_browser(mw, rendered)
    assert read.body == PAGE and read.meta["render"] == "app"
    with pytest.raises(Blocked, match="stayed empty in a browser for 20 s"):
        from_browser(mw, respond(mw, Request(URL), 200, APP_SHELL), verdict="app")


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (521, JSL_521, "blocked by a JavaScript check (521): " + OFF),
        (
            200,
            APP_SHELL,
            "blocked: a page whose content a script builds: rendering is off (RENDER_ENABLED)",
        ),
    ],
)
def test_with_rendering_off_checks_and_shells_are_blocked(browser, status, body, reason):
    mw = middleware(browser, RENDER_ENABLED=False)
    with pytest.raises(Blocked) as blocked:
        respond(mw, Request(URL), status, body)
    assert (str(blocked.value), blocked.value.response.status) == (reason, status)


def test_a_profile_can_render_every_page_but_robots_txt_and_sitemaps(browser):
    mw = middleware(browser, render=True)
    assert mw.process_request(Request(URL)).meta["render"] == "page"
    robots = Request("http://www.x.gov.cn/robots.txt", meta={"dont_obey_robotstxt": True})
    assert mw.process_request(robots) is None
    sitemap = Request("http://www.x.gov.cn/sitemap.xml", meta={"handle_httpstatus_all": True})
    assert mw.process_request(sitemap) is None


def test_pages_of_a_host_in_the_browser_wait_for_its_cookies(browser):
    mw = middleware(browser)

    async def two_at_once():
        first = await mw.process_response(Request(URL), _response(URL, 521, JSL_521))
        second = asyncio.ensure_future(
            mw.process_response(Request(URL + "?2"), _response(URL + "?2", 521, JSL_521))
        )
        await asyncio.sleep(0.05)
        assert not second.done()  # waiting for the first one's check
        first.meta["playwright_page_methods"][0].result = {
            "status": 200, "verdict": None, "cookies": [cookie("__jsl_clearance_s", "9f")]
        }  # fmt: skip
        await mw.process_response(first, _response(URL, 521, JSL_521, first))
        return await second

    again = asyncio.run(two_at_once())
    assert not again.meta.get("playwright") and again.meta["render_passed"]
    assert mw.stats.get_value("render/pages") == 1


def _response(url, status, body, request=None):
    return HtmlResponse(url, status=status, body=body, request=request or Request(url))


def test_a_request_sent_again_by_another_worker_is_a_check_of_its_own(browser):
    mine, theirs = middleware(browser), middleware(browser)
    rendered = respond(mine, Request(URL), 521, JSL_521)
    again = from_browser(mine, rendered, cookies=[cookie("__jsl_clearance_s", "9f")])
    taken = respond(theirs, again, 521, JSL_521)  # the other worker has no cookies yet
    assert taken.meta["render"] == "check" and not theirs.rendered_hosts


def test_a_rendered_request_survives_the_shared_queue(browser):
    """Scaled out, requests go through Redis pickled (scrapy-redis' picklecompat)."""
    from scrapy.utils.request import request_from_dict
    from scrapy_redis import picklecompat

    rendered = respond(middleware(browser), Request(URL, meta={"kind": "list"}), 521, JSL_521)
    back = request_from_dict(picklecompat.loads(picklecompat.dumps(rendered.to_dict())))
    assert back.meta["playwright"] and back.meta["render"] == "check"
    assert back.meta["playwright_page_methods"][0].kwargs == {
        "timeout": 20.0,
        "gather_links": False,
        "delay": 1.0,
    }
    assert back.meta["playwright_page_init_callback"] == "scrapers.app_links.watch_data"


def test_a_host_whose_check_the_browser_did_not_pass_is_not_rendered_again(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    with pytest.raises(Blocked):
        from_browser(mw, rendered, verdict="check", status=521)
    with pytest.raises(Blocked, match="not passed in a browser within 20 s"):
        respond(mw, Request(URL + "?2"), 521, JSL_521)
    assert mw.stats.get_value("render/pages") == 1


def test_the_browser_s_time_does_not_slow_autothrottle(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    assert rendered.meta["autothrottle_dont_adjust_delay"] is True
    again = from_browser(mw, rendered, cookies=[cookie("__jsl_clearance_s", "9f")])
    assert "autothrottle_dont_adjust_delay" not in again.meta


def test_a_crawl_that_renders_nothing_imports_no_playwright(browser):
    """The browser's handler in place, built, and no page for it: Playwright stays out."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "from scrapy.utils.reactor import install_reactor\n"
        "install_reactor('twisted.internet.asyncioreactor.AsyncioSelectorReactor')\n"
        "from scrapy.utils.test import get_crawler\n"
        "from scrapy.settings import Settings\n"
        "from scrapers.render import Rendering, RenderMiddleware\n"
        "from scrapers.browser import BrowserDownloadHandler\n"
        "from tests.conftest import project_settings\n"
        f"settings = Settings(project_settings(RENDER_BROWSER={browser!r}))\n"
        "Rendering().update_settings(settings)\n"
        "crawler = get_crawler(settings_dict=settings.copy_to_dict())\n"
        "RenderMiddleware.from_crawler(crawler)\n"
        "BrowserDownloadHandler(crawler)\n"
        "print(settings['DOWNLOAD_HANDLERS']['http'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'scrapy_playwright')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["scrapers.browser.BrowserDownloadHandler", "[]"]


def test_a_page_that_fails_in_the_browser_is_recorded_in_one_line(browser):
    mw = middleware(browser)
    rendered = respond(mw, Request(URL), 521, JSL_521)
    error = TimeoutError('page.goto: Timeout 20000ms exceeded.\nCall log:\n  - navigating to "x"')
    with pytest.raises(Blocked) as blocked:
        mw.process_exception(rendered, error)
    assert str(blocked.value) == "failed in the browser: page.goto: Timeout 20000ms exceeded."
    assert URL.split("/")[2] not in mw.passing  # the pages waiting for it go on
    assert mw.process_exception(Request(URL), error) is None  # not the browser's: as ever


def test_render_enabled_auto_and_bad_values(browser):
    from scrapy.exceptions import UsageError

    for auto in ("", "auto", None):
        assert rendering(Settings({"RENDER_ENABLED": auto, "RENDER_BROWSER": browser}))[0]
    with pytest.raises(UsageError, match="RENDER_ENABLED must be true, false or auto, not 'maybe'"):
        rendering(Settings({"RENDER_ENABLED": "maybe", "RENDER_BROWSER": browser}))


def test_a_bad_render_enabled_is_one_clear_line(tmp_path):
    from tests.conftest import scrapy_command

    proc = scrapy_command("crawl", "portal", "-a", "url=http://127.0.0.1:1/",
                          "-s", f"ARCHIVE={tmp_path / 'a.db'}", "-s", "RENDER_ENABLED=maybe")  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "scrapy crawl: error: RENDER_ENABLED must be true, false or auto, not 'maybe'"
    ]
