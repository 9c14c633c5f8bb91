"""Find the article's text block and read its paragraphs.

Every line on the page gets a weight: prose (long enough, with sentence punctuation, few
link characters) counts for, chrome (menus, link lists, share bars, footers) against. The
article is the element whose lines weigh most, found in one pass with prefix sums over
the lines in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from lxml import etree

from core.text import SENTENCE_END

from .chrome import chrome_level
from .document import Page
from .line_kinds import (
    CHROME_LINE,
    FURNITURE,
    NOTE_LINE,
    POST_DATE,
    STOP,
    is_credit,
    is_meta_line,
    is_tag_list,
)
from .lines import Line, is_prose

_HEADLINE_CHARS = 8
# The date a list shows beside each headline: 2024-06-14, 2024年6月14日, 06-14, [06-14].
_LIST_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|(?<!\d)[01]?\d[-/.月][0-3]?\d日?\W*$")
# A paragraph is never the article on its own: the article is what holds paragraphs.
_PARAGRAPH_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "span",
        "a",
        "font",
        "strong",
        "b",
        "em",
        "i",
        "br",
        "pre",
    ]
)


@dataclass(frozen=True, slots=True)
class Content:
    element: etree._Element
    lines: list[Line]
    meta_lines: list[Line]
    prose_chars: int
    link_lines: int
    prose_lines: int
    # A linked headline above the text: a teaser of another page (a home page's focus
    # box), not an article.
    linked_headline: bool = False
    # Link lines between paragraphs that carry a date: the items of a list of articles.
    dated_link_lines: int = 0


def _in_linked_list_item(line: Line, ranges: dict) -> bool:
    """A summary under a linked headline in a list of other articles."""
    el = line.el
    for _ in range(4):
        if el is None:
            return False
        if el.tag in ("li", "dd", "dt"):
            start, end = ranges.get(el, (0, 0))
            return end - start <= 3 and el.find(".//a[@href]") is not None
        el = el.getparent()
    return False


def line_weight(line: Line, ranges: dict) -> float:
    """How much a line speaks for the block around it being the article, chrome aside:
    prose counts for, links and page furniture against."""
    n = line.chars
    if not n:
        return 0.0
    if line.sure_chrome or line.link_ratio > 0.5:
        return -float(n)
    if n < 150 and FURNITURE.search(line.text):
        return -float(n)
    if is_prose(line):
        if _in_linked_list_item(line, ranges):
            return -float(n)
        return float(n - line.link_chars)
    return -0.5 * n


def _floored(page: Page, weights: list[float], chrome_floor: int) -> list[float]:
    """Line weights where lines in chrome at or above chrome_floor count against."""
    return [
        -float(line.chars) if line.chrome >= chrome_floor else weight
        for line, weight in zip(page.lines, weights, strict=True)
    ]


def _best_element(
    page: Page, weights: list[float], chrome_floor: int
) -> tuple[etree._Element | None, float]:
    weights = _floored(page, weights, chrome_floor)
    prefix = [0.0, *accumulate(weights)]
    best, best_score = None, float("-inf")
    for el, (start, end) in page.ranges.items():
        if el.tag in _PARAGRAPH_TAGS:
            continue
        score = prefix[end] - prefix[start]
        if score > best_score or (score == best_score and best is not None and _inside(el, best)):
            best, best_score = el, score
    run = _densest_run(weights)
    if best is not None and run is not None:
        start, end = page.ranges[best]
        first, last = run
        prose = [w if w > 0 else 0.0 for w in weights]
        held = sum(prose[max(start, first) : min(end, last + 1)])
        # A short article in a container full of promotion lists: the container loses to
        # a small block that holds none of the densest run of lines, which is the article.
        if held < 0.5 * sum(prose[first : last + 1]):
            holder = _common_ancestor(page.lines[first].el, page.lines[last].el)
            if holder is not None and holder in page.ranges:
                return holder, prefix[last + 1] - prefix[first]
    return best, best_score


def _densest_run(weights: list[float]) -> tuple[int, int] | None:
    """The first and last index of the run of lines with the greatest total weight."""
    best, best_run, total, start = 0.0, None, 0.0, 0
    for i, weight in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += weight
        if total > best:
            best, best_run = total, (start, i)
    return best_run


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element | None:
    ancestors = {a, *a.iterancestors()}
    if b in ancestors:
        return b
    return next((el for el in b.iterancestors() if el in ancestors), None)


def _inside(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _chrome_ancestry(el: etree._Element) -> int:
    level = 0
    while el is not None:
        level = max(level, chrome_level(el))
        el = el.getparent()
    return level


def find_content(page: Page, element: etree._Element | None = None) -> Content | None:
    """The article block (or the given element) and its body lines."""
    floor = 1
    if element is None:
        weights = [line_weight(line, page.ranges) for line in page.lines]
        element, score = _best_element(page, weights, chrome_floor=1)
        # The article itself may sit in something that looks like chrome (class="side ...",
        # class="BSHARE_POP"): then it wins by far once such marks are ignored. Comments
        # and footers always count against.
        ceiling = sum(w for w in weights if w > 0)  # no block can score more
        for loose_floor in (2, 3):
            if ceiling <= 2 * max(score, 0) + 100:
                break
            loose, loose_score = _best_element(page, weights, chrome_floor=loose_floor)
            if loose is not None and loose_score > 2 * max(score, 0) + 100:
                element, score, floor = loose, loose_score, loose_floor
                break
    if element is None:
        return None
    # Inside the chosen block, only chrome nested deeper than the block itself is left out.
    floor = max(floor, _chrome_ancestry(element) + 1)
    return _read_body(page, element, floor)


def _read_body(page: Page, element: etree._Element, chrome_floor: int) -> Content:
    body, meta, prose_chars, prose_lines = [], [], 0, 0
    sentences = 0  # lines of prose with a sentence's end: counters and stats are not text
    link_at: list[tuple[int, bool]] = []
    linked_headline = False
    lines = page.lines_in(element)
    # A 相关新闻 box above the text does not end the article; one after most of it does.
    enough = 0.3 * sum(ln.chars for ln in lines if is_prose(ln) and ln.link_ratio <= 0.5)
    for index, line in enumerate(lines):
        text = line.text
        stop = line.chars < 150 and STOP.search(text)
        # A forum thread: the opening post is the article, the next post's date ends it.
        if body and prose_chars >= enough and POST_DATE.search(text):
            stop = True
        if stop and body and prose_chars >= enough:
            # The article ends here; metadata lines after it (责任编辑) still count.
            meta.extend(rest for rest in lines[index + 1 :] if is_meta_line(rest.text))
            break
        if line.link_ratio > 0.5:
            link_at.append((sentences, bool(_LIST_DATE.search(text))))
            if not prose_lines and line.chars >= _HEADLINE_CHARS and not line.chrome:
                linked_headline = True
            continue
        if line.chrome >= chrome_floor or not line.chars or stop:
            continue
        if is_meta_line(text) or is_credit(text):
            meta.append(line)
            continue
        if len(text) < 150 and (CHROME_LINE.search(text) or NOTE_LINE.search(text)):
            continue
        if is_tag_list(text):
            continue
        if is_prose(line):
            prose_chars += line.chars
            prose_lines += 1
            sentences += bool(SENTENCE_END.search(text))
        body.append(line)
    # Link lines between paragraphs make a list page; menus before or after the text do not.
    inside = [dated for at, dated in link_at if 0 < at < sentences]
    return Content(
        element,
        _dedupe(body),
        meta,
        prose_chars,
        len(inside),
        prose_lines,
        linked_headline,
        sum(inside),
    )


def _dedupe(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if not out or out[-1].text != line.text:
            out.append(line)
    return out
