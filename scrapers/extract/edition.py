"""Digital editions (数字报) as Founder's (方正) e-paper system publishes them: an issue is
a folder of the day (/html/2023-03-01/… or /layout/202303/01/), each of its pages (版面)
a page (node_2.htm) that names itself (第01版：要闻) and lists its articles
(content_123.htm), the issue's other pages (版面导航), the issue before (上一期) and the
list or calendar of issues (往期回顾, often a period.xml the calendar script reads).
Pure: parsed pages and bytes in, URLs and labels out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from core.text import clean_text, text_of
from core.vocabulary import EARLIER_MONTH, ISSUE_ARCHIVE, PREVIOUS_ISSUE, words

from .cms import edition_day

# 第01版：要闻 / A1版 要闻 / 第 3 版 / 01版:综合新闻 (the name stops at a space, a bracket or a
# dash: 颍川报-第02版：综合-标题).
PAGE_LABEL = re.compile(
    r"(?:第\s*)?(?P<no>[A-Za-z]?\d{1,3})\s*版(?![面次权])\s*[：:]?\s*"
    r"(?P<name>[^\s：:()（）\[\]【】<>|｜/·_\-—–]{1,12})?"
)
_PREVIOUS = re.compile(rf"^\W*(?:{words(PREVIOUS_ISSUE)})\W*$")
_ARCHIVE = re.compile(rf"^\W*(?:{words(ISSUE_ARCHIVE)})\W*$")
_MONTH_FOLDER = re.compile(
    r"^(?P<root>https?://[^?#]*?/html/)(?P<y>\d{4})-(?P<m>\d{2})/(?:\d{2}/[^/?#]+|period\.xml)$",
    re.I,
)
_EARLIER_MONTH = re.compile(rf"^\W*(?:{words(EARLIER_MONTH)})\W*$")
_PERIOD = re.compile(
    r"<period_date>\s*(\d{4}-\d{2}-\d{2})\s*</period_date>.*?<front_page>\s*([^<\s]+)\s*</front_page>",
    re.S,
)


@dataclass(frozen=True)
class EditionPage:
    """One page (版面) of an issue."""

    url: str
    issue_date: str
    page_no: str | None  # 版次: "01", "A3"
    page_name: str | None  # 版名: 要闻
    articles: tuple[str, ...]  # its articles' URLs
    issue_pages: tuple[str, ...]  # the issue's pages (版面导航), this one among them
    previous: str | None  # the issue before (上一期)
    archive: tuple[str, ...]  # the list or calendar of issues (往期回顾)


def page_label(text: str) -> tuple[str, str | None] | None:
    """(版次, 版名) in a label such as 第01版：要闻.

    >>> page_label("第01版：要闻"), page_label("A3版 县域经济"), page_label("第 4 版")
    (('01', '要闻'), ('A3', '县域经济'), ('04', None))
    >>> page_label("版权所有") is None
    True
    """
    match = PAGE_LABEL.search(clean_text(text))
    if not match:
        return None
    no = match.group("no").upper()
    if no.isdigit():
        no = f"{int(no):02d}"
    return no, match.group("name")


def read_edition_page(root: etree._Element, url: str) -> EditionPage | None:
    """An edition's page, when the URL is one (cms.edition_day); None otherwise."""
    found = edition_day(url)
    if not found or found[0] != "page":
        return None
    articles, pages, archive = {}, {}, {}
    previous = None
    own_label = None
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            target = urljoin(url, href).split("#", 1)[0]
        except ValueError:
            continue
        text = clean_text(text_of(anchor))
        kind = edition_day(target)
        if _ARCHIVE.match(text):
            archive[target] = None
        elif _PREVIOUS.match(text) and kind:
            previous = previous or target
        elif kind and kind[0] == "article" and kind[1] == found[1]:
            articles[target] = None
        elif kind and kind[0] == "page" and kind[1] == found[1]:
            pages[target] = None
            if target == url and (label := page_label(text)):
                own_label = label
    if own_label is None:
        own_label = stated_label(root)
    no, name = own_label or (None, None)
    return EditionPage(url, found[1], no, name, tuple(articles), tuple(pages), previous,
                       tuple(archive))  # fmt: skip


def stated_label(root: etree._Element) -> tuple[str, str | None] | None:
    """A page's label (第01版：要闻) in its own text, outside links: 版面导航 links every
    page of the issue, the current one among them."""
    for text in root.xpath("//text()[not(ancestor::a)]"):
        if "版" in text and (label := page_label(text)):
            return label
    return None


@dataclass(frozen=True)
class IssueList:
    """What a list or calendar of issues links to."""

    issues: tuple[str, ...]  # the front pages (or any page) of the issues it names
    earlier: tuple[str, ...]  # its own earlier months (上月, 上一月): more of the list


def issue_links(body: bytes, url: str) -> IssueList:
    """The issues a list or calendar of issues links to: the front pages a period.xml
    names (Founder's calendar reads it), or the links of a page to an edition's pages,
    and the links to its earlier months.

    >>> xml = (b"<periodlist><period><period_date>2023-03-01</period_date>"
    ...        b"<front_page>node_2.htm</front_page></period></periodlist>")
    >>> issue_links(xml, "http://epaper.x.cn/html/2023-03/period.xml")
    IssueList(issues=('http://epaper.x.cn/html/2023-03/01/node_2.htm',), earlier=('http://epaper.x.cn/html/2023-02/period.xml',))
    >>> page = '<a href="html/2023-03/01/node_1.htm">1</a><a href="?ym=2023-02">上月</a>'
    >>> issue_links(page.encode(), "http://epaper.x.cn/period.htm")
    IssueList(issues=('http://epaper.x.cn/html/2023-03/01/node_1.htm',), earlier=('http://epaper.x.cn/period.htm?ym=2023-02',))
    """
    text = body.decode("utf-8", "replace")
    found: dict[str, None] = {}
    for day, front in _PERIOD.findall(text):
        year_month, dd = day[:7], day[8:]
        found[urljoin(url, f"/{_issue_root(url)}html/{year_month}/{dd}/{front}")] = None
    if found:  # a period.xml: its month before is the file of the month before
        before = month_before(url)
        return IssueList(tuple(found), (before,) if before else ())
    if "<a" not in text.lower():
        return IssueList((), ())
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError):
        return IssueList((), ())
    earlier: dict[str, None] = {}
    for anchor in root.iter("a") if root is not None else ():
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        try:
            target = urljoin(url, href).split("#", 1)[0]
        except ValueError:
            continue
        if (kind := edition_day(target)) and kind[0] == "page":
            found[target] = None
        elif _EARLIER_MONTH.match(clean_text(text_of(anchor))) and target != url:
            earlier[target] = None
    return IssueList(tuple(found), tuple(earlier))


def month_calendar(url: str) -> str | None:
    """The period.xml of the month of a Founder edition's page: the file its calendar
    script reads (the edition need not link it).

    >>> month_calendar("http://e.cn/paper/html/2023-03/05/node_1.htm")
    'http://e.cn/paper/html/2023-03/period.xml'
    >>> month_calendar("http://e.cn/pc/layout/202303/05/node_01.html") is None
    True
    """
    match = _MONTH_FOLDER.match(url)
    return (
        f"{match.group('root')}{match.group('y')}-{match.group('m')}/period.xml" if match else None
    )


def month_before(calendar: str) -> str | None:
    """The period.xml of the month before.

    >>> month_before("http://e.cn/html/2023-01/period.xml")
    'http://e.cn/html/2022-12/period.xml'
    """
    match = _MONTH_FOLDER.match(calendar)
    if not match or not calendar.endswith("/period.xml"):
        return None
    y, m = int(match.group("y")), int(match.group("m"))
    y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return f"{match.group('root')}{y}-{m:02d}/period.xml"


def _issue_root(url: str) -> str:
    """The folders before html/ in a calendar's URL (/epaper/html/2023-03/period.xml)."""
    path = re.sub(r"^\w+://[^/]+/", "", url)
    before = path.split("html/", 1)[0] if "html/" in path else ""
    return before
