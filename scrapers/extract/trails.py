"""Link trails around an article: the 当前位置 breadcrumb and the 相关阅读 block."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from core.text import clean_text, text_of

from .document import Page
from .lines import is_prose

_TRAIL_LABEL = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您所在的位置|所在位置|当前所在位置|"
    r"您当前的位置|您当前位置|你当前的位置|您目前的位置|目前位置|當前位置|您的位置|"
    r"现在位置|当前栏目|位置)\s*[:：]\s*"
)
_TRAIL_SEP = re.compile(r"\s*(?:>>|>|›|»|→|＞|＞＞|/|\\|-{1,2}>|》|\s[-—]\s)\s*")
_BOOK_TITLE = re.compile(r"《([^《》]{1,20})》")
_HOME = re.compile(r"(?:首页|主页|首頁|主頁|home)$", re.I)
_TRAIL_CLASS = re.compile(r"breadcrumb|crumb|position|location|weizhi|dqwz|curpos|path", re.I)
_TRAIL_SKIP = {
    "正文",
    "内容",
    "详情",
    "详细内容",
    "正文内容",
    "文章详情",
    "阅读文章",
    "内容显示",
    "文章内容",
    "查看内容",
    "浏览文章",
    "信息内容",
}
_RELATED = re.compile(
    r"^[·•▪■□◆◇●○▶►]?\s*[【\[<（(]?\s*(?P<label>相关阅读|相关新闻|相关文章|延伸阅读|相关报道|扩展阅读|相关稿件|相关链接|相关日志|"
    r"相關閱讀|相關新聞|相關文章|延伸閱讀|相關報導)\s*[】\]>）)]?\s*(?:[A-Za-z][A-Za-z ]{0,20})?"
    r"[:：>›»]*\s*(?:更多\s*[>›»]*)?$"
)
_LINK_LABELS = ("相关链接",)
_RELATED_INLINE = re.compile(
    _RELATED.pattern.split(r"\s*[】\]>）)]?")[0] + r"\s*[】\]>）)]?\s*[:：]"
)
_NONE_RELATED = re.compile(r"^\W{0,2}(?:没有|暂无|无)")
# The date a card or list item shows after its headline, inside the same link.
_LINK_DATE = re.compile(
    r"\s*[\[(（]?(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\])）]?\s*$"
)
_OTHER_BLOCK = re.compile(r"热门|最新|推荐|热点|排行|猜你|精彩|评论|专题|图片新闻|视频")
_MAX_RELATED = 30
_MIN_HEADLINE = 6  # shorter link texts are menus and tabs (最近访问), not headlines
_MORE = re.compile(r"^(?:更多|more|查看更多|>>|更多>>|更多\s*[>›»]+)$", re.I)


class Trail(NamedTuple):
    """A breadcrumb trail: its items, and the links among them ({title, url})."""

    items: list[str]
    links: list[dict[str, str]]


def find_breadcrumbs(page: Page, title: str | None, before: int | None = None) -> Trail:
    """The 当前位置 trail, labelled or a home-first trail of links above the headline."""
    for i, line in enumerate(page.lines):
        match = _TRAIL_LABEL.search(line.text)
        if match and match.start() < 12:
            # The trail may be cut into several lines (a table cell per item).
            whole = clean_text(text_of(line.el))
            if len(whole) <= 200 and (found := _TRAIL_LABEL.search(whole)):
                rest, holder = whole[found.end() :], line.el
            else:
                rest, holder = line.text[match.end() :], line.el
            items = []
            if not rest.strip() and (parent := line.el.getparent()) is not None:
                # A list of one item per step, the label its first: <li>您的位置：</li><li>首页</li>
                steps = [ln.text for ln in page.lines_in(parent) if ln.index > i]
                if 2 <= len(steps) <= 8 and all(len(s) <= 20 for s in steps):
                    items = _split_trail(" > ".join(steps), title)
            if not rest.strip() and not items and i + 1 < len(page.lines):
                rest, holder = page.lines[i + 1].text, page.lines[i + 1].el
            items = items or _split_trail(rest, title)
            if items:
                return Trail(items, _trail_links(page, holder, items))
    before = len(page.lines) if before is None else before
    for line in reversed(page.lines[max(0, before - 60) : before]):
        items = _split_trail(line.text, title)
        if len(items) >= 2 and _starts_at_home(items[0], line):
            return Trail(items, _trail_links(page, line.el, items))
    for el in page.root.iter("div", "p", "nav", "ol", "ul", "span", "td"):
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if _TRAIL_CLASS.search(names):
            text = clean_text(text_of(el))
            items = _split_trail(text, title) if _TRAIL_SEP.search(text) else _link_texts(el)
            if 1 <= len(items) <= 8:
                return Trail(items, _trail_links(page, el, items))
    return Trail([], [])


def _trail_links(page: Page, holder: etree._Element, items: list[str]) -> list[dict[str, str]]:
    links = {}
    for anchor in holder.iter("a"):
        text, url = clean_text(text_of(anchor)), page.absolute(anchor.get("href"))
        if url and text in items and url not in links:
            links[url] = text
    return [{"title": t, "url": u} for u, t in links.items()]


def _starts_at_home(first: str, line) -> bool:
    if _HOME.search(first):
        return True
    return any(text == first and _is_root(href) for text, href in line.links)


def _is_root(href: str) -> bool:
    path = urlsplit(href).path if href else None
    return bool(href) and path in (
        "",
        "/",
        "./",
        ".",
        "/index.html",
        "/index.htm",
        "/index.shtml",
        "/index.php",
    )


def _link_texts(el: etree._Element) -> list[str]:
    items = [clean_text(text_of(a)) for a in el.iter("a")]
    return [i for i in items if i and len(i) <= 20 and i not in _TRAIL_SKIP]


def _split_trail(text: str, title: str | None) -> list[str]:
    # 》 separates some trails, but not inside a book title: 《澧水》.
    text = _BOOK_TITLE.sub(lambda m: f"\ue000{m.group(1)}\ue001", text)
    parts = [
        clean_text(part).replace("\ue000", "《").replace("\ue001", "》")
        for part in _TRAIL_SEP.split(text)
    ]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        # Text glued to the trail: "订阅RSS CSDN首页 > 业界", "正文 申请入驻".
        parts[0] = parts[0].rsplit(" ", 1)[-1]
        parts[-1] = parts[-1].split(" ", 1)[0]
    items = []
    for part in parts:
        if part in _TRAIL_SKIP or (title and len(part) >= 4 and title.startswith(part)):
            break
        items.append(part)
    if len(items) > 10 or any(len(i) > 20 for i in items):
        return []
    return items


def find_related(page: Page, body_lines: frozenset[int] = frozenset()) -> list[dict[str, str]]:
    """Links of 相关阅读/相关新闻/相关文章/延伸阅读 blocks, never of 热门/最新/推荐 lists.

    body_lines: indexes of the article's own lines, which end any such block.
    """
    related: dict[str, str] = {}
    for i, line in enumerate(page.lines):
        heading = _RELATED.match(line.text) if line.chars <= 12 else None
        inline = None if heading else _RELATED_INLINE.match(line.text)
        if heading:
            found = _block_links(page, i, body_lines)
        elif inline and line.links and line.index not in body_lines:
            # 相关新闻：<a>…</a> <a>…</a>, the links on the heading's own line
            heading, found = inline, [(t, h) for t, h in line.links if t not in inline.group(0)]
        else:
            continue
        for title, href in found[:_MAX_RELATED]:
            url = page.absolute(href)
            title = _LINK_DATE.sub("", title)
            if not url or url in related or _MORE.match(title) or len(title) < _MIN_HEADLINE:
                continue
            # 相关链接 also heads a footer's list of other sites: their home pages.
            if heading.group("label") in _LINK_LABELS and _is_root(url):
                continue
            related[url] = title
    return [{"title": t, "url": u} for u, t in related.items()]


def _block_links(page: Page, heading_index: int, body_lines) -> list[tuple[str, str]]:
    heading = page.lines[heading_index]
    container = _container(page, heading.el, heading_index)
    end = page.ranges[container][1] if container is not None else heading_index + 1
    links = list(heading.links[1:]) if len(heading.links) > 1 else []
    for line in page.lines[heading_index + 1 : end]:
        if line.index in body_lines:
            break
        if not links and not line.links and (is_prose(line) or _NONE_RELATED.match(line.text)):
            break  # a story under a 相关新闻 heading, or 没有相关文章: not a list of links
        if (
            not line.links
            and line.chars <= 12
            and (_OTHER_BLOCK.search(line.text) or _RELATED.match(line.text))
        ):
            break
        if (
            line.links
            and line.chars <= 12
            and _OTHER_BLOCK.search(line.text)
            and line.link_ratio < 1
        ):
            break
        links.extend(line.links)
    return [(t, h) for t, h in links if len(t) >= _MIN_HEADLINE]


def _container(page: Page, el: etree._Element, heading_index: int) -> etree._Element | None:
    """The smallest ancestor of the heading that also holds lines with links after it."""
    node = el
    for _ in range(6):
        if node is None:
            return None
        end = page.ranges.get(node, (heading_index, heading_index + 1))[1]
        if any(line.links for line in page.lines[heading_index + 1 : end]):
            return node
        node = node.getparent()
    return None
