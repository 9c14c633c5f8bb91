"""The URL shapes of the CMSes county portals run on, and the generic ones: one table that
link classification (links.classify, links.is_pagination) and the day in an article URL
(dates.date_from_url) both read.

A shape is written once. Where it carries the article's day, ``{y}``, ``{mm}`` and ``{dd}``
(two digits) or ``{m}`` and ``{d}`` (one or two) mark it, and ``{dated}`` in an article
shape stands for the shape's dated part. Two regexes are compiled from each shape:

- for classification, the day's digits are plain digits and case is ignored
  (``T20230129_1.HTML`` is still a TRS article);
- for the day, the digits are named groups y, m, d that only take a plausible date, case
  counts, and only the dated part is matched, not the end of the path, so that page 2 of a
  TRS article (``t20230129_123_1.html``, classified as a page) still gives its day.

Those differences are the ones between the two lists this table replaces; they are kept so
that no result changes.

>>> [shape.name for shape in CMS_SHAPES]
['TRS WCM', 'Hanweb', 'DedeCMS', 'PHPCMS', 'EmpireCMS']
>>> [m.groupdict() for m in day_matches("http://www.x.gov.cn/art/2023/1/29/art_12_345.html")]
[{'y': '2023', 'm': '1', 'd': '29'}]
>>> bool(ARTICLE_URL.search("/T20230129_1.HTML")), list(day_matches("/T20230129_1.HTML"))
(True, [])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LOOSE = {"y": r"\d{4}", "mm": r"\d{2}", "dd": r"\d{2}", "m": r"\d{1,2}", "d": r"\d{1,2}"}
_DAY = {
    "y": r"(?P<y>(?:19|20)\d{2})",
    "mm": r"(?P<m>[01]\d)",
    "dd": r"(?P<d>[0-3]\d)",
    "m": r"(?P<m>1[0-2]|0?[1-9])",
    "d": r"(?P<d>3[01]|[12]\d|0?[1-9])",
}
_FIELD = re.compile(r"\{(y|mm|dd|m|d)\}")


def _fill(shape: str, parts: dict[str, str]) -> str:
    return _FIELD.sub(lambda m: parts[m.group(1)], shape)


@dataclass(frozen=True)
class UrlShapes:
    """The URL shapes of one CMS (regexes over the URL path)."""

    name: str
    dated: str | None = None  # the part of an article path that carries its day
    article: str | None = None  # an article page's path; {dated} is the part above
    lists: tuple[str, ...] = ()  # a list page's path
    pages: tuple[str, ...] = ()  # the URL of a further page of a list

    def article_path(self) -> str | None:
        """The article shape for classification: plain digits for the day."""
        if self.article is None:
            return None
        return _fill(self.article.replace("{dated}", self.dated or ""), _LOOSE)


CMS_SHAPES = (
    UrlShapes(
        "TRS WCM",  # /xwzx/202301/t20230129_123.html; lists /xwzx/index_2.html
        dated=r"/t{y}{mm}{dd}_\d+",
        article=r"{dated}\.s?html?$",
        lists=(r"/index_\d+\.s?html?$",),
        pages=(r"index_\d+\.",),
    ),
    UrlShapes(
        "Hanweb",  # 大汉: /art/2023/1/29/art_12_345.html; lists /col/col1228/index.html
        dated=r"/art/{y}/{m}/{d}/",
        article=r"{dated}art_\d+_\d+\.html?$",
        lists=(r"/col/col\d+/",),
    ),
    UrlShapes(
        "DedeCMS",  # 织梦: /a/xinwen/2023/0129/123.html; lists /a/xinwen/list_3_2.html
        dated=r"/{y}/{mm}{dd}/",
        article=r"{dated}\d+\.s?html?$",
        lists=(r"/list_\d+(?:_\d+)?\.s?html?$",),
        pages=(r"list_\d+_\d+\.",),
    ),
    UrlShapes(
        "PHPCMS",  # /html/show-12-34-1.html; index.php?m=content&c=index&a=show&id=34
        article=r"/show-\d+-\d+(?:-\d+)?\.html?$",
    ),
    UrlShapes(
        "EmpireCMS",  # 帝国: /news/2023-01-29/55.html; e/action/ShowInfo.php?classid=1&id=2
        dated=r"/{y}-{mm}-{dd}/",
        article=r"{dated}\d+\.html?$",
    ),
)

GENERIC_SHAPES = UrlShapes(
    "generic",
    article=(
        r"/(?:content|article|detail|news|info|show|view|doc|a)[_/-]?\d{2,}\.s?html?$"
        r"|/\d{5,}\.s?html?$"
        r"|/(?:content|article|detail|show|view)/\d+/?$"
    ),
    lists=(
        r"/list-\d+(?:_\d+)?\.s?html?$",
        r"/node_\d+\.s?html?$",  # the node pages of 方正 e-papers
        r"/(?:index|list|default)\.(?:s?html?|php|aspx?|jsp)$|/$",
    ),
)

# Dated directories and file names of no particular CMS: /2023/01/29/, /2023-01-29/,
# /20230129/, /2023-01/29/ (Xinhua), /a/b_20230129_1.html.
_DATED_DIRECTORY = r"/{y}[-/_]?{mm}[-/_]?{dd}/"
_YEAR_MONTH_DIRECTORY = r"/{y}{mm}/{dd}/"
_XINHUA_DIRECTORY = r"/{y}-{mm}/{dd}/"
_DATED_FILE = r"[/_-]{y}{mm}{dd}[_-]?\d*\.s?html?"
_CMS = {shape.name: shape for shape in CMS_SHAPES}


def _dated(cms: str) -> str:
    dated = _CMS[cms].dated
    assert dated, f"{cms} article URLs carry no day"
    return dated


# The order date_from_url tries them in: the first that gives a real day wins. The dated
# directory also matches the DedeCMS, year-month, Xinhua and EmpireCMS shapes; those only
# count when its first match is no real day (/2023/02/30/…/2023/0129/), and they keep
# their old order so that such URLs keep their old day.
DAY_SHAPES = tuple(
    re.compile(_fill(shape, _DAY))
    for shape in (
        _dated("TRS WCM"),
        _dated("Hanweb"),
        _DATED_DIRECTORY,
        _dated("DedeCMS"),
        _YEAR_MONTH_DIRECTORY,
        _XINHUA_DIRECTORY,
        _DATED_FILE,
        _dated("EmpireCMS"),
    )
)


def _all_shapes() -> Iterator[UrlShapes]:
    yield from CMS_SHAPES
    yield GENERIC_SHAPES


# Query strings: the id of an article, and the page number of a list.
ARTICLE_QUERY = frozenset(
    ["id", "aid", "articleid", "newsid", "contentid", "infoid", "docid", "itemid"]
)
PAGE_QUERY = frozenset(["page", "pagenum", "pageno", "p", "pn", "pageindex", "curpage", "start"])
# Scripts that show one article: show.php?id=, ShowInfo.php?classid=&id= (EmpireCMS).
ARTICLE_SCRIPT = re.compile(
    r"(?:show|view|detail|content|article|info)\w*\.(?:php|asp|aspx|jsp)$", re.I
)

ARTICLE_URL = re.compile(
    "|".join(path for shape in _all_shapes() if (path := shape.article_path())), re.I
)
LIST_URL = re.compile("|".join(path for shape in _all_shapes() for path in shape.lists), re.I)
PAGINATION_URL = re.compile(
    "|".join(
        [
            *(path for shape in _all_shapes() for path in shape.pages),
            r"[?&](?:" + "|".join(sorted(PAGE_QUERY)) + r")=\d+",
        ]
    ),
    re.I,
)


# The later pages of an article split over pages: its path with a page number added (TRS
# t20230129_123_1.html, DedeCMS 123_2.html, EmpireCMS 55_2.html) or, for PHPCMS, changed
# (show-12-34-2.html after show-12-34-1.html). Group n is the number; the first page's
# path is stem + the second item + ext.
LATER_PAGE_PATHS = (
    (re.compile(r"^(?P<stem>.+)_(?P<n>\d{1,3})(?P<ext>\.s?html?)$", re.I), ""),
    (re.compile(r"^(?P<stem>.*/show-\d+-\d+-)(?P<n>\d{1,3})(?P<ext>\.html?)$", re.I), "1"),
)


def day_matches(url: str) -> Iterator[re.Match]:
    """The first match of each dated shape in a URL, in DAY_SHAPES order (whether it is a
    real day is for the caller to check)."""
    for pattern in DAY_SHAPES:
        if match := pattern.search(url):
            yield match
