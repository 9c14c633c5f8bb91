"""extract_article: page bytes and URL in, an Article out. Pure: no network, no database."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lxml import etree

from .article_page import ArticlePage
from .attachments import DOCUMENT_MAGIC
from .document import Page, PageError, parse_page
from .edition_article import EditionArticlePage
from .encoding import decode_html
from .profiled import profiled
from .wechat import WeChatPage

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from core.items import Article

    from .selectors import SelectorSet

_MAGIC = {
    **DOCUMENT_MAGIC,
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "gzip data",
    b"ID3": "an MP3 file",
}
_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype|html|head|body|div|p|title|meta|table|span|a|br|h[1-6])\b", re.I
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


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
    max_elements: int | None = None,
) -> Article:
    """Read one page. Raises ExtractionError for input that is not an HTML page, or one of
    more than max_elements elements (None: no limit).

    >>> page = '<html><head><title>县里开会_某县融媒</title></head><body>' \\
    ...        '<h1>县里开会</h1><p>发布时间：2023-01-29 10:21 来源：某县融媒体中心</p>' \\
    ...        '<div><p>1月28日，县里召开经济运行分析会。会议部署了全年重点工作。</p></div></body></html>'
    >>> a = extract_article(page.encode("gbk"), "http://www.x.gov.cn/a.html")
    >>> a.title, a.published_at, a.source, a.encoding
    ('县里开会', '2023-01-29T10:21:00+08:00', '某县融媒体中心', 'gb18030')
    """
    return extract_page(body, url, headers, selectors, max_elements)[0]


def extract_page(
    body: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    selectors: SelectorSet | None = None,
    max_elements: int | None = None,
) -> tuple[Article, Page]:
    """extract_article, and the parsed page it read (for its links)."""
    _check_bytes(body)
    content_type = _header(headers, "content-type")
    text, encoding = decode_html(body, content_type)
    with _collection_paused():
        try:
            page = parse_page(text, url, max_elements)
        except PageError as exc:
            raise ExtractionError(str(exc)) from exc
        except (etree.ParserError, ValueError) as exc:
            raise ExtractionError(f"not HTML: {exc}") from exc
        return page_object(page, encoding, selectors).to_article(), page


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Reading a page makes an object per line and per element, none of them in a cycle
    that needs collecting; on a big page the cyclic collector's passes over them cost a
    fifth of the time. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


PAGE_CLASSES: tuple[type[ArticlePage], ...] = (WeChatPage, EditionArticlePage)


def page_class(page: Page) -> type[ArticlePage]:
    """The page object class for a page: the first of PAGE_CLASSES that handles it, else
    the generic ArticlePage."""
    return next((cls for cls in PAGE_CLASSES if cls.handles(page)), ArticlePage)


def page_object(page: Page, encoding: str, selectors: SelectorSet | None = None) -> ArticlePage:
    """The page object that reads a parsed page, with the profile's selectors if any."""
    cls = page_class(page)
    if selectors and selectors.names():
        return profiled(cls)(page, encoding, selectors)
    return cls(page, encoding)
