"""The pages of an article split over several (分页): which URLs continue it, in order.
Pure: the page's URL, the URLs it links and its scripts in, the article's pages out.

A long article goes on at ``t20230301_123_1.html``, ``_2.html`` (TRS: ``_1`` is page 2),
``8841_2.html`` (DedeCMS: ``_2`` is page 2), ``_2.shtml``, ``show-12-34-2.html`` (PHPCMS,
after ``show-12-34-1.html``; the shapes are cms.LATER_PAGE_PATHS), or ``?page=2``, reached by its
own pager (上一页 / 1 2 3 / 下一页) or a ``createPageHTML`` call with the article's stem.
The rule, for any CMS: the pages of an article are its first page's URL and the URLs
that only add ``_N`` before its extension, or only a page number to its query, that the
page links or its createPageHTML names. Ordered by N, the first page first.

>>> pages = article_pages("http://x.cn/a/t20230301_5.html",
...     ["http://x.cn/a/t20230301_5_2.html", "http://x.cn/a/t20230301_5_1.html",
...      "http://x.cn/a/t20230302_6.html"], [])
>>> [u.rsplit("/", 1)[1] for u in pages.urls], pages.index
(['t20230301_5.html', 't20230301_5_1.html', 't20230301_5_2.html'], 0)
>>> article_pages("http://x.cn/a/t20230301_5_1.html", ["http://x.cn/a/t20230301_5.html"], []).index
1
>>> article_pages("http://x.cn/a/t20230301_5.html", ["http://x.cn/a/t20230302_6.html"], []) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .cms import LATER_PAGE_PATHS, PAGE_QUERY
from .links import classify
from .scripted_lists import create_page_urls

__all__ = ["ArticlePages", "article_pages", "merge_pages"]

_EXT = re.compile(r"\.s?html?$", re.I)
_MAX_PAGES = 50  # no news article runs longer; more is a list, a trap or a mistake


@dataclass(frozen=True)
class ArticlePages:
    """Every page of an article, by page number (the first page is 0), and which this is."""

    numbered: tuple[tuple[int, str], ...]
    index: int  # the position of the page read among ``urls``

    @property
    def urls(self) -> list[str]:
        return [url for _, url in self.numbered]

    @property
    def first(self) -> str:
        return self.numbered[0][1]


def _page_number(url: str, first: str) -> int | None:
    """The page number of ``url`` as a page of the article that starts at ``first``
    (0 for the first page itself), or None when it is not one of its pages."""
    a, b = urlsplit(url), urlsplit(first)
    if (a.scheme, a.netloc.lower()) != (b.scheme, b.netloc.lower()):
        return None
    if a.path == b.path:
        mine = dict(parse_qsl(a.query, keep_blank_values=True))
        theirs = dict(parse_qsl(b.query, keep_blank_values=True))
        numbers = {k: v for k, v in mine.items() if k.lower() in PAGE_QUERY and k not in theirs}
        rest = {k: v for k, v in mine.items() if k not in numbers}
        if rest != theirs or len(numbers) > 1:
            return None
        if not numbers:
            return 0
        value = next(iter(numbers.values()))
        return int(value) if value.isdigit() and int(value) >= 2 else (0 if value == "1" else None)
    if a.query != b.query:
        return None
    for shape, first_number in LATER_PAGE_PATHS:
        match = shape.match(a.path)
        if match and match["stem"] + first_number + match["ext"] == b.path:
            return int(match["n"])
    return None


def _first_candidates(url: str) -> list[str]:
    """The URLs the article of this page may start at: its own, or the one without its
    page number (``…_2.html`` → ``….html``, ``?page=2`` → no page)."""
    parts = urlsplit(url)
    out = [url]
    for shape, first_number in LATER_PAGE_PATHS:
        if (match := shape.match(parts.path)) and match["n"] != first_number:
            path = match["stem"] + first_number + match["ext"]
            out.append(parts._replace(path=path, fragment="").geturl())
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if any(k.lower() in PAGE_QUERY for k, _ in pairs):
        rest = "&".join(f"{k}={v}" for k, v in pairs if k.lower() not in PAGE_QUERY)
        out.append(parts._replace(query=rest, fragment="").geturl())
    return out


def article_pages(url: str, links: Iterable[str], scripts: list[str]) -> ArticlePages | None:
    """The pages of the article on the page at ``url`` (the URLs it links, its scripts),
    or None when it is one page."""
    if not _EXT.search(urlsplit(url).path) and "?" not in url:
        return None
    named = create_page_urls(scripts, url)
    candidates = [*links, *named]
    for first in _first_candidates(url):
        numbered = {0: first}
        for link in candidates:
            n = _page_number(link, first)
            if n is not None and n > 0 and n not in numbered and len(numbered) < _MAX_PAGES:
                numbered[n] = link
        own = _page_number(url, first)
        if own is None:
            continue
        numbered.setdefault(own, url)
        if len(numbered) < 2:
            continue
        # A page numbered _2 is a later page only when its pager leads back to its first
        # page, or shows others (page 3 of 5 may link pages 2 and 4 only) of a first page
        # that is an article's URL: t20230301_12.html beside t20230301_13.html are two
        # articles, not pages 12 and 13 of t20230301.html.
        unanchored = own > 0 and first not in candidates
        if unanchored and (len(numbered) < 3 or classify(first) != "article"):
            continue
        ordered = tuple(sorted(numbered.items()))
        return ArticlePages(ordered, [n for n, _ in ordered].index(own))
    return None


def merge_pages(known: ArticlePages, found: ArticlePages | None) -> ArticlePages:
    """The pages known so far and those a later page's pager shows (a pager of 1 2 3 …
    10 shows some pages only)."""
    numbered = dict(known.numbered)
    if found is not None and found.first == known.first:
        for n, url in found.numbered:
            if len(numbered) < _MAX_PAGES:
                numbered.setdefault(n, url)
    return ArticlePages(tuple(sorted(numbered.items())), known.index)
