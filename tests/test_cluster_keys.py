"""cluster: the Redis keys, the connection, and a site's run as crawlall sees it."""

from __future__ import annotations

import os
import socket

import pytest
import redis
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from cluster import scaled_out
from cluster.connection import connect, worker_id
from cluster.keys import SiteKeys
from cluster.state import known_keys, run_state


def test_a_sites_keys_carry_the_prefix_and_the_site():
    keys = SiteKeys("rongmei", "yuzhou")
    assert keys.requests == "rongmei:site:yuzhou:requests"
    assert keys.claimed("h:1") == "rongmei:site:yuzhou:claimed:h:1"
    names = [keys.requests, keys.seen, keys.workers, keys.idle, keys.asked, keys.known]
    assert len({*names, keys.started, keys.crawls}) == 8


def test_a_worker_is_its_host_and_process():
    assert worker_id() == f"{socket.gethostname()}:{os.getpid()}"


def test_scaled_out_only_with_a_redis_url():
    assert not scaled_out(Settings({"REDIS_URL": None}))
    assert not scaled_out(Settings({"REDIS_URL": ""}))
    assert scaled_out(Settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}))


@pytest.mark.parametrize("url", ["redis://127.0.0.1:1/0", "http://127.0.0.1:6379/"])
def test_a_redis_that_cannot_be_used_is_one_clear_error(url):
    with pytest.raises(UsageError, match="cannot use it"):
        connect(Settings({"REDIS_URL": url}))


def test_run_state_and_known_keys(redis_prefix):
    url, prefix = redis_prefix
    server = connect(Settings({"REDIS_URL": url}))
    keys = SiteKeys(prefix, "x")
    assert run_state(server, prefix, "x", heartbeat=1) == (False, None)
    seconds, _ = server.time()
    server.zadd(keys.workers, {"gone": seconds - 10, "alive": seconds})
    server.set(keys.started, "2026-01-02T03:04:05+00:00")
    live, started = run_state(server, prefix, "x", heartbeat=1)
    assert live and started.isoformat() == "2026-01-02T03:04:05+00:00"
    server.zrem(keys.workers, "alive")
    assert not run_state(server, prefix, "x", heartbeat=1)[0]
    server.sadd(keys.known, "x.gov.cn/1.html", "x.gov.cn/2.html")
    assert known_keys(server, prefix, "x") == {"x.gov.cn/1.html", "x.gov.cn/2.html"}
    assert isinstance(server, redis.Redis)


def test_one_client_per_server(redis_prefix):
    url, _ = redis_prefix
    first = connect(Settings({"REDIS_URL": url}))
    assert connect(Settings({"REDIS_URL": url})) is first
    other = connect(Settings({"REDIS_URL": url, "REDIS_PARAMS": {"socket_timeout": 3}}))
    assert other is not first
