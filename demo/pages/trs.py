"""新闻中心 and 专题报道 article pages in the style of TRS WCM: ``<meta name="PubDate">``,
the body in ``<div class="TRS_Editor">``, links relative to the page; an article split
over pages has a pager of links or a createPageHTML call on each of them."""

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
    rel,
    related_box,
)
from demo.portal import Article


def pager(art: Article, page: int) -> str:
    """The pager of an article split over pages: links (上一页 1 2 3 下一页), or only the
    createPageHTML call that writes them in a browser."""
    urls = art.page_urls
    if art.page_style == "createPageHTML":
        stem, ext = art.url.rsplit("/", 1)[1].rsplit(".", 1)
        return (
            '<div class="page" id="page_div"></div>\n<script type="text/javascript">\n'
            f"var countPage = {art.pages}//共多少页\nvar currentPage = {page - 1};//当前第几页\n"
            f'createPageHTML("page_div", countPage, currentPage, "{stem}", "{ext}");\n</script>'
        )

    def href(n: int) -> str:
        return rel(urls[n - 1].split("?")[0], art.url) + (
            "?" + urls[n - 1].split("?")[1] if "?" in urls[n - 1] else ""
        )

    parts = [f'<a href="{href(page - 1)}">上一页</a>' if page > 1 else "<span>上一页</span>"]
    for n in range(1, art.pages + 1):
        parts.append(
            f'<span class="cur">{n}</span>' if n == page else f'<a href="{href(n)}">{n}</a>'
        )
    parts.append(
        f'<a href="{href(page + 1)}">下一页</a>' if page < art.pages else "<span>下一页</span>"
    )
    return f'<div class="page">{" ".join(parts)}</div>'


def article_page(art: Article, hot: list[Article], page: int = 1) -> str:
    """The page of a 新闻中心 or 专题报道 article (page ``page`` of those it is split over)."""
    sec = art.section
    metas = (
        f'<meta name="SiteName" content="{C.SITE_NAME}">\n'
        f'<meta name="ColumnName" content="{sec.name}">\n'
        f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
        + (f'<meta name="PubDate" content="{art.date_shown}">\n' if art.dated else "")
        + f'<meta name="ContentSource" content="{art.source}">\n'
        f'<meta name="Description" content="{escape(art.summary)}">\n'
    )
    info = (f"<span>发布时间：{art.date_shown}</span>" if art.dated else "") + (
        f"<span>来源：{art.source}</span>"
        '<span>字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a>'
        ' <a href="javascript:doZoom(14)">小</a></span>'
    )
    return (
        head(f"{art.title}_{sec.name}_{C.SITE_NAME}", extra=metas)
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        f'<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
        f'<a href="{rel(sec.list_url(1), art.url)}">{sec.name}</a></div>\n'
        '<div class="left">\n<div class="xl_con">\n'
        f"<h1>{escape(art.title)}</h1>\n"
        f'<div class="info xl_info">{info}</div>\n'
        '<div class="TRS_Editor body"><style type="text/css">.TRS_Editor P{margin-top:5px;'
        "margin-bottom:5px;line-height:2;font-family:宋体;font-size:12pt;}</style>\n"
        + body_html(art, ' style="text-indent: 2em;"', page)
        + "\n</div>\n"
        + (pager(art, page) + "\n" if art.pages > 1 else "")
        + attachment_list(art, relative=True)
        + f'<div class="xl_editor">责任编辑：{art.editor}</div>\n'
        '<div class="xl_tools">【<a href="javascript:window.print()">打印</a>】'
        '【<a href="javascript:window.close()">关闭</a>】</div>\n'
        "</div>\n"
        + related_box(art, relative=True)
        + "\n</div>\n"
        + f'<div class="right">{hot_box(hot, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )
