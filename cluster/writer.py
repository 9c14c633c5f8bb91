"""ArchiveWriter: the one process that writes the archive of a scaled-out crawl.

Workers push messages (cluster.wire) to the Redis list REDIS_PREFIX:items; the writer
reads them a batch at a time, oldest first, writes the batch in one SQLite transaction,
and only after the commit removes the batch from Redis. A writer killed before the commit
loses nothing (the batch is still in Redis); one killed after the commit but before the
removal reads the batch again, and skips it: the ids of the last batch are committed with
it (table writer_state), and the archive's writes are keyed by URL anyway.

After each batch the URL keys it archived go to the site's "known" set in Redis, from
which the workers' incremental crawls learn what not to fetch again.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from archive import queries, write_entry
from archive.crawls import (
    CrawlRecord,
    WriteCounts,
    add_crawl_counts,
    crawl_status,
    ensure_site,
    finish_crawl,
    start_crawl,
)
from core.clock import now
from core.items import Alias, CrawledArticle
from core.urls import url_key
from webarchive import Capture, RotatingWarcFiles

from .connection import worker_id
from .keys import SiteKeys, items_key, writer_key
from .wire import WireError, decode, message_entry

logger = logging.getLogger(__name__)

# Take the writer's lock, or keep it: KEYS: lock; ARGV: this writer, ttl in ms.
_HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
"""


class WriterBusy(RuntimeError):
    """Another archive writer drains this queue."""


class WriterStats(Counter):
    """Counts by name, with the inc_value of Scrapy's stats collectors."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


@dataclass
class _Batch:
    """What one batch did that Redis must hear of after the commit."""

    known: dict[str, set[str]] = field(default_factory=dict)  # site -> URL keys archived
    rejected: list[tuple[bytes, str]] = field(default_factory=list)  # and why
    closed: set[str] = field(default_factory=set)  # tokens of the crawls that ended
    captures: list[tuple[Capture, str]] = field(default_factory=list)  # for WARC files


class ArchiveWriter:
    def __init__(
        self,
        db: Database,
        server,
        prefix: str,
        *,
        batch_size: int = 100,
        keep_pages=True,
        warc: RotatingWarcFiles | None = None,
    ) -> None:
        self.db, self.server, self.prefix = db, server, prefix
        self.key, self.lock = items_key(prefix), writer_key(prefix)
        self.batch_size, self.keep_pages = max(1, batch_size), keep_pages
        self.me = f"{worker_id()}:{uuid.uuid4().hex[:8]}"  # this writer, in the lock
        self.hold = server.register_script(_HOLD)
        self.stats = WriterStats()
        # WARC_ENABLED: the article pages the workers send, written here after each commit.
        self.warc = warc
        self.crawls: dict[str, CrawlRecord] = {}
        self.sites: dict[int, str] = {}

    def claim(self, ttl: float = 30.0, *, wait: bool = False) -> None:
        """Hold the queue's writer lock for ttl seconds (every drain renews it). A lock
        left by a killed writer expires: with wait, wait that long for it; WriterBusy if
        another writer still holds it."""
        self.ttl_ms = int(ttl * 1000)
        deadline = time.monotonic() + (ttl + 1 if wait else 0)
        while True:
            holder = self.hold(keys=[self.lock], args=[self.me, self.ttl_ms]).decode()
            if holder == self.me:
                return
            if time.monotonic() >= deadline:
                raise WriterBusy(f"another archive writer ({holder}) drains {self.key}")
            time.sleep(0.5)

    def release(self) -> None:
        if self.server.get(self.lock) == self.me.encode():
            self.server.delete(self.lock)

    def publish_known(self) -> int:
        """Every site's archived URL keys to Redis (for an archive that predates them)."""
        published = 0
        for site_id, name in self.db.execute("select id, name from sites").fetchall():
            self.sites[site_id] = name
            keys = sorted(queries.archived_keys(self.db, site_id))
            for start in range(0, len(keys), 10_000):
                self.server.sadd(SiteKeys(self.prefix, name).known, *keys[start : start + 10_000])
            published += len(keys)
        return published

    def run(
        self, *, until_idle: float | None = None, stop: Callable[[], bool] | None = None
    ) -> None:
        """Drain until stop() says so, or until the queue was empty for until_idle seconds."""
        idle_since = None
        while not (stop and stop()):
            self.claim(self.ttl_ms / 1000)
            if self.drain():
                idle_since = None
                continue
            idle_since = idle_since or time.monotonic()
            if until_idle is not None and time.monotonic() - idle_since >= until_idle:
                return
            time.sleep(0.2)

    def drain(self) -> int:
        """Write the oldest batch of messages; returns how many were read."""
        raw = self.server.lrange(self.key, 0, self.batch_size - 1)
        if not raw:
            return 0
        batch = _Batch()
        with self.db.atomic():
            done = self._last_batch()
            ids = [self._apply(data, done, batch) for data in raw]
            for token, record in list(self.crawls.items()):
                if record.counts != WriteCounts():
                    add_crawl_counts(self.db, record.crawl_id, record.counts)
                    record.counts = WriteCounts()
                if token in batch.closed:
                    del self.crawls[token]
            self.db.execute(
                "insert or replace into writer_state (queue, last_batch) values (?, ?)",
                [self.key, json.dumps([i for i in ids if i])],
            )
        self._after_commit(len(raw), batch)
        self.stats.inc_value("writer/batches")
        return len(raw)

    def _last_batch(self) -> set[str]:
        return set(queries.last_batch(self.db, self.key))

    def _after_commit(self, count: int, batch: _Batch) -> None:
        pipe = self.server.pipeline(transaction=True)
        for data, _ in batch.rejected:
            pipe.rpush(f"{self.key}:rejected", data)
        pipe.ltrim(self.key, count, -1)
        for site, keys in batch.known.items():
            pipe.sadd(SiteKeys(self.prefix, site).known, *keys)
        pipe.execute()
        for _, reason in batch.rejected:
            logger.error("Message set aside in %s:rejected: %s", self.key, reason)
        if self.warc is not None:
            # After the commit: a writer killed before it wrote them leaves them out of
            # the WARC files, never in them twice; the archive has them, export-warc too.
            for capture, crawl in batch.captures:
                self.warc.write(capture, **{"Rongmei-Crawl": crawl})
                self.stats.inc_value("writer/warc_records")

    def _apply(self, data: bytes, done: set[str], batch: _Batch) -> str | None:
        """Write one message; returns its id. A message that cannot be written is set
        aside, with the reason in the log, never dropped."""
        try:
            message = decode(data)
            if message["id"] in done:
                self.stats.inc_value("writer/replayed")
                return message["id"]
            with self.db.atomic():  # a savepoint: a message is written whole or not at all
                self._write(message, batch)
        except (WireError, KeyError, TypeError, ValueError) as exc:
            batch.rejected.append((data, f"{type(exc).__name__}: {exc}"[:500]))
            self.stats.inc_value("writer/rejected")
            return None
        self.stats.inc_value(f"writer/messages/{message['kind']}")
        return message["id"]

    def _write(self, message: dict, batch: _Batch) -> None:
        kind, token = message["kind"], message["crawl"]
        if kind == "open":
            self._open(message)
            return
        crawl = self._crawl(token)
        if kind == "close":
            self._close(message, crawl)
            batch.closed.add(token)
            return
        entry = message_entry(message)
        write_entry(self.db, entry, crawl, keep_pages=self.keep_pages, stats=self.stats)
        # Workers learn from Redis what not to fetch again: an article (or a reprint of
        # one, which write_entry kept as an alias) is known under its URL key now.
        if isinstance(entry, CrawledArticle | Alias):
            batch.known.setdefault(self.sites[crawl.site_id], set()).add(url_key(entry.url))
        if isinstance(entry, CrawledArticle) and self.warc is not None:
            capture = Capture(entry.url, entry.status, list(entry.headers.items()), entry.body,
                              entry.fetched_at)  # fmt: skip
            batch.captures.append((capture, f"{self.sites[crawl.site_id]} {crawl.crawl_id}"))

    def _open(self, message: dict) -> None:
        if self._known_crawl(message["crawl"]) is not None:
            return
        site_id = ensure_site(self.db, **message["site"])
        crawl_id = start_crawl(
            self.db,
            site_id,
            message.get("started_at") or now(),
            message.get("crawl_kind") or "crawl",
            token=message["crawl"],
            worker=message.get("worker"),
            run=message.get("run"),
        )
        self.sites[site_id] = message["site"]["name"]
        self.crawls[message["crawl"]] = CrawlRecord(site_id, crawl_id)

    def _crawl(self, token: str) -> CrawlRecord:
        record = self._known_crawl(token)
        if record is None:
            raise WireError(f"crawl {token} is unknown: its open message never arrived")
        return record

    def _known_crawl(self, token: str) -> CrawlRecord | None:
        if token in self.crawls:
            return self.crawls[token]
        row = queries.crawl_of_token(self.db, token)
        if row is None:
            return None
        self.sites[row[1]] = row[2]
        self.crawls[token] = CrawlRecord(row[1], row[0])
        return self.crawls[token]

    def _close(self, message: dict, crawl: CrawlRecord) -> None:
        reason = message.get("reason") or "finished"
        finish_crawl(
            self.db,
            crawl.crawl_id,
            finished_at=message.get("finished_at") or now(),
            status=crawl_status(reason),
            finish_reason=reason,
            pages=message.get("pages", 0),
            lists=message.get("lists", 0),
            known_links=message.get("known_links", 0),
        )
