"""What a page's markup says about its article besides the text: the publish date in meta
tags and JSON-LD, the source in meta tags, and the names in an element marked as the
author. The page object weighs these against the text (see article_page.py)."""

from __future__ import annotations

import re

from core.text import HAN, clean_text, text_of

from .dates import FoundDate, parse_date
from .document import Page
from .metaline import split_labels
from .people import is_name_list, split_names

# Most specific first: the first key with a whole date wins.
_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "publish_time",
    "published_time",
    "datepublished",
    "og:release_date",
    "release_date",
    "firstpublishedtime",
    "dc.date.issued",
    "weibo: article:create_at",
    "ptime",
    "dc.date",
    "date",
)
_META_SOURCE_KEYS = ("contentsource", "source", "og:article:source", "article:source")
_AUTHOR_CLASS = re.compile(
    r"(?:^|[\s_-])(?:author|byline|writer|zuozhe)(?:name)?(?:$|[\s_-])", re.I
)
_NOT_AUTHOR_CLASS = re.compile(r"tips|login|pwd|avatar|icon|img|list", re.I)


def meta_date(page: Page) -> FoundDate | None:
    """The publish date of the page's meta tags."""
    for key in _META_DATE_KEYS:
        if key in page.meta and (found := parse_date(page.meta[key], "meta")):
            return found
    return None


def jsonld_date(page: Page) -> FoundDate | None:
    """The datePublished (or dateCreated) of the page's JSON-LD."""
    for item in page.jsonld:
        value = item.get("datePublished") or item.get("dateCreated")
        if isinstance(value, str) and (found := parse_date(value, "jsonld")):
            return found
    return None


def meta_source(page: Page) -> str | None:
    """The source a meta tag names."""
    return next((clean_text(page.meta[k]) for k in _META_SOURCE_KEYS if page.meta.get(k)), None)


def marked_authors(page: Page, near: range) -> list[str]:
    """Names in an element marked as the author (class="author", itemprop="author") whose
    block starts at a line in ``near``: people's names, not an account's."""
    for el in page.root.xpath("//*[@class or @id or @itemprop]"):
        holder = next((a for a in (el, *el.iterancestors()) if a in page.ranges), None)
        if holder is None or page.ranges[holder][0] not in near:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        if not _AUTHOR_CLASS.search(names) or _NOT_AUTHOR_CLASS.search(names):
            continue
        text = clean_text(text_of(el))
        if not 2 <= len(text) <= 30:
            continue
        labels = split_labels(text, bare=True)
        value = next((v for name, _, v in labels if name == "author"), None)
        if not labels and is_name_list(text):
            value = text
        names_found = split_names(value)
        if names_found and all(2 <= len(n) <= 4 and HAN.match(n) for n in names_found):
            return names_found
    return []
