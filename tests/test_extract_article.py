"""is_article: articles, and the pages that only look like them."""

from __future__ import annotations

from scrapers.extract import extract_article

SHORT = "<p>6月3日至5日，G342线孙庄段封闭施工，请过往车辆提前绕行。</p>"


def page(title: str, body: str, headline: str | None = None) -> bytes:
    headline = headline or title
    return (
        f"<html><head><title>{title}_某县融媒体中心</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a><a href='/xw/'>新闻</a></div>"
        f"<h1>{headline}</h1><div class='content'>{body}</div></body></html>"
    ).encode()


def test_a_short_item_is_an_article():
    assert extract_article(page("G342线孙庄段封闭施工", SHORT)).is_article


def test_a_number_in_the_title_is_not_an_error_code():
    assert extract_article(page("全县第1403期农技培训班开班", SHORT)).is_article


def test_an_error_page_is_not_an_article():
    body = "<p>抱歉，您访问的页面不存在或已被删除。</p>"
    assert not extract_article(page("404 页面不存在", body)).is_article


def test_a_teaser_is_not_an_article():
    teaser = (
        "<h2><a href='/xw/202301/t20230129_1.html'>县委召开全县经济工作会议</a></h2>"
        "<p>1月28日，县委召开经济工作会议，总结去年工作，部署今年任务……</p>"
    )
    html = (
        f"<html><head><title>某县融媒体中心</title></head><body><div class='focus'>"
        f"{teaser}</div></body></html>"
    ).encode()
    assert not extract_article(html).is_article
