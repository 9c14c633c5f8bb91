"""The article record that extraction produces and the pipelines archive."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    """One page read as an article. Field names are the archive's column names. Frozen:
    built once, when the page has been read; a changed copy is dataclasses.replace(...)."""

    url: str | None
    is_article: bool
    encoding: str | None = None
    title: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    date_source: str = "none"
    # The date a government document was written or signed (成文日期 / 发文日期), a day in
    # China time, when the page gives one beside its publish date.
    document_date: str | None = None
    source: str | None = None
    author: list[str] = field(default_factory=list)
    editor: str | None = None
    breadcrumbs: list[str] = field(default_factory=list)
    breadcrumb_links: list[dict] = field(default_factory=list)  # {title, url} of the trail
    body: str | None = None
    images: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    # Documents the article links to (附件): url, text, file_name, type; once downloaded
    # (pipelines.attachments) also size, sha1 and path.
    attachments: list[dict] = field(default_factory=list)
    # A digital edition's article (数字报): 引题 and 副题 beside the headline, the issue's
    # day, and the page (版面) it is printed on: its number (版次, "01") and name (版名).
    kicker: str | None = None
    subtitle: str | None = None
    edition_date: str | None = None
    page_no: str | None = None
    page_name: str | None = None
    # Profile selectors that matched nothing on this page (the generic rule was used).
    selector_misses: list[str] = field(default_factory=list)

    @property
    def section(self) -> str | None:
        """The section of the portal the page sits in: the last step of its breadcrumbs;
        for a digital edition's article without any, the page it is printed on (版名)."""
        return self.breadcrumbs[-1] if self.breadcrumbs else self.page_name

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PageCapture:
    """A later page of an article split over pages, as the crawl fetched it."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes  # the raw response, kept in the archive's later_pages table
    fetched_at: str


@dataclass(frozen=True)
class CrawledArticle:
    """An article page as the crawl fetched it: the record, and where and how it came."""

    article: Article
    site: str
    url: str  # as fetched, after redirects
    status: int
    headers: dict[str, str]
    body: bytes  # the raw response, kept in the archive's pages table
    fetched_at: str
    list_date: str | None = None  # the date a list page showed next to the link
    list_date_raw: str | None = None
    url_key: str | None = None  # set by the dedupe pipeline
    body_hash: str | None = None  # set by the dedupe pipeline
    # An article split over pages: its pages after the first (url), in order.
    later_pages: tuple[PageCapture, ...] = ()

    @property
    def page_urls(self) -> tuple[str, ...]:
        return tuple(page.url for page in self.later_pages)

    @property
    def page_count(self) -> int:
        return 1 + len(self.later_pages)


@dataclass(frozen=True)
class FetchFailure:
    """A page that could not be fetched or read, after retries."""

    site: str
    url: str
    status: int | None
    reason: str
    at: str


@dataclass(frozen=True)
class ListDate:
    """A date a list page shows next to an article archived without a date."""

    site: str
    url: str
    date: str
    raw: str | None


@dataclass(frozen=True)
class CheckResult:
    """What a recheck found at an archived article's URL."""

    site: str
    url: str
    removed: bool
    status: int | None
    reason: str | None
    at: str


@dataclass(frozen=True)
class Dropped:
    """An item a pipeline refused: the name of the DropItem subclass, and its message."""

    url: str | None
    reason: str
    detail: str
    at: str


@dataclass(frozen=True)
class Alias:
    """Another URL of an archived article: a reprint merged into it (archive.reprints)."""

    url: str
    original_key: str  # the URL key of the article it repeats
    seen_at: str
    # The reprint's own headline, section and date, which may differ from the article's.
    title: str | None = None
    section: str | None = None
    published_at: str | None = None

    @classmethod
    def of(cls, item: CrawledArticle, original_key: str) -> Alias:
        """The alias a crawled reprint of the article at original_key leaves."""
        a = item.article
        return cls(item.url, original_key, item.fetched_at, a.title, a.section, a.published_at)


#: The items the archive keeps (the pipelines pass anything else on untouched).
ARCHIVED = (CrawledArticle, FetchFailure, ListDate, CheckResult)
#: Everything written into the archive: the items, and what became of refused ones.
ENTRIES = (*ARCHIVED, Dropped, Alias)
Entry = CrawledArticle | FetchFailure | ListDate | CheckResult | Dropped | Alias
