"""ArchivePipeline: everything a crawl yields goes into the archive, through a sink chosen
by settings, as Scrapy's FilesPipeline chooses its store.

- ``ARCHIVE_SINK = "sqlite"`` (the default): :class:`SQLiteSink` writes the archive file
  ARCHIVE itself, ARCHIVE_BATCH_SIZE entries per transaction (ARCHIVE_PAGES: keep the raw
  pages). A crash loses at most the batch in flight; what was committed is whole (WAL),
  and the next crawl fetches the lost pages again.
- ``ARCHIVE_SINK = "redis"``: a worker of a scaled-out crawl (the scale-out add-on sets
  it) sends every entry to the archive writer instead (cluster.item_queue.RedisSink).

Either way the sink gets the same entries (core.items): the archived items, a Dropped
record for every item a pipeline refused, and an Alias for a reprint; and the crawl's start
and end, with the totals its stats give.
"""

from __future__ import annotations

import time
from typing import ClassVar, Protocol

from scrapy import signals
from scrapy.exceptions import NotConfigured, UsageError
from scrapy.utils.misc import build_from_crawler, load_object

from archive import open_archive, running, write_entry
from archive.crawls import (
    CrawlRecord,
    add_crawl_counts,
    close_dead_crawls,
    crawl_status,
    ensure_site,
    finish_crawl,
    site_row,
    start_crawl,
)
from core.clock import now
from core.items import ARCHIVED, Alias, Dropped, Entry
from pipelines.dedupe import DuplicateBody


class Sink(Protocol):
    """Where the archive pipeline sends a crawl's entries."""

    def open(self, site: dict, kind: str) -> None: ...
    def add(self, entry: Entry) -> None: ...
    def flush(self) -> None: ...
    def close(self, reason: str, totals: dict) -> None: ...


def crawl_totals(stats) -> dict:
    """What a crawl's stats say of it for its crawls row."""
    return {
        "pages": stats.get_value("response_received_count", 0),
        "lists": stats.get_value("portal/lists", 0),
        "known_links": stats.get_value("portal/known_skipped", 0),
    }


def dropped_entries(item, exception: Exception) -> list[Entry]:
    """What an item a pipeline dropped leaves in the archive: the drop and its reason, and
    for a reprint, its URL as an alias of the article it repeats."""
    url = getattr(item, "url", None)
    entries: list[Entry] = [Dropped(url, type(exception).__name__, str(exception), now())]
    if isinstance(exception, DuplicateBody):
        entries.append(Alias.of(item, exception.original_key))
    return entries


class ArchivePipeline:
    #: ARCHIVE_SINK -> the sink class.
    SINKS: ClassVar[dict[str, str]] = {
        "sqlite": "pipelines.archive.SQLiteSink",
        "redis": "cluster.item_queue.RedisSink",
    }

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured("ARCHIVE_ENABLED is False")
        name = settings.get("ARCHIVE_SINK")
        if name not in cls.SINKS:
            raise UsageError(f"ARCHIVE_SINK={name!r}: not one of {', '.join(cls.SINKS)}")
        sink = build_from_crawler(load_object(cls.SINKS[name]), crawler)
        pipeline = cls(crawler, sink)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(self, crawler, sink: Sink) -> None:
        self.crawler, self.stats, self.sink = crawler, crawler.stats, sink

    def open_spider(self) -> None:
        spider = self.crawler.spider
        # A recheck is its own kind of run: it never moves the crawl schedule.
        self.sink.open(site_row(spider.profile), getattr(spider, "crawl_kind", "crawl"))

    def process_item(self, item):
        if isinstance(item, ARCHIVED):
            self.sink.add(item)
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        for entry in dropped_entries(item, exception):
            self.sink.add(entry)

    def close_spider(self) -> None:
        self.sink.flush()

    def spider_closed(self, spider, reason: str) -> None:
        """The crawl's end, once Scrapy knows why it ended."""
        self.sink.close(reason, crawl_totals(self.stats))


class SQLiteSink:
    """The archive file on this machine: entries in batches, one transaction each."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("ARCHIVE"),
            crawler.stats,
            batch_size=settings.getint("ARCHIVE_BATCH_SIZE"),
            keep_pages=settings.getbool("ARCHIVE_PAGES"),
        )

    def __init__(self, path: str, stats, *, batch_size: int, keep_pages: bool) -> None:
        self.path, self.stats = path, stats
        self.batch_size, self.keep_pages = max(1, batch_size), keep_pages
        self.queue: list[Entry] = []
        self.db = None
        self.crawl: CrawlRecord | None = None
        self.lock = None

    def open(self, site: dict, kind: str) -> None:
        self.db = open_archive(self.path)
        with self.db.atomic():
            close_dead_crawls(self.db, self.path)
            site_id = ensure_site(self.db, **site)
            self.crawl = CrawlRecord(site_id, start_crawl(self.db, site_id, now(), kind))
            # Held before the row is committed, so no reader sees it running unlocked.
            self.lock = running.hold(self.path, self.crawl.crawl_id)
        self.stats.set_value("archive/crawl_id", self.crawl.crawl_id)

    def add(self, entry: Entry) -> None:
        self.queue.append(entry)
        if len(self.queue) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.queue or self.db is None:
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

    def close(self, reason: str, totals: dict) -> None:
        if self.db is None:
            return
        self.flush()
        with self.db.atomic():
            add_crawl_counts(self.db, self.crawl.crawl_id, self.crawl.counts)
            finish_crawl(
                self.db,
                self.crawl.crawl_id,
                finished_at=now(),
                status=crawl_status(reason),
                finish_reason=reason,
                **totals,
            )
        self.db.close()
        self.db = None
        running.release(self.path, self.crawl.crawl_id, self.lock)
