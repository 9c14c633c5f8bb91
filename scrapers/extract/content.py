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

from core.text import SENTENCE_END, han_count
from core.vocabulary import METADATA_LINE_LABELS, credit_word_regex, line_label_regex

from .dates import find_dates
from .document import Line, Page, chrome_level, is_prose
from .metaline import split_labels

# Lines that end the article: headings of lists of other articles, next/previous links.
STOP = re.compile(
    r"^[【\[<（(]?\s*(?:相关阅读|相关新闻|相关文章|相关链接|相关报道|延伸阅读|扩展阅读|热门文章|热门新闻|"
    r"最新文章|最新新闻|推荐阅读|热点新闻|热点推荐|猜你喜欢|精彩推荐|相关推荐|热门推荐|更多新闻|"
    r"网友评论|我要评论|发表评论|评论列表|热门评论|最新评论|往期回顾|往期推荐|精彩阅读|为你推荐|为您推荐|"
    r"重点推荐|编辑推荐|今日推荐|热点推荐|大家都在看|看了又看|相关资讯|相关专题|延伸\W{0,3}推荐)"
    r"\s*[】\]>）)]?\s*[:：>›»]*\s*(?:更多\s*[>›»]*)?$"
    r"|^\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|上一页|下一页)"
)
# Page chrome that can sit inside an article container.
CHROME_LINE = re.compile(
    r"【\s*(?:打印|关闭|收藏|字体|字号|大\s*中\s*小)|打印本页|关闭窗口|返回顶部|分享到|"
    r"扫一扫|二维码|扫描.{0,6}码|微信扫|手机扫|用手机|在手机打开|手机阅读|版权所有|版权声明|"
    r"[Cc]opyright|©|ICP备|ICP证|公网安备|主办单位[:：]|承办单位[:：]|技术支持[:：]|建议使用.{0,10}浏览器|"
    r"分辨率|^\s*字号[:：]|^\s*字体[:：]|浏览次数|阅读次数|点击数[:：]|^\s*阅读\s*\d+\s*$|"
    r"^\s*(?:点击)?阅读原文\s*$|^\s*(?:举报|投诉|收藏|点赞|在看|分享|返回|更多)\s*$|"
    r"^\s*(?:大|中|小)\s*(?:大|中|小)\s*(?:大|中|小)\s*$|"
    r"^\s*(?:当前位置|您的位置|您现在的位置|您所在的位置|您当前的位置|所在位置)\s*[:：]"
)
_FURNITURE = re.compile(f"{CHROME_LINE.pattern}|{STOP.pattern}")
# Notes around the text: reprint notices, disclaimers, original titles, end marks.
NOTE_LINE = re.compile(
    r"^\W{0,3}(?:本文原标题|原标题|原题为?|本文来自|本文转自|转载请|转载自|未经授权|特别声明|免责声明|"
    r"版权声明|声明[:：]|图片来[自源]网络|图片来源于网络|文章来源于网络|信息来源于网络|来源于网络|"
    r"[-—\s]*THE\s*END|END\s*$|\(?完\)?\s*$|（完）)"
    r"|^\W{0,3}(?:综合整理自|综合自|编译自|整理自|综合报道自)"
    r"|^\s*点击(?:进入|查看|阅读|观看|收听|这里).{0,12}$|正文已结束|返回.{0,6}首页"
    r"|^\W{0,2}(?:相关资讯|更多资讯|更多精彩|更多内容|更多新闻).{0,8}(?:请关注|请点击|请访问|请下载)"
    r"|如有侵权|请联系删除|不代表本[站网]|仅代表作者|仅提供信息[发存]"
    r"|感谢您的反馈|减少此类文章",
    re.I,
)
# Credit lines: 记者 张三 / 编辑 刘晓阳 校对 李铭 / 采写：… / 【文/…】, short and with no sentence.
CREDIT_LINE = credit_word_regex()
# A photo caption that credits the photographer is still a caption.
PHOTO_CAPTION = re.compile(r"^[▲△↑▼↓]|摄$|摄影$|[（(]?(?:图|摄)[）)]?$")
# Lines that only carry metadata: read for their fields, left out of the body.
META_LINE = line_label_regex(METADATA_LINE_LABELS, r"\s*[（(【\[]?\s*", "[:：]")
DATE_ONLY = re.compile(r"^[\s\d:：\-/.年月日时分秒T+（）()星期周一二三四五六日天]{8,32}$")


def is_meta_line(text: str) -> bool:
    """A line of date, source, author or editor, not a sentence of the article.

    >>> is_meta_line("2019-08-13 14:07来源：澎湃新闻·澎湃号·政务")
    True
    >>> is_meta_line("1月28日，县里召开经济运行分析会。")
    False
    """
    if META_LINE.search(text) or DATE_ONLY.match(text):
        return True
    if len(text) > 100 or SENTENCE_END.search(text):
        return False
    if any(name in _META_FIELDS for name, _, _ in split_labels(text)):
        return True
    if dates := find_dates(text):
        # （2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过） is text.
        return han_count(text.replace(dates[0][2], "")) <= 15
    return False


_META_FIELDS = {"date", "updated", "source", "editor"}


_HEADLINE_CHARS = 8
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
    score: float
    lines: list[Line]
    meta_lines: list[Line]
    prose_chars: int
    link_lines: int
    prose_lines: int
    # A linked headline above the text: a teaser of another page (a home page's focus
    # box), not an article.
    linked_headline: bool = False


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
    if n < 150 and _FURNITURE.search(line.text):
        return -float(n)
    if is_prose(line):
        if _in_linked_list_item(line, ranges):
            return -float(n)
        return float(n - line.link_chars)
    return -0.5 * n


def _weights(page: Page, chrome_floor: int) -> list[float]:
    """Line weights where lines in chrome at or above chrome_floor count against."""
    if "weights" not in page.misc:
        page.misc["weights"] = [line_weight(line, page.ranges) for line in page.lines]
    return [
        -float(line.chars) if line.chrome >= chrome_floor else weight
        for line, weight in zip(page.lines, page.misc["weights"], strict=True)
    ]


def _best_element(page: Page, chrome_floor: int) -> tuple[etree._Element | None, float]:
    weights = _weights(page, chrome_floor)
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
        element, score = _best_element(page, chrome_floor=1)
        # The article itself may sit in something that looks like chrome (class="side ...",
        # class="BSHARE_POP"): then it wins by far once such marks are ignored. Comments
        # and footers always count against.
        ceiling = sum(w for w in page.misc["weights"] if w > 0)  # no block can score more
        for loose_floor in (2, 3):
            if ceiling <= 2 * max(score, 0) + 100:
                break
            loose, loose_score = _best_element(page, chrome_floor=loose_floor)
            if loose is not None and loose_score > 2 * max(score, 0) + 100:
                element, score, floor = loose, loose_score, loose_floor
                break
    else:
        score = 0.0
    if element is None:
        return None
    # Inside the chosen block, only chrome nested deeper than the block itself is left out.
    floor = max(floor, _chrome_ancestry(element) + 1)
    return _read_body(page, element, score, floor)


def _read_body(page: Page, element, score: float, chrome_floor: int) -> Content:
    body, meta, prose_chars, prose_lines = [], [], 0, 0
    link_at: list[int] = []
    linked_headline = False
    lines = page.lines_in(element)
    # A 相关新闻 box above the text does not end the article; one after most of it does.
    enough = 0.3 * sum(ln.chars for ln in lines if is_prose(ln) and ln.link_ratio <= 0.5)
    for index, line in enumerate(lines):
        text = line.text
        stop = line.chars < 150 and STOP.search(text)
        if stop and body and prose_chars >= enough:
            # The article ends here; metadata lines after it (责任编辑) still count.
            meta.extend(rest for rest in lines[index + 1 :] if is_meta_line(rest.text))
            break
        if line.link_ratio > 0.5:
            link_at.append(prose_lines)
            if not prose_lines and line.chars >= _HEADLINE_CHARS and not line.chrome:
                linked_headline = True
            continue
        if line.chrome >= chrome_floor or not line.chars or stop:
            continue
        if is_meta_line(text) or _is_credit(text):
            meta.append(line)
            continue
        if len(text) < 150 and (CHROME_LINE.search(text) or NOTE_LINE.search(text)):
            continue
        if _is_tag_list(text):
            continue
        if is_prose(line):
            prose_chars += line.chars
            prose_lines += 1
        body.append(line)
    # Link lines between paragraphs make a list page; menus before or after the text do not.
    link_lines = sum(1 for at in link_at if 0 < at < prose_lines)
    return Content(
        element, score, _dedupe(body), meta, prose_chars, link_lines, prose_lines, linked_headline
    )


def _is_tag_list(text: str) -> bool:
    """A row of tags or keywords: 20190926|国贸|增长率|全球经济."""
    if len(text) > 60 or text.count("|") + text.count("｜") < 2 or SENTENCE_END.search(text):
        return False
    return all(len(tag) <= 10 for tag in re.split(r"\s*[|｜]\s*", text))


def _is_credit(text: str) -> bool:
    return (
        len(text) <= 30
        and not SENTENCE_END.search(text)
        and bool(CREDIT_LINE.search(text))
        and not PHOTO_CAPTION.search(text)
    )


def _dedupe(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if not out or out[-1].text != line.text:
            out.append(line)
    return out
