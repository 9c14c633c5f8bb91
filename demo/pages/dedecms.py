"""本地新闻 article pages in the style of DedeCMS, declared gb2312 (demo/build.py encodes
them in GBK): 时间/来源/作者/点击, 上一篇/下一篇, photos with their captions."""

from __future__ import annotations

from html import escape

from demo import content as C
from demo.pages.chrome import body_html, footer, head, header, hot_box, related_box
from demo.portal import Article


def article_page(
    art: Article, hot: list[Article], prev: Article | None, nxt: Article | None
) -> str:
    """The page of a 本地新闻 article; ``prev`` and ``nxt`` are its neighbours in the section."""
    sec = art.section
    metas = (
        f'<meta name="keywords" content="{escape(art.title)},{C.SITE_SHORT}" />\n'
        f'<meta name="description" content="{escape(art.summary)}" />\n'
    )
    info = (f"<small>时间:</small>{art.date_shown} " if art.dated else "") + (
        f"<small>来源:</small>{art.source} <small>作者:</small>{art.authors[0]} "
        "<small>点击:</small>"
        f"<script src=\"/plus/count.php?view=yes&amp;aid={art.aid}&amp;mid=1\" type='text/javascript' "
        'language="javascript"></script>次'
    )

    def near(label: str, other: Article | None) -> str:
        if other is None:
            return f"<li>{label}：没有了 </li>"
        return f"<li>{label}：<a href='{other.url}'>{escape(other.title)}</a> </li>"

    return (
        head(f"{art.title}_{C.SITE_SHORT}", charset="gb2312", extra=metas)
        + '<body class="articleview">\n'
        + header(sec.key)
        + '<div class="w1200 main">\n'
        "<div class=\"position place\"><strong>当前位置:</strong> <a href='/index.html'>主页</a> > "
        f"<a href='{sec.list_url(1)}'>{sec.name}</a> > </div>\n"
        '<div class="left">\n<div class="viewbox">\n'
        f'<div class="title"><h1>{escape(art.title)}</h1></div>\n'
        f'<div class="info">{info}</div>\n'
        "<div class=\"content body\"><table width='100%'><tr><td>\n"
        + body_html(art)
        + f"\n<p>（责任编辑：{art.editor}）</p>\n</td></tr></table></div>\n"
        '<div class="boxoff"><strong>------分隔线----------------------------</strong></div>\n'
        f'<div class="handle"><div class="context"><ul>{near("上一篇", prev)}{near("下一篇", nxt)}'
        "</ul></div></div>\n"
        "</div>\n"
        + related_box(art)
        + "\n</div>\n"
        + f'<div class="right">{hot_box(hot, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )
