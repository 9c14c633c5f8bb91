"""Parse a page once into the form every field extractor reads: meta tags, scripts, and
the visible text as *lines* (one per block element or <br>), each knowing its element,
its link text and whether it sits in page chrome."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from core.text import PUNCT, clean_text, text_of

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_DROP_TAGS = (
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
)
# class/id words of page chrome: share bars, comments, related lists, footers, menus.
_CHROME_WORDS = re.compile(
    r"share|comment|footer|copyright|recommend|related|relate_|breadcrumb|crumb|qrcode|"
    r"erweima|sidebar|pagination|bdshare|jiathis|advert|toolbar|hotnews|hot_news|"
    r"newslist|news_list|morenews|xgyd|xgxw|xgwz|rmwz|zxwz|dqwz|weizhi|position|location",
    re.I,
)
_SURE_CHROME = re.compile(r"comment|footer|copyright", re.I)
_CHROME_TOKENS = frozenset(
    [
        "nav",
        "navbar",
        "menu",
        "foot",
        "ad",
        "ads",
        "side",
        "prev",
        "next",
        "pages",
        "pager",
        "print",
        "tool",
        "tools",
        "tags",
        "hot",
        "rank",
        "banner",
        "top_nav",
        "topnav",
        "header",
        "logo",
        "search",
        "links",
        "friendlink",
    ]
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = (" ", "\t", "\n", "\r", "\xa0", "\u3000")
_CLOSE_DOCUMENT = re.compile(r"</\s*(?:html|body)\s*>", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)


class PageError(ValueError):
    """A page that parses, but not whole."""


@dataclass(slots=True)
class Line:
    text: str
    el: etree._Element
    chars: int
    link_chars: int
    links: list[tuple[str, str]]
    chrome: int  # 0: not in chrome; 1: in a container that looks like chrome; 2: surely chrome
    heading: bool
    chrome_stack: tuple = ()
    index: int = 0  # position in Page.lines
    prose: bool = False  # long enough, or with sentence punctuation: see is_prose
    sure_chrome: bool = False  # inside comments, a footer or a copyright block

    @property
    def link_ratio(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


def is_prose(line: Line) -> bool:
    """Long enough, or with sentence punctuation: text a person wrote, not a menu."""
    return line.prose


def _looks_like_prose(text: str, chars: int) -> bool:
    return chars >= 50 or (chars >= 10 and bool(PUNCT.search(text)))


@dataclass
class Page:
    root: etree._Element
    url: str | None
    lines: list[Line]
    ranges: dict[etree._Element, tuple[int, int]]
    meta: dict[str, str]
    scripts: list[str]
    jsonld: list[dict]
    page_title: str
    base_url: str | None
    misc: dict = field(default_factory=dict)

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


def chrome_level(el: etree._Element) -> int:
    """2 for surely chrome (comments, share bars, footers), 1 for likely, 0 for none."""
    if el.tag in CHROME_TAGS:
        return 1
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return 0
    names = f"{cls or ''} {ident or ''}"
    if _CHROME_WORDS.search(names):
        return 2
    tokens = re.split(r"[\s_\-]+", names.lower())
    return 1 if any(t in _CHROME_TOKENS for t in tokens) else 0


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


def _build_lines(body: etree._Element) -> tuple[list[Line], dict]:
    """Walk the tree once, cutting its text into lines at block boundaries.

    One function with local names on purpose: it runs for every element of the page, and
    a 20 MB page has hundreds of thousands of them.
    """
    lines: list[Line] = []
    ranges: dict[etree._Element, tuple[int, int]] = {}
    starts: list[int] = []  # where each open block's lines begin
    blocks: list[etree._Element] = []
    chrome: list[tuple[etree._Element, int]] = []
    anchors: list[tuple[list[str], str]] = []  # text parts and href of each open <a>
    parts: list[str] = []
    link_parts: list[str] = []
    links: list[tuple[str, str]] = []
    headings = 0
    block_tags, heading_tags = BLOCK_TAGS, HEADING_TAGS

    def add(text: str) -> None:
        if not parts and text.isspace():
            return  # the newline between two blocks, not the start of a line
        parts.append(text)
        if anchors:
            link_parts.append(text)
            anchors[-1][0].append(text)

    def flush() -> None:
        nonlocal parts, link_parts, links
        text = clean_text("".join(parts))
        if text and blocks:
            chars = len(text) - text.count(" ")  # clean_text leaves single spaces only
            linked = "".join(link_parts)
            linked_chars = len(linked) - sum(map(linked.count, _SPACES)) if linked else 0
            lines.append(
                Line(
                    text,
                    blocks[-1],
                    chars,
                    min(linked_chars, chars),
                    links,
                    0,
                    headings > 0,
                    tuple(chrome),
                    len(lines),
                    _looks_like_prose(text, chars),
                )
            )
        parts, link_parts, links = [], [], []

    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in block_tags:
                if parts:
                    flush()
                blocks.append(el)
                starts.append(len(lines))
                if tag in heading_tags:
                    headings += 1
            if level := chrome_level(el):
                chrome.append((el, level))
            if tag == "a":
                anchors.append(([], el.get("href") or ""))
            if text := el.text:
                add(text)
            continue
        if tag == "a" and anchors:
            anchor_parts, href = anchors.pop()
            if anchor_text := clean_text("".join(anchor_parts)):
                links.append((anchor_text, href))
        if tag in block_tags:
            if parts:
                flush()
            blocks.pop()
            first = starts.pop()
            if len(lines) > first:
                ranges[el] = (first, len(lines))
            if tag in heading_tags:
                headings -= 1
        elif tag == "br" and parts:
            flush()
        if chrome and chrome[-1][0] is el:
            chrome.pop()
        if tail := el.tail:
            add(tail)
    if parts:
        flush()
    _settle_chrome(lines, ranges)
    return lines, ranges


def _settle_chrome(lines: list[Line], ranges: dict) -> None:
    """Mark lines in chrome, except in 'chrome' that holds most of the page's prose: a
    share-area or side wrapper around the article itself. Comments and footers do not
    count towards the page's prose: a long comment thread must not hide the article."""
    sure: dict = {}

    def is_sure(el: etree._Element) -> bool:
        if el not in sure:
            sure[el] = bool(_SURE_CHROME.search(f"{el.get('class', '')} {el.get('id', '')}"))
        return sure[el]

    prose = [0]
    for line in lines:
        counts = is_prose(line) and not any(is_sure(el) for el, _ in line.chrome_stack)
        prose.append(prose[-1] + (line.chars if counts else 0))
    total = prose[-1]
    cleared: dict = {}
    for line in lines:
        level = 0
        line.sure_chrome = any(is_sure(el) for el, _ in line.chrome_stack)
        for el, el_level in line.chrome_stack:
            if el not in cleared:
                start, end = ranges.get(el, (0, 0))
                big = total and prose[end] - prose[start] >= 0.5 * total
                cleared[el] = big and not is_sure(el)
            if not cleared[el]:
                level = max(level, el_level)
        line.chrome = level


def parse_page(text: str, url: str | None) -> Page:
    """Parse decoded page text. Raises ValueError when there is no HTML to parse."""
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
    lines, ranges = _build_lines(body)
    return Page(root, url, lines, ranges, meta, scripts, jsonld, page_title, base_url)


def _canonical(root: etree._Element) -> str | None:
    for el in root.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    return None
