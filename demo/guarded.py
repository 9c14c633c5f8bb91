"""政府信息公开 (/xxgk/): a section of the demo portal behind a JavaScript check, as county
government sites sit behind 加速乐.

Until a request carries the right cookies, the server answers every page of the section
with HTTP 521, a ``__jsluid_h`` cookie (a fresh random seed) and a small script that
computes ``__jsl_clearance_s`` from the seed (a hash a JavaScript engine works out; the
cookie's name is spelt out piece by piece, as 加速乐 writes it) and reloads the page.
A browser passes without noticing; a crawler that runs no script gets the 521 forever.
Behind the check: two list pages and 20 articles in plain HTML.

``section()`` gives its files and facts (demo/build.py writes them; the facts go into
``browser.json``), ``answer_check(handler, path, head)`` is the server's part (demo/serve.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
from html import escape
from http.cookies import SimpleCookie

from demo import content as C
from demo.portal import CST, SECTION, Article
from demo.rng import Rng
from demo.story import write_story

__all__ = ["answer_check", "clearance", "page_of_articles", "section", "section_articles"]

PREFIX = "/xxgk/"
NAME = "政府信息公开"
PER_PAGE = 10
SEED_COOKIE, CLEARANCE_COOKIE = "__jsluid_h", "__jsl_clearance_s"
TOPICS = [t["key"] for t in C.TOPICS]


def clearance(seed: str) -> str:
    """The clearance cookie for ``seed``: what the check's script computes.

    >>> clearance("3f2a9c")
    'd3613'
    """
    h = 0
    for ch in seed:
        h = (h * 31 + ord(ch)) % 1000003
    return f"{h:x}"


def check_page(seed: str, max_age: int = 3600) -> bytes:
    """The 521 page: a script that computes the clearance and reloads, nothing to read."""
    name = "+".join(f"('{part}')" for part in ("_", "_j", "sl", "_c", "lea", "ran", "ce_", "s="))
    script = (
        f"var s='{seed}',h=0;for(var i=0;i<s.length;i++){{h=(h*31+s.charCodeAt(i))%1000003}}"
        f"document.cookie={name}+h.toString(16)+(';max-age={max_age};path=/');"
        "location.href=location.pathname+location.search"
    )
    return f"<html><body><script>{script}</script></body></html>".encode()


def answer_check(handler, head: bool, status: int = 521, max_age: int = 3600) -> bool:
    """Answer a request for a guarded path that has not passed the check with ``status``
    and the check's page (True), or let the server serve it (False)."""
    jar = SimpleCookie()
    try:
        jar.load(handler.headers.get("Cookie", ""))
    except Exception:  # a malformed Cookie header is no cookie at all
        jar = SimpleCookie()
    seed = jar[SEED_COOKIE].value if SEED_COOKIE in jar else None
    if seed and CLEARANCE_COOKIE in jar and jar[CLEARANCE_COOKIE].value == clearance(seed):
        return False
    extra = {}
    if not seed:
        seed = secrets.token_hex(8)
        extra["Set_Cookie"] = f"{SEED_COOKIE}={seed}; max-age=86400; path=/; HttpOnly"
    handler._send(status, check_page(seed, max_age), "text/html", head, **extra)
    return True


def section_articles(key: str, count: int, start: dt.datetime, first_topic: int) -> list[Article]:
    """``count`` generated articles, newest last, three to five days apart, with their
    texts (the 政务动态 sources and style of byline)."""
    rng, when, arts = Rng("dates", key), start, []
    for i in range(count):
        topic = TOPICS[(first_topic + i * 5) % len(TOPICS)]
        art = Article(SECTION["zwdt"], when, topic=topic)
        # Later uses of each topic than the portal's own sections make: other bodies.
        write_story(art, 6 + i // len(TOPICS), Rng("story", key, i))
        art.aid = 9000 + 7 * i
        arts.append(art)
        when += dt.timedelta(days=rng.randint(3, 5), hours=rng.randint(-3, 3))
    return arts


def page_of_articles(
    art: Article, title_prefix: str, crumbs: list[tuple[str, str]], home: str
) -> str:
    """A plain article page: headline, 发布时间/来源 line, body, position trail."""
    trail = " &gt; ".join(f'<a href="{url}">{escape(name)}</a>' for name, url in crumbs)
    body = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in art.paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{escape(art.title)}_{escape(title_prefix)}</title>\n</head>\n<body>\n"
        f"<div class='top'><a href='{home}'>{escape(C.SITE_NAME)}</a></div>\n"
        f"<div class='position'>当前位置：{trail}</div>\n"
        f"<div class='article'>\n<h1>{escape(art.title)}</h1>\n"
        f"<div class='info'>发布时间：{art.when:%Y-%m-%d %H:%M}　来源：{escape(art.source)}</div>\n"
        f"<div class='content'>\n{body}\n</div>\n</div>\n"
        f"<div class='footer'>版权所有 &copy; 2023 {escape(C.SITE_NAME)}</div>\n</body>\n</html>\n"
    )


def article_facts(art: Article) -> dict:
    return {
        "url": art.url,
        "title": art.title,
        "published_at": art.when.replace(tzinfo=CST).isoformat(),
        "list_date": f"{art.when:%Y-%m-%d}",
        "source": art.source,
        "paragraphs": art.paragraphs,
    }


def _list_url(page: int) -> str:
    return f"{PREFIX}index.html" if page == 1 else f"{PREFIX}index_{page - 1}.html"


def _list_page(arts: list[Article], page: int, pages: int) -> str:
    items = "".join(
        f"<li><a href='{a.url}' title='{escape(a.title)}'>{escape(a.title)}</a>"
        f"<span class='date'>{a.when:%Y-%m-%d}</span></li>\n"
        for a in arts
    )
    pager = (f"<a href='{_list_url(page - 1)}'>上一页</a> " if page > 1 else "") + (
        f"<a href='{_list_url(page + 1)}'>下一页</a>" if page < pages else ""
    )
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{NAME}_{escape(C.SITE_NAME)}</title>\n</head>\n<body>\n"
        f"<div class='position'>当前位置：<a href='/index.html'>首页</a> &gt; {NAME}</div>\n"
        f"<ul class='list'>\n{items}</ul>\n<div class='pager'>{pager}</div>\n</body>\n</html>\n"
    )


def section() -> tuple[dict[str, bytes], dict]:
    """The section's files (site path -> bytes) and its facts."""
    arts = section_articles("xxgk", 20, dt.datetime(2023, 3, 1, 9, 30), first_topic=2)
    for art in arts:
        art.url = f"{PREFIX}{art.when:%Y%m}/t{art.when:%Y%m%d}_{art.aid}.html"
    newest = sorted(arts, key=lambda a: a.when, reverse=True)
    pages = -(-len(newest) // PER_PAGE)
    files = {}
    for page in range(1, pages + 1):
        chunk = newest[(page - 1) * PER_PAGE : page * PER_PAGE]
        files[_list_url(page)] = _list_page(chunk, page, pages).encode()
    crumbs = [("首页", "/index.html"), (NAME, _list_url(1))]
    for art in arts:
        files[art.url] = page_of_articles(art, NAME, crumbs, "/index.html").encode()
    facts = {
        "name": NAME,
        "start": _list_url(1),
        "lists": [_list_url(p) for p in range(1, pages + 1)],
        "articles": [article_facts(a) for a in arts],
    }
    return files, facts
