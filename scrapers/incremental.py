"""IncrementalMiddleware: a repeated crawl fetches only what the archive lacks.

A spider middleware, as scrapy-deltafetch is: it owns INCREMENTAL_ENABLED,
INCREMENTAL_STOP_AFTER and the URL keys of the site's archived articles (read from the
archive when the crawl opens, or from Redis for a worker of a scaled-out crawl, where the
archive writer publishes them), and

- drops requests for URLs the archive holds already, the start requests included (those a
  killed crawl's journal asks for again); ``portal/known_skipped`` counts the links to
  them on the pages read (``response.meta["link_keys"]``, every link a page was read
  for, repeats included: the spider asks for a URL once a crawl), or the requests dropped;
- stops paging a list once INCREMENTAL_STOP_AFTER list pages in a row showed only known
  articles (``portal/paging_stopped``): the spider says which article URLs a list page
  links to in ``response.meta["story_keys"]``, and marks its requests for lists with
  ``meta["kind"] = "list"`` and those of the page's pager with ``meta["pagination"]``; the
  run of known pages travels in the list requests' ``meta["known_run"]``.

A digital edition's list or calendar of issues (requests marked ``meta["calendar"]``) is
read only by a site's first crawl or after one that did not complete
(``portal/calendars_skipped``): later issues come through 上一期, its pager.

The following pages of an article split over pages (``meta["kind"] = "part"``) are
never dropped: its first page was new, and the article is archived once they are read
(their URLs are the article's, so the next crawl knows them).

After a crawl that did not complete (interrupted, killed), paging never stops: the lists
past its known pages may hold what it never reached. It works for spiders that declare
``incremental = True`` (the portal spider); a recheck,
which asks for archived articles on purpose, is left alone.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archive import open_archive, queries
from cluster import scaled_out
from core.urls import url_key

logger = logging.getLogger(__name__)


def archived_keys(settings, profile) -> tuple[set[str], bool]:
    """URL keys the archive holds for the profile's site (aliases included), and whether
    the site's last crawl completed; nothing and True if there is no archive yet."""
    if scaled_out(settings):
        from cluster.connection import connect  # only scaled out is Redis imported
        from cluster.state import known_keys

        server = connect(settings)
        return known_keys(server, settings.get("REDIS_PREFIX"), profile.name), True
    path = settings.get("ARCHIVE")
    if not path or not Path(path).is_file():
        return set(), True
    db = open_archive(path, read_only=True)
    try:
        site = queries.site_of(db, profile.name, profile.base_url)
        site_id = site[0] if site else None
        return queries.archived_keys(db, site_id), queries.last_crawl_completed(db, site_id)
    finally:
        db.close()


@dataclass
class _Page:
    """What the middleware keeps of one page's output while the spider reads it."""

    lists: list[Request] = field(default_factory=list)
    dropped: int = 0


class IncrementalMiddleware(BaseSpiderMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured("INCREMENTAL_ENABLED is False")
        if not getattr(crawler.spidercls, "incremental", False):
            raise NotConfigured(f"{crawler.spidercls.__name__} is not an incremental spider")
        known, completed = archived_keys(settings, crawler.spider.profile)
        # Resuming a killed crawl in its JOBDIR: its crawl row may still read "running"
        # (and so not count), but the lists past its known pages are as unread.
        completed = completed and not getattr(crawler.spider.journal, "resuming", False)
        stop_after = max(1, settings.getint("INCREMENTAL_STOP_AFTER"))
        if not completed:
            # The last crawl was interrupted or killed: the lists behind its known pages
            # may hold what it never reached. Read them all this time.
            crawler.stats.set_value("incremental/resuming", 1)
            logger.info("The last crawl did not complete: reading every list page")
            stop_after = sys.maxsize
        return cls(crawler, known, stop_after)

    def __init__(self, crawler, known: set[str], stop_after: int) -> None:
        super().__init__(crawler)
        self.stats, self.known, self.stop_after = crawler.stats, known, stop_after

    def get_processed_request(self, request: Request, response) -> Request | None:
        if request.meta.get("kind") == "part":  # a page of an article being read
            return request
        if url_key(request.url) in self.known:
            self.stats.inc_value("portal/known_skipped")
            return None
        return request

    def process_spider_output(self, response, result, spider=None):
        page = _Page()
        for out in result:
            if (out := self._sort(out, page)) is not None:
                yield out
        yield from self._after_page(response, page)

    async def process_spider_output_async(self, response, result, spider=None):
        page = _Page()
        async for out in result:
            if (out := self._sort(out, page)) is not None:
                yield out
        for request in self._after_page(response, page):
            yield request

    def _sort(self, out, page: _Page):
        """What the spider yields, passed on at once (items, requests for new articles),
        dropped (requests for known URLs), or kept until the page is read (requests for
        lists, which may be its pager)."""
        if not isinstance(out, Request) or out.meta.get("kind") == "part":
            return out
        if url_key(out.url) in self.known:
            page.dropped += 1
            return None
        if out.meta.get("calendar") and self.known and self.stop_after != sys.maxsize:
            # A digital edition's list of issues was read by an earlier, complete crawl:
            # new issues come through 上一期, which stops at the issues held.
            self.stats.inc_value("portal/calendars_skipped")
            return None
        if out.meta.get("kind") == "list":
            page.lists.append(out)
            return None
        return out

    def _after_page(self, response, page: _Page) -> list[Request]:
        """Once a page is read: count its links to known articles, and give back its
        requests for lists, with the run of known pages it ends (without its pager's
        when that run is long enough)."""
        meta = response.meta if response is not None else {}
        links = meta.get("link_keys")
        known = page.dropped if links is None else sum(key in self.known for key in links)
        if known:
            self.stats.inc_value("portal/known_skipped", known)
        keys = meta.get("story_keys")
        known_run = 0
        if keys and all(key in self.known for key in keys):
            known_run = meta.get("known_run", 0) + 1
        stop_paging = known_run >= self.stop_after
        if stop_paging:
            self.stats.inc_value("portal/paging_stopped")
        kept = []
        for request in page.lists:
            if stop_paging and request.meta.get("pagination"):
                continue
            request.meta["known_run"] = known_run
            kept.append(request)
        return kept
