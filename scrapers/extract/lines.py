"""Cut a page's visible text into *lines*: one per block element or <br>, each knowing its
element, its link text and whether it sits in page chrome. Every field reader works on these.

This runs over every element of the page (hundreds of thousands on a 20 MB page), so the
walk is one function with local names, and a line is a slotted dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from core.text import PUNCT, clean_text

from .chrome import chrome_levels, is_sure_chrome

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
    # (text, href) of the links in the line; None for a line that is a whole shallow
    # block, whose links are read from its element when asked for (few lines ever are).
    found_links: list[tuple[str, str]] | None
    chrome: int  # 0: not in chrome; 1: in a container that looks like chrome; 2: surely chrome
    chrome_stack: tuple = ()
    index: int = 0  # position in Page.lines
    prose: bool = False  # long enough, or with sentence punctuation: see is_prose
    sure_chrome: bool = False  # inside comments, a footer or a copyright block

    @property
    def links(self) -> list[tuple[str, str]]:
        if self.found_links is None:
            self.found_links = [
                (text, child.get("href") or "")
                for child in self.el
                if child.tag == "a" and (text := clean_text(child.text))
            ]
        return self.found_links

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
    a 20 MB page has hundreds of thousands of them. Most of those are shallow blocks
    (``<p>text</p>``, ``<li><a>text</a></li>``): each of them is one line, read in one step
    without walking into it, so the cost follows the number of lines, not of elements.
    """
    lines: list[Line] = []
    ranges: dict[etree._Element, tuple[int, int]] = {}
    starts: list[int] = []  # where each open block's lines begin
    blocks: list[etree._Element] = []
    chrome: list[tuple[etree._Element, int]] = []
    # The open chrome as a tuple, rebuilt only when it changes: lines share it.
    chrome_now: tuple = ()
    anchors: list[tuple[list[str], str]] = []  # text parts and href of each open <a>
    parts: list[str] = []
    link_parts: list[str] = []
    links: list[tuple[str, str]] = []
    block_tags = BLOCK_TAGS
    levels = chrome_levels(body)

    def add(text: str) -> None:
        if not parts and text.isspace():
            return  # the newline between two blocks, not the start of a line
        parts.append(text)
        if anchors:
            link_parts.append(text)
            anchors[-1][0].append(text)

    def line(text: str, linked: str, found: list[tuple[str, str]] | None) -> None:
        chars = len(text) - text.count(" ")  # clean_text leaves single spaces only
        linked_chars = len(linked) - sum(map(linked.count, _SPACES)) if linked else 0
        lines.append(
            Line(
                text,
                blocks[-1],
                chars,
                min(linked_chars, chars),
                found,
                0,
                chrome_now,
                len(lines),
                _looks_like_prose(text, chars),
            )
        )

    def flush() -> None:
        nonlocal parts, link_parts, links
        text = clean_text("".join(parts))
        if text and blocks:
            line(text, "".join(link_parts), links)
        parts, link_parts, links = [], [], []

    walk = etree.iterwalk(body, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in block_tags:
                if parts:
                    flush()
                blocks.append(el)
                starts.append(len(lines))
            if level := levels.get(el):
                chrome.append((el, level))
                chrome_now = tuple(chrome)
            if tag in block_tags and not anchors and (shallow := _shallow_line(el)):
                text, linked = shallow
                if text := clean_text(text):
                    line(text, linked, None)
                walk.skip_subtree()  # its end event still comes
                continue
            if tag == "a":
                anchors.append(([], el.get("href") or ""))
            if text := el.text:
                add(text)
            continue
        if tag == "a" and anchors:
            anchor_parts, href = anchors.pop()
            if anchor_text := clean_text("".join(anchor_parts)):
                # A link that wraps blocks (a card: image, headline, date) belongs to the
                # line its text ended in, not to the line after it.
                (lines[-1].links if not parts and lines else links).append((anchor_text, href))
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
            chrome_now = tuple(chrome)
        if tail := el.tail:
            add(tail)
    if parts:
        flush()
    _settle_chrome(lines, ranges)
    return lines, ranges


def _shallow_line(el: etree._Element) -> tuple[str, str] | None:
    """A block whose children are all childless inline elements (not <br>) is one line:
    its text and its linked text, as the walk would have read them. None for any other
    block, which the walk reads element by element."""
    if not len(el):
        return el.text or "", ""
    parts = [el.text or ""]
    linked: list[str] = []
    for child in el:
        tag = child.tag
        if len(child) or not isinstance(tag, str) or tag in BLOCK_TAGS or tag == "br":
            return None
        if text := child.text:
            parts.append(text)
            if tag == "a":
                linked.append(text)
        if tail := child.tail:
            parts.append(tail)
    return "".join(parts), "".join(linked)


def _settle_chrome(lines: list[Line], ranges: dict) -> None:
    """Mark lines in chrome, except in 'chrome' that holds most of the page's prose: a
    share-area or side wrapper around the article itself. Comments and footers do not
    count towards the page's prose: a long comment thread must not hide the article."""
    sure: dict = {}

    def is_sure(el: etree._Element) -> bool:
        if el not in sure:
            sure[el] = is_sure_chrome(el)
        return sure[el]

    # Lines share their chrome stack tuples (build_lines makes one per change), so each
    # stack is judged once, by identity.
    sure_stacks: dict[int, bool] = {}

    def stack_is_sure(stack: tuple) -> bool:
        key = id(stack)
        if key not in sure_stacks:
            sure_stacks[key] = any(is_sure(el) for el, _ in stack)
        return sure_stacks[key]

    prose = [0]
    for line in lines:
        counts = is_prose(line) and not (line.chrome_stack and stack_is_sure(line.chrome_stack))
        prose.append(prose[-1] + (line.chars if counts else 0))
    total = prose[-1]
    cleared: dict = {}
    stack_levels: dict[int, int] = {}
    for line in lines:
        stack = line.chrome_stack
        if not stack:
            continue
        line.sure_chrome = stack_is_sure(stack)
        key = id(stack)
        if key not in stack_levels:
            level = 0
            for el, el_level in stack:
                if el not in cleared:
                    start, end = ranges.get(el, (0, 0))
                    big = total and prose[end] - prose[start] >= 0.5 * total
                    cleared[el] = big and not is_sure(el)
                if not cleared[el]:
                    level = max(level, el_level)
            stack_levels[key] = level
        line.chrome = stack_levels[key]
