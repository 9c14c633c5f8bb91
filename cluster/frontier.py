"""SiteFrontier: scrapy-redis's scheduler, shared by every worker crawling one site.

scrapy-redis gives the shared request queue and duplicate filter. What it leaves to its
users, this class does, with each step one atomic Redis script:

* Keys per site (cluster.keys.SiteKeys), so workers on different portals never mix.
* A run of a site lasts while any of its workers lives. Workers register and send a
  heartbeat every REDIS_HEARTBEAT seconds; one silent for three heartbeats is gone.
* The first worker of a run starts it afresh: the duplicate filter and the queue of an
  earlier run are cleared, and that run's journal, if it did not end cleanly, is handed
  to this worker, whose spider asks again for what the archive still lacks (a worker
  killed while it had requests in flight loses them; this is how they come back).
* A worker with nothing to do waits while another worker is busy (that one may find new
  links) and stops when the queue is empty and every live worker is idle.
* The last worker out ends the run: cleanly (everything cleared) when the queue is empty
  and no worker was lost, otherwise the journal stays for the next run.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from core.clock import now

from .connection import connect, stop_worker, worker_id, worker_ttl
from .item_queue import push
from .keys import SiteKeys

logger = logging.getLogger(__name__)

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "

# KEYS: workers, seen, requests, asked, claimed; ARGV: worker, ttl.
# Returns {1 if this worker starts the run, the workers of the last run found gone}.
_JOIN = (
    _NOW
    + """
local gone_before = now - tonumber(ARGV[2])
local live = redis.call('ZCOUNT', KEYS[1], gone_before, '+inf')
redis.call('ZADD', KEYS[1], now, ARGV[1])
if live > 0 then return {0, {}} end
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. gone_before)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. gone_before)
redis.call('DEL', KEYS[2], KEYS[3])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('RENAME', KEYS[4], KEYS[5]) end
return {1, gone}
"""
)

# KEYS: workers; ARGV: worker.
_BEAT = _NOW + "redis.call('ZADD', KEYS[1], now, ARGV[1]) return 1"

# KEYS: workers, idle, requests; ARGV: worker, ttl, queue length command (ZCARD or LLEN).
# Returns 1 when this worker may stop: nothing queued and every other live worker idle.
_MAY_STOP = (
    _NOW
    + """
redis.call('SADD', KEYS[2], ARGV[1])
if redis.call(ARGV[3], KEYS[3]) > 0 then return 0 end
local live = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[2]), '+inf')
for _, other in ipairs(live) do
  if other ~= ARGV[1] and redis.call('SISMEMBER', KEYS[2], other) == 0 then return 0 end
end
return 1
"""
)

# KEYS: workers, idle, requests, seen, asked, claimed; ARGV: worker, ttl, queue length command.
# Returns {'joined'} (others go on), {'complete'} or {'interrupted', gone workers...}
# (the journal is kept for the next run).
_LEAVE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[6])
local gone_before = now - tonumber(ARGV[2])
if redis.call('ZCOUNT', KEYS[1], gone_before, '+inf') > 0 then return {'joined'} end
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. gone_before)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
if #gone == 0 and redis.call(ARGV[3], KEYS[3]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[5])
  return {'complete'}
end
table.insert(gone, 1, 'interrupted')
return gone
"""
)


class SiteFrontier(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        frontier = cls(
            server=connect(settings),
            persist=True,  # the queue outlives any one worker; the run ends it (_LEAVE)
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis.queue.PriorityQueue",
        )
        frontier.stats, frontier.crawler = crawler.stats, crawler
        frontier.prefix = settings.get("REDIS_PREFIX")
        frontier.heartbeat = max(0.5, settings.getfloat("REDIS_HEARTBEAT"))
        frontier.worker = worker_id()
        frontier.idle = False
        frontier.loop = None
        crawler.signals.connect(frontier.spider_idle, signal=signals.spider_idle)
        return frontier

    @property
    def ttl(self) -> float:
        return worker_ttl(self.heartbeat)

    def open(self, spider) -> None:
        self.keys = SiteKeys(self.prefix, spider.profile.name)
        self.queue_key = self.keys.requests
        self.df = RFPDupeFilter(self.server, self.keys.seen, debug=False)
        self._length = "ZCARD" if self.queue_cls.endswith("PriorityQueue") else "LLEN"
        first, gone = self._run(
            _JOIN,
            [self.keys.workers, self.keys.seen, self.keys.requests, self.keys.asked],
            [self.worker, self.ttl],
            claimed=True,
        )
        self._close_lost_crawls(gone)
        super().open(spider)
        if first:  # for `scrapy crawlall` on any machine: when this site was last crawled
            self.server.set(self.keys.started, now())
        self.stats.set_value("frontier/worker", self.worker)
        self.stats.set_value("frontier/started_run", int(first))
        logger.info(
            "%s run of %s as worker %s%s",
            "Starting the" if first else "Joining the",
            self.keys.site,
            self.worker,
            f" ({len(gone)} worker(s) of the last run were lost)" if gone else "",
        )
        self.loop = task.LoopingCall(self._beat)
        self.loop.start(self.heartbeat, now=False)

    def _run(self, script: str, keys: list[str], args: list, *, claimed: bool = False):
        if claimed:
            keys = [*keys, self.keys.claimed(self.worker)]
        return self.server.eval(script, len(keys), *keys, *args)

    def _beat(self) -> None:
        try:
            self._run(_BEAT, [self.keys.workers], [self.worker])
        except Exception:  # a missed heartbeat is retried at the next one
            logger.warning("Redis heartbeat failed", exc_info=True)

    # scrapy-redis's own two, without the spider argument current Scrapy's stats refuse.
    def enqueue_request(self, request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as exc:
            stop_worker(self.crawler, exc)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        try:
            request = self.queue.pop()
        except RedisError as exc:
            stop_worker(self.crawler, exc)
            return None
        if request is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        if self.idle:  # busy again: the others must wait for what this one finds
            self.server.srem(self.keys.idle, self.worker)
            self.idle = False
        return request

    def spider_idle(self, spider) -> None:
        """Stay while the shared queue has requests or another worker may still add some."""
        self.idle = True
        try:
            may_stop = self._run(
                _MAY_STOP,
                [self.keys.workers, self.keys.idle, self.keys.requests],
                [self.worker, self.ttl, self._length],
            )
        except RedisError as exc:
            stop_worker(self.crawler, exc)
            return
        if not may_stop:
            self.stats.inc_value("frontier/idle_waits")
            raise DontCloseSpider("other workers of this site are busy")

    def close(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        try:
            self._leave()
        except RedisError as exc:  # the next run finds this worker gone, and its journal
            logger.error("Could not leave the run of %s: %s", self.keys.site, exc)

    def _leave(self) -> None:
        outcome, *gone = self._run(
            _LEAVE,
            [
                self.keys.workers,
                self.keys.idle,
                self.keys.requests,
                self.keys.seen,
                self.keys.asked,
            ],
            [self.worker, self.ttl, self._length],
            claimed=True,
        )
        outcome = outcome.decode()
        self._close_lost_crawls(gone)
        self.stats.set_value("frontier/run", outcome)
        logger.info("Leaving the run of %s: %s", self.keys.site, outcome)

    def _close_lost_crawls(self, gone: list[bytes]) -> None:
        """A killed worker never says its crawl ended: its crawls row gets status
        worker_lost, so that the archive does not show it running for ever."""
        if not gone:
            return
        self.stats.set_value("frontier/workers_gone", len(gone))
        for worker in gone:
            token = self.server.hget(self.keys.crawls, worker)
            if token is not None:
                push(self.server, self.prefix, "close", token.decode(), reason="worker_lost",
                     finished_at=now(), pages=None)  # fmt: skip
                self.server.hdel(self.keys.crawls, worker)
            logger.warning("Worker %s of %s was lost", worker.decode(), self.keys.site)
