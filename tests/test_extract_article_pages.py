"""The pages of an article split over several: from its pager or its createPageHTML."""

from __future__ import annotations

from scrapers.extract import article_pages, read_page

BASE = "http://x.gov.cn/xwzx/202303/"


def test_underscore_pages_in_order_from_any_page():
    links = [BASE + "t20230301_12_2.html", BASE + "t20230301_12_1.html", BASE + "t20230302_13.html"]
    first = article_pages(BASE + "t20230301_12.html", links, [])
    assert first.urls == [
        BASE + "t20230301_12.html",
        BASE + "t20230301_12_1.html",
        BASE + "t20230301_12_2.html",
    ]
    assert first.index == 0
    third = article_pages(
        BASE + "t20230301_12_2.html", [BASE + "t20230301_12.html", BASE + "t20230301_12_1.html"], []
    )
    assert third.first == BASE + "t20230301_12.html" and third.index == 2


def test_a_pager_of_neighbours_only():
    """Page 3 whose pager links pages 2 and 4 only is still a later page of the article."""
    url = BASE + "t20230301_123456_2.html"
    links = [BASE + "t20230301_123456_1.html", BASE + "t20230301_123456_3.html"]
    pages = article_pages(url, links, [])
    assert pages.first == BASE + "t20230301_123456.html" and pages.index == 2


def test_query_pages():
    url = "http://x.com/news/show.php?id=7"
    pages = article_pages(
        url, [url + "&page=3", url + "&page=2", "http://x.com/news/show.php?id=8"], []
    )
    assert pages.urls == [url, url + "&page=2", url + "&page=3"]
    second = article_pages(url + "&page=2", [url, url + "&page=3"], [])
    assert second.first == url and second.index == 1


def test_phpcms_pages():
    first = "http://x.com/html/show-12-34-1.html"
    pages = article_pages(first, ["http://x.com/html/show-12-34-3.html", "http://x.com/html/show-12-34-2.html",
                                  "http://x.com/html/show-12-35-1.html"], [])  # fmt: skip
    assert [u.rsplit("/", 1)[1] for u in pages.urls] == [
        "show-12-34-1.html", "show-12-34-2.html", "show-12-34-3.html"]  # fmt: skip
    assert article_pages("http://x.com/html/show-12-34-2.html", [first], []).index == 1


def test_create_page_html_of_an_article():
    pages = article_pages(
        BASE + "t20230301_12.shtml", [], ['createPageHTML(3, 0, "t20230301_12", "shtml");']
    )
    assert pages.urls[1:] == [BASE + "t20230301_12_1.shtml", BASE + "t20230301_12_2.shtml"]


def test_one_page_articles_and_look_alikes():
    assert article_pages(BASE + "t20230301_12.html", [BASE + "t20230301_13.html"], []) is None
    # A page numbered _2 whose pager does not lead back to a first page is its own page.
    assert article_pages("http://x.com/a/8841_2.html", ["http://x.com/a/8842.html"], []) is None


def test_read_page_keeps_the_pages_out_of_the_links():
    body = "".join(
        f"<p>第{i}段：颍川县今年春耕生产有序推进，全县农机具检修完毕，种子化肥储备充足。</p>"
        for i in range(8)
    )
    page = f"""<html><head><title>春耕生产有序推进</title></head><body><h1>春耕生产有序推进</h1>
    <div class="info">发布时间：2023-03-01 10:00 来源：颍川县融媒体中心</div>
    <div class="TRS_Editor">{body}</div>
    <div class="page"><span>1</span> <a href="t20230301_12_1.html">2</a> <a href="t20230301_12_1.html">下一页</a></div>
    <ul><li><a href="t20230302_13.html">另一篇</a></li></ul></body></html>"""
    reading = read_page(page.encode(), BASE + "t20230301_12.html", {})
    assert reading.article.is_article
    assert reading.pages.urls == [BASE + "t20230301_12.html", BASE + "t20230301_12_1.html"]
    assert BASE + "t20230301_12_1.html" not in {link.url for link in reading.links}
    assert BASE + "t20230302_13.html" in {link.url for link in reading.links}
