"""scrapers.journal: what a crawl asked for comes back to the crawl that follows a kill."""

from __future__ import annotations

import redis
from scrapy.settings import Settings

from core.urls import url_key
from scrapers.cluster import SiteKeys, worker_id
from scrapers.journal import RedisJournal, RequestJournal, open_journal

A, B = "http://www.x.gov.cn/a.html", "http://www.x.gov.cn/b.html"


def test_the_file_journal_gives_back_what_was_not_archived(tmp_path):
    journal = RequestJournal(str(tmp_path / "job"))
    for url in (A, B, A):
        journal.write(url)
    journal.close()
    again = RequestJournal(str(tmp_path / "job"))
    assert again.unfinished({url_key(A)}) == [B]
    assert again.resume_unfiltered  # Scrapy's JOBDIR filter remembers them


def test_without_jobdir_nothing_is_kept(tmp_path):
    journal = RequestJournal(None)
    journal.write(A)
    assert journal.unfinished(set()) == []


def test_the_redis_journal_is_shared_and_handed_over(redis_prefix):
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    keys = SiteKeys(prefix, "x")
    first, second = RedisJournal(server, keys), RedisJournal(server, keys)
    first.write(A)
    second.write(B)
    assert server.smembers(keys.asked) == {A.encode(), B.encode()}
    assert first.unfinished(set()) == []  # nothing handed to this worker
    server.rename(keys.asked, keys.claimed(worker_id()))  # as the frontier does
    assert first.unfinished({url_key(B)}) == [A]
    assert not first.resume_unfiltered  # each run starts with an empty filter


def test_open_journal_follows_redis_url(redis_prefix, tmp_path):
    url, prefix = redis_prefix
    local = open_journal(Settings({"JOBDIR": str(tmp_path)}), "x")
    shared = open_journal(Settings({"REDIS_URL": url, "REDIS_PREFIX": prefix}), "x")
    assert isinstance(local, RequestJournal) and isinstance(shared, RedisJournal)
    local.close()
