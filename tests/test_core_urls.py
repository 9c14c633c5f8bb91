"""Canonical URLs and dedupe keys."""

from __future__ import annotations

import pytest

from core.urls import canonical_url, url_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://www.x.gov.cn/a/1.html", "https://www.x.gov.cn/a/1.html"),
        ("http://www.x.gov.cn/a/1.html", "http://m.x.gov.cn/a/1.html"),
        ("http://www.x.gov.cn/a/1.html", "http://x.gov.cn/a/1.html#p2"),
        (
            "http://www.x.gov.cn/a/1.html",
            "http://www.x.gov.cn/a/1.html?utm_source=wx&from=timeline",
        ),
        ("http://www.x.gov.cn/xwzx/", "http://www.x.gov.cn/xwzx/index.html"),
        ("http://www.x.gov.cn/a?id=3&b=2", "http://WWW.X.GOV.CN/a?b=2&id=3"),
    ],
)
def test_variants_share_a_key(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://www.x.gov.cn/a/1.html", "http://www.x.gov.cn/a/2.html"),
        ("http://www.x.gov.cn/show.php?id=1", "http://www.x.gov.cn/show.php?id=2"),
        ("http://www.x.gov.cn/a/1.html", "http://www.y.gov.cn/a/1.html"),
        (
            "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=abc&chksm=1",
            "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=2&sn=abd",
        ),
    ],
)
def test_different_articles_keep_different_keys(a, b):
    assert url_key(a) != url_key(b)


def test_canonical_url_keeps_scheme_and_host_as_seen():
    assert canonical_url("https://m.x.gov.cn/a/1.html?spm=1#x") == "https://m.x.gov.cn/a/1.html"
