"""RedisSink: a worker of a scaled-out crawl sends what it would have archived to the
archive writer, through the Redis list REDIS_PREFIX:items (cluster.keys).

The archive pipeline uses it in place of the SQLite sink when the scale-out add-on sets
ARCHIVE_SINK = "redis": each entry, and the crawl's start and end, become one message
(cluster.wire), pushed at once, so a worker killed afterwards has lost nothing it pushed.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import suppress

from redis.exceptions import RedisError
from scrapy.exceptions import UsageError

from core.clock import now
from core.items import Entry

from . import scaled_out
from .connection import connect, stop_worker, worker_id
from .keys import SiteKeys, items_key
from .wire import encode, entry_message

logger = logging.getLogger(__name__)


def push(server, prefix: str, kind: str, crawl: str, **fields) -> None:
    """Send the archive writer one message of a crawl (the token `crawl`)."""
    message = {"id": uuid.uuid4().hex, "kind": kind, "crawl": crawl, **fields}
    server.rpush(items_key(prefix), encode(message))


class RedisSink:
    @classmethod
    def from_crawler(cls, crawler):
        if not scaled_out(crawler.settings):
            raise UsageError("ARCHIVE_SINK = 'redis' needs REDIS_URL")
        return cls(crawler, connect(crawler.settings), crawler.settings.get("REDIS_PREFIX"))

    def __init__(self, crawler, server, prefix: str) -> None:
        self.crawler, self.stats, self.server = crawler, crawler.stats, server
        self.prefix = prefix
        self.token = uuid.uuid4().hex  # this worker's crawl, as the writer will know it
        self.keys: SiteKeys | None = None

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

    def open(self, site: dict, kind: str) -> None:
        self.keys = SiteKeys(self.prefix, site["name"])
        run = self.server.get(self.keys.started)  # the frontier opened first: the run's start
        self.send(
            "open",
            site=site,
            crawl_kind=kind,
            started_at=now(),
            worker=worker_id(),
            run=run.decode() if run else None,
        )
        # Should this worker die, the one that notices closes its crawl (cluster.frontier).
        self.server.hset(self.keys.crawls, worker_id(), self.token)

    def add(self, entry: Entry) -> None:
        kind, fields = entry_message(entry)
        self.send(kind, **fields)

    def flush(self) -> None:
        """Every message went out as it came: nothing waits."""

    def close(self, reason: str, totals: dict) -> None:
        self.send("close", finished_at=now(), reason=reason, **totals)
        with suppress(RedisError):  # when Redis is gone, the frontier said so already
            self.server.hdel(self.keys.crawls, worker_id())
