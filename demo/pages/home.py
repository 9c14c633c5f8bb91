"""The home page (a focus story, 最新文章, a block per section, 热门文章) and the 404 page."""

from __future__ import annotations

from html import escape

from demo import content as C
from demo.pages.chrome import footer, head, header, hot_box
from demo.portal import SECTIONS, Article


def home_page(sections: dict[str, list[Article]], newest: list[Article], hot: list[Article]) -> str:
    """/index.html: the newest story in focus, then 最新文章 and six of each section."""

    def li(a: Article) -> str:
        return (
            f'<li><a href="{a.url}" target="_blank" title="{escape(a.title)}">{escape(a.title)}</a>'
            f"<span>{a.list_date}</span></li>"
        )

    top = newest[0]
    blocks = []
    for sec in SECTIONS:
        if sec.scripted:  # reached through its lists' scripts only
            continue
        recent = sorted(sections[sec.key], key=lambda a: a.when, reverse=True)[:6]
        blocks.append(
            f'<div class="box sec-{sec.key}"><h2>{sec.name}'
            f'<a class="more" href="{sec.list_url(1)}" style="float:right;font-size:12px">更多&gt;&gt;</a>'
            f'</h2><ul class="news-list">{"".join(li(a) for a in recent)}</ul></div>'
        )
    metas = (
        f'<meta name="keywords" content="{C.SITE_NAME},{C.SITE_SHORT},颍川新闻,颍川县">\n'
        f'<meta name="description" content="{C.SITE_NAME}官方网站，权威发布颍川县新闻资讯、'
        '政务动态和本地新闻。">\n'
        '<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">\n'
    )
    return (
        head(f"{C.SITE_NAME}_颍川融媒官方网站", extra=metas)
        + "<body>\n"
        + header(None)
        + '<div class="w1200 main">\n'
        f'<div class="focus"><h2 style="font-size:24px;text-align:center"><a href="{top.url}">'
        f"{escape(top.title)}</a></h2><p>{escape(top.summary, quote=False)}……</p></div>\n"
        '<div class="left">\n'
        f'<div class="box latest"><h2>最新文章</h2><ul class="news-list">'
        f"{''.join(li(a) for a in newest)}</ul></div>\n" + "\n".join(blocks) + "\n</div>\n"
        f'<div class="right">{hot_box(hot)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def not_found_page() -> str:
    """/404.html, the page the server sends with a 404."""
    return (
        head(f"404 页面不存在_{C.SITE_NAME}")
        + "<body>\n"
        + header(None)
        + '<div class="w1200 main"><h1>404</h1><p style="text-align:center">'
        '抱歉，您访问的页面不存在或已被删除。<a href="/index.html">返回首页</a></p></div>\n'
        + footer()
        + "</body>\n</html>\n"
    )
