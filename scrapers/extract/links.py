"""The links of a page, read for crawling: where they go, what kind of page they lead
to, and the date a list shows next to each. Pure: no Scrapy, no network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

from core.text import clean_text, text_of

from .cms import (
    ARTICLE_QUERY,
    ARTICLE_SCRIPT,
    ARTICLE_URL,
    LIST_URL,
    PAGE_QUERY,
    PAGINATION_URL,
    attachment_file,
)
from .dates import find_dates

_FEED_PATH = re.compile(r"(?:rss|atom|feed)[\w-]*\.xml$|/(?:rss|feed|atom)/?$|\.rss$", re.I)
_FILE = re.compile(
    r"\.(?:jpe?g|png|gif|bmp|webp|svg|ico|pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|gz|tar|mp[34]|"
    r"avi|mov|flv|wmv|swf|apk|exe|msi|dmg|css|js|json|txt|xml)$",
    re.I,
)
# Endless pages: calendars and search results, logins, print views.
_TRAP_PATH = re.compile(
    r"/(?:search|so|sousuo|calendar|rili|login|logon|register|reg|member|user|comment|"
    r"print|vote|cart|e/search|plus/search)(?:[/._-]|$)",
    re.I,
)
_TRAP_QUERY = {
    "keyword",
    "keywords",
    "q",
    "kw",
    "wd",
    "searchword",
    "query",
    "search",
    "word",
    "date",
    "day",
    "month",
    "year",
    "ym",
    "riqi",
    "calendar",
    "print",
    "action",
    "logout",
    "sort",
    "order",
    "orderby",
    "callback",
}
_MAX_URL = 400
_MAX_DEPTH = 12
_DATE_HOLDERS = ("li", "tr", "dd", "dt", "p", "div", "td", "span")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    kind: str  # article / list / page
    list_date: str | None  # the date shown next to the link on a list page
    list_date_raw: str | None


_PAGINATION_TEXT = re.compile(
    r"^(?:下一?页|上一?页|尾页|末页|首页|next|prev|\d{1,4}|>{1,2}|<{1,2}|»|«|›|‹)$", re.I
)


def is_pagination(link: Link) -> bool:
    """A link to the next (or another numbered) page of the same list."""
    return bool(_PAGINATION_TEXT.match(link.text) or PAGINATION_URL.search(link.url))


def classify(url: str) -> str:
    """article, list, feed, page (unknown HTML) or skip (files, calendars, search results).

    >>> classify("http://x.gov.cn/xwzx/202301/t20230129_1.html"), classify("http://x.gov.cn/xwzx/index_2.html")
    ('article', 'list')
    >>> classify("http://x.gov.cn/search.php?keyword=禹州"), classify("http://x.gov.cn/a.pdf")
    ('skip', 'skip')
    >>> classify("http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=1.ofd")
    'skip'
    >>> classify("http://epaper.x.cn/html/2023-03/01/node_2.htm"), classify("http://epaper.x.cn/html/2023-03/01/content_7.htm")
    ('list', 'article')
    """
    if len(url) > _MAX_URL:
        return "skip"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "skip"
    path = parts.path or "/"
    if _FEED_PATH.search(path):
        return "feed"
    if _FILE.search(path) or _TRAP_PATH.search(path) or _repeats(path) or attachment_file(url):
        return "skip"  # attachments are the attachments pipeline's, never pages
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    if query.keys() & _TRAP_QUERY or len(query) > 6:
        return "skip"
    if ARTICLE_URL.search(path):
        return "article"
    if query.keys() & ARTICLE_QUERY and (
        ARTICLE_SCRIPT.search(path) or "content" in query.get("m", "")
    ):
        return "article"
    if query.keys() & ARTICLE_QUERY and not query.keys() & PAGE_QUERY:
        return "article"
    if LIST_URL.search(path) or query.keys() & PAGE_QUERY:
        return "list"
    return "page"


def _repeats(path: str) -> bool:
    """Paths that loop (/a/b/a/b/) or go too deep are generated, not written."""
    segments = [s for s in path.split("/") if s]
    if len(segments) > _MAX_DEPTH:
        return True
    return any(segments[i : i + 2] == segments[i + 2 : i + 4] for i in range(len(segments) - 3))


def page_links(root: etree._Element, base_url: str) -> list[Link]:
    """Every followable link of a parsed page, once each, with the date shown beside it."""
    seen: dict[str, Link] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = urljoin(base_url, href).split("#", 1)[0]
            kind = classify(url)
        except ValueError:  # a malformed href such as http://[broken
            continue
        if url in seen and seen[url].list_date:
            continue
        if kind == "skip":
            continue
        text = clean_text(text_of(anchor))
        date = _date_beside(anchor, text) if kind in ("article", "page") else None
        if url not in seen or date:  # a link with its date beats the same link without
            seen[url] = Link(url, text, kind, *(date or (None, None)))
    return list(seen.values())


def _date_beside(anchor: etree._Element, text: str) -> tuple[str, str] | None:
    """The date in the list item around a link, not in the link's own headline."""
    holder = anchor.getparent()
    for _ in range(2):
        if holder is None:
            return None
        if holder.tag in _DATE_HOLDERS:
            around = clean_text(text_of(holder))
            if len(around) > len(text) + 40:  # a whole block of links, not one item
                return None
            found = find_dates(around.replace(text, " ", 1))
            if found:
                return found[0][0], found[0][2]
        holder = holder.getparent()
    return None


# location.href = "…" / window.location.replace('…') / top.location = "…": a page that
# sends the browser on by script (a digital edition's home to its latest issue).
_SCRIPT_REDIRECT = re.compile(
    r"""(?:window\.|self\.|top\.|document\.)?location(?:\.href)?\s*(?:=\s*|\.(?:replace|assign)\(\s*)"""
    r"""["']([^"'\s]{1,300})["']"""
)
_REFRESH = re.compile(r"^\s*\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"\s]+)", re.I)


def redirect_links(page) -> list[Link]:
    """Where a page sends the browser: its meta refresh and script redirects, as links.

    >>> from scrapers.extract.document import parse_page
    >>> page = parse_page('<html><head><script>window.location.href="html/2023-03/05/node_1.htm";'
    ...                   '</script></head><body></body></html>', "http://epaper.x.cn/index.htm")
    >>> [(link.url, link.kind) for link in redirect_links(page)]
    [('http://epaper.x.cn/html/2023-03/05/node_1.htm', 'list')]
    >>> page = parse_page('<html><head><meta http-equiv="refresh" content="0; URL=html/2023-03/05/'
    ...                   'node_2.htm"><script>top.location.replace("/m/index.htm")</script>'
    ...                   '</head></html>', "http://epaper.x.cn/")
    >>> [link.url for link in redirect_links(page)]
    ['http://epaper.x.cn/m/index.htm', 'http://epaper.x.cn/html/2023-03/05/node_2.htm']
    """
    targets = [m.group(1) for script in page.scripts for m in _SCRIPT_REDIRECT.finditer(script)]
    if match := _REFRESH.match(page.meta.get("refresh", "")):
        targets.append(match.group(1))
    links = {}
    for target in targets:
        url = page.absolute(target)
        if url and (kind := _kind_of(url)) != "skip":
            links.setdefault(url, Link(url, "", kind, None, None))
    return list(links.values())


def _kind_of(url: str) -> str:
    try:
        return classify(url)
    except ValueError:
        return "skip"
