"""ProgressLog: a line per interval and a final one, with the crawl's numbers."""

from __future__ import annotations

import logging

from scrapy.utils.test import get_crawler

from scrapers.progress import ProgressLog
from scrapers.spiders.portal import PortalSpider
from tests.conftest import project_settings


def test_progress_lines(caplog):
    crawler = get_crawler(PortalSpider, settings_dict=project_settings())
    crawler.settings.frozen = False
    spider = PortalSpider.from_crawler(crawler, url="http://www.x.gov.cn/")
    extension = ProgressLog.from_crawler(crawler)
    for name, value in (
        ("response_received_count", 120),
        ("archive/articles/new", 80),
        ("archive/articles/updated", 2),
        ("portal/failed", 3),
        ("portal/articles", 95),
        ("item_dropped_count", 4),
    ):
        crawler.stats.set_value(name, value)
    with caplog.at_level(logging.INFO, logger="scrapers.progress"):
        extension.report(spider)
        extension.spider_closed(spider, "finished")
    assert "progress: www.x.gov.cn: 120 pages" in caplog.text
    # What was read counts at once; what the archive wrote, batch by batch.
    assert "95 articles read, 4 items dropped; archived: " in caplog.text
    assert "articles 80 new, 2 updated, 0 unchanged, 3 errors" in caplog.text
    assert "finished (finished): www.x.gov.cn" in caplog.text
