"""cluster.frontier: a site's run across workers (join, idle, leave), on a real Redis."""

from __future__ import annotations

import pytest
import redis
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from cluster.connection import worker_id
from cluster.frontier import SiteFrontier
from cluster.journal import RedisJournal
from cluster.keys import SiteKeys
from scrapers.spiders.portal import PortalSpider

START = "http://www.x.gov.cn/"


@pytest.fixture
def cluster(redis_prefix):
    url, prefix = redis_prefix
    opened = []

    def frontier(name: str) -> tuple[SiteFrontier, PortalSpider]:
        settings = {"REDIS_URL": url, "REDIS_PREFIX": prefix, "REDIS_HEARTBEAT": 1}
        crawler = get_crawler(PortalSpider, settings)
        spider = PortalSpider.from_crawler(crawler, url=START)
        crawler.spider = spider
        f = SiteFrontier.from_crawler(crawler)
        f.worker = name
        f.open(spider)
        opened.append(f)
        return f, spider

    yield redis.Redis.from_url(url), SiteKeys(prefix, "www.x.gov.cn"), frontier
    for f in opened:
        if f.loop is not None and f.loop.running:
            f.loop.stop()


def test_the_first_worker_starts_the_run_the_next_joins(cluster):
    _, _, frontier = cluster
    first, _ = frontier("w1")
    second, _ = frontier("w2")
    assert first.stats.get_value("frontier/started_run") == 1
    assert second.stats.get_value("frontier/started_run") == 0


def test_requests_are_shared_and_filtered_once(cluster):
    _, _, frontier = cluster
    (first, spider), (second, _) = frontier("w1"), frontier("w2")
    request = Request(START + "a.html", callback=spider.parse_page)
    assert first.enqueue_request(request)
    assert not second.enqueue_request(Request(START + "a.html", callback=spider.parse_page))
    assert second.next_request().url == START + "a.html"
    assert first.next_request() is None


def test_an_idle_worker_waits_while_another_is_busy_or_requests_are_queued(cluster):
    _, _, frontier = cluster
    (first, spider), (second, _) = frontier("w1"), frontier("w2")
    with pytest.raises(DontCloseSpider):
        first.spider_idle(spider)  # w2 has not said it is idle
    second.spider_idle(spider)  # w1 is idle, nothing queued: w2 may stop
    first.enqueue_request(Request(START + "b.html", callback=spider.parse_page))
    with pytest.raises(DontCloseSpider):
        second.spider_idle(spider)
    assert second.next_request() is not None and not second.idle
    second.spider_idle(spider)  # idle again, queue empty, w1 idle
    first.spider_idle(spider)


def test_a_clean_run_leaves_nothing_behind(cluster):
    server, keys, frontier = cluster
    (first, spider), (second, _) = frontier("w1"), frontier("w2")
    RedisJournal(server, keys).write(START + "a.html")
    first.enqueue_request(Request(START + "a.html", callback=spider.parse_page))
    first.next_request()
    first.close("finished")
    assert first.stats.get_value("frontier/run") == "joined"
    second.close("finished")
    assert second.stats.get_value("frontier/run") == "complete"
    assert not server.exists(keys.workers, keys.seen, keys.asked, keys.requests, keys.idle)


def test_a_run_that_lost_a_worker_hands_its_journal_to_the_next_run(cluster):
    server, keys, frontier = cluster
    (first, _), (second, _) = frontier("w1"), frontier("w2")
    first.loop.stop()  # w1 is killed: its heartbeat stops ...
    server.zadd(keys.workers, {"w1": 0})  # ... and is long past
    journal = RedisJournal(server, keys)
    archived, lost = START + "1.html", START + "2.html"
    for url in (archived, lost):
        journal.write(url)
    second.close("finished")
    assert second.stats.get_value("frontier/run") == "interrupted"
    assert server.scard(keys.asked) == 2
    third, _ = frontier(worker_id())  # the next crawl of the site
    assert third.stats.get_value("frontier/started_run") == 1
    assert journal.unfinished() == [archived, lost]
    assert journal.unfinished() == []  # handed over once
    assert not server.exists(keys.asked)


def test_a_new_run_starts_with_an_empty_filter_and_queue(cluster):
    server, keys, frontier = cluster
    first, spider = frontier("w1")
    first.enqueue_request(Request(START + "a.html", callback=spider.parse_page))
    first.loop.stop()
    server.zadd(keys.workers, {"w1": 0})  # everything died
    again, spider = frontier("w2")
    assert again.stats.get_value("frontier/started_run") == 1
    assert again.stats.get_value("frontier/workers_gone") == 1
    assert again.next_request() is None
    assert again.enqueue_request(Request(START + "a.html", callback=spider.parse_page))
