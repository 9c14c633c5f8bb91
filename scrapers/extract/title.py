"""The article's headline: the heading that the page's <title> (or a title meta tag)
agrees with, not the site logo that many portals put in <h1>."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from lxml import etree

from core.text import clean_text, squeeze, text_of

from .document import Page

_TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "headline")
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜—–]|\s-\s|--|-{1,2}(?=[^-]*$)).*$")
# Labels portals put in front of a headline: 原创, 独家, 置顶 ...
_BADGE = re.compile(r"^\s*[【\[]?(?:原创|独家|置顶|推荐|热门|视频|图集|专题|快讯|最新)[】\]]?\s*")
_CANDIDATE_XPATH = etree.XPath(
    "//h1|//h2|//h3|//h4|//h5"
    "|//*[@class][contains(@class,'title') or contains(@class,'Title') or "
    "contains(@class,'biaoti') or contains(@class,'headline')]"
    "|//*[@id][contains(@id,'title') or contains(@id,'Title')]|//*[@itemprop='headline']"
)


def _agreement(candidate: str, reference: str) -> int:
    """Length of the longest run the candidate shares with the reference."""
    a, b = squeeze(candidate), squeeze(reference)
    if not a or not b:
        return 0
    if a in b:
        return len(a)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def _candidates(page: Page, references: list[str]) -> list[tuple[str, etree._Element]]:
    out = []
    for el in _CANDIDATE_XPATH(page.root):
        text = clean_text(text_of(el))
        badge = _BADGE.match(text)
        if badge and not any(squeeze(text) in squeeze(r) for r in references):
            text = text[badge.end() :]
        if 4 <= len(text) <= 150:
            out.append((text, el))
    return out


def find_title(
    page: Page, content_el: etree._Element | None
) -> tuple[str | None, etree._Element | None]:
    """Return the headline and the element it came from (None for a meta-only title)."""
    references = [page.page_title, *(page.meta.get(k, "") for k in _TITLE_META)]
    references = [r for r in references if r]
    best, best_el, best_score = None, None, 0.0
    for text, el in _candidates(page, references):
        n = len(squeeze(text))
        shared = max((_agreement(text, r) for r in references), default=0)
        if shared < max(4, 0.6 * n):
            continue
        score = (
            shared
            + (3 if el.tag == "h1" else 0)
            + (2 if content_el is not None and _near(el, content_el) else 0)
        )
        if score > best_score:
            best, best_el, best_score = text, el, score
    if best:
        return best, best_el
    for key in _TITLE_META[:2]:
        if page.meta.get(key):
            return clean_text(page.meta[key]), None
    if page.page_title:
        return _strip_site(page.page_title), None
    return None, None


def _near(el: etree._Element, content_el: etree._Element) -> bool:
    """The heading is inside the article block or shares a close ancestor with it."""
    ancestors = set()
    node = content_el
    for _ in range(4):
        if node is None:
            break
        ancestors.add(node)
        node = node.getparent()
    node = el
    for _ in range(5):
        if node is None:
            return False
        if node in ancestors:
            return True
        node = node.getparent()
    return False


def _strip_site(title: str) -> str:
    """'标题_网易新闻' -> '标题'."""
    stripped = _SITE_SUFFIX.sub("", title).strip()
    return stripped if len(stripped) >= 4 else title
