"""What the demo portal is made of: its sections (each in the URL style of its CMS), its
articles and the dead list entries. demo/plan.py decides which there are.

Three sections link their pages with plain ``<a>`` tags; two show their lists only
through scripts, as many county portals do: 通知公告 is a Hanweb JCMS column whose records
are in a jpage datastore and behind its dataproxy (a POST), 专题报道 a TRS WCM list paged
by ``createPageHTML`` alone, with articles split over two or three pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CST = dt.timezone(dt.timedelta(hours=8))  # the portal's clock: China time, no DST
PER_PAGE = 8  # list entries on a list page


@dataclass(frozen=True)
class Section:
    """A column of the portal; its key decides the CMS its URLs and pages imitate."""

    key: str
    name: str
    cms: str
    encoding: str  # "utf-8" or "gbk"
    pager: str = "links"  # how its lists are paged: links, jpage or createPageHTML
    per_page: int = PER_PAGE

    @property
    def scripted(self) -> bool:
        """Its lists exist only through scripts: none of its articles is linked elsewhere."""
        return self.pager != "links"

    def list_url(self, page: int) -> str:
        """The site path of list page ``page`` (1 is the first)."""
        if self.key == "tzgg":  # a Hanweb jpage column: one page, the rest by dataproxy
            return "/col/col1229/index.html"
        if self.key == "ztbd":  # TRS WCM, paged by createPageHTML
            return "/zt/ztbd/index.html" if page == 1 else f"/zt/ztbd/index_{page - 1}.html"
        if self.key == "xwzx":  # TRS WCM: index.html, index_1.html, index_2.html
            return "/xwzx/index.html" if page == 1 else f"/xwzx/index_{page - 1}.html"
        if self.key == "zwdt":  # Hanweb column
            return "/col/col1228/index.html" if page == 1 else f"/col/col1228/index_{page}.html"
        return f"/a/bdxw/list_3_{page}.html"  # DedeCMS: list_{typeid}_{page}.html

    def article_url(self, when: dt.datetime | None, aid: int) -> str:
        """The site path of article ``aid``; without ``when``, a URL that shows no date."""
        if self.key == "xwzx":
            if when is None:
                return f"/xwzx/content_{aid}.html"
            return f"/xwzx/{when:%Y%m}/t{when:%Y%m%d}_{aid}.html"
        if self.key == "tzgg":
            return f"/art/{when.year}/{when.month}/{when.day}/art_1229_{aid}.html"
        if self.key == "ztbd":
            return f"/zt/ztbd/{when:%Y%m}/t{when:%Y%m%d}_{aid}.html"
        if self.key == "zwdt":
            if when is None:
                return f"/art/content_{aid}.html"
            return f"/art/{when.year}/{when.month}/{when.day}/art_1228_{aid}.html"
        if when is None:
            return f"/a/bdxw/content_{aid}.html"
        return f"/a/bdxw/{when.year}/{when:%m%d}/{aid}.html"


SECTIONS = [
    Section("xwzx", "新闻中心", "TRS WCM", "utf-8"),
    Section("zwdt", "政务动态", "Hanweb", "utf-8"),
    Section("bdxw", "本地新闻", "DedeCMS", "gbk"),
    Section("tzgg", "通知公告", "Hanweb", "utf-8", pager="jpage", per_page=3),
    Section("ztbd", "专题报道", "TRS WCM", "utf-8", pager="createPageHTML", per_page=4),
]
JPAGE = {"columnid": "1229", "unitid": "4567", "webid": "1"}  # the 通知公告 column's jpage
SECTION = {s.key: s for s in SECTIONS}


@dataclass
class Article:
    """An article page; demo/plan.py fills in everything but the section and the date."""

    section: Section
    when: dt.datetime  # the date of the list entry (and of the page, unless undated)
    dated: bool = True  # the article page shows the date
    kind: str = "news"  # news | seed | reprint
    topic: str = ""
    aid: int = 0
    url: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    authors: list[str] = field(default_factory=list)
    editor: str = ""
    image: dict[str, str] | None = None  # "url" and "caption" of the one photo
    related: list[Article] = field(default_factory=list)
    # 附件: url (site path as linked), text, file_name, type, size, sha1 (demo/attachments.py)
    attachments: list[dict] = field(default_factory=list)
    pages: int = 1  # pages the article is split over
    page_style: str = ""  # how they are reached: links (_N), createPageHTML (_N) or query

    @property
    def page_urls(self) -> list[str]:
        """The site paths of its pages, the first first: TRS numbers the second page _1;
        the query style is ?page=2."""
        if self.page_style == "query":
            return [self.url] + [f"{self.url}?page={n}" for n in range(2, self.pages + 1)]
        stem, ext = self.url.rsplit(".", 1)
        return [self.url] + [f"{stem}_{n}.{ext}" for n in range(1, self.pages)]

    def page_paragraphs(self) -> list[list[str]]:
        """Its paragraphs, page by page (as evenly as they go, the longer pages first)."""
        size = -(-len(self.paragraphs) // self.pages)
        return [self.paragraphs[i : i + size] for i in range(0, len(self.paragraphs), size)]

    @property
    def date_shown(self) -> str | None:
        """The date as the page shows it (Hanweb pages give the day only)."""
        if not self.dated:
            return None
        if self.section.cms == "Hanweb":
            return f"{self.when:%Y-%m-%d}"
        return f"{self.when:%Y-%m-%d %H:%M}"

    @property
    def published_at(self) -> str | None:
        """What a crawl should read as the publication time (ISO 8601, China time)."""
        if not self.dated:
            return None
        if self.section.cms == "Hanweb":
            return self.when.date().isoformat()
        return self.when.replace(tzinfo=CST).isoformat()

    @property
    def list_date(self) -> str:
        return f"{self.when:%Y-%m-%d}"

    @property
    def summary(self) -> str:
        """The start of the lead, for descriptions, feeds and the home page."""
        text = self.paragraphs[0]
        return text[:72]


@dataclass
class Dead:
    """A list entry without a working article behind it (404 or 500)."""

    section: Section
    when: dt.datetime
    title: str
    url: str = ""
    kind: str = "broken"

    @property
    def list_date(self) -> str:
        return f"{self.when:%Y-%m-%d}"
