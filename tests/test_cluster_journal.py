"""cluster.journal: the URLs a site's run asked for, shared by its workers in Redis."""

from __future__ import annotations

import redis

from cluster.connection import worker_id
from cluster.journal import RedisJournal
from cluster.keys import SiteKeys

A, B = "http://www.x.gov.cn/a.html", "http://www.x.gov.cn/b.html"


def test_the_redis_journal_is_shared_and_handed_over(redis_prefix):
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    keys = SiteKeys(prefix, "x")
    first, second = RedisJournal(server, keys), RedisJournal(server, keys)
    first.write(A)
    second.write(B)
    assert server.smembers(keys.asked) == {A.encode(), B.encode()}
    assert first.unfinished() == []  # nothing handed to this worker
    server.rename(keys.asked, keys.claimed(worker_id()))  # as the frontier does
    assert first.unfinished() == [A, B]
    assert first.unfinished() == []  # handed over once
    assert not first.resume_unfiltered  # each run starts with an empty filter
