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

from .document import Line, Page, _is_chrome
from .text import PUNCT, SENTENCE_END

# Lines that end the article: headings of lists of other articles, next/previous links.
STOP = re.compile(
    r"^[【\[<（(]?\s*(?:相关阅读|相关新闻|相关文章|相关链接|相关报道|延伸阅读|扩展阅读|热门文章|热门新闻|"
    r"最新文章|最新新闻|推荐阅读|热点新闻|热点推荐|猜你喜欢|精彩推荐|相关推荐|热门推荐|更多新闻|"
    r"网友评论|我要评论|发表评论|评论列表|热门评论|最新评论|往期回顾|往期推荐|精彩阅读)"
    r"\s*[】\]>）)]?\s*[:：>›»]*\s*(?:更多\s*[>›»]*)?$"
    r"|^\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|上一页|下一页)"
)
# Page chrome that can sit inside an article container.
CHROME_LINE = re.compile(
    r"【\s*(?:打印|关闭|收藏|字体|字号|大\s*中\s*小)|打印本页|关闭窗口|返回顶部|分享到|"
    r"扫一扫|二维码|扫描.{0,6}码|微信扫|手机扫|用手机|在手机打开|手机阅读|版权所有|版权声明|"
    r"[Cc]opyright|©|ICP备|ICP证|公网安备|主办单位|承办单位|技术支持|建议使用.{0,10}浏览器|"
    r"分辨率|^\s*字号[:：]|^\s*字体[:：]|浏览次数|阅读次数|点击数[:：]|^\s*阅读\s*\d+\s*$|"
    r"^\s*(?:点击)?阅读原文\s*$|^\s*(?:举报|投诉|收藏|点赞|在看|分享|返回|更多)\s*$|"
    r"^\s*(?:大|中|小)\s*(?:大|中|小)\s*(?:大|中|小)\s*$"
)
# Lines that only carry metadata: read for their fields, left out of the body.
META_LINE = re.compile(
    r"^\s*[（(【\[]?\s*(?:责任编辑|收集编辑|编辑|责编|值班编辑|网络编辑|审核|审校|校对|终审|初审|复审|"
    r"来源|信息来源|文章来源|稿件来源|本文来源|新闻来源|原标题|原题|作者|记者|撰稿|通讯员|编审|"
    r"发布时间|发布日期|时间|日期|监制|出品|统筹|策划|制作|排版|美编|摄影|摄像|图片)\s*[:：]"
)
DATE_ONLY = re.compile(
    r"^[\s\d:：\-/.年月日时分秒T+（）()星期周一二三四五六日天]{8,32}$"
)
_MIN_PROSE = 10


@dataclass(frozen=True, slots=True)
class Content:
    element: etree._Element
    score: float
    lines: list[Line]
    meta_lines: list[Line]
    prose_chars: int
    link_lines: int
    prose_lines: int


def _in_linked_list_item(line: Line) -> bool:
    el = line.el
    for _ in range(4):
        if el is None:
            return False
        if el.tag in ("li", "dd", "dt"):
            return el.find(".//a[@href]") is not None
        el = el.getparent()
    return False


def is_prose(line: Line) -> bool:
    if line.chars >= 50:
        return True
    return line.chars >= _MIN_PROSE and bool(PUNCT.search(line.text))


def line_weight(line: Line, use_chrome: bool) -> float:
    n = line.chars
    if not n:
        return 0.0
    if (use_chrome and line.chrome) or line.link_ratio > 0.5:
        return -float(n)
    if n < 80 and (CHROME_LINE.search(line.text) or STOP.search(line.text)):
        return -float(n)
    if is_prose(line):
        if _in_linked_list_item(line):
            return -float(n)
        return float(n - line.link_chars)
    return -0.5 * n


def _best_element(page: Page, use_chrome: bool) -> tuple[etree._Element | None, float]:
    weights = [line_weight(line, use_chrome) for line in page.lines]
    prefix = [0.0, *accumulate(weights)]
    best, best_score = None, float("-inf")
    for el, (start, end) in page.ranges.items():
        score = prefix[end] - prefix[start]
        if score > best_score or (score == best_score and best is not None and _inside(el, best)):
            best, best_score = el, score
    return best, best_score


def _inside(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _chrome_ancestry(el: etree._Element) -> bool:
    while el is not None:
        if _is_chrome(el):
            return True
        el = el.getparent()
    return False


def find_content(page: Page, element: etree._Element | None = None) -> Content | None:
    """The article block (or the given element) and its body lines."""
    use_chrome = True
    if element is None:
        element, score = _best_element(page, use_chrome=True)
        loose, loose_score = _best_element(page, use_chrome=False)
        # The article itself sits in something that looks like chrome (class="side ...").
        if loose is not None and loose_score > 2 * max(score, 0) + 100:
            element, score, use_chrome = loose, loose_score, False
    else:
        score = 0.0
    if element is None:
        return None
    if use_chrome and _chrome_ancestry(element):
        use_chrome = False
    return _read_body(page, element, score, use_chrome)


def _read_body(page: Page, element, score: float, use_chrome: bool) -> Content:
    body, meta, prose_chars, link_lines, prose_lines = [], [], 0, 0, 0
    for line in page.lines_in(element):
        text = line.text
        if line.link_ratio > 0.5:
            link_lines += 1
            if STOP.search(text) and body:
                break
            continue
        if (use_chrome and line.chrome) or not line.chars:
            continue
        if STOP.search(text):
            if body:
                break
            continue
        if META_LINE.search(text) or (DATE_ONLY.match(text) and not SENTENCE_END.search(text)):
            meta.append(line)
            continue
        if len(text) < 80 and CHROME_LINE.search(text):
            continue
        if is_prose(line):
            prose_chars += line.chars
            prose_lines += 1
        body.append(line)
    return Content(element, score, _dedupe(body), meta, prose_chars, link_lines, prose_lines)


def _dedupe(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if not out or out[-1].text != line.text:
            out.append(line)
    return out
