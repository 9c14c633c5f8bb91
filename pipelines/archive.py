"""ArchivePipeline: write articles, fetch failures and dropped items into the archive
(settings ARCHIVE, ARCHIVE_BATCH_SIZE, ARCHIVE_PAGES), in batches, one transaction each,
and keep the crawl's row in the crawls table.

A crash loses at most the batch in flight; what was committed is whole (WAL, one
transaction per batch), and the next crawl fetches the lost pages again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from scrapy import signals
from scrapy.exceptions import NotConfigured
from sqlite_utils import Database

from core.clock import now
from core.items import ARCHIVED, CheckResult, CrawledArticle, ListDate
from pipelines import store
from pipelines.dedupe import DuplicateBody
from pipelines.schema import open_archive


def site_row(profile) -> dict:
    """What the sites table keeps of a site's profile."""
    return {
        "name": profile.name,
        "name_zh": profile.name_zh or None,
        "province": profile.region.get("province"),
        "city": profile.region.get("city"),
        "county": profile.region.get("county"),
        "base_url": profile.base_url,
    }


def crawl_status(reason: str) -> str:
    """The crawls table's status for the reason Scrapy gives for a crawl's end."""
    return {"finished": "finished", "shutdown": "interrupted"}.get(reason, reason)


def crawl_totals(stats) -> dict:
    """What a crawl's stats say of it for its crawls row."""
    return {
        "pages": stats.get_value("response_received_count", 0),
        "lists": stats.get_value("portal/lists", 0),
        "known_links": stats.get_value("portal/known_skipped", 0),
    }


#: The values of each kind of entry besides the item, in order (by name on the wire).
ENTRY_FIELDS = {"drop": ("url", "reason", "detail"), "alias": ("url", "original_key", "seen_at")}


def dropped_entries(item, exception) -> list[tuple]:
    """What an item a pipeline dropped leaves in the archive: the drop and its reason, and
    for a reprint, its URL as an alias of the article it repeats."""
    url = getattr(item, "url", None)
    entries = [("drop", url, type(exception).__name__, str(exception))]
    if isinstance(exception, DuplicateBody):
        seen_at = getattr(item, "fetched_at", None) or now()
        entries.append(("alias", url, exception.original_key, seen_at))
    return entries


@dataclass
class CrawlRecord:
    """The crawl that archived writes belong to, and what they did."""

    site_id: int
    crawl_id: int
    counts: store.WriteCounts


def write_entry(db, entry: tuple, crawl: CrawlRecord, *, keep_pages: bool, stats) -> None:
    """Write one queued entry: ("item", item), ("drop", url, reason, detail) or
    ("alias", url, original url key, seen at). The caller holds the transaction."""
    kind, *rest = entry
    counts = crawl.counts
    if kind == "item" and isinstance(rest[0], CrawledArticle):
        outcome = store.write_article(
            db, rest[0], crawl.site_id, crawl.crawl_id, keep_pages=keep_pages
        )
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        stats.inc_value(f"archive/articles/{outcome}")
    elif kind == "item" and isinstance(rest[0], CheckResult):
        store.write_check(db, rest[0])
        if rest[0].removed:
            stats.inc_value("archive/removed")
    elif kind == "item" and isinstance(rest[0], ListDate):
        store.write_list_date(db, rest[0])
    elif kind == "item":
        store.write_failure(db, rest[0], crawl.crawl_id)
        counts.errors += 1
        stats.inc_value("archive/fetch_errors")
    elif kind == "drop":
        url, reason, detail = rest
        store.write_drop(db, crawl.crawl_id, url, reason, detail, now())
        counts.dropped[reason] += 1
    elif kind == "alias":
        url, original_key, seen_at = rest
        if (article_id := store.article_id_for(db, original_key)) is not None:
            store.add_alias(db, url, article_id, seen_at)


class ArchivePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured("ARCHIVE_ENABLED is False")
        pipeline = cls(
            crawler,
            path=settings.get("ARCHIVE"),
            batch_size=settings.getint("ARCHIVE_BATCH_SIZE"),
            keep_pages=settings.getbool("ARCHIVE_PAGES"),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(self, crawler, *, path: str, batch_size: int, keep_pages: bool) -> None:
        self.crawler, self.stats = crawler, crawler.stats
        self.path, self.batch_size, self.keep_pages = path, max(1, batch_size), keep_pages
        self.queue: list[tuple] = []
        self.db: Database | None = None
        self.crawl: CrawlRecord | None = None

    def open_spider(self) -> None:
        self.db = open_archive(self.path)
        with self.db.atomic():
            site_id = store.ensure_site(self.db, **site_row(self.crawler.spider.profile))
            crawl_id = store.start_crawl(self.db, site_id, now())
        self.crawl = CrawlRecord(site_id, crawl_id, store.WriteCounts())
        self.stats.set_value("archive/crawl_id", crawl_id)

    def process_item(self, item):
        if isinstance(item, ARCHIVED):
            self.queue.append(("item", item))
            if len(self.queue) >= self.batch_size:
                self.flush()
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        self.queue.extend(dropped_entries(item, exception))

    def flush(self) -> None:
        if not self.queue:
            return
        queue, self.queue = self.queue, []
        started = time.perf_counter()
        with self.db.atomic():
            for entry in queue:
                write_entry(
                    self.db, entry, self.crawl, keep_pages=self.keep_pages, stats=self.stats
                )
        self.stats.inc_value("archive/batches")
        # Time spent writing, to show whether the archive holds the crawl back.
        self.stats.inc_value("archive/write_seconds", round(time.perf_counter() - started, 4))

    def close_spider(self) -> None:
        if self.db is not None:
            self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        """The crawl's row, once Scrapy knows why it ended."""
        if self.db is None:
            return
        self.flush()
        with self.db.atomic():
            store.add_crawl_counts(self.db, self.crawl.crawl_id, self.crawl.counts)
            store.finish_crawl(
                self.db,
                self.crawl.crawl_id,
                finished_at=now(),
                status=crawl_status(reason),
                finish_reason=reason,
                **crawl_totals(self.stats),
            )
        self.db.close()
