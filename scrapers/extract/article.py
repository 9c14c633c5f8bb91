"""extract_article: page bytes and URL in, an Article out. Pure: no network, no database."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from core.items import Article
from core.text import HAN, SENTENCE_END, clean_text, text_of
from core.vocabulary import EDITOR_RANK, ERROR_TITLE

from . import wechat
from .content import Content, find_content, is_meta_line
from .dates import FoundDate, date_from_url, find_dates, parse_date
from .document import Page, PageError, parse_page
from .encoding import decode_html
from .images import find_images
from .lines import Line, is_prose
from .metaline import clean_editor, clean_source, split_labels
from .people import (
    is_name_list,
    names_in_byline,
    names_in_credit,
    outlet_beside_date,
    person_from_meta,
    split_names,
)
from .selectors import SelectorSet
from .title import find_title
from .trails import find_breadcrumbs, find_related

if TYPE_CHECKING:
    from collections.abc import Mapping

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"Rar!": "a RAR archive",
    b"\xd0\xcf\x11\xe0": "an MS Office document",
    b"ID3": "an MP3 file",
}
_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype|html|head|body|div|p|title|meta|table|span|a|br|h[1-6])\b", re.I
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
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
_MIN_ARTICLE_CHARS = 15
_HEADER_LINES = 12
_TRAILER_LINES = 8  # lines after the article block that may hold 责任编辑 and the like
_HEADER_SPAN = 25  # lines after the headline that may hold its metadata


class ExtractionError(ValueError):
    """The input is not an HTML page: empty, binary, or another kind of file."""


def _check_bytes(body: bytes) -> None:
    if not body or not body.strip():
        raise ExtractionError("empty document")
    for magic, kind in _MAGIC.items():
        if body.startswith(magic):
            raise ExtractionError(f"not HTML: {kind}")
    head = body[:8192]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 50):
        raise ExtractionError("not HTML: binary data")
    if not _HTML_HINT.search(body[:65536]):
        raise ExtractionError("not HTML: no HTML tags")


def extract_article(
    body: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    selectors: SelectorSet | None = None,
) -> Article:
    """Read one page. Raises ExtractionError for input that is not an HTML page.

    >>> page = '<html><head><title>县里开会_某县融媒</title></head><body>' \\
    ...        '<h1>县里开会</h1><p>发布时间：2023-01-29 10:21 来源：某县融媒体中心</p>' \\
    ...        '<div><p>1月28日，县里召开经济运行分析会。会议部署了全年重点工作。</p></div></body></html>'
    >>> a = extract_article(page.encode("gbk"), "http://www.x.gov.cn/a.html")
    >>> a.title, a.published_at, a.source, a.encoding
    ('县里开会', '2023-01-29T10:21:00+08:00', '某县融媒体中心', 'gb18030')
    """
    return extract_page(body, url, headers, selectors)[0]


def extract_page(
    body: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    selectors: SelectorSet | None = None,
) -> tuple[Article, Page]:
    """extract_article, and the parsed page it read (for its links)."""
    _check_bytes(body)
    content_type = _header(headers, "content-type")
    text, encoding = decode_html(body, content_type)
    try:
        page = parse_page(text, url)
    except PageError as exc:
        raise ExtractionError(str(exc)) from exc
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not HTML: {exc}") from exc
    return _read_article(page, encoding, selectors or SelectorSet.empty()), page


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def _read_article(page: Page, encoding: str, selectors: SelectorSet) -> Article:
    misses: list[str] = []
    is_wechat = wechat.is_wechat(page)
    body_el = selectors.element(page.root, "body", misses)
    if body_el is None and is_wechat:
        body_el = page.root.find(".//*[@id='js_content']")
    content = find_content(page, body_el)
    title, title_el = _title(page, content, selectors, misses, is_wechat)
    if content is not None:
        content = replace(
            content, lines=[ln for ln in content.lines if not _is_title_line(ln, title)]
        )
    record = Article(url=page.url, is_article=False, encoding=encoding, selector_misses=misses)
    if not _is_article(page, content, title):
        return record
    record.is_article = True
    record.title = title
    header = _header_lines(page, content, title_el)
    # Metadata above the first paragraph belongs with the header; below it, with the trailer.
    first = next((line.index for line in content.lines if is_prose(line)), len(page.lines))
    leading = [line for line in content.meta_lines if line.index < first]
    trailing = [line for line in content.meta_lines if line.index > first]
    fields = _labelled_fields(header + leading, trailing + _trailer_lines(page, content))
    _fill_dates(record, page, fields, selectors, is_wechat)
    _fill_people(record, page, content, fields, selectors, is_wechat)
    top = page.ranges[title_el][0] if title_el in page.ranges else _first_line(page, content)
    record.breadcrumbs, record.breadcrumb_links = find_breadcrumbs(page, title, top)
    if chosen := selectors.texts(page.root, "breadcrumbs", misses):
        record.breadcrumbs = chosen
    record.body = "\n".join(line.text for line in content.lines) or None
    record.images = find_images(page, content.element, title)
    record.related = find_related(page, frozenset(line.index for line in content.lines))
    return record


def _is_title_line(line: Line, title: str | None) -> bool:
    """The headline repeated in the article block, perhaps with a badge (原创)."""
    return bool(title) and title in line.text and len(line.text) <= len(title) + 8


def _title(page, content, selectors, misses, is_wechat) -> tuple[str | None, etree._Element | None]:
    title = selectors.text(page.root, "title", misses)
    if title:
        return title, None
    if is_wechat and (title := wechat.wechat_title(page)):
        return clean_text(title), None
    return find_title(page, content.element if content else None)


def _is_article(page: Page, content: Content | None, title: str | None) -> bool:
    if content is None or content.prose_chars < _MIN_ARTICLE_CHARS or not title:
        return False
    if (
        not any(SENTENCE_END.search(line.text) for line in content.lines)
        and content.prose_chars < 60
    ):
        return False
    if content.prose_chars < 300 and ERROR_TITLE.search(f"{title} {page.page_title}"):
        return False
    if content.linked_headline and content.prose_lines <= 2 and content.prose_chars < 300:
        return False  # a teaser: headline link and summary of another page
    return not (content.link_lines >= 6 and content.link_lines >= content.prose_lines)


def _header_lines(page: Page, content: Content, title_el) -> list[Line]:
    """Lines between the headline and the body: where the metadata line lives."""
    start = page.ranges.get(content.element, (0, 0))[0]
    first_body = content.lines[0].index if content.lines else start
    if title_el is not None and title_el in page.ranges:
        title_end = page.ranges[title_el][1]
        if title_end <= first_body:
            return page.lines[title_end:first_body][:_HEADER_SPAN]
    return page.lines[max(0, start - _HEADER_LINES // 2) : first_body][-_HEADER_LINES:]


def _first_line(page: Page, content: Content) -> int:
    return content.lines[0].index if content.lines else page.ranges[content.element][0]


def _trailer_lines(page: Page, content: Content) -> list[Line]:
    end = page.ranges.get(content.element, (0, 0))[1]
    return [line for line in page.lines[end : end + _TRAILER_LINES] if is_meta_line(line.text)]


def _labelled_fields(header: list[Line], others: list[Line]) -> dict:
    fields: dict = {
        "date": None,
        "updated": None,
        "text_date": None,
        "source": None,
        "author": [],
        "editor": None,
        "editor_rank": len(EDITOR_RANK),
    }
    for line in header + others:
        labels = split_labels(line.text, bare=True)
        for name, _label, value in labels:
            if name == "date" and fields["date"] is None:
                fields["date"] = parse_date(value, "metaline")
            elif name == "updated" and fields["updated"] is None:
                fields["updated"] = parse_date(value, "metaline")
            elif name == "source" and not fields["source"]:
                fields["source"] = clean_source(value)
            elif name == "author" and not fields["author"]:
                fields["author"] = split_names(value)
            elif name == "editor" and _label in EDITOR_RANK and value:
                rank = EDITOR_RANK.index(_label)
                if rank < fields["editor_rank"] and (editor := clean_editor(value)):
                    fields["editor"], fields["editor_rank"] = editor, rank
        if not fields["author"] and (names := names_in_credit(line.text)):
            fields["author"] = names
        # An unlabelled date counts only above the text: below it are lists of other articles.
        if (
            line in header
            and fields["text_date"] is None
            and not any(n in ("date", "updated") for n, *_ in labels)
        ):
            found = find_dates(line.text)
            if found:
                kind = "metaline" if labels else "text"
                value, has_time, raw = found[0]
                fields["text_date"] = FoundDate(value, raw, kind, has_time)
                if not fields["source"]:
                    fields["source"] = outlet_beside_date(line.text, raw)
    return fields


_AUTHOR_CLASS = re.compile(
    r"(?:^|[\s_-])(?:author|byline|writer|zuozhe)(?:name)?(?:$|[\s_-])", re.I
)
_NOT_AUTHOR_CLASS = re.compile(r"tips|login|pwd|avatar|icon|img|list", re.I)


def _author_element(page: Page, content: Content, near: range) -> list[str]:
    """Names in an element marked as the author (class="author", itemprop="author") next to
    the headline or in the article: people's names, not an account's."""
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


def _fill_dates(record: Article, page: Page, fields, selectors: SelectorSet, is_wechat) -> None:
    candidates: list[FoundDate | None] = [
        parse_date(selectors.text(page.root, "published_at", record.selector_misses), "metaline"),
        fields["date"],
        fields["text_date"],  # the date shown under the headline, even unlabelled
        _meta_date(page),
        _jsonld_date(page),
        wechat.wechat_date(page) if is_wechat else None,
        fields["updated"],
        date_from_url(page.url),
    ]
    found = [c for c in candidates if c is not None]
    if not found:
        return
    best = found[0]
    if not best.has_time:
        # Another reading of the same day may also give the time.
        best = next((c for c in found if c.has_time and c.day == best.day), best)
    record.published_at, record.published_at_raw, record.date_source = (
        best.value,
        best.raw,
        best.source,
    )


def _meta_date(page: Page) -> FoundDate | None:
    for key in _META_DATE_KEYS:
        if key in page.meta and (found := parse_date(page.meta[key], "meta")):
            return found
    return None


def _jsonld_date(page: Page) -> FoundDate | None:
    for item in page.jsonld:
        value = item.get("datePublished") or item.get("dateCreated")
        if isinstance(value, str) and (found := parse_date(value, "jsonld")):
            return found
    return None


def _fill_people(
    record: Article, page: Page, content: Content, fields, selectors, is_wechat
) -> None:
    misses = record.selector_misses
    record.source = (
        selectors.text(page.root, "source", misses)
        or fields["source"]
        or (wechat.wechat_account(page) if is_wechat else None)
        or next((clean_text(page.meta[k]) for k in _META_SOURCE_KEYS if page.meta.get(k)), None)
    )
    authors = split_names(selectors.text(page.root, "author", misses)) or fields["author"]
    if not authors:
        edges = content.lines[:2] + content.lines[-2:]
        authors = next((names for line in edges if (names := names_in_byline(line.text))), [])
    if not authors and is_wechat:
        authors = split_names(page.meta.get("author"))
    if not authors:
        first = _first_line(page, content)
        near = range(max(0, first - _HEADER_LINES), first + _HEADER_LINES)
        authors = _author_element(page, content, near)
    record.author = authors or person_from_meta(page.meta.get("author"))
    record.editor = selectors.text(page.root, "editor", misses) or fields["editor"]
