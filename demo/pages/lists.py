"""The list pages of the sections: eight entries a page with their dates, and the
首页/上一页/1 2 3/下一页/尾页 links (relative on TRS and DedeCMS lists, as they write them)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from demo import content as C
from demo.pages.chrome import footer, head, header, hot_box, rel
from demo.portal import PER_PAGE, Article, Dead, Section


def pagination(sec: Section, page: int, pages: int, total: int, current: str) -> str:
    """The page links under list page ``page`` of ``pages`` (``total`` entries)."""

    def link(p: int, label: str) -> str:
        url = sec.list_url(p)
        href = rel(url, current) if sec.key != "zwdt" else url  # Hanweb links site paths
        return f'<a href="{href}">{label}</a>'

    parts = [link(1, "首页")]
    parts.append(link(page - 1, "上一页") if page > 1 else "<span>上一页</span>")
    for p in range(1, pages + 1):
        parts.append(f'<span class="cur">{p}</span>' if p == page else link(p, str(p)))
    parts.append(link(page + 1, "下一页") if page < pages else "<span>下一页</span>")
    parts.append(link(pages, "尾页"))
    parts.append(f"<span>共{total}条 {page}/{pages}页</span>")
    return f'<div class="page pagelist">{" ".join(parts)}</div>'


def list_page(
    sec: Section, page: int, pages: int, entries: Sequence[Article | Dead], hot: list[Article]
) -> str:
    """List page ``page`` of ``pages`` of a section; ``entries`` are all of its entries."""
    current = sec.list_url(page)
    chunk = entries[(page - 1) * PER_PAGE : page * PER_PAGE]
    items = []
    for e in chunk:
        href = rel(e.url, current) if sec.key == "xwzx" else e.url  # TRS links relatively
        items.append(
            f'<li><a href="{href}" target="_blank" title="{escape(e.title)}">{escape(e.title)}</a>'
            f"<span>{e.list_date}</span></li>"
        )
    title = {
        "xwzx": f"{sec.name}_{C.SITE_NAME}",
        "zwdt": f"{C.SITE_NAME} {sec.name}",
        "bdxw": f"{sec.name}_{C.SITE_SHORT}",
    }[sec.key]
    if page > 1:
        title = f"{title}_第{page}页"
    return (
        head(title, charset="gb2312" if sec.encoding == "gbk" else "utf-8")
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        f'<div class="position">当前位置：<a href="/index.html">首页</a> &gt; {sec.name}</div>\n'
        f'<div class="left">\n<div class="box"><h2>{sec.name}</h2>\n'
        f'<ul class="list">\n'
        + "\n".join(items)
        + "\n</ul>\n"
        + pagination(sec, page, pages, len(entries), current)
        + "\n</div>\n</div>\n"
        f'<div class="right">{hot_box(hot)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )
