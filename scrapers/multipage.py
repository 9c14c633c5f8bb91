"""An article split over pages (分页), put together as the spider fetches its pages: one
record under its first page's URL, the body and images of every page in order, the other
pages kept with it (core.items.CrawledArticle.later_pages: their URLs are the article's,
their raw responses are kept as its first page's is).

The spider carries a PartialArticle from page to page in the requests' meta (it pickles,
for JOBDIR and Redis queues). A page that fails or no longer reads as a part of the
article ends it: what was read is archived, and the failure recorded, never lost.

>>> from core.items import Article, CrawledArticle, PageCapture
>>> first = CrawledArticle(Article("http://x.cn/t1.html", True, body="一", images=[]),
...     "demo", "http://x.cn/t1.html", 200, {}, b"", "2026-01-01T00:00:00+00:00")
>>> parts = PartialArticle(first, ["http://x.cn/t1.html", "http://x.cn/t1_1.html"])
>>> later = PageCapture("http://x.cn/t1_1.html", 200, {}, b"", "2026-01-01T00:00:01+00:00")
>>> parts.add(later, Article("http://x.cn/t1_1.html", True, body="二"))
>>> item = parts.item()
>>> item.article.body, item.page_urls, item.page_count
('一\\n二', ('http://x.cn/t1_1.html',), 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.items import Article, CrawledArticle, PageCapture
from core.urls import url_key

__all__ = ["PartialArticle"]


@dataclass
class PartialArticle:
    """The first page's item and what the following pages added so far."""

    first: CrawledArticle
    pages: list[str]  # every page of the article, first page first
    bodies: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    read: list[PageCapture] = field(default_factory=list)  # the following pages, in order
    missing: str | None = None  # why the pages after ``read`` are not in the article

    def __post_init__(self) -> None:
        if not self.bodies:
            self.bodies = [self.first.article.body or ""]
            self.images = list(self.first.article.images)

    def next_page(self) -> str | None:
        """The URL of the page to fetch next, or None once every page is read."""
        done = 1 + len(self.read)
        if self.missing is not None or done >= len(self.pages):
            return None
        return self.pages[done]

    def extend(self, pages: list[str]) -> None:
        """Pages a later page's pager shows that the first page's did not."""
        known = {url_key(u) for u in self.pages}
        self.pages.extend(u for u in pages if url_key(u) not in known)

    def add(self, page: PageCapture, article: Article) -> None:
        """The next page, read."""
        self.bodies.append(article.body or "")
        seen = {image.get("url") for image in self.images}
        self.images.extend(i for i in article.images if i.get("url") not in seen)
        self.read.append(page)

    def stop(self, reason: str) -> None:
        """The next page could not be read: the article ends with the pages read."""
        self.missing = reason

    def item(self) -> CrawledArticle:
        """The article of every page read so far."""
        body = "\n".join(b for b in self.bodies if b)
        article = replace(self.first.article, body=body, images=self.images)
        return replace(self.first, article=article, later_pages=tuple(self.read))
