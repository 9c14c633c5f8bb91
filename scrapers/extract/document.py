"""Parse a page once into the form every field extractor reads: meta tags, scripts, and
the visible text as *lines* (one per block element or <br>), each knowing its element,
its link text and whether it sits in page chrome."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree, html

from .text import PUNCT, clean_text, squeeze

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
    sure_chrome: bool = False  # inside comments, a footer or a copyright block

    @property
    def link_ratio(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


def is_prose(line: Line) -> bool:
    """Long enough, or with sentence punctuation: text a person wrote, not a menu."""
    if line.chars >= 50:
        return True
    return line.chars >= 10 and bool(PUNCT.search(line.text))


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
        return urljoin(self.base_url, href) if self.base_url else href

    def lines_in(self, el: etree._Element) -> list[Line]:
        start, end = self.ranges.get(el, (0, 0))
        return self.lines[start:end]


def chrome_level(el: etree._Element) -> int:
    """2 for surely chrome (comments, share bars, footers), 1 for likely, 0 for none."""
    if el.tag in CHROME_TAGS:
        return 1
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if not names.strip():
        return 0
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


def _drop_hidden(root: etree._Element) -> None:
    for el in root.xpath("//*[@style or @hidden]"):
        if el.get("hidden") is not None or _HIDDEN.search(el.get("style", "")):
            if el.get("id") == "js_content":  # WeChat reveals the body by script
                continue
            el.drop_tree()


class _LineBuilder:
    """Walks the tree once, cutting its text into lines at block boundaries."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.ranges: dict[etree._Element, tuple[int, int]] = {}
        self.starts: dict[etree._Element, int] = {}
        self.parts: list[str] = []
        self.link_parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.blocks: list[etree._Element] = []
        self.link_depth = 0
        self.chrome: list[tuple[etree._Element, int]] = []
        self.heading_depth = 0
        self.anchor_text: list[list[str]] = []
        self.anchor_href: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.link_depth:
                self.link_parts.append(text)
                self.anchor_text[-1].append(text)

    def flush(self) -> None:
        if not self.parts:
            return
        text = clean_text("".join(self.parts))
        if text and self.blocks:
            chars = len(squeeze(text))
            links = min(len(squeeze("".join(self.link_parts))), chars)
            self.lines.append(
                Line(
                    text,
                    self.blocks[-1],
                    chars,
                    links,
                    self.links,
                    0,
                    self.heading_depth > 0,
                    tuple(self.chrome),
                    len(self.lines),
                )
            )
        self.parts, self.link_parts, self.links = [], [], []

    def start(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in BLOCK_TAGS:
            self.flush()
            self.blocks.append(el)
            if tag in HEADING_TAGS:
                self.heading_depth += 1
        if level := chrome_level(el):
            self.chrome.append((el, level))
        if tag == "a":
            self.link_depth += 1
            self.anchor_text.append([])
            self.anchor_href.append(el.get("href") or "")
        self.starts[el] = len(self.lines)
        self.add(el.text)

    def end(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == "a":
            text = clean_text("".join(self.anchor_text.pop()))
            href = self.anchor_href.pop()
            if text:
                self.links.append((text, href))
            self.link_depth -= 1
        if tag in BLOCK_TAGS or tag == "br":
            self.flush()
        if tag in BLOCK_TAGS:
            self.blocks.pop()
            if tag in HEADING_TAGS:
                self.heading_depth -= 1
        if self.chrome and self.chrome[-1][0] is el:
            self.chrome.pop()
        start = self.starts.pop(el, len(self.lines))
        if len(self.lines) > start:
            self.ranges[el] = (start, len(self.lines))
        self.add(el.tail)


def _build_lines(body: etree._Element) -> tuple[list[Line], dict]:
    builder = _LineBuilder()
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            builder.start(el)
        else:
            builder.end(el)
    builder.flush()
    _settle_chrome(builder.lines, builder.ranges)
    return builder.lines, builder.ranges


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
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    root = html.document_fromstring(text, parser=parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise PageError("page nests elements deeper than the parser's limit (2048 levels)")
    meta = _meta(root)
    scripts, jsonld = _scripts(root)
    title_el = root.find(".//title")
    page_title = clean_text(title_el.text_content()) if title_el is not None else ""
    base = root.find(".//base[@href]")
    url = url or meta.get("og:url") or _canonical(root)
    base_url = urljoin(url, base.get("href")) if base is not None and url else url
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
