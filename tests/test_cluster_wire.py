"""cluster.wire: what workers send the archive writer survives the trip exactly."""

from __future__ import annotations

import zlib
from dataclasses import replace

import pytest

from cluster.wire import (
    WireError,
    decode,
    encode,
    entry_message,
    item_from_wire,
    item_to_wire,
    message_entry,
)
from core.items import Alias, CheckResult, FetchFailure, ListDate, PageCapture
from tests.conftest import make_article_item


def test_crawled_article_round_trip_keeps_bytes_and_nested_article():
    item = make_article_item(
        related=[{"title": "另一篇", "url": "http://www.x.gov.cn/2.html"}],
        list_date="2023-01-29",
    )
    later = PageCapture(
        "http://www.x.gov.cn/1_1.html", 200, {"Server": "nginx"}, bytes(range(9)), "t"
    )
    item = replace(item, body="<html>页面</html>".encode("gbk") + bytes(range(256)),
                   later_pages=(later,))  # fmt: skip
    message = {"id": "m1", "crawl": "c1", "kind": "item", "item": item_to_wire(item)}
    back = item_from_wire(decode(encode(message))["item"])
    assert back == item
    assert back.body == item.body


@pytest.mark.parametrize(
    "item",
    [
        FetchFailure("x", "http://x.cn/1.html", None, "timeout", "t"),
        ListDate("x", "http://x.cn/2.html", "2023-01-02", "01-02"),
        CheckResult("x", "http://x.cn/3.html", True, 404, "HTTP 404", "t"),
    ],
)
def test_other_items_round_trip(item):
    assert item_from_wire(decode(encode({"id": "i", "crawl": "c", "kind": "item",
                                         "item": item_to_wire(item)}))["item"]) == item  # fmt: skip


def test_an_alias_keeps_the_reprints_headline_section_and_date():
    reprint = make_article_item("http://www.y.gov.cn/b/9.html", title="转载：县里开会",
                                breadcrumbs=["首页", "要闻"], published_at="2023-01-30")  # fmt: skip
    alias = Alias.of(reprint, "x.gov.cn/a/1.html")
    kind, fields = entry_message(alias)
    back = message_entry(decode(encode({"id": "a", "crawl": "c", "kind": kind, **fields})))
    assert back == alias
    assert (back.title, back.section, back.published_at) == ("转载：县里开会", "要闻", "2023-01-30")
    # An older worker's alias carries none of them.
    old = message_entry({"kind": "alias", "url": reprint.url, "original_key": "x.gov.cn/a/1.html"})
    assert (old.title, old.section, old.published_at) == (None, None, None) and old.seen_at


def test_fields_a_newer_worker_adds_are_left_out():
    wire = item_to_wire(FetchFailure("x", "http://x.cn/1.html", 500, "HTTP 500", "t"))
    wire["fields"]["retries"] = 3
    assert item_from_wire(wire) == FetchFailure("x", "http://x.cn/1.html", 500, "HTTP 500", "t")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"not compressed", "not a rongmei message"),
        (zlib.compress(b"\xff\xfe"), "not a rongmei message"),
        (zlib.compress(b"[1, 2]"), "not a rongmei message"),
        (zlib.compress(b'{"kind": "sql", "id": "1", "crawl": "c"}'), "kind 'sql'"),
        (zlib.compress(b'{"kind": "item", "crawl": "c"}'), "no id"),
    ],
)
def test_what_is_not_a_message_is_refused(data, why):
    with pytest.raises(WireError, match=why):
        decode(data)


def test_unknown_or_broken_items_are_refused():
    with pytest.raises(WireError, match="not an item"):
        item_from_wire({"type": "Request", "fields": {}})
    with pytest.raises(WireError, match="not an item"):
        item_from_wire({"type": "FetchFailure", "fields": {"site": "x"}})
    with pytest.raises(WireError, match="cannot send"):
        item_to_wire(object())


def test_edition_fields_and_attachments_travel():
    item = make_article_item()
    attachment = {"url": "http://www.x.gov.cn/1.pdf", "text": "方案", "file_name": "1.pdf",
                  "type": "pdf", "size": 10, "sha1": "a" * 40, "path": "full/a.pdf",
                  "fetched_at": "2023-03-05T00:00:00+00:00"}  # fmt: skip
    article = replace(item.article, kicker="引题", subtitle="副题", edition_date="2023-03-05",
                      page_no="02", page_name="综合", attachments=[attachment])  # fmt: skip
    item = replace(item, article=article)
    message = {"id": "m1", "crawl": "c1", "kind": "item", "item": item_to_wire(item)}
    assert item_from_wire(decode(encode(message))["item"]) == item
