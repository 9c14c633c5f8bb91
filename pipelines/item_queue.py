"""ItemQueuePipeline: a worker of a scaled-out crawl sends what it would have archived to
the archive writer, through the Redis list REDIS_PREFIX:items (scrapers.cluster).

It takes the place of ArchivePipeline when REDIS_URL is set (scrapers.scale_out): each
item, dropped item and the crawl's start and end become one message (pipelines.wire),
pushed at once, so a worker killed afterwards has lost nothing it had pushed.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import suppress

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import NotConfigured

from core.clock import now
from core.items import ARCHIVED
from pipelines.archive import ENTRY_FIELDS, crawl_totals, dropped_entries, site_row
from pipelines.wire import encode, item_to_wire
from scrapers.cluster import SiteKeys, connect, items_key, scaled_out, stop_worker, worker_id

logger = logging.getLogger(__name__)


def push(server, prefix: str, kind: str, crawl: str, **fields) -> None:
    """Send the archive writer one message of a crawl (the token `crawl`)."""
    message = {"id": uuid.uuid4().hex, "kind": kind, "crawl": crawl, **fields}
    server.rpush(items_key(prefix), encode(message))


class ItemQueuePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        if not scaled_out(crawler.settings):
            raise NotConfigured("REDIS_URL is not set")
        pipeline = cls(crawler, connect(crawler.settings), crawler.settings.get("REDIS_PREFIX"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(self, crawler, server, prefix: str) -> None:
        self.crawler, self.stats, self.server = crawler, crawler.stats, server
        self.prefix = prefix
        self.token = uuid.uuid4().hex  # this worker's crawl, as the writer will know it

    def send(self, kind: str, **fields) -> None:
        try:
            push(self.server, self.prefix, kind, self.token, **fields)
        except RedisError as exc:
            # Not sent: said in the log, counted, and the worker stops; the page is not
            # in the archive, so the next crawl fetches it again.
            url = fields.get("url") or fields.get("item", {}).get("fields", {}).get("url")
            logger.error("Not sent to the archive writer (%s): %s %s", exc, kind, url or "")
            self.stats.inc_value(f"item_queue/unsent/{kind}")
            stop_worker(self.crawler, exc)
            return
        self.stats.inc_value(f"item_queue/sent/{kind}")

    def open_spider(self) -> None:
        profile = self.crawler.spider.profile
        keys = SiteKeys(self.prefix, profile.name)
        run = self.server.get(keys.started)  # the frontier opened first: the run's start
        self.send(
            "open",
            site=site_row(profile),
            started_at=now(),
            worker=worker_id(),
            run=run.decode() if run else None,
        )
        # Should this worker die, the one that notices closes its crawl (frontier).
        self.server.hset(keys.crawls, worker_id(), self.token)

    def process_item(self, item):
        if isinstance(item, ARCHIVED):
            self.send("item", item=item_to_wire(item))
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        for kind, *values in dropped_entries(item, exception):
            self.send(kind, **dict(zip(ENTRY_FIELDS[kind], values, strict=True)))

    def spider_closed(self, spider, reason: str) -> None:
        self.send("close", finished_at=now(), reason=reason, **crawl_totals(self.stats))
        with suppress(RedisError):  # when Redis is gone, the frontier said so already
            self.server.hdel(SiteKeys(self.prefix, spider.profile.name).crawls, worker_id())
