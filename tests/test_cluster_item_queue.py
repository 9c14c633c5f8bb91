"""cluster.item_queue: with ARCHIVE_SINK = "redis", what a worker would have archived goes
to Redis, one message each."""

from __future__ import annotations

import redis
from scrapy.utils.test import get_crawler

from cluster.item_queue import RedisSink
from cluster.keys import items_key
from cluster.wire import decode, item_from_wire
from pipelines.archive import ArchivePipeline
from pipelines.dedupe import DuplicateBody
from pipelines.validate import NotAnArticle
from scrapers.spiders.portal import PortalSpider
from tests.conftest import make_article_item, project_settings


def test_a_workers_crawl_as_messages(redis_prefix):
    url, prefix = redis_prefix
    settings = project_settings(
        REDIS_URL=url, REDIS_PREFIX=prefix, USER_AGENT="test", ARCHIVE_SINK="redis"
    )
    crawler = get_crawler(PortalSpider, settings)
    crawler.spider = PortalSpider.from_crawler(crawler, url="http://www.x.gov.cn/")
    pipeline = ArchivePipeline.from_crawler(crawler)
    assert isinstance(pipeline.sink, RedisSink)
    pipeline.open_spider()
    item = make_article_item()
    assert pipeline.process_item(item) is item
    pipeline.item_dropped(item, None, NotAnArticle("a list page"))
    pipeline.item_dropped(item, None, DuplicateBody("same text", "www.x.gov.cn/1.html"))
    crawler.stats.set_value("response_received_count", 4)
    pipeline.spider_closed(crawler.spider, "finished")
    server = redis.Redis.from_url(url)
    messages = [decode(m) for m in server.lrange(items_key(prefix), 0, -1)]
    assert [m["kind"] for m in messages] == ["open", "item", "drop", "drop", "alias", "close"]
    assert {m["crawl"] for m in messages} == {pipeline.sink.token}
    assert len({m["id"] for m in messages}) == 6
    assert messages[0]["site"]["name"] == "www.x.gov.cn"
    assert item_from_wire(messages[1]["item"]) == item
    assert messages[2]["reason"] == "NotAnArticle" and messages[2]["detail"] == "a list page"
    assert messages[4]["original_key"] == "www.x.gov.cn/1.html"
    assert (messages[5]["reason"], messages[5]["pages"]) == ("finished", 4)
    assert crawler.stats.get_value("item_queue/sent/item") == 1
