"""WeChat official-account articles (mp.weixin.qq.com): the title, account and time live in
the page's scripts as well as in its markup, and the text in #js_content."""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import urlsplit

from lxml import etree

from core.text import clean_text, text_of

from .article_page import ArticlePage, Headline
from .dates import FoundDate, from_timestamp, parse_date
from .document import Page
from .people import split_names

HOST = "mp.weixin.qq.com"

_VAR = r"""(?:var\s+)?{name}\s*=\s*(?:htmlDecode\()?\s*["']([^"']*)["']"""
_CT = re.compile(_VAR.format(name=r"(?:ct|create_time|publish_time)"))
_CT_OBJ = re.compile(r"""\b(?:ct|create_time)\s*:\s*["']?(\d{10})["']?""")
_CREATE = re.compile(_VAR.format(name=r"createTime"))
_NICK = re.compile(_VAR.format(name=r"nickname"))
_TITLE = re.compile(_VAR.format(name=r"msg_title"))


def _script_value(page: Page, pattern: re.Pattern) -> str | None:
    for script in page.scripts:
        match = pattern.search(script)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def _script_date(page: Page) -> FoundDate | None:
    value = _script_value(page, _CT) or _script_value(page, _CT_OBJ)
    if value and value.isdigit() and len(value) == 10:
        return from_timestamp(int(value), value, "meta")
    if value:
        return parse_date(value, "meta")
    created = _script_value(page, _CREATE)
    if created:
        return parse_date(created, "meta")
    el = page.root.find(".//*[@id='publish_time']")
    if el is not None:
        return parse_date(text_of(el), "meta")
    return None


def _account(page: Page) -> str | None:
    for el in page.root.xpath("//*[@id='js_name'] | //*[contains(@class,'profile_nickname')]"):
        if text := clean_text(text_of(el)):
            return text
    return _script_value(page, _NICK)


def _writer(page: Page) -> list[str]:
    for el in page.root.xpath("//*[@id='js_author_name' or @id='js_author_name_text']"):
        if names := split_names(text_of(el)):
            return names
    return []


def _title(page: Page) -> str | None:
    el = page.root.find(".//*[@id='activity-name']")
    if el is not None and (text := clean_text(text_of(el))):
        return text
    return page.meta.get("og:title") or _script_value(page, _TITLE)


class WeChatPage(ArticlePage):
    """An article of a WeChat official account."""

    @classmethod
    def handles(cls, page: Page) -> bool:
        """A page of mp.weixin.qq.com, or one with WeChat's markup (#js_content): a saved
        copy without its URL, or an account's article copied whole onto a portal."""
        if page.url and _host(page.url) == HOST:
            return True
        return bool(page.root.xpath("//*[@id='js_content']"))

    @cached_property
    def body_element(self) -> etree._Element | None:
        return self.page.root.find(".//*[@id='js_content']")

    @cached_property
    def headline(self) -> Headline:
        """#activity-name, og:title or the msg_title script variable."""
        if title := _title(self.page):
            return Headline(clean_text(title), None)
        return super().headline

    @cached_property
    def stated_dates(self) -> list[FoundDate | None]:
        # The ct script variable (set when the article was sent), after the generic ones.
        return [*super().stated_dates, _script_date(self.page)]

    @cached_property
    def source(self) -> str | None:
        """A labelled source, else the account (#js_name), else the generic source."""
        return self.labelled.source or _account(self.page) or super().source

    @cached_property
    def author(self) -> list[str]:
        # The writer the account names in its author field (#js_author_name), with the
        # reporters the text credits; then the author meta tag, before any element
        # marked as the author.
        named = [*_writer(self.page), *self.byline_authors]
        return (
            self.labelled.author
            or list(dict.fromkeys(named))
            or split_names(self.page.meta.get("author"))
            or super().author
        )


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
