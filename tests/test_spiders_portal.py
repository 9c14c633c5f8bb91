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
