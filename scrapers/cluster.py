"""What the workers of a scaled-out crawl share through Redis, and under which keys.

With REDIS_URL set, every `scrapy crawl portal` is one worker of a crawl shared by any
number of machines (scrapers.frontier, scrapers.shared_delay, pipelines.item_queue), and
`scrapy archive-writer` is the one process that writes the archive (pipelines.writer).
Every key starts with REDIS_PREFIX; a site's keys carry its profile name:

    <prefix>:items                 messages for the archive writer (a list, oldest first)
    <prefix>:writer                the running archive writer (a lock with a time to live)
    <prefix>:delay:<host>          when the next request to a host may leave (milliseconds)
    <prefix>:site:<name>:requests  the shared request queue (scrapy-redis)
    <prefix>:site:<name>:seen      fingerprints of the requests of this run (scrapy-redis)
    <prefix>:site:<name>:workers   live workers and their last heartbeat
    <prefix>:site:<name>:idle      workers with nothing to do
    <prefix>:site:<name>:asked     every URL asked for in this run (the journal)
    <prefix>:site:<name>:known     URL keys of the site's archived articles
    <prefix>:site:<name>:started   when the site's last run started (ISO 8601, UTC)
    <prefix>:site:<name>:crawls    worker -> the token of its crawl (its crawls row)
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from scrapy.exceptions import UsageError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteKeys:
    """The Redis keys of one site's crawl."""

    prefix: str
    site: str

    def _key(self, what: str) -> str:
        return f"{self.prefix}:site:{self.site}:{what}"

    @property
    def requests(self) -> str:
        return self._key("requests")

    @property
    def seen(self) -> str:
        return self._key("seen")

    @property
    def workers(self) -> str:
        return self._key("workers")

    @property
    def idle(self) -> str:
        return self._key("idle")

    @property
    def asked(self) -> str:
        return self._key("asked")

    @property
    def known(self) -> str:
        return self._key("known")

    @property
    def started(self) -> str:
        return self._key("started")

    @property
    def crawls(self) -> str:
        return self._key("crawls")

    def claimed(self, worker: str) -> str:
        """The journal of an interrupted run, taken over by the worker starting the next."""
        return self._key(f"claimed:{worker}")


def items_key(prefix: str) -> str:
    return f"{prefix}:items"


def writer_key(prefix: str) -> str:
    return f"{prefix}:writer"


def delay_key(prefix: str, host: str) -> str:
    return f"{prefix}:delay:{host}"


def worker_ttl(heartbeat: float) -> float:
    """How long a worker may be silent before the others count it gone: three heartbeats."""
    return 3 * heartbeat


@cache
def worker_id() -> str:
    """This process, as the other workers see it: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def scaled_out(settings) -> bool:
    return bool(settings.get("REDIS_URL"))


# One client (and connection pool) per server and parameters, for the whole process: the
# frontier, the shared delay, the journal and the item queue of a worker all use it.
_clients: dict[tuple[str, str], object] = {}


def connect(settings):
    """The Redis client for REDIS_URL, checked with a PING the first time; UsageError, one
    line, when it cannot be reached."""
    import redis
    from scrapy_redis.connection import get_redis_from_settings

    url = settings.get("REDIS_URL")
    key = (url, repr(sorted(settings.getdict("REDIS_PARAMS").items())))
    if key not in _clients:
        try:
            server = get_redis_from_settings(settings)
            server.ping()
        except (redis.RedisError, ValueError) as exc:
            raise UsageError(f"REDIS_URL={url!r}: cannot use it: {exc}") from exc
        _clients[key] = server
    return _clients[key]


def known_keys(server, prefix: str, site: str) -> set[str]:
    """URL keys of the site's archived articles, as the archive writer published them."""
    return {k.decode() for k in server.sscan_iter(SiteKeys(prefix, site).known, count=10_000)}


def run_state(server, prefix: str, site: str, heartbeat: float) -> tuple[bool, datetime | None]:
    """Whether a run of the site has live workers now, and when its last run started."""
    keys = SiteKeys(prefix, site)
    seconds, micros = server.time()  # the clock the workers' heartbeats use
    live = server.zcount(keys.workers, seconds + micros / 1e6 - worker_ttl(heartbeat), "+inf") > 0
    started = server.get(keys.started)
    return live, datetime.fromisoformat(started.decode()) if started else None


def stop_worker(crawler, error: Exception) -> None:
    """Redis stopped answering: the worker can neither share requests nor send what it
    finds, so it stops (reason redis_unavailable); the next run asks again for its pages."""
    if crawler.stats.get_value("cluster/redis_lost"):
        return
    crawler.stats.set_value("cluster/redis_lost", f"{type(error).__name__}: {error}")
    logger.error("Redis is unreachable (%s): stopping this worker", error)
    if crawler.engine is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(crawler.engine.close_spider_async(reason="redis_unavailable"))
