"""cluster.writer: the archive writer of a scaled-out crawl, against a real Redis."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
import redis

from archive import open_archive
from cluster.keys import SiteKeys, items_key
from cluster.wire import encode, item_to_wire
from cluster.writer import ArchiveWriter, WriterBusy
from core.items import FetchFailure
from core.urls import url_key
from tests.conftest import make_article_item

SITE = {"name": "x", "name_zh": "某县融媒体中心", "base_url": "http://www.x.gov.cn/"}


class Worker:
    """Pushes messages as cluster.item_queue does, for one crawl."""

    def __init__(self, server, prefix: str) -> None:
        self.server, self.key, self.token = server, items_key(prefix), uuid.uuid4().hex

    def send(self, kind: str, **fields) -> None:
        message = {"id": uuid.uuid4().hex, "kind": kind, "crawl": self.token, **fields}
        self.server.rpush(self.key, encode(message))

    def open(self) -> Worker:
        self.send("open", site=SITE, started_at="2023-02-01T00:00:00+00:00", worker="w:1")
        return self

    def article(self, n: int, **fields) -> None:
        url = f"http://www.x.gov.cn/xwzx/202301/t20230129_{n}.html"
        body = fields.pop("body", f"第{n}篇：县里召开经济运行分析会，部署全年工作。")
        self.send("item", item=item_to_wire(make_article_item(url, body=body, **fields)))

    def close(self, pages: int = 0) -> None:
        self.send("close", finished_at="2023-02-01T01:00:00+00:00", reason="finished", pages=pages)


@pytest.fixture
def setup(redis_prefix, tmp_path):
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    path = str(tmp_path / "archive.db")

    def writer(batch_size: int = 100) -> ArchiveWriter:
        w = ArchiveWriter(open_archive(path), server, prefix, batch_size=batch_size)
        w.claim(ttl=5)
        return w

    return server, prefix, writer


def count(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def test_a_crawl_is_written_and_removed_from_the_queue(setup):
    server, prefix, new_writer = setup
    worker = Worker(server, prefix).open()
    for n in range(3):
        worker.article(n)
    worker.send("item", item=item_to_wire(FetchFailure("x", "http://www.x.gov.cn/gone", 404, "HTTP 404", "t")))  # fmt: skip
    worker.send("drop", url="http://www.x.gov.cn/about.html", reason="NotAnArticle", detail="list")
    worker.close(pages=5)
    writer = new_writer(batch_size=2)
    writer.run(until_idle=0)
    db = writer.db
    assert count(db, "select count(*) from articles") == 3
    assert server.llen(items_key(prefix)) == 0
    row = db.execute(
        "select status, pages, articles_new, errors, dropped, token, worker from crawls"
    ).fetchone()
    assert row == ("finished", 5, 3, 1, 1, worker.token, "w:1")
    known = {k.decode() for k in server.smembers(SiteKeys(prefix, "x").known)}
    assert known == {k for (k,) in db.execute("select url_key from articles")}
    assert writer.stats["writer/batches"] == 4


def test_a_writer_killed_after_its_commit_replays_nothing_twice(setup, monkeypatch):
    server, prefix, new_writer = setup
    worker = Worker(server, prefix).open()
    for n in range(4):
        worker.article(n)
    worker.send("item", item=item_to_wire(FetchFailure("x", "http://www.x.gov.cn/e", 500, "HTTP 500", "t")))  # fmt: skip
    worker.close()
    writer = new_writer(batch_size=100)

    def killed(*args):
        raise SystemExit("killed between the commit and the removal from Redis")

    monkeypatch.setattr(writer, "_after_commit", killed)
    with pytest.raises(SystemExit):
        writer.drain()
    writer.release()
    assert server.llen(items_key(prefix)) == 7  # still queued
    monkeypatch.undo()
    again = new_writer()
    again.run(until_idle=0)
    db = again.db
    assert again.stats["writer/replayed"] == 7
    assert count(db, "select count(*) from articles") == 4
    assert count(db, "select count(*) from fetch_errors") == 1
    assert count(db, "select count(*) from crawls") == 1
    assert db.execute("select articles_new, errors from crawls").fetchone() == (4, 1)
    assert server.llen(items_key(prefix)) == 0


def test_a_writer_killed_before_its_commit_loses_nothing(setup, monkeypatch):
    server, prefix, new_writer = setup
    worker = Worker(server, prefix).open()
    for n in range(5):
        worker.article(n)
    worker.close()
    writer = new_writer()
    real = writer._write
    written = []

    def dies_on_the_fourth(*args):
        if len(written) == 3:
            raise SystemExit("killed halfway through a batch")
        written.append(real(*args))

    monkeypatch.setattr(writer, "_write", dies_on_the_fourth)
    with pytest.raises(SystemExit):
        writer.drain()
    writer.release()
    assert count(writer.db, "select count(*) from articles") == 0  # rolled back
    again = new_writer()
    again.run(until_idle=0)
    assert count(again.db, "select count(*) from articles") == 5
    assert again.stats["writer/replayed"] == 0


def test_messages_that_cannot_be_written_are_set_aside_with_the_reason(setup, caplog):
    server, prefix, new_writer = setup
    worker = Worker(server, prefix).open()
    worker.article(1)
    server.rpush(items_key(prefix), b"\x00garbage")
    stranger = Worker(server, prefix)  # its open message never arrived
    stranger.article(2)
    worker.send("item", item={"type": "CrawledArticle", "fields": {"site": "x"}})
    worker.article(3)
    writer = new_writer()
    writer.run(until_idle=0)
    assert count(writer.db, "select count(*) from articles") == 2
    rejected = server.lrange(f"{items_key(prefix)}:rejected", 0, -1)
    assert len(rejected) == 3 and rejected[0] == b"\x00garbage"
    assert writer.stats["writer/rejected"] == 3
    assert "never arrived" in caplog.text and "not a rongmei message" in caplog.text


def test_a_reprint_found_by_another_worker_becomes_an_alias(setup):
    server, prefix, new_writer = setup
    body = "同一篇稿件，两个栏目都登了：县里召开经济运行分析会。"
    first, second = Worker(server, prefix).open(), Worker(server, prefix).open()
    first.article(1, body=body)
    second.article(2, body=body)
    writer = new_writer()
    writer.run(until_idle=0)
    db = writer.db
    assert count(db, "select count(*) from articles") == 1
    assert count(db, "select count(*) from article_urls") == 2
    assert db.execute("select reason from dropped").fetchall() == [("DuplicateBody",)]


def test_an_article_sent_again_is_archived_once(setup):
    server, prefix, new_writer = setup
    worker = Worker(server, prefix).open()
    worker.article(1)
    Worker(server, prefix).open().article(1)  # a later run fetched it again
    writer = new_writer()
    writer.run(until_idle=0)
    assert count(writer.db, "select count(*) from articles") == 1
    assert writer.stats["archive/articles/unchanged"] == 1


def test_one_writer_per_queue(setup):
    _, _, new_writer = setup
    first = new_writer()
    with pytest.raises(WriterBusy, match="another archive writer"):
        new_writer()
    first.release()
    new_writer().release()


def test_known_keys_of_an_existing_archive_are_published(setup, tmp_path):
    server, prefix, new_writer = setup
    writer = new_writer()
    from archive import articles, crawls

    site = crawls.ensure_site(writer.db, "x")
    crawl = crawls.start_crawl(writer.db, site, "t")
    item = make_article_item()
    key = url_key(item.url)
    articles.write_article(
        writer.db, replace(item, url_key=key, body_hash="h"), site, crawl, keep_pages=False
    )
    assert writer.publish_known() == 1
    assert server.smembers(SiteKeys(prefix, "x").known) == {key.encode()}
