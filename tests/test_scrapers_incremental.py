"""scrapers.incremental: a repeated crawl leaves what the archive holds, and stops paging a
list of known articles; a recheck is left alone."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archive import articles, crawls, open_archive
from archive.reprints import body_hash
from core.urls import url_key
from scrapers.incremental import IncrementalMiddleware, archived_keys
from scrapers.spiders.portal import PortalSpider
from scrapers.spiders.recheck import RecheckSpider
from sites import SiteProfile
from tests.conftest import make_article_item, project_settings

KNOWN = "http://www.x.gov.cn/xwzx/202301/t20230129_1.html"
NEW = "http://www.x.gov.cn/xwzx/202301/t20230129_2.html"
LIST = "http://www.x.gov.cn/xwzx/index.html"


def middleware(tmp_path, **overrides):
    archive = tmp_path / "a.db"
    db = open_archive(archive)
    site = crawls.ensure_site(db, "www.x.gov.cn")
    crawl = crawls.start_crawl(db, site, "2023-02-01T00:00:00+00:00")
    item = make_article_item(KNOWN)
    item = replace(item, url_key=url_key(KNOWN), body_hash=body_hash(item.article.body))
    articles.write_article(db, item, site, crawl, keep_pages=False)
    db.close()
    crawler = get_crawler(PortalSpider, project_settings(ARCHIVE=str(archive), **overrides))
    crawler.spider = PortalSpider.from_crawler(crawler, url="http://www.x.gov.cn/")
    return IncrementalMiddleware.from_crawler(crawler), crawler


def page(known_run: int = 0) -> HtmlResponse:
    request = Request(LIST, meta={"known_run": known_run})
    return HtmlResponse(LIST, body=b"<html></html>", request=request)


def spider_output(response, *requests, story_keys=(), link_keys=()):
    """What the portal spider yields for a page, as a generator (it says what the page
    links to while it runs)."""
    response.meta["story_keys"] = list(story_keys)
    response.meta["link_keys"] = list(link_keys)
    yield from requests


def test_known_urls_are_not_asked_for_again(tmp_path):
    mw, crawler = middleware(tmp_path)
    assert mw.known == {url_key(KNOWN)}
    response = page()
    out = list(mw.process_spider_output(
        response, spider_output(response, Request(KNOWN), Request(NEW), link_keys=[url_key(KNOWN)] * 2)
    ))  # fmt: skip
    assert [r.url for r in out] == [NEW]
    assert crawler.stats.get_value("portal/known_skipped") == 2  # every link to it


def test_a_resumed_crawl_does_not_ask_for_what_was_archived(tmp_path):
    mw, _ = middleware(tmp_path)

    async def start():
        for url in (KNOWN, NEW):
            yield Request(url)

    async def collect():
        return [r.url async for r in mw.process_start(start())]

    assert asyncio.run(collect()) == [NEW]


def test_paging_stops_after_a_page_of_known_articles(tmp_path):
    mw, crawler = middleware(tmp_path)
    nxt = Request(LIST.replace("index", "index_1"), meta={"kind": "list", "pagination": True})
    section = Request("http://www.x.gov.cn/zwdt/index.html", meta={"kind": "list"})
    response = page()
    out = list(mw.process_spider_output(
        response, spider_output(response, nxt, section, story_keys=[url_key(KNOWN)])
    ))  # fmt: skip
    assert out == [section] and section.meta["known_run"] == 1
    assert crawler.stats.get_value("portal/paging_stopped") == 1
    # A page with a new article pages on, and its pager starts a new run.
    response = page()
    nxt = Request(nxt.url, meta={"kind": "list", "pagination": True})
    out = list(mw.process_spider_output(
        response, spider_output(response, nxt, story_keys=[url_key(KNOWN), url_key(NEW)])
    ))  # fmt: skip
    assert out == [nxt] and nxt.meta["known_run"] == 0


def test_stop_after_two_pages(tmp_path):
    mw, _ = middleware(tmp_path, INCREMENTAL_STOP_AFTER=2)
    nxt = Request(LIST + "?page=2", meta={"kind": "list", "pagination": True})
    response = page(known_run=0)
    out = list(mw.process_spider_output(response, spider_output(response, nxt, story_keys=[url_key(KNOWN)])))  # fmt: skip
    assert out == [nxt] and nxt.meta["known_run"] == 1


def test_off_and_for_other_spiders_it_is_not_there(tmp_path):
    crawler = get_crawler(PortalSpider, project_settings(INCREMENTAL_ENABLED=False))
    try:
        IncrementalMiddleware.from_crawler(crawler)
    except NotConfigured:
        pass
    else:
        raise AssertionError("INCREMENTAL_ENABLED=False must switch it off")
    crawler = get_crawler(RecheckSpider, project_settings())
    try:
        IncrementalMiddleware.from_crawler(crawler)
    except NotConfigured as exc:
        assert "not an incremental spider" in str(exc)
    else:
        raise AssertionError("a recheck asks for archived articles on purpose")


def test_no_archive_yet_means_nothing_known(tmp_path):
    settings = get_crawler(
        settings_dict=project_settings(ARCHIVE=str(tmp_path / "none.db"))
    ).settings
    assert archived_keys(settings, SiteProfile("x")) == (set(), True)
    assert not (tmp_path / "none.db").exists()  # reading does not create it


def test_an_editions_calendar_is_left_once_the_archive_holds_the_site(tmp_path):
    mw, crawler = middleware(tmp_path)
    calendar = Request("http://www.x.gov.cn/epaper/period.htm", meta={"calendar": True})
    response = page()
    assert list(mw.process_spider_output(response, spider_output(response, calendar))) == []
    assert crawler.stats.get_value("portal/calendars_skipped") == 1
    # A first crawl (nothing archived) reads it.
    crawler = get_crawler(PortalSpider, project_settings(ARCHIVE=str(tmp_path / "none.db")))
    crawler.spider = PortalSpider.from_crawler(crawler, url="http://www.x.gov.cn/")
    first = IncrementalMiddleware.from_crawler(crawler)
    response = page()
    assert list(first.process_spider_output(response, spider_output(response, calendar))) == [
        calendar
    ]


def test_the_pages_of_an_article_being_read_are_never_dropped(tmp_path):
    """A new article's later page may be known (an older crawl archived it alone): the
    article still needs it."""
    mw, _ = middleware(tmp_path)
    part = Request(KNOWN, meta={"kind": "part"})
    response = page()
    assert list(mw.process_spider_output(response, spider_output(response, part))) == [part]
    assert mw.get_processed_request(part, response) is part
    assert mw.get_processed_request(Request(KNOWN), response) is None


def test_a_resumed_journal_reads_every_list_page(tmp_path):
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    (jobdir / "rongmei-requested.txt").write_text(LIST + "\n", encoding="utf-8")
    mw, crawler = middleware(tmp_path, JOBDIR=str(jobdir))
    assert crawler.stats.get_value("incremental/resuming") == 1
    assert mw.stop_after > 10**6
