"""Reading a fetched page for the crawl: the article on it and the links to follow, from
one parse. Takes and returns plain data, so that it can run in a worker process.

Besides its ``<a>`` links, a page's scripts may hold more (scripted_lists): a list page's
jpage records and dataproxy request, its createPageHTML pager; an article's own pages,
when it is split over several (article_pages), which are its parts, not links to follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.items import Article
from core.urls import url_key

from .article import ExtractionError, extract_page
from .article_pages import ArticlePages, article_pages
from .document import Page
from .edition import EditionPage, read_edition_page
from .links import Link, classify, page_links, redirect_links
from .scripted_lists import JpageProxy, create_page_pager, datastore_links, jpage_proxies
from .selectors import SelectorSet


@dataclass
class PageReading:
    """The article record (None when the page could not be read), its links, or why not;
    a list page's jpage dataproxies, an article's pages when it has more than one."""

    article: Article | None
    links: list[Link] = field(default_factory=list)
    error: str | None = None
    edition: EditionPage | None = None  # a digital edition's page (版面)
    proxies: list[JpageProxy] = field(default_factory=list)
    pages: ArticlePages | None = None


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
    base = page.base_url or url
    links = page_links(page.root, base)
    known = {link.url for link in links}
    links += [link for link in redirect_links(page) if link.url not in known]
    edition = read_edition_page(page.root, base)
    if article.is_article:
        pages = article_pages(url, [link.url for link in links], page.scripts)
        if pages is None:
            return PageReading(article, links, edition=edition)
        own = {url_key(u) for u in pages.urls}
        others = [k for k in links if url_key(k.url) not in own]
        return PageReading(article, others, pages=pages, edition=edition)
    return PageReading(
        article,
        _with_scripted(links, page, base),
        proxies=jpage_proxies(page.scripts, base),
        edition=edition,
    )


def _with_scripted(links: list[Link], page: Page, base: str) -> list[Link]:
    """A list page's links and those only its scripts show: jpage records, and the pages
    of a createPageHTML pager (numbered, as a pager's links are)."""
    seen = {link.url for link in links}
    out = list(links)
    for text in page.scripts:
        if "<datastore" in text.lower():
            for link in datastore_links(text, base):
                if link.url not in seen:
                    seen.add(link.url)
                    out.append(link)
    pages, current = create_page_pager(page.scripts, base)
    numbered = list(enumerate(pages, start=1))
    if current is not None:
        # Each page's own call names the next: one page at a time, as a reader pages on,
        # so that an incremental crawl stops at the first page of known articles rather
        # than asking for all of a long list's pages at once.
        numbered = [numbered[0], *numbered[current + 1 : current + 2]]
    for number, page_url in numbered:
        if page_url not in seen and classify(page_url) != "skip":
            seen.add(page_url)
            out.append(Link(page_url, str(number), "list", None, None))  # as a pager's links
    return out
