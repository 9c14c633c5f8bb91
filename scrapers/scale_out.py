"""ScaleOut: the add-on that makes a crawl one worker of many when REDIS_URL is set.

For spiders that can share their work (PortalSpider: `scales_out = True`) it puts in
scrapy-redis's shared queue and duplicate filter (scrapers.frontier.SiteFrontier), the
delay shared across workers (scrapers.shared_delay), and the item queue to the archive
writer (pipelines.item_queue) in place of writing SQLite. Without REDIS_URL it changes
nothing, and nothing imports Redis.
"""

from __future__ import annotations

from scrapers.cluster import scaled_out


class ScaleOut:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(getattr(crawler.spidercls, "scales_out", False))

    def __init__(self, spider_scales_out: bool) -> None:
        self.spider_scales_out = spider_scales_out

    def update_settings(self, settings) -> None:
        if not (self.spider_scales_out and scaled_out(settings)):
            return
        settings.set("SCHEDULER", "scrapers.frontier.SiteFrontier", priority="addon")
        # The workers' archive is the writer's: nothing on a worker reads or writes SQLite.
        settings.set("ARCHIVE_ENABLED", False, priority="spider")
        settings["ITEM_PIPELINES"]["pipelines.archive.ArchivePipeline"] = None
        settings["ITEM_PIPELINES"]["pipelines.item_queue.ItemQueuePipeline"] = 900
        # Last before the download, so that no other middleware (robots.txt) holds a
        # request after its moment was reserved.
        settings["DOWNLOADER_MIDDLEWARES"]["scrapers.shared_delay.SharedDelayMiddleware"] = 990
