"""Reading a fetched page for the crawl: the article on it and the links to follow, from
one parse. Takes and returns plain data, so that it can run in a worker process."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.items import Article

from .article import ExtractionError, extract_page
from .links import Link, page_links
from .selectors import SelectorSet


@dataclass
class PageReading:
    """The article record (None when the page could not be read), its links, or why not."""

    article: Article | None
    links: list[Link] = field(default_factory=list)
    error: str | None = None


def read_page(
    body: bytes,
    url: str,
    headers: dict[str, str],
    selectors: SelectorSet | None = None,
    max_elements: int | None = None,
) -> PageReading:
    """Read a page with a profile's selectors (SelectorSet pickles, for a worker process);
    bad input gives a PageReading with an error, never an exception."""
    try:
        article, page = extract_page(body, url, headers, selectors, max_elements)
    except ExtractionError as exc:
        return PageReading(None, [], str(exc))
    return PageReading(article, page_links(page.root, page.base_url or url))
