"""Link kinds, traps, and the dates lists show beside links."""

from __future__ import annotations

import pytest
from lxml import etree

from scrapers.extract.links import classify, page_links


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://x.gov.cn/xwzx/202301/t20230129_123.html", "article"),
        ("http://x.gov.cn/art/2023/1/29/art_12_345.html", "article"),
        ("http://x.com/a/xinwen/2023/0129/123.html", "article"),
        ("http://x.com/html/show-12-34-1.html", "article"),
        ("http://x.com/news/2023-01-29/55.html", "article"),
        ("http://x.com/index.php?m=content&c=index&a=show&catid=12&id=34", "article"),
        ("http://x.com/e/action/ShowInfo.php?classid=1&id=2", "article"),
        ("http://x.gov.cn/xwzx/index_2.html", "list"),
        ("http://x.com/a/xinwen/list_3_2.html", "list"),
        ("http://x.gov.cn/col/col1228/index.html", "list"),
        ("http://x.gov.cn/news/?page=3", "list"),
        ("http://x.gov.cn/rss.xml", "feed"),
        ("http://x.gov.cn/search.php?keyword=禹州", "skip"),
        ("http://x.gov.cn/so/?q=经济", "skip"),
        ("http://x.gov.cn/calendar/2023/01/", "skip"),
        ("http://x.gov.cn/news/list.php?date=2023-01-29", "skip"),
        ("http://x.gov.cn/files/a.pdf", "skip"),
        ("http://x.gov.cn/a/b/a/b/a/b/1.html", "skip"),
        ("ftp://x.gov.cn/a.html", "skip"),
    ],
)
def test_classify(url, kind):
    assert classify(url) == kind


def test_list_dates_come_from_the_item_not_the_headline():
    html = """<html><body><ul>
      <li><a href="/xwzx/202301/t20230129_1.html">2022年总结会召开</a><span>2023-01-29</span></li>
      <li><a href="/xwzx/content_2.html">无日期的新闻</a></li>
      <li><a href="/xwzx/content_3.html">第三条</a> (2023年1月5日)</li>
    </ul><a href="/xwzx/content_2.html">无日期的新闻</a>
    <a href="javascript:void(0)">x</a><a href="/a.jpg">图</a></body></html>"""
    root = etree.fromstring(html, etree.HTMLParser())
    links = {link.url: link for link in page_links(root, "http://x.gov.cn/xwzx/index.html")}
    assert set(links) == {
        "http://x.gov.cn/xwzx/202301/t20230129_1.html",
        "http://x.gov.cn/xwzx/content_2.html",
        "http://x.gov.cn/xwzx/content_3.html",
    }
    assert links["http://x.gov.cn/xwzx/202301/t20230129_1.html"].list_date == "2023-01-29"
    assert links["http://x.gov.cn/xwzx/content_2.html"].list_date is None
    assert links["http://x.gov.cn/xwzx/content_3.html"].list_date == "2023-01-05"


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("http://x.gov.cn/xwzx/index_2.html", "2", True),
        ("http://x.gov.cn/list.jsp?pageNum=3", "更多", True),
        ("http://x.gov.cn/a/list_3_2.html", "", True),
        ("http://x.gov.cn/col/col1228/index.html", "下一页", True),
        ("http://x.gov.cn/search?p=2", "", True),
        ("http://x.gov.cn/xwzx/202301/t20230129_1.html", "县里开会", False),
        ("http://x.gov.cn/show.php?id=12", "新闻", False),
    ],
)
def test_pagination_links(url, text, expected):
    from scrapers.extract.links import Link, is_pagination

    assert is_pagination(Link(url, text, "list", None, None)) is expected
