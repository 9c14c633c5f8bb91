"""SharedDelayMiddleware: DOWNLOAD_DELAY kept across all the workers of a scaled-out crawl.

Scrapy's delay and concurrency limits hold per process, so N workers on one portal would
send it N times the traffic. With REDIS_URL set, each request first reserves the next free
moment for its host in Redis (one atomic script, on the Redis server's clock, so machines
whose clocks differ agree) and waits for it: requests to a host leave at least
DOWNLOAD_DELAY seconds apart, however many workers there are. Each worker's own delay and
AutoThrottle still apply on top. With DOWNLOAD_DELAY = 0 there is nothing to share.
"""

from __future__ import annotations

from redis.exceptions import RedisError
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor, task

from . import scaled_out
from .connection import connect, stop_worker
from .keys import delay_key

# KEYS: the host's key; ARGV: delay in ms. Returns how many ms to wait before sending.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, free)
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + delay, 'PX', at + delay - now + 60000)
return at - now
"""


class SharedDelayMiddleware:
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not scaled_out(settings) or not settings.getbool("SHARED_DELAY_ENABLED"):
            raise NotConfigured("needs REDIS_URL and SHARED_DELAY_ENABLED")
        delay = settings.getfloat("DOWNLOAD_DELAY")
        if delay <= 0:
            raise NotConfigured("DOWNLOAD_DELAY is 0: no delay to share")
        return cls(crawler, connect(settings), settings.get("REDIS_PREFIX"), delay)

    def __init__(self, crawler, server, prefix: str, delay: float) -> None:
        self.crawler, self.stats, self.server, self.prefix = crawler, crawler.stats, server, prefix
        self.delay_ms = round(delay * 1000)
        self.reserve = server.register_script(_RESERVE)

    def host_of(self, request) -> str:
        return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""

    async def process_request(self, request, spider=None):
        key = delay_key(self.prefix, self.host_of(request))
        try:
            wait_ms = int(self.reserve(keys=[key], args=[self.delay_ms]))
        except RedisError as exc:  # no shared delay to keep: this worker stops
            stop_worker(self.crawler, exc)
            raise IgnoreRequest(f"not sent: Redis is unreachable ({exc})") from exc
        self.stats.inc_value("shared_delay/requests")
        if wait_ms > 0:
            self.stats.inc_value("shared_delay/waited_ms", wait_ms)
            await maybe_deferred_to_future(task.deferLater(reactor, wait_ms / 1000, lambda: None))
        return None
