"""ScaleOut: the add-on that makes a crawl one worker of many when REDIS_URL is set.

For spiders that can share their work (PortalSpider: `scales_out = True`) it puts in
scrapy-redis's shared queue and duplicate filter (cluster.frontier.SiteFrontier), the
delay shared across workers (cluster.shared_delay), and the archive pipeline's Redis sink
(cluster.item_queue) in place of the SQLite file. Without REDIS_URL it changes nothing,
and nothing imports Redis.
"""

from __future__ import annotations

from . import scaled_out


class ScaleOut:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(getattr(crawler.spidercls, "scales_out", False))

    def __init__(self, spider_scales_out: bool) -> None:
        self.spider_scales_out = spider_scales_out

    def update_settings(self, settings) -> None:
        if not (self.spider_scales_out and scaled_out(settings)):
            return
        settings.set("SCHEDULER", "cluster.frontier.SiteFrontier", priority="addon")
        # The workers' archive is the writer's: nothing on a worker reads or writes SQLite.
        settings.set("ARCHIVE_SINK", "redis", priority="spider")
        # Last before the download, so that no other middleware (robots.txt) holds a
        # request after its moment was reserved.
        settings["DOWNLOADER_MIDDLEWARES"]["cluster.shared_delay.SharedDelayMiddleware"] = 990
