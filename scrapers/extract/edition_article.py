"""EditionArticlePage: an article of a digital edition (数字报, Founder's e-paper system).

Its headline comes with a kicker above it (引题) and a subtitle below (副题), kept apart
from the title; it is printed on a page (版次 and 版名, 第02版：综合) of the issue of a
day, which is its publish date unless the page states a time that day. Founder writes
all of it into the enpproperty comment of the page (document.comment_fields) or its own
elements (<founder-title>, <founder-subtitle>, <founder-introtitle>); other templates
show the three headings one above the other, as printed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from lxml import etree

from core.text import SENTENCE_END, clean_text, text_of
from core.vocabulary import KICKER_LABELS, SUBTITLE_LABELS, words

from .article_page import ArticlePage, Headline
from .cms import edition_day
from .dates import FoundDate, parse_date
from .document import Page
from .edition import page_label
from .line_kinds import is_meta_line
from .lines import Line
from .people import box_credit, names_in_byline

_MAX_HEADING = 60  # characters: a kicker or subtitle is a heading, not a paragraph
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Classes and ids templates mark printed headings with: font01/font02 (Founder's old
# template), yinti (引题), futi/fbt (副题), subtitle, kicker, introtitle ...
_TITLE_CLASS = re.compile(
    r"title|biaoti|yinti|futi|zhuti|kicker|intro|font0\d|\b(?:yt|ft|fbt|bt|zt)\b", re.I
)
# Words that name the page an article is on, even in a link: 返回本版, 当前版, 所在版面.
_OWN_PAGE = re.compile(r"返回|本版|当前版|所在版|当前版面")
_LABELLED = {
    "kicker": re.compile(rf"^(?:{words(KICKER_LABELS)})\s*[：:]\s*"),
    "subtitle": re.compile(rf"^(?:{words(SUBTITLE_LABELS)})\s*[：:]\s*"),
}


# Where a printed headline is, most likely first (each in the page's order).
_PRINTED_HEADLINE = tuple(
    etree.XPath(path)
    for path in (
        "//h1",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' font01 ')]",
        "//*[contains(@class,'biaoti') or contains(@class,'main-title') or @id='title'"
        " or contains(concat(' ', normalize-space(@class), ' '), ' title ')]",
        "//h2",
    )
)


def _element_text(page: Page, tag: str) -> str | None:
    el = page.root.find(f".//{tag}")
    return clean_text(text_of(el)) or None if el is not None else None


class EditionArticlePage(ArticlePage):
    """An article of a digital edition."""

    @classmethod
    def handles(cls, page: Page) -> bool:
        """An article URL of an edition (content_123.htm in an issue's folder), or a page
        that carries Founder's article fields."""
        if page.url and (found := edition_day(page.url)) and found[0] == "article":
            return True
        fields = page.comment_fields
        return "nodename" in fields or page.root.find(".//founder-content") is not None

    def _field(self, name: str) -> str | None:
        """A Founder field: the enpproperty comment's, else its <founder-NAME> element."""
        return self.page.comment_fields.get(name) or _element_text(self.page, f"founder-{name}")

    @cached_property
    def headline(self) -> Headline:
        if title := self._field("title"):
            # The element that shows it, for the lines around it.
            shown = next((ln.el for ln in self.page.lines if ln.text == title), None)
            return Headline(title, shown)
        found = super().headline
        if found.element is not None:
            return found
        # An edition's <title> is often the paper's name alone, confirming no heading:
        # the printed headline is the page's first main heading.
        for path in _PRINTED_HEADLINE:
            for el in path(self.page.root):
                text = clean_text(text_of(el))
                if 4 <= len(text) <= 100 and el.find(".//a") is None:
                    return Headline(text, el)
        return found

    @cached_property
    def _heading_lines(self) -> tuple[Line | None, Line | None]:
        """The short lines right above and below the headline, as printed."""
        page, el = self.page, self.headline.element
        if el is None or el not in page.ranges:
            return None, None
        start, end = page.ranges[el]
        above = page.lines[start - 1] if start > 0 else None
        below = page.lines[end] if end < len(page.lines) else None
        return (
            _heading(above, el, self.title, page.page_title),
            _heading(below, el, self.title, page.page_title, below=True),
        )

    @cached_property
    def kicker(self) -> str | None:
        if value := self._field("introtitle"):
            return value
        line = self._heading_lines[0]
        return _LABELLED["kicker"].sub("", line.text) if line else None

    @cached_property
    def subtitle(self) -> str | None:
        if value := self._field("subtitle"):
            return value
        line = self._heading_lines[1]
        return _LABELLED["subtitle"].sub("", line.text) if line else None

    @cached_property
    def _text_lines(self) -> list[Line] | None:
        """The block's lines without the kicker and subtitle printed around the headline,
        and without a line that only names the page (当前版：第04版：颍水)."""
        content = super().content
        if content is None:
            return None
        headings = {self.kicker, self.subtitle} - {None}
        return [
            ln
            for ln in content.lines
            if ln.text not in headings and not (len(ln.text) <= 30 and page_label(ln.text))
        ]

    @cached_property
    def _credit_lines(self) -> dict[int, list[str]]:
        """An essay's credit (□张三) at either end of the text: a byline, not text."""
        lines = self._text_lines or []
        edges = lines[:2] + lines[-2:]
        return {ln.index: names for ln in edges if (names := box_credit(ln.text))}

    @cached_property
    def content(self):
        content = super().content
        if content is None:
            return None
        credits = self._credit_lines
        lines = [ln for ln in self._text_lines if ln.index not in credits]
        return replace(content, lines=lines)

    @cached_property
    def byline_authors(self) -> list[str]:
        names = [n for found in self._credit_lines.values() for n in found]
        return super().byline_authors or list(dict.fromkeys(names))

    @cached_property
    def edition_date(self) -> str | None:
        """The issue's day: its folder in the URL, else the day Founder's fields give an
        article printed on a page (第N版); None for an article of Founder's web CMS,
        which writes the same fields (its nodename is a column, not a page)."""
        if found := edition_day(self.page.url or ""):
            return found[1]
        node = self.page.comment_fields.get("nodename")
        stated = parse_date(self.page.comment_fields.get("date"), "edition")
        return stated.day if stated and node and page_label(node) else None

    @cached_property
    def _page_label(self) -> tuple[str, str | None] | None:
        if self.edition_date is None:  # no issue, no page of one
            return None
        node = self.page.comment_fields.get("nodename")
        if node and (label := page_label(node)):
            return label
        # Else a line of the page's own that names it (第02版：综合), outside the text (an
        # article may mention another page) and outside links (版面导航 links them all).
        text = {ln.index for ln in self.content.lines} if self.content else set()
        lines = [ln for ln in self.page.lines if ln.index not in text and len(ln.text) <= 40]
        for line in lines:
            if not line.link_chars and "版" in line.text and (label := page_label(line.text)):
                return label
        # A link back to its own page (返回第02版：综合), and <title> (颍川报-第02版：综合-…).
        for line in lines:
            if _OWN_PAGE.search(line.text) and (label := page_label(line.text)):
                return label
        title = self.page.page_title
        return page_label(title) if "版" in title else None

    @property
    def page_no(self) -> str | None:
        return self._page_label[0] if self._page_label else None

    @property
    def page_name(self) -> str | None:
        return self._page_label[1] if self._page_label else None

    @cached_property
    def publish_date(self) -> FoundDate | None:
        """The issue's day; a time only when the page states one on that day."""
        day = self.edition_date
        stated = super().publish_date
        if day is None:
            return stated
        if stated is not None and stated.has_time and stated.day == day:
            return stated
        return FoundDate(day, day, "edition", False)


def _heading(
    line: Line | None,
    headline: etree._Element,
    title: str | None,
    page_title: str,
    *,
    below: bool = False,
) -> Line | None:
    """A line printed as a kicker (above) or subtitle (below) of the headline: a short
    heading beside it (h1-h6, or marked as a title: td.font02, .yinti, .subtitle), not a
    sentence, a link, metadata, a page label, a date or a byline, nor the site's name of
    <title>; a line of its own starting with a dash (——写在…之际) is a subtitle."""
    if line is None or not line.text or line.link_chars or line.chrome:
        return None
    text = line.text
    if len(text) > _MAX_HEADING or (title and text == title):
        return None
    dashed = below and text.startswith(("——", "—", "--"))
    if not dashed and (SENTENCE_END.search(text) or not _beside(line.el, headline)):
        return None
    if page_title and text in page_title and not (title and title in page_title):
        return None  # the paper's name above the headline, not a kicker
    if is_meta_line(text) or parse_date(text, "text") or page_label(text) or names_in_byline(text):
        return None
    return line


def _beside(el: etree._Element, headline: etree._Element) -> bool:
    """A heading in the same block as the headline (the same parent, or the same table)."""
    if el.tag not in _HEADINGS and not _TITLE_CLASS.search(
        f"{el.get('class', '')} {el.get('id', '')}"
    ):
        return False
    near = {a for _, a in zip(range(3), headline.iterancestors(), strict=False)}
    return any(a in near for _, a in zip(range(3), el.iterancestors(), strict=False))
