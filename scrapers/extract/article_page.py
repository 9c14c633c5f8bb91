"""ArticlePage: a parsed page read as an article, one cached property per field.

Each field of the Article record is a property of the same name, and to_article() builds
the record from them, so adding a field is one property here and one field on Article.
What several fields share (the article block, the header lines, the labelled metadata)
is a cached property too, computed once and only when a field needs it. Subclasses
override single fields (wechat.WeChatPage); profiled.ProfiledPage puts a site profile's
selectors in front of them.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cached_property
from typing import NamedTuple

from lxml import etree

from core.items import Article
from core.text import SENTENCE_END, squeeze
from core.vocabulary import ERROR_TITLE

from .attachments import find_attachments
from .content import Content, find_content
from .dates import FoundDate, date_from_url, parse_date
from .document import Page
from .images import find_images
from .line_kinds import DATE_ONLY, is_meta_line
from .lines import Line, is_prose
from .markup import jsonld_date, marked_authors, meta_date, meta_source
from .metaline import FilingBox, LabelledFields, filing_box, read_labelled_fields
from .people import names_at_end, names_in_byline, person_from_meta
from .title import find_title
from .trails import Trail, find_breadcrumbs, find_related

_MIN_ARTICLE_CHARS = 15
_HEADER_LINES = 12
_TRAILER_LINES = 8  # lines after the article block that may hold 责任编辑 and the like
_HEADER_SPAN = 25  # lines after the headline that may hold its metadata
_OVER_HEADLINE = 2  # lines above the headline where a date heading may stand
_RECORD_FIELDS = tuple(f.name for f in fields(Article))


class Headline(NamedTuple):
    text: str | None
    element: etree._Element | None  # None for a headline from meta tags, scripts or a selector


class ArticlePage:
    """Any page, read by the generic rules."""

    def __init__(self, page: Page, encoding: str) -> None:
        self.page = page
        self.encoding = encoding

    @classmethod
    def handles(cls, page: Page) -> bool:
        """Whether this class reads the page (see article.page_class)."""
        return True

    def to_article(self) -> Article:
        """The record: every field for an article, only what the page is for any other."""
        if not self.is_article:
            return Article(
                url=self.url,
                is_article=False,
                encoding=self.encoding,
                selector_misses=self.selector_misses,
            )
        return Article(**{name: getattr(self, name) for name in _RECORD_FIELDS})

    # -- What the fields share -----------------------------------------------------------

    @cached_property
    def body_element(self) -> etree._Element | None:
        """The element that holds the text, when the page's kind says which; otherwise
        (None) the block finder chooses."""
        return None

    @cached_property
    def block(self) -> Content | None:
        """The article block as found, the headline still in it."""
        return find_content(self.page, self.body_element)

    @cached_property
    def headline(self) -> Headline:
        block = self.block
        first = next((ln.index for ln in block.lines if _is_sentence(ln)), None) if block else None
        return Headline(
            *find_title(self.page, block.element if block else None, first, self.filing.title)
        )

    @cached_property
    def content(self) -> Content | None:
        """The article block without the headline repeated in it (perhaps with a badge)."""
        block, title, box = self.block, self.title, self.filing
        if block is None:
            return None
        lines = [
            ln
            for ln in block.lines
            if not (title and _repeats(ln, title)) and ln.index not in box.lines
        ]
        # Above the text, the headline cut into lines and the box's values repeated
        # (国发〔2018〕43号 under a document's title) are not the text.
        first = next((i for i, ln in enumerate(lines) if _is_sentence(ln)), 0)
        head = [
            ln
            for ln in lines[:first]
            if not (title and len(ln.text) >= 6 and squeeze(ln.text) in squeeze(title))
            and ln.text not in box.values
        ]
        return replace(block, lines=head + lines[first:])

    @cached_property
    def first_line(self) -> int:
        content = self.content
        return content.lines[0].index if content.lines else self.page.ranges[content.element][0]

    @cached_property
    def header_lines(self) -> list[Line]:
        """Lines between the headline and the text: where the metadata line lives."""
        page, content, title_el = self.page, self.content, self.headline.element
        start = page.ranges.get(content.element, (0, 0))[0]
        first_body = content.lines[0].index if content.lines else start
        if title_el is not None and title_el in page.ranges:
            # From the headline's first line on: some templates put the date line inside
            # the <h1>, after a <br>.
            title_start = page.ranges[title_el][0] + 1
            if title_start <= first_body:
                return page.lines[title_start:first_body][:_HEADER_SPAN]
        return page.lines[max(0, start - _HEADER_LINES // 2) : first_body][-_HEADER_LINES:]

    @cached_property
    def trailer_lines(self) -> list[Line]:
        """Metadata lines right after the article block."""
        end = self.page.ranges.get(self.content.element, (0, 0))[1]
        after = self.page.lines[end : end + _TRAILER_LINES]
        return [line for line in after if is_meta_line(line.text)]

    @cached_property
    def labelled(self) -> LabelledFields:
        # Metadata above the first paragraph belongs with the header; below it, with the
        # trailer.
        content = self.content
        first = next((ln.index for ln in content.lines if is_prose(ln)), len(self.page.lines))
        leading = [line for line in content.meta_lines if line.index < first]
        trailing = [line for line in content.meta_lines if line.index > first]
        return read_labelled_fields(self.header_lines + leading, trailing + self.trailer_lines)

    @cached_property
    def filing(self) -> FilingBox:
        """A government document's 信息公开 box, wherever the page puts it."""
        return filing_box(self.page.lines)

    @cached_property
    def stated_dates(self) -> list[FoundDate | None]:
        """The publish dates the page states, most trusted first."""
        labelled = self.labelled
        # The date shown under the headline counts, even unlabelled, before meta tags; a
        # 信息公开 box's 发布日期 counts before a date merely shown there, and a labelled
        # date below the text (perhaps another story's) only after one under the headline.
        above = [labelled.date, self.filing.date, labelled.text_date]
        if labelled.date_below:
            above = [self.filing.date, labelled.text_date, labelled.date]
        return [*above, meta_date(self.page), jsonld_date(self.page), self.date_over_headline]

    @cached_property
    def date_over_headline(self) -> FoundDate | None:
        """A date standing alone right above the headline (a blog theme's date heading):
        trusted after every date the page states elsewhere."""
        page, title_el = self.page, self.headline.element
        if title_el is None or title_el not in page.ranges:
            return None
        start = page.ranges[title_el][0]
        for line in reversed(page.lines[max(0, start - _OVER_HEADLINE) : start]):
            if line.link_ratio > 0.5 or line.chrome:
                break
            if DATE_ONLY.match(line.text) and (found := parse_date(line.text, "text")):
                return found
        return None

    @cached_property
    def publish_date(self) -> FoundDate | None:
        """The first stated date; then the update time, then the day in the URL. A date
        without a time takes the time of another reading of the same day."""
        candidates = (*self.stated_dates, self.labelled.updated, date_from_url(self.page.url))
        found = [c for c in candidates if c is not None]
        if not found:
            return None
        best = found[0]
        if not best.has_time:
            best = next((c for c in found if c.has_time and c.day == best.day), best)
        return best

    @cached_property
    def byline_authors(self) -> list[str]:
        """Names in a byline at the start or the end of the text: （记者 张三） / 文/王五."""
        lines = self.content.lines
        edges = lines[:3] + lines[-2:]
        found = next((names for line in edges if (names := names_in_byline(line.text))), [])
        # County portals close the last paragraph with the credit: …。（记者 张三）
        return found or next(
            (names for line in reversed(lines[-2:]) if (names := names_at_end(line.text))), []
        )

    @cached_property
    def marked_authors(self) -> list[str]:
        """Names in an element marked as the author, near the start of the text."""
        first = self.first_line
        return marked_authors(
            self.page, range(max(0, first - _HEADER_LINES), first + _HEADER_LINES)
        )

    @cached_property
    def trail(self) -> Trail:
        page, title_el = self.page, self.headline.element
        top = page.ranges[title_el][0] if title_el in page.ranges else self.first_line
        return find_breadcrumbs(page, self.title, top)

    # -- The fields of the record --------------------------------------------------------

    @property
    def url(self) -> str | None:
        return self.page.url

    @cached_property
    def is_article(self) -> bool:
        content, title = self.content, self.title
        if content is None or content.prose_chars < _MIN_ARTICLE_CHARS or not title:
            return False
        if (
            not any(SENTENCE_END.search(line.text) for line in content.lines)
            and content.prose_chars < 60
        ):
            return False
        if content.prose_chars < 300 and ERROR_TITLE.search(f"{title} {self.page.page_title}"):
            return False
        if content.linked_headline and content.prose_lines <= 2 and content.prose_chars < 300:
            return False  # a teaser: headline link and summary of another page
        # Links between paragraphs make a list page, when they are a list's dated items or
        # the text is short: an article may hold undated links (further reading, a
        # forum thread's reply buttons) among paragraphs of its own.
        listed = content.link_lines >= 6 and content.link_lines >= content.prose_lines
        return not (
            listed
            and (2 * content.dated_link_lines >= content.link_lines or content.prose_chars < 300)
        )

    @cached_property
    def title(self) -> str | None:
        return self.headline.text

    @property
    def published_at(self) -> str | None:
        return self.publish_date.value if self.publish_date else None

    @property
    def published_at_raw(self) -> str | None:
        return self.publish_date.raw if self.publish_date else None

    @property
    def date_source(self) -> str:
        return self.publish_date.source if self.publish_date else "none"

    @cached_property
    def document_date(self) -> str | None:
        """The day a government document was written or signed (成文日期, 发文日期)."""
        found = self.labelled.document_date or self.filing.document_date
        return found.day if found else None

    @cached_property
    def source(self) -> str | None:
        labelled = self.labelled
        return (
            labelled.source or meta_source(self.page) or labelled.publisher or self.filing.publisher
        )

    @cached_property
    def author(self) -> list[str]:
        if self.labelled.author:
            return self.labelled.author
        # Read without a label, a name that is the editor's is the editor.
        unlabelled = (
            self.byline_authors
            or self.marked_authors
            or person_from_meta(self.page.meta.get("author"))
        )
        return [name for name in unlabelled if name != self.editor]

    @cached_property
    def editor(self) -> str | None:
        return self.labelled.editor

    @property
    def breadcrumbs(self) -> list[str]:
        return self.trail.items

    @property
    def breadcrumb_links(self) -> list[dict]:
        return self.trail.links

    @cached_property
    def body(self) -> str | None:
        return "\n".join(line.text for line in self.content.lines) or None

    @cached_property
    def images(self) -> list[dict]:
        return find_images(self.page, self.content.element, self.title)

    @cached_property
    def related(self) -> list[dict]:
        body_lines = frozenset(line.index for line in self.content.lines)
        return find_related(self.page, body_lines)

    @cached_property
    def attachments(self) -> list[dict]:
        return find_attachments(self.page)

    # A digital edition's fields (edition_article.EditionArticlePage reads them): none
    # on any other page.
    kicker: str | None = None
    subtitle: str | None = None
    edition_date: str | None = None
    page_no: str | None = None
    page_name: str | None = None

    @property
    def selector_misses(self) -> list[str]:
        """Profile selectors that matched nothing: none without a profile."""
        return []


def _is_sentence(line: Line) -> bool:
    """A line of the text proper: long enough and with a sentence's end."""
    return line.chars >= 20 and bool(SENTENCE_END.search(line.text))


def _repeats(line: Line, title: str) -> bool:
    """The headline repeated in the article block, perhaps with a badge (原创)."""
    return title in line.text and len(line.text) <= len(title) + 8
