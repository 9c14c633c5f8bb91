"""The portal spider's reading of what scripts build: the dataproxy requests of a Hanweb
jpage column (POSTs, paged until the column's totalrecord), and the later pages of an
article split over pages, fetched in order before the article is archived
(scrapers.multipage). A mixin of PortalSpider: it uses the spider's _new, _follow and
_article_item."""

from __future__ import annotations

import hashlib

import scrapy

from core.clock import now
from core.items import FetchFailure, PageCapture
from core.urls import url_key
from scrapers.extract import (
    PAGE_GONE,
    JpageProxy,
    datastore_links,
    datastore_records,
    datastore_total,
)
from scrapers.fetch import describe_failure, read_response
from scrapers.multipage import PartialArticle
from scrapers.shutdown import unsent

_PART_PRIORITY = 21  # above articles (20): finish an article before starting others
_LIST_PRIORITY = 0


class ScriptedReading:
    """Spider methods for jpage columns and articles split over pages."""

    def _article_pages(self, response, article, headers, pages):
        """The first page of an article split over pages: fetch the others, in order,
        before archiving it. Any other page of it, reached first: its first page."""
        if pages.index > 0:
            self.crawler.stats.inc_value("portal/article_parts_first")
            if request := self._new(pages.first, "article"):
                yield request
            return
        self.crawler.stats.inc_value("portal/articles")
        self.crawler.stats.inc_value("portal/multipage_articles")
        self.requested.update(url_key(u) for u in pages.urls)
        parts = PartialArticle(self._article_item(response, article, headers), pages.urls)
        yield self._part_request(parts)

    def _part_request(self, parts: PartialArticle) -> scrapy.Request:
        return scrapy.Request(
            parts.next_page(),
            callback=self.parse_article_part,
            errback=self.article_part_failed,
            priority=_PART_PRIORITY,
            meta={"article_parts": parts, "kind": "part"},
            dont_filter=True,
        )

    def parse_article_part(self, response):
        """A following page of an article: its body joins the pages read before."""
        parts: PartialArticle = response.meta["article_parts"]
        self.crawler.stats.inc_value("portal/article_parts")
        headers, reading = read_response(response, self.profile.selectors, self.settings)
        article = reading.article
        # The pager says it is a page of the article: a short last page counts even when
        # it would not read as an article alone, a "page not found" does not.
        if (
            article is None
            or not article.body
            or (not article.is_article and PAGE_GONE.search(article.body))
        ):
            reason = reading.error or "not a page of the article"
            yield from self._end_article(parts, response.url, response.status, reason)
            return
        captured = PageCapture(response.request.url, response.status, headers,
                               response.body, self._fetched_at(response))  # fmt: skip
        if article.body in parts.bodies:
            # The same text again: a comments pager or a print view, not the next page.
            self.crawler.stats.inc_value("portal/article_parts_repeated")
            parts.stop("repeats a page read before")
            yield parts.item()
            return
        parts.add(captured, article)
        if reading.pages is not None:
            parts.extend(reading.pages.urls)
            self.requested.update(url_key(u) for u in reading.pages.urls)
        if parts.next_page():
            yield self._part_request(parts)
        else:
            yield parts.item()
        yield from self._follow(response, reading.links, is_list=False)

    def _fetched_at(self, response) -> str:
        return now()

    def article_part_failed(self, failure):
        """A following page that failed: the article is archived with the pages read, and
        the failure recorded."""
        if unsent(failure):
            return
        request = failure.request
        status = getattr(getattr(failure.value, "response", None), "status", None)
        parts = request.meta["article_parts"]
        yield from self._end_article(parts, request.url, status, describe_failure(failure))

    def _end_article(self, parts: PartialArticle, url: str, status, reason: str):
        self.crawler.stats.inc_value("portal/multipage_incomplete")
        parts.stop(reason)
        yield FetchFailure(self.profile.name, url, status, f"page of an article: {reason}", now())
        yield parts.item()

    def _jpage_request(self, proxy: JpageProxy, start: int, previous: str = ""):
        """The dataproxy POST for a jpage column's records from ``start`` on."""
        if proxy.total is not None and start > proxy.total:
            return
        url, form = proxy.request(start)
        request = scrapy.FormRequest(
            url,
            formdata=form,
            callback=self.parse_jpage,
            errback=self.failed,
            priority=_LIST_PRIORITY,
            meta={"kind": "list", "pagination": True},  # paging stops on known records
            # Asked once per column page read: a resumed crawl (JOBDIR) reads the column
            # page again, and its POSTs must not be lost to the old run's duplicate filter.
            dont_filter=True,
            cb_kwargs={"proxy": proxy, "start": start, "previous": previous},
        )
        yield request

    def parse_jpage(self, response, proxy: JpageProxy, start: int, previous: str = ""):
        """A dataproxy answer: its records are a list page's links; then the next ones."""
        self.crawler.stats.inc_value("portal/jpage_pages")
        text = getattr(response, "text", None) or response.body.decode("utf-8", "replace")
        links = datastore_links(text, proxy.page_url or response.url)
        self.crawler.stats.inc_value("portal/jpage_links", len(links))
        yield from self._follow(response, links, is_list=True)
        answered = hashlib.sha1("\n".join(sorted(link.url for link in links)).encode()).hexdigest()
        if links and answered == previous:
            # The records of the answer before: an endpoint that ignores startrecord
            # would be paged for ever.
            self.crawler.stats.inc_value("portal/jpage_repeated")
            return
        records = len(datastore_records(text))
        following = proxy.next_start(start, records, datastore_total(text))
        if following is not None:
            yield from self._jpage_request(proxy, following, answered)
