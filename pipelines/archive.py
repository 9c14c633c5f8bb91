"""ArchivePipeline: write articles, fetch failures and dropped items into the archive
(settings ARCHIVE, ARCHIVE_BATCH_SIZE, ARCHIVE_PAGES), in batches, one transaction each,
and keep the crawl's row in the crawls table.

A crash loses at most the batch in flight; what was committed is whole (WAL, one
transaction per batch), and the next crawl fetches the lost pages again.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from scrapy import signals
from scrapy.exceptions import NotConfigured

from pipelines import store
from pipelines.dedupe import DuplicateBody
from pipelines.schema import open_archive
from scrapers.items import CheckResult, CrawledArticle, FetchFailure, ListDate


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        self.counts = store.WriteCounts()
        self.db = self.site_id = self.crawl_id = None

    def open_spider(self) -> None:
        profile = self.crawler.spider.profile
        self.db = open_archive(self.path)
        with self.db.atomic():
            self.site_id = store.ensure_site(
                self.db,
                profile.name,
                name_zh=profile.name_zh or None,
                province=profile.region.get("province"),
                city=profile.region.get("city"),
                county=profile.region.get("county"),
                base_url=profile.base_url,
            )
            self.crawl_id = store.start_crawl(self.db, self.site_id, now())
        self.stats.set_value("archive/crawl_id", self.crawl_id)

    def process_item(self, item):
        if isinstance(item, CrawledArticle | FetchFailure | ListDate | CheckResult):
            self.queue.append(("item", item))
            if len(self.queue) >= self.batch_size:
                self.flush()
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        url = getattr(item, "url", None)
        self.queue.append(("drop", url, type(exception).__name__, str(exception)))
        if isinstance(exception, DuplicateBody):
            self.queue.append(
                ("alias", url, exception.original_key, getattr(item, "fetched_at", now()))
            )

    def flush(self) -> None:
        if not self.queue:
            return
        queue, self.queue = self.queue, []
        started = time.perf_counter()
        with self.db.atomic():
            for entry in queue:
                self._write(entry)
        self.stats.inc_value("archive/batches")
        # Time spent writing, to show whether the archive holds the crawl back.
        self.stats.inc_value("archive/write_seconds", round(time.perf_counter() - started, 4))

    def _write(self, entry: tuple) -> None:
        kind, *rest = entry
        if kind == "item" and isinstance(rest[0], CrawledArticle):
            outcome = store.write_article(
                self.db, rest[0], self.site_id, self.crawl_id, keep_pages=self.keep_pages
            )
            setattr(self.counts, outcome, getattr(self.counts, outcome) + 1)
            self.stats.inc_value(f"archive/articles/{outcome}")
        elif kind == "item" and isinstance(rest[0], CheckResult):
            store.write_check(self.db, rest[0])
            if rest[0].removed:
                self.stats.inc_value("archive/removed")
        elif kind == "item" and isinstance(rest[0], ListDate):
            store.write_list_date(self.db, rest[0])
        elif kind == "item":
            store.write_failure(self.db, rest[0], self.crawl_id)
            self.counts.errors += 1
            self.stats.inc_value("archive/fetch_errors")
        elif kind == "drop":
            url, reason, detail = rest
            store.write_drop(self.db, self.crawl_id, url, reason, detail, now())
            self.counts.dropped[reason] += 1
        elif kind == "alias":
            url, original_key, seen_at = rest
            if (article_id := store.article_id_for(self.db, original_key)) is not None:
                store.add_alias(self.db, url, article_id, seen_at)

    def close_spider(self) -> None:
        if self.db is not None:
            self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        """The crawl's row, once Scrapy knows why it ended."""
        if self.db is None:
            return
        self.flush()
        status = {"finished": "finished", "shutdown": "interrupted"}.get(reason, reason)
        store.finish_crawl(
            self.db,
            self.crawl_id,
            finished_at=now(),
            status=status,
            finish_reason=reason,
            pages=self.stats.get_value("response_received_count", 0),
            counts=self.counts,
            lists=self.stats.get_value("portal/lists", 0),
            known_links=self.stats.get_value("portal/known_skipped", 0),
        )
        self.db.close()
