"""The article's headline: the heading that the page's <title> (or a title meta tag)
agrees with, not the site logo that many portals put in <h1>."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from lxml import etree

from core.text import clean_text, squeeze, text_of

from .document import Page
from .line_kinds import CHROME_LINE, DATE_ONLY, is_meta_line

_TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "headline")
_TRAIL_TITLE = re.compile(r"\s*(?:>>|»|›|→|＞＞)\s*")
# A headline may hold a ——: only a single dash separates the site's name.
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜–]|(?<!—)—(?!—)|\s-\s|--|-{1,2}(?=[^-]*$)).*$")
# Labels portals put in front of a headline: 原创, 独家, 置顶 ...
_BADGE = re.compile(
    r"^\s*(?:[【\[]?(?:原创|独家|置顶|推荐|热门|视频|图集|专题|快讯|最新)[】\]]?|[【\[［][^】\]］]{1,6}[】\]］])\s*"
)
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
    page: Page,
    content_el: etree._Element | None,
    first_line: int | None = None,
    stated: str | None = None,
) -> tuple[str | None, etree._Element | None]:
    """Return the headline and the element it came from (None for a meta-only title).

    A heading that the <title> or a title meta tag agrees with comes first. Without one
    (no <title>, or one that is only the site's name: 显示, 某县融媒体中心), the title a
    government document's box states (``stated``), then the heading right above the text
    (``first_line``: the index of the text's first line), then the <title> itself."""
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
    above = heading_above(page, first_line) if first_line is not None else None
    if best and not (above and _site_name(page, best) and not _near(best_el, content_el)):
        return best, best_el
    for key in _TITLE_META[:2]:
        if page.meta.get(key) and not _site_name(page, page.meta[key]):
            return clean_text(page.meta[key]), None
    if stated:
        return stated, None
    if page.page_title and not _site_name(page, page.page_title):
        return _strip_site(page.page_title), None
    if above:
        return above
    if page.page_title:
        return _strip_site(page.page_title), None
    return None, None


# What a site's name looks like: 显示 (a template's placeholder), 桃江县融媒体中心, CCTV.com.
_SITE_NAME = re.compile(
    r"^(?:.{1,4}|.{2,16}(?:网|中心|政府|门户网站|网站|日报|报|电视台|频道|论坛|在线|官网)|"
    r"[\w.-]+\.(?:com|cn|net|org)(?:\.cn)?)$",
    re.I,
)
_ABOVE_SPAN = 12  # lines above the text where its headline may stand
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SUBTITLE = re.compile(r"^\s*[—－-]{1,2}")


def heading_above(page: Page, first_line: int) -> tuple[str, etree._Element] | None:
    """The headline standing right above the text, over its date line and subtitle: the
    nearest heading (h1-h6, a title class), else the nearest short line that is neither
    chrome nor a link nor metadata."""
    plain, below_is_link = None, False
    for line in reversed(page.lines[max(0, first_line - _ABOVE_SPAN) : first_line]):
        text = line.text
        if line.chrome:
            break  # the trail or a menu: the text's head is below it
        heads_links, below_is_link = below_is_link, line.link_ratio > 0.5
        if below_is_link or heads_links:
            continue  # a box of links between the headline and the text, and its heading
        if (
            line.chars < 4
            or is_meta_line(text)
            or DATE_ONLY.match(text)
            or CHROME_LINE.search(text)
            or _SUBTITLE.match(text)
        ):
            continue
        heading = next((el for el in (line.el, *line.el.iterancestors()) if _is_heading(el)), None)
        if heading is not None:
            # Its lines without the metadata some templates put inside the <h1>.
            parts = [ln.text for ln in page.lines_in(heading) if not is_meta_line(ln.text)]
            text = clean_text(" ".join(parts))
            if 4 <= len(text) <= 150:
                return text, heading
        elif plain is None and line.chars <= 60 and not re.search(r"[。；]$", text):
            plain = (text, line.el)
    return plain


def _is_heading(el: etree._Element) -> bool:
    if el.tag in _HEADING_TAGS:
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return el.tag != "body" and any(w in names for w in ("title", "biaoti", "headline"))


def _site_name(page: Page, text: str) -> bool:
    """Whether a text is only the site's name: the <title> with nothing to strip, or the
    site name a meta tag gives."""
    name = squeeze(text)
    sites = [page.meta.get(k, "") for k in ("og:site_name", "sitename", "site_name")]
    if any(name == squeeze(s) for s in sites if s):
        return True
    title = page.page_title
    return (
        bool(title)
        and name == squeeze(title)
        and _strip_site(title) == title
        and bool(_SITE_NAME.match(name))
    )


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
    """'标题_网易新闻' -> '标题'; a <title> written as a trail, '网站>>栏目>>标题' -> '标题'.

    >>> _strip_site("澧水文学网>>文学期刊>>《澧水》>>渡口")
    '渡口'
    """
    trail = _TRAIL_TITLE.split(title)
    if len(trail) >= 3 and len(trail[-1].strip()) >= 2:
        return trail[-1].strip()
    stripped = _SITE_SUFFIX.sub("", title).strip()
    return stripped if len(stripped) >= 4 else title
