"""Scaling out on Redis: many worker machines crawl, one archive writer writes.

With REDIS_URL set, every `scrapy crawl portal` is one worker of a crawl shared by any
number of machines, and `scrapy archive-writer` is the one process that writes the
archive. The parts, each a Scrapy component chosen by the scale-out add-on (cluster.addon):

- cluster.frontier: scrapy-redis's scheduler, one shared queue and duplicate filter per
  site, and the run of a site that lasts while any of its workers lives;
- cluster.shared_delay: DOWNLOAD_DELAY kept across all workers;
- cluster.journal: every URL a run asked for, so that a lost worker's pages come back;
- cluster.item_queue: the archive pipeline's Redis sink (messages: cluster.wire);
- cluster.writer: the archive writer that drains the queue into SQLite.

Every key starts with REDIS_PREFIX (cluster.keys lists them). Without REDIS_URL nothing
here runs, and nothing imports Redis: this module imports nothing at all.
"""

from __future__ import annotations


def scaled_out(settings) -> bool:
    """Is this process one of many sharing a crawl through Redis (REDIS_URL set)?"""
    return bool(settings.get("REDIS_URL"))
