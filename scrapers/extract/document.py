"""Parse a page once into the form every field reader uses: meta tags, scripts, JSON-LD,
the page's own URL, and the visible text cut into lines (see lines.py)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from core.text import clean_text, text_of

from .lines import Line, build_lines

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "select",
    "textarea",
    "button",
    "input",
    "link",
    "map",
    "audio",
    "video",
    "canvas",
]
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CLOSE_DOCUMENT = re.compile(r"</\s*(?:html|body)\s*>", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_ENP_PROPERTY = re.compile(r"<!--\s*enpproperty(.*?)/enpproperty\s*-->", re.I | re.S)
_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


class PageError(ValueError):
    """A page that parses, but not whole."""


@dataclass(frozen=True)
class Page:
    """A parsed page: its tree (scripts, styles and hidden elements removed), URL, lines,
    the line range of every block element, meta tags, scripts and JSON-LD items."""

    root: etree._Element
    url: str | None
    lines: list[Line]
    ranges: dict[etree._Element, tuple[int, int]]
    meta: dict[str, str]
    scripts: list[str]
    jsonld: list[dict]
    page_title: str
    base_url: str | None
    # The fields a CMS writes into a comment of the page (Founder's <!--enpproperty
    # <title>…</title><subtitle>…</subtitle>…/enpproperty-->): comments are not parsed.
    comment_fields: dict[str, str] = field(default_factory=dict)

    def absolute(self, href: str | None) -> str | None:
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith(("javascript:", "#", "mailto:", "data:")):
            return None
        try:
            return urljoin(self.base_url, href) if self.base_url else href
        except ValueError:  # a malformed href such as http://[broken
            return None

    def lines_in(self, el: etree._Element) -> list[Line]:
        """The lines of a block element (of the nearest block around an inline one)."""
        holder = next((a for a in (el, *el.iterancestors()) if a in self.ranges), None)
        start, end = self.ranges[holder] if holder is not None else (0, 0)
        return self.lines[start:end]


def _meta(root: etree._Element) -> dict[str, str]:
    meta = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and key.lower() not in meta:
            meta[key.lower()] = content.strip()
    return meta


def _scripts(root: etree._Element) -> tuple[list[str], list[dict]]:
    scripts, jsonld = [], []
    for el in root.iter("script"):
        text = el.text or ""
        if (el.get("type") or "").lower() == "application/ld+json":
            try:
                data = json.loads(text)
            except ValueError:
                continue
            items = data if isinstance(data, list) else [data]
            for item in items:
                if isinstance(item, dict):
                    jsonld.extend(item.get("@graph", [item]) if "@graph" in item else [item])
        elif text.strip():
            scripts.append(text)
    return scripts, jsonld


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_hidden(root: etree._Element) -> None:
    for el in root.xpath("//*[@style or @hidden]"):
        if el.get("hidden") is not None or _HIDDEN.search(el.get("style", "")):
            if el.get("id") == "js_content":  # WeChat reveals the body by script
                continue
            _drop(el)


def parse_page(text: str, url: str | None, max_elements: int | None = None) -> Page:
    """Parse decoded page text. Raises ValueError when there is no HTML to parse, and
    PageError when it holds more than max_elements elements (None: no limit)."""
    text = _XML_DECL.sub("", text.replace("\x00", ""), count=1)
    # libxml2 drops whatever follows an early </html>; the parser closes them itself.
    text = _CLOSE_DOCUMENT.sub("", text)
    if not url and (saved := _SAVED_FROM.search(text[:4096])):
        url = saved.group(1)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    root = etree.fromstring(text, parser=parser)
    if root is None:
        raise etree.ParserError("Document is empty")
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise PageError("page nests elements deeper than the parser's limit (2048 levels)")
    return page_of_tree(root, url, max_elements, comment_fields(text))


def page_of_tree(
    root: etree._Element,
    url: str | None,
    max_elements: int | None = None,
    comments: dict[str, str] | None = None,
) -> Page:
    """The Page of a parsed tree (libxml2's, or another parser's for comparison: see
    bench/extract.py), with the fields of the page's enpproperty comment (comment_fields
    of its text); the tree is changed in place."""
    # Reading costs Python work per element: the limit keeps a page built to be dense (a
    # portal, or anyone who controls one, can serve one) from stalling a crawl worker.
    if max_elements and (count := int(root.xpath("count(//*)"))) > max_elements:
        raise PageError(
            f"page has {count:,} elements, more than the limit of {max_elements:,}"
            " (EXTRACT_MAX_ELEMENTS): not read"
        )
    meta = _meta(root)
    scripts, jsonld = _scripts(root)
    title_el = root.find(".//title")
    page_title = clean_text(text_of(title_el)) if title_el is not None else ""
    base = root.find(".//base[@href]")
    url = url or meta.get("og:url") or _canonical(root)
    try:
        base_url = urljoin(url, base.get("href")) if base is not None and url else url
    except ValueError:  # a malformed <base href>
        base_url = url
    etree.strip_elements(root, *_DROP_TAGS, "title", "head", with_tail=False)
    _drop_hidden(root)
    body = root.find("body")
    if body is None:
        body = root
    lines, ranges = build_lines(body)
    return Page(
        root, url, lines, ranges, meta, scripts, jsonld, page_title, base_url, comments or {}
    )


def comment_fields(text: str) -> dict[str, str]:
    """The fields of Founder's enpproperty comment, as text (markup inside removed).

    >>> comment_fields("<!--enpproperty <date>2023-03-01</date><title><p>县里开会</p></title>"
    ...                "<subtitle></subtitle>/enpproperty-->")
    {'date': '2023-03-01', 'title': '县里开会'}
    """
    found = _ENP_PROPERTY.search(text)
    if not found:
        return {}
    fields = {}
    for name, value in _ENP_FIELD.findall(found.group(1)):
        if value := clean_text(html.unescape(_TAG.sub(" ", value))):
            fields.setdefault(name.lower(), value)
    return fields


def _canonical(root: etree._Element) -> str | None:
    for el in root.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    return None
