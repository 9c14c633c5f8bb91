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


TEXT = (
    "<p>1月28日，县里召开经济运行分析会，部署全年重点工作，要求各乡镇抓好项目建设和招商引资。</p>"
    "<p>会议强调，要全力以赴抓开工、抓进度、抓投产，以项目建设的加速度推动高质量发展。</p>"
)


def test_a_page_titled_only_with_the_site_name_keeps_its_headline():
    html = (
        "<html><head><title>某县融媒体中心</title></head><body>"
        "<div class='logo'>某县融媒体中心</div><h2>县里召开经济运行分析会</h2>"
        f"<div class='info'>时间：2023-01-29 10:21 来源：某县融媒体中心</div><div>{TEXT}</div>"
        "</body></html>"
    )
    a = extract_article(html.encode())
    assert (a.is_article, a.title, a.published_at) == (
        True,
        "县里召开经济运行分析会",
        "2023-01-29T10:21:00+08:00",
    )


def test_a_government_box_gives_the_publish_date_and_the_document_date():
    cells = "".join(
        f"<td>{label}</td><td>{value}</td>"
        for label, value in [
            ("索  引  号：", "431123-02-2024-000187"),
            ("成文日期：", "2024-03-08"),
            ("发布日期：", "2024-03-12"),
        ]
    )
    html = (
        "<html><head><title>关于印发方案的通知_某县人民政府</title></head><body>"
        f"<table><tr>{cells}</tr></table><h1>关于印发方案的通知</h1><div>{TEXT}</div>"
        "</body></html>"
    )
    a = extract_article(html.encode())
    assert (a.published_at, a.document_date) == ("2024-03-12", "2024-03-08")
    assert "431123" not in a.body


def test_the_credit_closing_the_last_paragraph_names_the_authors():
    body = TEXT.replace("高质量发展。</p>", "高质量发展。（记者 张三 通讯员 李四）</p>")
    assert extract_article(page("县里召开经济运行分析会", body)).author == ["张三", "李四"]
    words = TEXT.replace("高质量发展。</p>", "高质量发展。（待续）</p>")
    assert extract_article(page("县里召开经济运行分析会", words)).author == []


def test_related_links_on_the_heading_line():
    body = TEXT + "<p>相关新闻：<a href='/a/1.html'>县里召开项目推进会议</a></p>"
    a = extract_article(page("县里召开经济运行分析会", body), "http://www.x.gov.cn/a/3.html")
    assert a.related == [{"title": "县里召开项目推进会议", "url": "http://www.x.gov.cn/a/1.html"}]
