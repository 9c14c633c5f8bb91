"""The recheck spider: fetch archived articles again and notice what portals removed.

    scrapy recheck [--site NAME] [--older-than 7d]      (runs this spider once per site)

An article is gone when its URL now answers 404 or 410, redirects to the portal's home or
a list page, or shows a "deleted" notice instead of the article. Nothing is deleted from
the archive: the article gets removed_at, removed_status and removed_reason. An article
that is still there is re-archived (a changed one gets a new version); one split over
pages is only marked checked (its first page answers; the crawl reads the others).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy

from core.clock import now
from core.items import CheckResult, CrawledArticle, FetchFailure
from scrapers.extract import PAGE_GONE, classify
from scrapers.fetch import describe_failure, read_response
from scrapers.shutdown import unsent
from sites import SiteProfile

_GONE = {404, 410}


def is_home_or_list(original: str, final: str) -> bool:
    """A redirect to the portal's front page or to a list of articles."""
    path = urlsplit(final).path
    return final != original and (path in ("", "/") or classify(final) == "list")


class RecheckSpider(scrapy.Spider):
    name = "recheck"
    crawl_kind = "recheck"  # its crawls rows never move the crawl schedule

    def __init__(self, site: str, urls: list[str], profile: SiteProfile, **kwargs) -> None:
        super().__init__(**kwargs)
        self.site_name, self.urls, self.profile = site, urls, profile
        self.allowed_domains = profile.domains

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(
                url,
                callback=self.check,
                errback=self.failed,
                dont_filter=True,
                meta={"handle_httpstatus_list": sorted(_GONE), "asked": url},
            )

    def check(self, response):
        asked = response.meta["asked"]
        self.crawler.stats.inc_value("recheck/checked")
        if response.status in _GONE:
            yield self._removed(asked, response.status, f"HTTP {response.status}")
            return
        if is_home_or_list(asked, response.url):
            yield self._removed(asked, response.status, f"redirected to {response.url}")
            return
        headers, reading = read_response(response, self.profile.selectors, self.settings)
        article = reading.article
        if article is None or not article.is_article:
            text = response.text if hasattr(response, "text") else ""
            if PAGE_GONE.search(text):
                yield self._removed(asked, response.status, "deletion notice on the page")
            else:
                yield FetchFailure(
                    self.site_name,
                    asked,
                    response.status,
                    reading.error or "no longer reads as an article",
                    now(),
                )
            return
        self.crawler.stats.inc_value("recheck/present")
        if reading.pages is not None:
            # Split over pages: its first page being there is enough; re-archiving it
            # alone would cut the archived article to that page.
            self.crawler.stats.inc_value("recheck/multipage")
            yield CheckResult(self.site_name, asked, False, response.status, None, now())
            return
        yield CrawledArticle(
            article=article,
            site=self.site_name,
            url=asked,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=now(),
        )
        yield CheckResult(self.site_name, asked, False, response.status, None, now())

    def _removed(self, url: str, status: int, reason: str) -> CheckResult:
        self.crawler.stats.inc_value("recheck/removed")
        return CheckResult(self.site_name, url, True, status, reason, now())

    def failed(self, failure):
        """Timeouts and refusals are failures, not removals."""
        if unsent(failure):  # the crawl was stopped before it was sent
            return
        request = failure.request
        status = getattr(getattr(failure.value, "response", None), "status", None)
        yield FetchFailure(
            self.site_name,
            request.meta.get("asked", request.url),
            status,
            describe_failure(failure),
            now(),
        )
