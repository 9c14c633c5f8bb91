"""The portal spider's own decisions, on responses built in the test (no network)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from core.items import CrawledArticle, ListDate
from scrapers.spiders.portal import PortalSpider, profile_for
from tests.conftest import project_settings
from tests.fixture_cases import FIXTURES

LIST = b"""<html><head><meta charset="utf-8"><title>News</title></head><body><ul>
<li><a href="/xwzx/content_7.html">An undated article</a><span>2023-01-30</span></li>
<li><a href="/xwzx/202301/t20230129_1.html">Dated</a><span>2023-01-29</span></li>
<li><a href="/search.php?keyword=x">search</a></li><li><a href="/rili/2023-01.html">calendar</a></li>
<li><a href="http://other.example.com/a/1.html">elsewhere</a></li>
<li><a href="/xwzx/index_2.html">next</a></li></ul></body></html>"""


def list_response(url: str = "http://www.x.gov.cn/xwzx/index.html") -> HtmlResponse:
    return HtmlResponse(url, body=LIST, request=Request(url))


def spider(**kwargs) -> PortalSpider:
    crawler = get_crawler(PortalSpider, settings_dict=project_settings())
    crawler.settings.frozen = False  # as in a real crawl, from_crawler runs before the freeze
    return PortalSpider.from_crawler(crawler, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of"),
        ({"url": "http://x.gov.cn/", "site": "demo"}, "exactly one of"),
        ({"url": "x.gov.cn"}, "http(s) URL"),
        ({"site": "no_such_site"}, "no site profile"),
    ],
)
def test_bad_arguments_are_usage_errors(kwargs, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        profile_for(kwargs.get("url"), kwargs.get("site"), "sites")


def test_a_url_alone_makes_a_profile():
    s = spider(url="http://www.yuzhou.gov.cn/xwzx/")
    assert s.profile.name == "www.yuzhou.gov.cn"
    assert s.allowed_domains == ["yuzhou.gov.cn"]


def test_list_page_links_and_traps():
    s = spider(url="http://www.x.gov.cn/")
    response = list_response()
    out = list(s.parse_page(response))
    urls = {r.url for r in out if isinstance(r, Request)}
    assert "http://www.x.gov.cn/xwzx/content_7.html" in urls
    assert "http://www.x.gov.cn/xwzx/index_2.html" in urls
    assert not any("search" in u or "rili" in u for u in urls)
    dated = next(r for r in out if isinstance(r, Request) and r.url.endswith("t20230129_1.html"))
    assert dated.meta["list_date"] == "2023-01-29"


def test_an_undated_article_gets_its_list_date_even_when_fetched_first():
    s = spider(url="http://www.x.gov.cn/")
    seed = (FIXTURES / "seed-yuzhou" / "input.html").read_bytes()
    article_url = "http://www.x.gov.cn/xwzx/content_7.html"
    request = Request(article_url)
    out = list(s.parse_page(HtmlResponse(article_url, body=seed, request=request)))
    [item] = [o for o in out if isinstance(o, CrawledArticle)]
    assert item.article.published_at is None
    out = list(s.parse_page(list_response()))
    assert [o for o in out if isinstance(o, ListDate)] == [
        ListDate("www.x.gov.cn", article_url, "2023-01-30", "2023-01-30")
    ]


def test_an_article_fetched_after_its_list_carries_the_list_date():
    s = spider(url="http://www.x.gov.cn/")
    list(s.parse_page(list_response()))
    seed = (FIXTURES / "seed-yuzhou" / "input.html").read_bytes()
    url = "http://www.x.gov.cn/xwzx/content_7.html"
    out = list(s.parse_page(HtmlResponse(url, body=seed, request=Request(url))))
    [item] = [o for o in out if isinstance(o, CrawledArticle)]
    assert (item.article.published_at, item.article.date_source) == ("2023-01-30", "list")


def test_profile_patterns_decide_what_is_an_article(tmp_path):
    (tmp_path / "p.toml").write_text(
        'start_urls = ["http://www.x.gov.cn/"]\narticle_patterns = ["/xwzx/\\\\d+/"]\n',
        encoding="utf-8",
    )
    crawler = get_crawler(PortalSpider, settings_dict=project_settings(SITES_DIR=str(tmp_path)))
    crawler.settings.frozen = False
    s = PortalSpider.from_crawler(crawler, site="p")
    seed = (FIXTURES / "seed-yuzhou" / "input.html").read_bytes()
    outside = "http://www.x.gov.cn/about/us.html"
    inside = "http://www.x.gov.cn/xwzx/2023/7.html"
    assert not [
        o
        for o in s.parse_page(HtmlResponse(outside, body=seed, request=Request(outside)))
        if isinstance(o, CrawledArticle)
    ]
    assert [
        o
        for o in s.parse_page(HtmlResponse(inside, body=seed, request=Request(inside)))
        if isinstance(o, CrawledArticle)
    ]


EDITION_PAGE = """<html><head><meta charset="utf-8"><title>颍川报</title></head><body>
<a href="../04/node_1.htm">上一期</a> <a href="../../../period.htm">往期回顾</a>
<a href="node_1.htm">第01版：要闻</a> <a href="node_2.htm">第02版：综合</a>
<ul><li><a href="content_11.htm">全县落实小麦一喷三防</a></li></ul>
<a href="/module/download/downfile.jsp?classid=0&filename=1.pdf">版面PDF</a>
</body></html>""".encode()
EPAPER = "http://epaper.x.cn/html/2023-03/05/"


def edition_response(url: str, body: bytes = EDITION_PAGE) -> HtmlResponse:
    return HtmlResponse(url, body=body, request=Request(url))


def test_an_edition_page_gives_its_articles_the_page_and_follows_the_window():
    s = spider(url="http://epaper.x.cn/")
    s.editions.days = 2
    out = list(s.parse_page(edition_response(EPAPER + "node_2.htm")))
    requests = {r.url: r for r in out if isinstance(r, Request)}
    article = requests[EPAPER + "content_11.htm"]
    assert article.meta["edition"] == {"edition_date": "2023-03-05", "page_no": "02",
                                       "page_name": "综合"}  # fmt: skip
    assert requests["http://epaper.x.cn/period.htm"].callback == s.parse_calendar
    # Founder's calendar reads the month's period.xml, linked or not: asked for, quietly.
    month = requests["http://epaper.x.cn/html/2023-03/period.xml"]
    assert month.callback == s.parse_calendar and month.meta["handle_httpstatus_all"]
    missing = HtmlResponse(month.url, status=404, body=b"<html>404</html>", request=month)
    assert list(s.parse_calendar(missing)) == []
    previous = requests["http://epaper.x.cn/html/2023-03/04/node_1.htm"]  # 上一期, inside
    assert previous.meta["pagination"]  # a repeated crawl stops at an issue it holds
    assert not any("downfile" in u for u in requests)  # an attachment is never a page
    # The issue of the day before is in the window of two days, the one before it not.
    day_before = EDITION_PAGE.replace(b"../04/", b"../03/")
    older = s.parse_page(
        edition_response("http://epaper.x.cn/html/2023-03/04/node_1.htm", day_before)
    )
    older = list(older)
    assert not any("2023-03/03" in r.url for r in older if isinstance(r, Request))
    assert s.crawler.stats.get_value("portal/edition/outside_window") == 1
    calendar = HtmlResponse(
        "http://epaper.x.cn/period.htm",
        body=b'<a href="html/2023-03/05/node_1.htm">5</a><a href="html/2023-03/01/node_1.htm">1</a>'
        b'<a href="html/2023-03/04/node_3.htm">4</a>',
    )
    assert [r.url for r in s.parse_calendar(calendar)] == [
        "http://epaper.x.cn/html/2023-03/04/node_3.htm"  # node_1 of the 5th was asked already
    ]
    # A month of issues all outside the window: its month before is not asked for.
    old_month = HtmlResponse(
        "http://epaper.x.cn/period.htm?ym=2023-02",
        body='<a href="html/2023-02/27/node_1.htm">27</a><a href="?ym=2023-01">上月</a>'.encode(),
    )
    assert list(s.parse_calendar(old_month)) == []
    s.editions.days = 0  # every issue: the month before too
    assert [r.url for r in s.parse_calendar(old_month)] == [
        "http://epaper.x.cn/html/2023-02/27/node_1.htm",
        "http://epaper.x.cn/period.htm?ym=2023-01",
    ]


def test_an_article_takes_the_page_it_was_linked_from():
    s = spider(url="http://epaper.x.cn/")
    body = """<html><head><meta charset="utf-8"><title>全县落实小麦一喷三防</title></head><body>
<h1>全县落实小麦一喷三防</h1><div><p>3月4日，县农业农村局组织农技人员深入田间地头，指导群众开展小麦病虫害防治。</p>
<p>全县今年落实小麦一喷三防面积十二万亩，覆盖全部种植乡镇。</p></div></body></html>""".encode()
    url = EPAPER + "content_11.htm"
    printed = {"edition_date": "2023-03-05", "page_no": "02", "page_name": "综合"}
    response = HtmlResponse(url, body=body, request=Request(url, meta={"edition": printed}))
    (item,) = [i for i in s.parse_page(response) if isinstance(i, CrawledArticle)]
    a = item.article
    assert (a.edition_date, a.page_no, a.page_name, a.published_at) == (
        "2023-03-05", "02", "综合", "2023-03-05"
    )  # fmt: skip


def test_a_document_served_at_a_page_url_is_neither_page_nor_error():
    s = spider(url="http://www.x.gov.cn/")
    url = "http://www.x.gov.cn/getfile?id=12"
    response = HtmlResponse(url, body=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})
    assert list(s.parse_page(response)) == []
    assert s.crawler.stats.get_value("portal/documents_skipped") == 1


def test_the_issue_window_comes_from_the_profile_before_the_setting(tmp_path):
    (tmp_path / "paper.toml").write_text(
        'name = "paper"\nstart_urls = ["http://epaper.x.cn/"]\nedition_days = 3\n', "utf-8"
    )
    crawler = get_crawler(
        PortalSpider, settings_dict=project_settings(SITES_DIR=str(tmp_path), EDITION_DAYS=9)
    )
    crawler.settings.frozen = False
    assert PortalSpider.from_crawler(crawler, site="paper").editions.days == 3
    assert spider(url="http://epaper.x.cn/").editions.days == 0  # EDITION_DAYS: every issue
