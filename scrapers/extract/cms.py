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
['TRS WCM', 'Hanweb', 'DedeCMS', 'PHPCMS', 'EmpireCMS', 'Founder e-paper', 'Founder e-paper (layout)']
>>> [m.groupdict() for m in day_matches("http://www.x.gov.cn/art/2023/1/29/art_12_345.html")]
[{'y': '2023', 'm': '1', 'd': '29'}]
>>> bool(ARTICLE_URL.search("/T20230129_1.HTML")), list(day_matches("/T20230129_1.HTML"))
(True, [])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

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
    UrlShapes(
        # 方正 digital editions (数字报): an issue is a folder, a 版面 (page) node_2.htm,
        # an article content_123.htm; People's Daily's variant nbs.D110000renmrb_01.htm
        # and nw.D110000renmrb_20230301_1-01.htm.
        "Founder e-paper",
        dated=r"/html/{y}-{mm}/{dd}/",
        article=r"{dated}(?:content_\d+(?:_\d+)?|nw\.D\w+?_\d{8}_\d+-\d+)\.html?$",
        lists=(r"/html/\d{4}-\d{2}/\d{2}/(?:node_\d+|nbs\.D\w+?_\d+)\.html?$",),
    ),
    UrlShapes(
        # Its newer templates: /pc/layout/202303/01/node_01.html, /pc/content/202303/01/
        # content_123.html.
        "Founder e-paper (layout)",
        dated=r"/content/{y}{mm}/{dd}/",
        article=r"{dated}content_\d+(?:_\d+)?\.html?$",
        lists=(r"/layout/\d{6}/\d{2}/node_\w+\.html?$",),
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


# -- Digital editions (数字报) ----------------------------------------------------------------
# The issue's day is in the folder of every page and article of it.
_ISSUE_DAYS = (r"/html/{y}-{mm}/{dd}/", r"/(?:layout|content)/{y}{mm}/{dd}/")
_EDITION_FILES = {
    "page": r"(?:node_\w+|nbs\.D\w+?_\d+)\.html?$",
    "article": r"(?:content_\d+(?:_\d+)?|nw\.D\w+?_\d{8}_\d+-\d+)\.html?$",
}
EDITION_SHAPES = tuple(
    (kind, re.compile(_fill(day, _DAY) + file, re.I))
    for kind, file in _EDITION_FILES.items()
    for day in _ISSUE_DAYS
)


def edition_day(url: str) -> tuple[str, str] | None:
    """("page" or "article", the issue's day) for a URL of a digital edition.

    >>> edition_day("http://epaper.x.cn/html/2023-03/01/node_2.htm")
    ('page', '2023-03-01')
    >>> edition_day("http://epaper.x.cn/pc/content/202303/01/content_1234.html")
    ('article', '2023-03-01')
    >>> edition_day("http://www.x.gov.cn/html/2023-03/01/list.htm") is None
    True
    """
    for kind, pattern in EDITION_SHAPES:
        if match := pattern.search(url):
            y, m, d = match.group("y", "m", "d")
            return kind, f"{y}-{int(m):02d}-{int(d):02d}"
    return None


# -- Attachments (附件) -------------------------------------------------------------------
#: The file types of documents a page links to as its attachments.
ATTACHMENT_TYPES = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "et",
        "ppt",
        "pptx",
        "dps",
        "wps",
        "ofd",
        "zip",
        "rar",
        "7z",
        "txt",
        "csv",
    ]
)
_ATTACHMENT_EXT = r"\.(" + "|".join(sorted(ATTACHMENT_TYPES)) + r")$"
_ATTACHMENT_FILE = re.compile(_ATTACHMENT_EXT, re.I)
# What every attachment URL has somewhere: a document's extension or a download script.
# Checked first, as every link of every page is asked about.
_ATTACHMENT_HINT = re.compile(
    r"\.(?:" + "|".join(sorted(ATTACHMENT_TYPES, key=len, reverse=True)) + r")\b|down", re.I
)
# Download scripts that hand out a file named in the query: Hanweb's
# /module/download/downfile.jsp?classid=0&filename=2303011234.pdf, and the like.
_DOWNLOAD_SCRIPT = re.compile(
    r"/(?:module/download/)?down(?:load)?(?:file)?\.(?:jsp|php|aspx?)$", re.I
)


def attachment_file(url: str) -> tuple[str, str | None] | None:
    """(file name, type) when a URL is a document to download rather than a page: a path
    ending in a document's extension, a query naming such a file, or a download script
    with a query (its type then unknown, None, unless the query names the file).

    >>> attachment_file("http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2303011234.pdf")
    ('2303011234.pdf', 'pdf')
    >>> attachment_file("http://x.gov.cn/zwgk/202303/P020230301512345678901.DOCX")
    ('P020230301512345678901.DOCX', 'docx')
    >>> attachment_file("http://x.gov.cn/module/download/down.jsp?i_ID=123&colID=45")
    ('', None)
    >>> attachment_file("http://x.gov.cn/art/2023/3/1/art_1_2.html") is None
    True
    """
    if not _ATTACHMENT_HINT.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    name = unquote(parts.path.rsplit("/", 1)[-1])
    if match := _ATTACHMENT_FILE.search(name):
        return name, match.group(1).lower()
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        value = value.rsplit("/", 1)[-1]
        if (match := _ATTACHMENT_FILE.search(value)) and (
            key.lower() in ("filename", "file", "name", "fn", "path", "filepath")
            or _DOWNLOAD_SCRIPT.search(parts.path)
        ):
            return value, match.group(1).lower()
    if parts.query and _DOWNLOAD_SCRIPT.search(parts.path):
        return "", None
    return None
