"""Publish dates: formats, sources, precedence, and no guesses."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_article
from scrapers.extract.dates import date_from_url, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年1月29日 10:21", "2023-01-29T10:21:00+08:00"),
        ("2023年01月29日10时21分", "2023-01-29T10:21:00+08:00"),
        ("2023-01-29", "2023-01-29"),
        ("2023/1/29", "2023-01-29"),
        ("2023.01.29", "2023-01-29"),
        ("发布时间：2023-01-29 10:21:33", "2023-01-29T10:21:33+08:00"),
        ("2023-01-29T02:21:00Z", "2023-01-29T10:21:00+08:00"),
        ("2023-01-29T10:21:00+08:00", "2023-01-29T10:21:00+08:00"),
        ("1674958860", "2023-01-29T10:21:00+08:00"),
        ("20230129", "2023-01-29"),
    ],
)
def test_formats(text, iso):
    assert parse_date(text, "text").value == iso


@pytest.mark.parametrize(
    "text", ["2023年", "2023年1月", "Copyright 2003-2023", "2023-13-01", "2023-02-30", "1月29日"]
)
def test_no_partial_or_impossible_dates(text):
    assert parse_date(text, "text") is None


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.x.gov.cn/xwzx/202301/t20230129_123.html", "2023-01-29"),
        ("http://www.x.com/a/xinwen/2023/0129/8812.html", "2023-01-29"),
        ("http://www.x.gov.cn/art/2023/1/29/art_12_345.html", "2023-01-29"),
        ("https://news.x.com/2023-01/29/c_1129.htm", "2023-01-29"),
        ("https://x.com/c/2019-11-25/doc-iihnzahi3275702.shtml", "2019-11-25"),
        ("http://www.x.com/news/2023/01/29/123.html", "2023-01-29"),
    ],
)
def test_dates_in_urls(url, day):
    assert date_from_url(url).value == day


@pytest.mark.parametrize(
    "url", ["http://www.x.com/news/index_2.html", "http://www.x.com/2023/list.html", None]
)
def test_urls_without_dates(url):
    assert date_from_url(url) is None


def article(header: str = "", head: str = "", footer: str = "") -> bytes:
    return (
        f"<html><head><title>县里开会_某县</title>{head}</head><body>"
        f"<h1>县里开会</h1>{header}"
        "<div class='content'><p>1月28日，县里召开经济运行分析会，部署全年重点工作。</p>"
        "<p>会议要求各部门抓好项目建设，确保一季度开门红。</p></div>"
        f"{footer}</body></html>"
    ).encode()


def test_metaline_date_wins_over_the_url():
    record = extract_article(
        article("<p>发布时间：2023-01-30 08:00 来源：某县融媒体中心</p>"),
        "http://www.x.gov.cn/xwzx/202301/t20230129_1.html",
    )
    assert (record.published_at, record.date_source) == ("2023-01-30T08:00:00+08:00", "metaline")
    assert record.published_at_raw == "2023-01-30 08:00"


def test_meta_tag_gives_the_time_of_the_same_day():
    record = extract_article(
        article("<p>日期：2023-01-29</p>", '<meta name="PubDate" content="2023-01-29 10:21">')
    )
    assert record.published_at == "2023-01-29T10:21:00+08:00"


def test_json_ld():
    ld = (
        '<script type="application/ld+json">{"datePublished": "2023-01-29T10:21:00+08:00"}</script>'
    )
    record = extract_article(article(head=ld))
    assert (record.published_at, record.date_source) == ("2023-01-29T10:21:00+08:00", "jsonld")


def test_url_date_when_the_page_has_none():
    record = extract_article(article(), "http://www.x.gov.cn/xwzx/202301/t20230129_1.html")
    assert (record.published_at, record.date_source) == ("2023-01-29", "url")


def test_no_date_from_footer_copyright_or_other_articles():
    footer = (
        "<div class='list'><h3>最新文章</h3><ul><li><a href='/a.html'>另一篇</a> 2023-01-20</li>"
        "<li><a href='/b.html'>又一篇</a> 2023-01-18</li></ul></div>"
        "<div class='footer'>Copyright © 2008-2023 某县融媒体中心 版权所有 2023年1月1日</div>"
    )
    record = extract_article(article(footer=footer), "http://www.x.gov.cn/xwzx/content_1.html")
    assert (record.published_at, record.date_source) == (None, "none")
