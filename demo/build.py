"""Generate the offline demo portal of 颍川县融媒体中心 (a fictional county media centre).

    python -m demo.build [OUTDIR]        # default demo/site

writes a static portal (home page, three sections in the page and URL styles of TRS WCM,
Hanweb and DedeCMS, the last one encoded in GBK, robots.txt, sitemap.xml, rss.xml) and
``expected.json``, the facts a crawl of it must reproduce. The output is deterministic:
the same code always writes the same bytes. ``python -m demo.serve`` serves it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import shutil
import sys
from email.utils import format_datetime
from html import escape
from pathlib import Path

from demo import content as C
from demo.plan import plan
from demo.portal import CST, PER_PAGE, SECTIONS, Article, Dead, Section
from demo.rng import Rng
from demo.story import write_story

# bench/stories_eval.py writes demo articles through these names of this module.
__all__ = ["SECTIONS", "Article", "Rng", "build", "dt", "main", "write_story"]

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "site"
# The mark of a build in expected.json (a folder without it is never emptied); also
# part of the committed facts, so it names the generator as it always has.
GENERATOR = "demo/build.py"

# ---------------------------------------------------------------------------- page parts

STYLE = """
body{margin:0;font:14px/1.8 "Microsoft YaHei","SimSun",sans-serif;color:#333;background:#f4f5f7}
a{color:#333;text-decoration:none}a:hover{color:#c00}
ul{list-style:none;margin:0;padding:0}
.w1200{width:1200px;margin:0 auto}
.top-bar{background:#eee;font-size:12px;height:30px;line-height:30px;color:#666}
.top-bar .fr{float:right}
.header{background:#b40000;height:100px}
.logo{float:left;padding-top:16px}
.logo .name{display:block;font-size:34px;color:#fff;font-weight:bold;letter-spacing:4px}
.logo .en{display:block;font-size:12px;color:#f3caca;letter-spacing:2px}
.search{float:right;padding-top:34px}
.nav{background:#8e0000;height:44px}
.nav li{float:left}.nav li a{display:block;padding:0 32px;line-height:44px;color:#fff;font-size:16px}
.nav li.on a{background:#c8161d}
.main{background:#fff;margin-top:12px;padding:16px 24px;overflow:hidden}
.position{color:#666;border-bottom:1px solid #eee;padding-bottom:8px;margin-bottom:12px}
.left{float:left;width:820px}.right{float:right;width:300px}
.box h2{font-size:17px;border-bottom:2px solid #b40000;margin:8px 0;padding-bottom:4px}
.list li,.news-list li{border-bottom:1px dashed #ddd;line-height:36px}
.list li span,.news-list li span{float:right;color:#999}
.page{text-align:center;margin:20px 0}.page a,.page span{margin:0 4px;padding:2px 8px;border:1px solid #ddd}
.page .cur{background:#b40000;color:#fff}
h1{font-size:26px;text-align:center;line-height:1.5;margin:16px 0 8px;color:#222}
.info{text-align:center;color:#888;border-bottom:1px solid #eee;padding-bottom:10px}
.info span{margin:0 8px}
.body p{text-indent:2em;font-size:16px;line-height:2}
.footer{background:#333;color:#bbb;text-align:center;padding:16px 0;margin-top:16px;font-size:12px}
.footer a{color:#ddd}
"""


def rel(target: str, current: str) -> str:
    """A relative link from the page at ``current`` to ``target`` (both site paths)."""
    return posixpath.relpath(target, posixpath.dirname(current))


def head(title: str, *, charset: str = "utf-8", extra: str = "") -> str:
    meta = f'<meta charset="{charset}">'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n'
        f"{meta}\n"
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        f"<title>{escape(title)}</title>\n"
        f"{extra}"
        f"<style>{STYLE}</style>\n"
        "</head>\n"
    )


ON = ' class="on"'


def header(active: str | None) -> str:
    items = [("首页", "/index.html", None)] + [(s.name, s.list_url(1), s.key) for s in SECTIONS]
    nav = "".join(
        f'<li{ON if key == active else ""}><a href="{url}">{name}</a></li>'
        for name, url, key in items
    )
    return (
        '<div class="top-bar"><div class="w1200">'
        f"<span>欢迎访问{C.SITE_NAME}官方网站</span>"
        '<span class="fr"><a href="/rss.xml">RSS订阅</a> | <a href="/sitemap.xml">网站地图</a></span>'
        "</div></div>\n"
        '<div class="header"><div class="w1200">'
        f'<div class="logo"><a href="/index.html"><span class="name">{C.SITE_NAME}</span>'
        '<span class="en">YINGCHUAN COUNTY CONVERGENCE MEDIA CENTER</span></a></div>'
        '<form class="search" action="/search/" method="get">'
        '<input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button>'
        "</form></div></div>\n"
        f'<div class="nav"><div class="w1200"><ul>{nav}</ul></div></div>\n'
    )


def footer() -> str:
    return (
        '<div class="footer"><div class="w1200">\n'
        '<p><a href="/index.html">网站首页</a> | <a href="/sitemap.xml">网站地图</a> | '
        '<a href="/rss.xml">RSS订阅</a></p>\n'
        f"<p>版权所有 &copy; 2023 {C.SITE_NAME}　主办单位：{C.HOST_ORG}　承办：{C.SITE_NAME}</p>\n"
        f'<p><a href="https://beian.miit.gov.cn/" target="_blank">{C.ICP}</a>　'
        "豫公网安备 41108102000123号</p>\n"
        f"<p>地址：{C.ADDRESS}　邮编：461670　电话：{C.PHONE}</p>\n"
        "</div></div>\n"
    )


def hot_box(hot: list[Article], current: str, *, exclude: Article | None = None) -> str:
    items = "".join(
        f'<li><a href="{a.url}" title="{escape(a.title)}">{escape(a.title)}</a></li>'
        for a in hot
        if a is not exclude
    )
    return f'<div class="box hot"><h2>热门文章</h2><ul class="news-list">{items}</ul></div>'


def related_box(art: Article, *, relative: bool = False) -> str:
    items = "".join(
        f'<li><a href="{rel(r.url, art.url) if relative else r.url}" target="_blank">'
        f"{escape(r.title)}</a></li>"
        for r in art.related
    )
    return f'<div class="box related"><h2>相关阅读</h2><ul class="list">{items}</ul></div>'


def body_html(art: Article, p_attr: str = "") -> str:
    out = []
    for i, para in enumerate(art.paragraphs):
        out.append(f"<p{p_attr}>{escape(para, quote=False)}</p>")
        if i == 0 and art.image is not None:
            out.append(
                f'<p style="text-align: center;"><img src="{art.image["url"]}" alt="" '
                'style="width: 600px; height: 400px;" /></p>'
            )
            out.append(
                f'<p style="text-align: center;">{escape(art.image["caption"], quote=False)}</p>'
            )
    return "\n".join(out)


# ---------------------------------------------------------------------------- pages


def page_trs(art: Article, hot: list[Article]) -> str:
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
        + body_html(art, ' style="text-indent: 2em;"')
        + "\n</div>\n"
        f'<div class="xl_editor">责任编辑：{art.editor}</div>\n'
        '<div class="xl_tools">【<a href="javascript:window.print()">打印</a>】'
        '【<a href="javascript:window.close()">关闭</a>】</div>\n'
        "</div>\n"
        + related_box(art, relative=True)
        + "\n</div>\n"
        + f'<div class="right">{hot_box(hot, art.url, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def page_hanweb(art: Article, hot: list[Article]) -> str:
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
        + '\n<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->\n</div>\n'
        '<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> '
        '<a href="javascript:window.close()">【关闭窗口】</a></div>\n'
        "</div>\n"
        + related_box(art)
        + "\n</div>\n"
        + f'<div class="right">{hot_box(hot, art.url, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def page_dede(art: Article, hot: list[Article], prev: Article | None, nxt: Article | None) -> str:
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
        + f'<div class="right">{hot_box(hot, art.url, exclude=art)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def page_seed(art: Article, hot: list[Article], newest: list[Article]) -> str:
    """The seed page, as in tests/fixtures/extract/seed-yuzhou/input.html, in the demo chrome."""
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


def pagination(sec: Section, page: int, pages: int, total: int, current: str) -> str:
    def link(p: int, label: str) -> str:
        url = sec.list_url(p)
        href = rel(url, current) if sec.key != "zwdt" else url
        return f'<a href="{href}">{label}</a>'

    parts = [link(1, "首页")]
    parts.append(link(page - 1, "上一页") if page > 1 else "<span>上一页</span>")
    for p in range(1, pages + 1):
        parts.append(f'<span class="cur">{p}</span>' if p == page else link(p, str(p)))
    parts.append(link(page + 1, "下一页") if page < pages else "<span>下一页</span>")
    parts.append(link(pages, "尾页"))
    parts.append(f"<span>共{total}条 {page}/{pages}页</span>")
    return f'<div class="page pagelist">{" ".join(parts)}</div>'


def page_list(sec: Section, page: int, pages: int, entries: list, hot: list[Article]) -> str:
    current = sec.list_url(page)
    chunk = entries[(page - 1) * PER_PAGE : page * PER_PAGE]
    items = []
    for e in chunk:
        href = rel(e.url, current) if sec.key == "xwzx" else e.url
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
        f'<div class="right">{hot_box(hot, current)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def page_home(sections: dict[str, list[Article]], newest: list[Article], hot: list[Article]) -> str:
    def li(a: Article) -> str:
        return (
            f'<li><a href="{a.url}" target="_blank" title="{escape(a.title)}">{escape(a.title)}</a>'
            f"<span>{a.list_date}</span></li>"
        )

    top = newest[0]
    blocks = []
    for sec in SECTIONS:
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
        f'<div class="right">{hot_box(hot, "/index.html")}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def page_404() -> str:
    return (
        head(f"404 页面不存在_{C.SITE_NAME}")
        + "<body>\n"
        + header(None)
        + '<div class="w1200 main"><h1>404</h1><p style="text-align:center">'
        '抱歉，您访问的页面不存在或已被删除。<a href="/index.html">返回首页</a></p></div>\n'
        + footer()
        + "</body>\n</html>\n"
    )


def rss(newest: list[Article]) -> str:
    def rfc822(a: Article) -> str:
        return format_datetime(a.when.replace(tzinfo=CST))

    items = "".join(
        "<item>\n"
        f"<title>{escape(a.title, quote=False)}</title>\n"
        f"<link>{a.url}</link>\n"
        f'<guid isPermaLink="true">{a.url}</guid>\n'
        f"<pubDate>{rfc822(a)}</pubDate>\n"
        f"<category>{a.section.name}</category>\n"
        f"<description>{escape(a.summary, quote=False)}</description>\n"
        "</item>\n"
        for a in newest
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{C.SITE_NAME}</title>\n<link>/index.html</link>\n"
        f"<description>{C.SITE_NAME}最新文章</description>\n<language>zh-cn</language>\n"
        f"<lastBuildDate>{rfc822(newest[0])}</lastBuildDate>\n"
        f"{items}</channel>\n</rss>\n"
    )


def sitemap(listed: list[Article]) -> str:
    urls = "".join(
        f"<url><loc>{a.url}</loc><lastmod>{a.list_date}</lastmod>"
        "<changefreq>never</changefreq></url>\n"
        for a in listed
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>/index.html</loc><changefreq>daily</changefreq></url>\n{urls}</urlset>\n"
    )


ROBOTS = "User-agent: *\nDisallow: /search/\n\nSitemap: /sitemap.xml\n"


# ---------------------------------------------------------------------------- build


def _prepare(outdir: Path) -> None:
    """Empty a previous build in ``outdir``; refuse to touch a folder that is not one."""
    if outdir.exists() and any(outdir.iterdir()):
        marker = outdir / "expected.json"
        try:
            ours = json.loads(marker.read_text("utf-8")).get("generator") == GENERATOR
        except (OSError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise SystemExit(f"{outdir}: not empty and not a demo build; refusing to overwrite")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)


def build(outdir: Path = DEFAULT_OUT) -> dict:
    """Write the portal into ``outdir`` and return the facts of ``expected.json``."""
    outdir = Path(outdir)
    portal = plan()
    sections, dead = portal.sections, portal.dead
    everything = [a for s in SECTIONS for a in sections[s.key]]
    by_date = sorted(everything, key=lambda a: (a.when, a.aid), reverse=True)
    newest = [a for a in by_date if a.dated][:10]
    chrono = list(reversed(by_date))
    seed = next(a for a in everything if a.kind == "seed")
    hot = [seed] + [chrono[i] for i in (5, 11, 19, 26, 33, 41, 52)]

    _prepare(outdir)
    files: dict[str, bytes] = {}

    def put(path: str, text: str, encoding: str = "utf-8") -> None:
        files[path] = text.encode(encoding)  # strict: a character GBK lacks is an error

    put("/index.html", page_home(sections, newest, hot))
    put("/404.html", page_404())
    lists: dict[str, list[str]] = {}
    for sec in SECTIONS:
        arts = sections[sec.key]
        entries = arts + [d for d in dead if d.section is sec]
        entries.sort(key=lambda e: (e.when, getattr(e, "aid", 0)), reverse=True)
        pages = -(-len(entries) // PER_PAGE)
        lists[sec.key] = [sec.list_url(p) for p in range(1, pages + 1)]
        for p in range(1, pages + 1):
            put(sec.list_url(p), page_list(sec, p, pages, entries, hot), sec.encoding)
        for i, art in enumerate(arts):
            if art.kind == "seed":
                text = page_seed(art, hot, newest)
            elif sec.key == "xwzx":
                text = page_trs(art, hot)
            elif sec.key == "zwdt":
                text = page_hanweb(art, hot)
            else:
                prev = arts[i - 1] if i > 0 else None
                nxt = arts[i + 1] if i + 1 < len(arts) else None
                text = page_dede(art, hot, prev, nxt)
            put(art.url, text, sec.encoding)

    in_sitemap = chrono[::2]
    put("/robots.txt", ROBOTS)
    put("/sitemap.xml", sitemap(in_sitemap))
    put("/rss.xml", rss(newest))

    broken = next(d for d in dead if d.kind == "broken")
    error = next(d for d in dead if d.kind == "error")
    reprint = next(a for a in everything if a.kind == "reprint")
    original = next(
        a for a in everything if a.kind == "news" and a.paragraphs == reprint.paragraphs
    )

    def linked_from(d: Dead) -> str:
        for url in lists[d.section.key]:
            if f"{posixpath.basename(d.url)}" in files[url].decode(d.section.encoding):
                return url
        raise AssertionError(d.url)

    facts = {
        "generator": GENERATOR,
        "site": C.SITE_NAME,
        "region": {"province": "河南省", "city": "许昌市", "county": C.COUNTY},
        "home": "/index.html",
        "robots": "/robots.txt",
        "sitemap": "/sitemap.xml",
        "rss": "/rss.xml",
        "article_count": len(everything),
        "sections": {
            sec.key: {
                "name": sec.name,
                "cms": sec.cms,
                "encoding": sec.encoding,
                "lists": lists[sec.key],
                "articles": [a.url for a in sections[sec.key]],
            }
            for sec in SECTIONS
        },
        "no_date": [
            {"url": a.url, "section": a.section.key, "list_date": a.list_date}
            for a in everything
            if not a.dated
        ],
        "reprint": [original.url, reprint.url],
        "broken_link": {"url": broken.url, "status": 404, "linked_from": linked_from(broken)},
        "error_500": {"url": error.url, "status": 500, "linked_from": linked_from(error)},
        "seed": seed.url,
        "newest": [a.url for a in newest],
        "in_sitemap": [a.url for a in in_sitemap],
        "server": {
            "error_500": [error.url],
            "no_charset_prefixes": ["/a/bdxw/"],
            "hidden": ["/expected.json"],
            "not_found_page": "/404.html",
        },
        "articles": [
            {
                "url": a.url,
                "section": a.section.key,
                "title": a.title,
                "list_date": a.list_date,
                "date_shown": a.date_shown,
                "published_at": a.published_at,
                "source": a.source,
                "author": a.authors,
                "editor": a.editor,
                "breadcrumbs": ["主页" if a.section.key == "bdxw" else "首页", a.section.name],
                "images": [a.image] if a.image else [],
                "related": [r.url for r in a.related],
                "paragraphs": a.paragraphs,
            }
            for a in everything
        ],
    }
    put("/expected.json", json.dumps(facts, ensure_ascii=False, indent=1) + "\n")
    for path, data in files.items():
        target = outdir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    facts = build(args.outdir)
    # The committed copy of the facts; deterministic, so unchanged unless the generator is.
    (HERE / "expected.json").write_bytes((args.outdir / "expected.json").read_bytes())
    print(
        f"wrote {facts['article_count']} articles of {len(SECTIONS)} sections to {args.outdir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
