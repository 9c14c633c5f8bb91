"""The Redis connection of a worker or writer, who it is, and how it stops without Redis."""

from __future__ import annotations

import logging
import os
import socket
from functools import cache

from scrapy.exceptions import UsageError

logger = logging.getLogger(__name__)


def worker_ttl(heartbeat: float) -> float:
    """How long a worker may be silent before the others count it gone: three heartbeats."""
    return 3 * heartbeat


@cache
def worker_id() -> str:
    """This process, as the other workers see it: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


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
