"""The seed article's page: the markup of the page it was saved from
(tests/fixtures/extract/seed-yuzhou/input.html), in the demo portal's chrome."""

from __future__ import annotations

from html import escape

from demo import content as C
from demo.pages.chrome import footer, head, header
from demo.portal import Article


def article_page(art: Article, hot: list[Article], newest: list[Article]) -> str:
    """The seed page, with its own side lists of 相关阅读, 热门文章 and 最新文章."""
    sec = art.section

    def side(items: list[Article]) -> str:
        return "\n".join(
            f'<li><h3><a href="{a.url}" target="_blank" title="{escape(a.title)}">'
            f"{escape(a.title)}</a></h3><p>{escape(a.summary[:60], quote=False)}</p></li>"
            for a in items
            if a is not art
        )

    metas = (
        '<meta name="keywords" content="禹州,高新区,开门红,项目建设">\n'
        '<meta name="description" content="新年伊始,禹州高新技术产业开发区处处涌动着'
        '“扛旗争先、奋楫奋进”的热潮">\n'
    )
    paras = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in art.paragraphs)
    return (
        head(f"{art.title}_{sec.name}_{C.SITE_NAME}", extra=metas)
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        '<div class="position">当前位置:<a href="/index.html">首页</a>&nbsp;&gt;&nbsp;'
        f'<a href="{sec.list_url(1)}">{sec.name}</a> &gt;</div>\n'
        '<div class="left">\n<div class="article">\n'
        f"<h1>{escape(art.title)}</h1>\n"
        '<div class="info"><span class="time">日期:<em id="pubdate"></em></span> '
        f'<span class="source">来源:{art.source}</span>'
        f'<span class="editor">收集编辑:{art.editor}</span></div>\n'
        f'<div class="content body">\n{paras}\n</div>\n</div>\n'
        '<div class="side-list related">\n<div class="hd"><h2>相关阅读</h2></div>\n<ul>\n'
        + side(art.related)
        + "\n</ul>\n</div>\n</div>\n"
        '<div class="right">\n<div class="side-list hot">\n<div class="hd"><h2>热门文章</h2></div>\n'
        "<ul>\n" + side(hot[:4]) + "\n</ul>\n</div>\n"
        '<div class="side-list new">\n<div class="hd"><h2>最新文章</h2></div>\n<ul>\n'
        + side(newest[:3])
        + "\n</ul>\n</div>\n</div>\n</div>\n"
        + footer()
        + "</body>\n</html>\n"
    )
