"""Cut a page's visible text into *lines*: one per block element or <br>, each knowing its
element, its link text and whether it sits in page chrome. Every field reader works on these.

This runs over every element of the page (hundreds of thousands on a 20 MB page), so the
walk is one function with local names, and a line is a slotted dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from core.text import PUNCT, clean_text

from .chrome import chrome_level, is_sure_chrome

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
_SPACES = (" ", "\t", "\n", "\r", "\xa0", "\u3000")


@dataclass(slots=True)
class Line:
    text: str
    el: etree._Element
    chars: int
    link_chars: int
    links: list[tuple[str, str]]
    chrome: int  # 0: not in chrome; 1: in a container that looks like chrome; 2: surely chrome
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


def build_lines(body: etree._Element) -> tuple[list[Line], dict]:
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
    block_tags = BLOCK_TAGS

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
            sure[el] = is_sure_chrome(el)
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
