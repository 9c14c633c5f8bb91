"""cluster.shared_delay: requests to a host get moments DOWNLOAD_DELAY apart, whichever
worker asks (the end-to-end check is in test_crawl_scaled_out)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from cluster.shared_delay import SharedDelayMiddleware
from tests.conftest import project_settings


def middleware(url: str | None, prefix: str = "t", delay: float = 0.5):
    settings = project_settings(REDIS_URL=url, REDIS_PREFIX=prefix, DOWNLOAD_DELAY=delay)
    return SharedDelayMiddleware.from_crawler(get_crawler(settings_dict=settings))


def test_two_workers_reserve_moments_one_delay_apart(redis_prefix):
    url, prefix = redis_prefix
    first, second = middleware(url, prefix), middleware(url, prefix)
    key = f"{prefix}:delay:www.x.gov.cn"
    waits = [m.reserve(keys=[key], args=[m.delay_ms]) for m in (first, second, first, second)]
    assert waits[0] == 0
    for earlier, later in pairwise(waits):
        assert 450 <= later - earlier <= 500  # 500 ms apart, less the time between the calls
    other = first.reserve(keys=[f"{prefix}:delay:www.y.gov.cn"], args=[first.delay_ms])
    assert other == 0  # another host has its own moments


def test_the_host_is_the_download_slot():
    mw = SharedDelayMiddleware.__new__(SharedDelayMiddleware)
    assert mw.host_of(Request("http://www.x.gov.cn/a.html")) == "www.x.gov.cn"
    slotted = Request("http://m.x.gov.cn/a.html", meta={"download_slot": "x"})
    assert mw.host_of(slotted) == "x"


@pytest.mark.parametrize(("url", "delay"), [(None, 1.0), ("redis://127.0.0.1:1/0", 0)])
def test_off_without_redis_or_without_a_delay(url, delay):
    with pytest.raises(NotConfigured):
        middleware(url, delay=delay)
