"""政务动态 article pages in the style of Hanweb (大汉): the body in ``<div id="zoom">``
between the ContentStart/ContentEnd marks, 发布日期 (the day only) and 信息来源."""

from __future__ import annotations

from html import escape

from demo import content as C
from demo.pages.chrome import (
    attachment_list,
    body_html,
    footer,
    head,
    header,
    hot_box,
    related_box,
)
from demo.portal import Article


def article_page(art: Article, hot: list[Article]) -> str:
    """The page of a 政务动态 article."""
    sec = art.section
    metas = (
        f'<meta name="SiteName" content="{C.SITE_NAME}">\n'
        f'<meta name="ColumnName" content="{sec.name}">\n'
        '<meta name="ColumnType" content="政务动态">\n'
        f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
        + (f'<meta name="PubDate" content="{art.date_shown}">\n' if art.dated else "")
        + f'<meta name="ContentSource" content="{art.source}">\n'
        f'<meta name="Url" content="{art.url}">\n'
    )
    info = (f"<span>发布日期：{art.date_shown}</span>" if art.dated else "") + (
        f"<span>信息来源：{art.source}</span>"
        '<span>浏览次数：<script language="javascript" '
        f'src="/module/visitcount/articlehits.jsp?colid=1228&amp;artid={art.aid}"></script></span>'
        '<span>字体：[ <a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a>'
        ' <a href="javascript:doZoom(14)">小</a> ]</span>'
    )
    return (
        head(f"{C.SITE_NAME} {sec.name} {art.title}", extra=metas)
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        '<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
        f'<a href="{sec.list_url(1)}">{sec.name}</a></div>\n'
        '<div class="left">\n<div class="article">\n'
        f'<h1 class="article-title">{escape(art.title)}</h1>\n'
        f'<div class="info article-info">{info}</div>\n'
        '<div id="zoom" class="body">\n<!--ZJEG_RSS.content.begin--><meta name="ContentStart">\n'
        + body_html(art)
        + "\n"
        + attachment_list(art)
        + '<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->\n</div>\n'
        '<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> '
        '<a href="javascript:window.close()">【关闭窗口】</a></div>\n'
        "</div>\n"
        + related_box(art)
        + "\n</div>\n"
        + f'<div class="right">{hot_box(hot, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )
