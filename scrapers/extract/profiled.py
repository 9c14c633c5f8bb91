"""ProfiledPage: a site profile's selectors in front of a page object's generic rules.

For each field the profile has a selector for, the selector's value is used when it
matches and the page object's own rule otherwise; a selector that matches nothing is named
in the record's ``selector_misses``. This is the one place selectors are applied, whatever
the page class: profiled(WeChatPage) is a WeChatPage with the profile in front.
"""

from __future__ import annotations

from functools import cache, cached_property

from lxml import etree

from .article_page import ArticlePage, Headline
from .dates import FoundDate, parse_date
from .document import Page
from .people import split_names
from .selectors import FIELDS, SelectorSet
from .trails import Trail

# Misses are listed in the order the fields were read before page objects: the body
# element first, the headline next, then the fields of the record.
_MISS_ORDER = ("body", *(name for name in FIELDS if name != "body"))


class ProfiledPage(ArticlePage):
    """Put in front of a page class by profiled(); each override reads a selector and
    falls back on ``super()``, the page class's own rule."""

    def __init__(self, page: Page, encoding: str, selectors: SelectorSet) -> None:
        super().__init__(page, encoding)
        self.selectors = selectors
        self._missed: list[str] = []

    def _text(self, name: str) -> str | None:
        return self.selectors.text(self.page.root, name, self._missed)

    @cached_property
    def body_element(self) -> etree._Element | None:
        # The body selector chooses the article block; the block finder reads its lines.
        element = self.selectors.element(self.page.root, "body", self._missed)
        return element if element is not None else super().body_element

    @cached_property
    def headline(self) -> Headline:
        text = self._text("title")
        return Headline(text, None) if text else super().headline

    @cached_property
    def stated_dates(self) -> list[FoundDate | None]:
        # The selected date comes first, but a date without a time still takes the time of
        # another reading of the same day.
        return [parse_date(self._text("published_at"), "metaline"), *super().stated_dates]

    @cached_property
    def source(self) -> str | None:
        return self._text("source") or super().source

    @cached_property
    def author(self) -> list[str]:
        return split_names(self._text("author")) or super().author

    @cached_property
    def editor(self) -> str | None:
        return self._text("editor") or super().editor

    @cached_property
    def trail(self) -> Trail:
        # Selected items replace the trail's items; its links stay those found generically.
        found = super().trail
        chosen = self.selectors.texts(self.page.root, "breadcrumbs", self._missed)
        return Trail(chosen, found.links) if chosen else found

    @property
    def selector_misses(self) -> list[str]:
        return [name for name in _MISS_ORDER if name in self._missed]


@cache
def profiled(page_class: type[ArticlePage]) -> type[ProfiledPage]:
    """page_class with ProfiledPage in front of it (one class per page class)."""
    if issubclass(page_class, ProfiledPage):
        return page_class
    return type(f"Profiled{page_class.__name__}", (ProfiledPage, page_class), {})
