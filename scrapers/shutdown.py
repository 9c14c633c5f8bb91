"""PromptShutdown: Ctrl-C (or SIGTERM) stops a polite crawl in seconds, not minutes.

On the first Ctrl-C Scrapy stops taking requests from its queue but sends every request
already handed to the downloader, one download delay apart per portal: with the delay
and AutoThrottle that is a quarter of a minute or more. This extension notices that the
engine is stopping and fails the requests still waiting in the downloader's queues with
CrawlStopped (the spiders leave those out of fetch_errors: they were never sent). What is
being downloaded finishes, and the archive pipeline writes the batch in hand. With JOBDIR
the journal asks for the unsent pages again on resume; without it, the next crawl finds
them again, since the archive does not hold them.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from twisted.internet import task
from twisted.python.failure import Failure

#: How often the extension looks whether the engine is stopping (seconds).
POLL_SECONDS = 0.25


class CrawlStopped(IgnoreRequest):
    """A request the downloader had queued when the crawl was stopped: never sent."""


def unsent(failure: Failure) -> bool:
    """Is this failure a request that was not sent because the crawl stopped?"""
    return bool(failure.check(CrawlStopped))


class PromptShutdown:
    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PROMPT_SHUTDOWN_ENABLED"):
            raise NotConfigured("PROMPT_SHUTDOWN_ENABLED is False")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        self.dropped = False

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.check)
        self.loop.start(POLL_SECONDS, now=False)

    def check(self) -> None:
        engine = self.crawler.engine
        if engine is None or engine.running or self.dropped:
            return
        self.dropped = True
        count = 0
        for slot in list(engine.downloader.slots.values()):
            while slot.queue:
                request, waiting = slot.queue.popleft()
                waiting.errback(
                    Failure(CrawlStopped(f"not sent, the crawl stopped: {request.url}"))
                )
                count += 1
        if count:
            self.crawler.stats.inc_value("shutdown/unsent", count)

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
