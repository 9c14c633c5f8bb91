"""ProgressLog: what a long crawl is doing, every PROGRESS_INTERVAL seconds, and a final
summary, per site: pages and the rate; articles read and items dropped as they happen;
articles new / updated / unchanged as the archive writes them (a batch at a time, so
those lag behind what was read); errors."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class ProgressLog:
    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def __init__(self, crawler, interval: float) -> None:
        self.crawler, self.stats, self.interval = crawler, crawler.stats, interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def line(self, spider) -> str:
        get = self.stats.get_value
        pages = get("response_received_count", 0)
        minutes = max((time.monotonic() - self.started) / 60, 1e-9)
        site = getattr(getattr(spider, "profile", None), "name", spider.name)
        return (
            f"{site}: {pages} pages ({pages / minutes:.0f}/min), {get('portal/articles', 0)} "
            f"articles read, {get('item_dropped_count', 0)} items dropped; archived: articles "
            f"{get('archive/articles/new', 0)} new, {get('archive/articles/updated', 0)} "
            f"updated, {get('archive/articles/unchanged', 0)} unchanged, "
            f"{get('portal/failed', 0)} errors"
        )

    def report(self, spider) -> None:
        logger.info("progress: %s", self.line(spider))

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        logger.info("finished (%s): %s", reason, self.line(spider))
