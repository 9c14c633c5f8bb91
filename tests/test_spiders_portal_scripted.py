"""The portal spider on script-built lists and articles split over pages, on responses
built in the test (no network): the dataproxy POSTs it schedules, the pages it fetches in
order, and what it archives when a page fails."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from scrapy.http import HtmlResponse, Request, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from core.items import CrawledArticle, FetchFailure
from scrapers.spiders.portal import PortalSpider
from tests.conftest import project_settings
from tests.test_extract_scripted_lists import COLUMN, HANWEB
from tests.test_spiders_portal import spider

BASE = "http://www.x.gov.cn/xwzx/202303/"


def article(url: str, paragraphs: list[str], pager: str) -> HtmlResponse:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<html><head><meta charset="utf-8"><title>春耕生产有序推进</title></head><body>
    <h1>春耕生产有序推进</h1><div class="info">发布时间：2023-03-01 10:00 来源：颍川县融媒体中心</div>
    <div class="TRS_Editor">{body}</div><div class="page">{pager}</div>
    <ul><li><a href="t20230302_13.html">另一篇报道</a></li></ul></body></html>"""
    return HtmlResponse(url, body=html.encode(), request=Request(url))


def paras(page: int) -> list[str]:
    return [
        f"第{page}页第{i}段：颍川县今年春耕生产有序推进，全县农机具检修完毕，种子化肥储备充足。"
        for i in range(3)
    ]


PAGER = '<a href="t20230301_12.html">1</a> <a href="t20230301_12_1.html">2</a> <a href="t20230301_12_2.html">3</a>'


def test_the_pages_of_an_article_are_fetched_in_order_and_archived_as_one():
    s = spider(url="http://www.x.gov.cn/")
    out = list(s.parse_page(article(BASE + "t20230301_12.html", paras(1), PAGER)))
    assert not [o for o in out if isinstance(o, CrawledArticle)]  # not before its pages
    part = next(o for o in out if isinstance(o, Request) and o.meta.get("kind") == "part")
    assert part.url == BASE + "t20230301_12_1.html"
    assert BASE + "t20230301_12_2.html" not in {o.url for o in out if isinstance(o, Request)}
    response = article(part.url, paras(2), PAGER)
    response.request.meta.update(part.meta)
    out = list(s.parse_article_part(response))
    part = next(o for o in out if isinstance(o, Request) and o.meta.get("kind") == "part")
    assert part.url == BASE + "t20230301_12_2.html"
    response = article(part.url, paras(3), PAGER)
    response.request.meta.update(part.meta)
    [item] = [o for o in s.parse_article_part(response) if isinstance(o, CrawledArticle)]
    assert item.url == BASE + "t20230301_12.html"
    assert item.article.body.split("\n") == paras(1) + paras(2) + paras(3)
    assert item.page_urls == (BASE + "t20230301_12_1.html", BASE + "t20230301_12_2.html")
    assert item.page_count == 3
    assert s.crawler.stats.get_value("portal/article_parts") == 2


def test_a_later_page_reached_first_leads_to_the_first_page():
    s = spider(url="http://www.x.gov.cn/")
    out = list(s.parse_page(article(BASE + "t20230301_12_2.html", paras(3), PAGER)))
    assert not [o for o in out if isinstance(o, CrawledArticle)]
    assert BASE + "t20230301_12.html" in {o.url for o in out if isinstance(o, Request)}
    assert s.crawler.stats.get_value("portal/article_parts_first") == 1


def test_a_failed_page_archives_what_was_read_and_records_the_failure():
    s = spider(url="http://www.x.gov.cn/")
    out = list(s.parse_page(article(BASE + "t20230301_12.html", paras(1), PAGER)))
    part = next(o for o in out if isinstance(o, Request) and o.meta.get("kind") == "part")
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = part
    out = list(s.article_part_failed(failure))
    [item] = [o for o in out if isinstance(o, CrawledArticle)]
    [lost] = [o for o in out if isinstance(o, FetchFailure)]
    assert item.article.body.split("\n") == paras(1) and item.page_count == 1
    assert lost.url == BASE + "t20230301_12_1.html" and "page of an article" in lost.reason
    assert s.crawler.stats.get_value("portal/multipage_incomplete") == 1


def test_a_page_that_repeats_the_text_is_no_part_of_the_article():
    """An article's comment pager (?page=2) shows the same article again: one page."""
    s = spider(url="http://www.x.gov.cn/")
    url = "http://www.x.gov.cn/news/show.php?id=7"
    out = list(s.parse_page(article(url, paras(1), f'<a href="{url}&page=2">2</a>')))
    part = next(o for o in out if isinstance(o, Request) and o.meta.get("kind") == "part")
    response = article(part.url, paras(1), f'<a href="{url}">1</a>')
    response.request.meta.update(part.meta)
    [item] = [o for o in s.parse_article_part(response) if isinstance(o, CrawledArticle)]
    assert item.article.body.split("\n") == paras(1) and item.later_pages == ()
    assert s.crawler.stats.get_value("portal/article_parts_repeated") == 1


def test_a_short_last_page_counts_and_a_missing_one_is_recorded():
    s = spider(url="http://www.x.gov.cn/")
    pager = '<a href="t20230301_12.html">1</a> <a href="t20230301_12_1.html">2</a>'
    out = list(s.parse_page(article(BASE + "t20230301_12.html", paras(1), pager)))
    part = next(o for o in out if isinstance(o, Request) and o.meta.get("kind") == "part")
    short = article(part.url, ["下一步，颍川县将继续做好春耕服务，确保全年粮食丰收。"], pager)
    short.request.meta.update(part.meta)
    [item] = [o for o in s.parse_article_part(short) if isinstance(o, CrawledArticle)]
    assert item.article.body.split("\n")[-1].startswith("下一步") and item.page_count == 2
    gone = article(part.url, ["对不起，您访问的页面不存在或已被删除"], pager)
    gone.request.meta.update(part.meta)
    part.meta["article_parts"].read.clear()
    part.meta["article_parts"].bodies[1:] = []
    out = list(s.parse_article_part(gone))
    assert [o.reason for o in out if isinstance(o, FetchFailure)] == [
        "page of an article: not a page of the article"
    ]


def answer(request: Request, records: list[int], total: int | None) -> XmlResponse:
    items = "".join(
        f'<record><![CDATA[<li><a href="/art/2023/3/{n}/art_1229_{n}.html">通知{n}</a><span>2023-03-0{n}</span></li>]]></record>'
        for n in records
    )
    counts = "" if total is None else f"<totalrecord>{total}</totalrecord>"
    body = f"<datastore>{counts}<recordset>{items}</recordset></datastore>"
    return XmlResponse(request.url, body=body.encode(), request=request)


def test_a_jpage_column_is_paged_by_dataproxy_posts_until_totalrecord():
    s = spider(url="http://www.x.gov.cn/")
    out = list(s.parse_page(HtmlResponse(COLUMN, body=HANWEB.encode(), request=Request(COLUMN))))
    [post] = [o for o in out if isinstance(o, Request) and o.method == "POST"]
    assert (
        post.url
        == "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=2"
    )
    form = {k: v[0] for k, v in parse_qs(post.body.decode()).items()}
    assert (form["columnid"], form["unitid"], form["webid"], form["col"]) == (
        "1229",
        "4567",
        "1",
        "1",
    )
    assert post.meta["kind"] == "list" and post.meta["pagination"]  # paging stops on known ones
    starts, request = [], post
    while request is not None:
        start = request.cb_kwargs["start"]
        starts.append(start)
        records = list(range(start, min(start + 2, 8)))
        out = list(s.parse_jpage(answer(request, records, 7), **request.cb_kwargs))
        articles = {o.url for o in out if isinstance(o, Request) and o.method == "GET"}
        assert articles == {
            f"http://www.x.gov.cn/art/2023/3/{n}/art_1229_{n}.html" for n in records
        }
        request = next((o for o in out if isinstance(o, Request) and o.method == "POST"), None)
    assert starts == [3, 5, 7]
    assert s.crawler.stats.get_value("portal/jpage_pages") == 3


def test_a_profile_names_a_dataproxy_list(tmp_path):
    url = "https://www.x.gov.cn/module/web/jpage/dataproxy.jsp?webid=2&columnid=88&unitid=99&perpage=20"
    (tmp_path / "county.toml").write_text(
        f'start_urls = ["https://www.x.gov.cn/"]\njpage_lists = ["{url}"]\n', encoding="utf-8"
    )
    crawler = get_crawler(PortalSpider, settings_dict=project_settings(SITES_DIR=str(tmp_path)))
    crawler.settings.frozen = False
    s = PortalSpider.from_crawler(crawler, site="county")

    async def start() -> list:
        return [r async for r in s.start()]

    [post] = [r for r in asyncio.run(start()) if isinstance(r, Request) and r.method == "POST"]
    assert post.url.endswith("dataproxy.jsp?startrecord=1&endrecord=60&perpage=20")
    form = {k: v[0] for k, v in parse_qs(post.body.decode()).items()}
    assert (form["webid"], form["columnid"], form["unitid"]) == ("2", "88", "99")


def test_a_dataproxy_that_ignores_startrecord_is_not_paged_for_ever():
    s = spider(url="http://www.x.gov.cn/")
    out = list(s.parse_page(HtmlResponse(COLUMN, body=HANWEB.encode(), request=Request(COLUMN))))
    [post] = [o for o in out if isinstance(o, Request) and o.method == "POST"]
    first = list(s.parse_jpage(answer(post, [3, 4], None), **post.cb_kwargs))
    [again] = [o for o in first if isinstance(o, Request) and o.method == "POST"]
    # No totalrecord, and the same records whatever is asked: paging ends there.
    repeated = list(s.parse_jpage(answer(again, [3, 4], None), **again.cb_kwargs))
    assert not [o for o in repeated if isinstance(o, Request) and o.method == "POST"]
    assert s.crawler.stats.get_value("portal/jpage_repeated") == 1
