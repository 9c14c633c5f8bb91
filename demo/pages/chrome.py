"""The chrome every page of the portal shares: the head with its style sheet, the header
with the navigation, the footer, and the 热门文章/相关阅读 boxes and article bodies."""

from __future__ import annotations

import posixpath
from html import escape

from demo import content as C
from demo.portal import SECTIONS, Article

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
    """The doctype and <head>: the declared ``charset``, the title, ``extra`` meta lines."""
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


ON = ' class="on"'  # the navigation item of the page's own section


def header(active: str | None) -> str:
    """Top bar, logo, search form and the navigation with section ``active`` marked."""
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
    """The footer with the copyright, ICP and contact lines every county portal carries."""
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


def hot_box(hot: list[Article], *, exclude: Article | None = None) -> str:
    """热门文章: the ``hot`` articles but ``exclude`` (the page's own article)."""
    items = "".join(
        f'<li><a href="{a.url}" title="{escape(a.title)}">{escape(a.title)}</a></li>'
        for a in hot
        if a is not exclude
    )
    return f'<div class="box hot"><h2>热门文章</h2><ul class="news-list">{items}</ul></div>'


def related_box(art: Article, *, relative: bool = False) -> str:
    """相关阅读: the articles related to ``art``, linked relatively where the CMS does."""
    items = "".join(
        f'<li><a href="{rel(r.url, art.url) if relative else r.url}" target="_blank">'
        f"{escape(r.title)}</a></li>"
        for r in art.related
    )
    return f'<div class="box related"><h2>相关阅读</h2><ul class="list">{items}</ul></div>'


def body_html(art: Article, p_attr: str = "", page: int = 1) -> str:
    """The paragraphs of ``art`` (of its page ``page``) as <p> elements, its photo and
    caption after the lead."""
    out = []
    for i, para in enumerate(art.page_paragraphs()[page - 1] if page > 1 else _first(art)):
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


def attachment_list(art: Article, *, relative: bool = False) -> str:
    """附件：and a link per attachment (``./name`` beside the article with ``relative``,
    as TRS writes them); nothing for an article without any."""
    if not art.attachments:
        return ""
    links = "".join(
        f'<p><a href="{"./" + a["file_name"] if relative else escape(a["url"])}" '
        f'target="_blank">{escape(a["text"], quote=False)}</a></p>'
        for a in art.attachments
    )
    return f'<div class="attachments"><p>附件：</p>{links}</div>\n'


def _first(art: Article) -> list[str]:
    return art.page_paragraphs()[0] if art.pages > 1 else art.paragraphs
