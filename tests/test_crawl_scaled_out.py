"""A crawl scaled out on Redis: two worker processes and one archive writer against the
demo portal archive every article exactly once, a worker killed with SIGKILL included
(the next crawl of the site asks again for what it lost), and keep the portal's
DOWNLOAD_DELAY across both workers."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import urljoin

import pytest
import redis

from cluster.keys import SiteKeys, items_key, writer_key
from core.urls import url_key
from demo.serve import make_server
from tests.conftest import ROOT

# They measure the spacing of requests across processes: run alone, not beside other tests.
pytestmark = pytest.mark.alone


class Portal:
    """The demo portal, serving article pages after `latency` seconds and logging every
    request: (User-Agent, path, asked at, answered at: None while it waits)."""

    def __init__(self, site, latency: float) -> None:
        self.log: list[list] = []
        self.server = make_server(site, port=0)
        portal = self

        class Slow(self.server.RequestHandlerClass):
            def _respond(self, head: bool) -> None:
                entry = [self.headers.get("User-Agent", ""), self.path, time.monotonic(), None]
                portal.log.append(entry)
                if re.search(r"/(t\d+_\d+|art_\d+_\d+|\d{4})\.html$", self.path):
                    time.sleep(latency)
                entry[3] = time.monotonic()  # before the answer leaves: a worker may read it
                try:
                    super()._respond(head)
                except OSError:  # the worker that asked was killed
                    return

            def do_POST(self) -> None:  # the jpage dataproxy's answers
                asked = time.monotonic()
                portal.log.append([self.headers.get("User-Agent", ""), self.path, asked, asked])
                super().do_POST()

        self.server.RequestHandlerClass = Slow
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def requests_of(self, agent: str) -> list[list]:
        return [e for e in self.log if e[0] == agent]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal(demo_portal, request):
    _, facts, site = demo_portal
    served = Portal(site, latency=getattr(request, "param", 0.2))
    yield served, facts
    served.close()


def worker(portal: Portal, redis_prefix, agent: str, *extra: str) -> subprocess.Popen:
    url, prefix = redis_prefix
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={portal.base}/",
         "-s", f"REDIS_URL={url}", "-s", f"REDIS_PREFIX={prefix}", "-s", f"USER_AGENT={agent}",
         "-s", "REDIS_HEARTBEAT=1", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "DOWNLOAD_DELAY=0", *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def writer(redis_prefix, archive) -> subprocess.Popen:
    url, prefix = redis_prefix
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "archive-writer", "-s", f"ARCHIVE={archive}",
         "-s", f"REDIS_URL={url}", "-s", f"REDIS_PREFIX={prefix}", "-s", "ARCHIVE_BATCH_SIZE=5",
         "-s", "ARCHIVE_WRITER_LOCK_SECONDS=3"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return err


def stop_writer(process: subprocess.Popen, redis_prefix) -> str:
    """SIGTERM the writer once the queue is empty; it finishes its batch and says so."""
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    deadline = time.monotonic() + 60
    while server.llen(items_key(prefix)) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # the last batch's commit
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err[-3000:]
    return out


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def expected_keys(base: str, facts: dict) -> set[str]:
    broken = facts["error_500"]["url"]
    return {url_key(urljoin(base, a["url"])) for a in facts["articles"] if a["url"] != broken}


def check_every_article_once(archive, base: str, facts: dict) -> None:
    with sqlite3.connect(archive) as db:
        keys = {k for (k,) in db.execute("select url_key from article_urls")}
        rows = db.execute("select count(*), count(distinct url_key) from articles").fetchone()
        bodies = db.execute("select count(distinct body_hash) from articles").fetchone()[0]
    assert expected_keys(base, facts) <= keys
    assert rows == (76, 76) and bodies == 76


# Slow enough pages that the second worker, which looks at the shared queue every 5 s
# (Scrapy's engine heartbeat) once it has nothing, joins before the first is done.
@pytest.mark.parametrize("portal", [0.4], indirect=True)
def test_two_workers_and_a_writer_archive_every_article_once(portal, redis_prefix, tmp_path):
    served, facts = portal
    archive = tmp_path / "archive.db"
    drain = writer(redis_prefix, archive)
    workers = [worker(served, redis_prefix, f"worker-{n}") for n in "ab"]
    logs = [finish(w) for w in workers]
    stop_writer(drain, redis_prefix)
    check_every_article_once(archive, served.base, facts)
    # The work was shared, and no page was fetched twice, but for a later page of a split
    # article that a list links: read as a page by one worker (it leads to the article's
    # first page), and as a part of its article by the worker that reads the article.
    assert all(served.requests_of(f"worker-{n}") for n in "ab")
    paths = [e[1] for e in served.log if not e[1].endswith(("robots.txt", "sitemap.xml"))]
    later = {u for a in facts["articles"] for u in a["pages"][1:]}
    twice = [p for p in set(paths) if paths.count(p) > 1 and p in later]
    assert len(twice) <= 1 and all(paths.count(p) == 2 for p in twice)
    paths = [p for p in paths if p not in twice] + twice
    # A retry goes back to the shared queue: either worker may send it.
    assert len(paths) == len(set(paths)) + sum(stat(log, "retry/count") for log in logs)
    assert sorted(stat(log, "frontier/started_run") for log in logs) == [0, 1]
    with sqlite3.connect(archive) as db:
        assert db.execute("select count(*), sum(articles_new) from crawls").fetchone() == (2, 76)
    # A clean end leaves nothing of the run in Redis but the archived keys and its start.
    url, prefix = redis_prefix
    left = {k.decode() for k in redis.Redis.from_url(url).scan_iter(f"{prefix}:*")}
    keys = SiteKeys(prefix, f"127.0.0.1:{served.base.rsplit(':', 1)[1]}")
    assert left == {keys.known, keys.started}


def test_a_killed_worker_loses_requests_the_next_crawl_asks_for_again(
    portal, redis_prefix, tmp_path
):
    served, facts = portal
    archive = tmp_path / "archive.db"
    drain = writer(redis_prefix, archive)
    doomed, survivor = worker(served, redis_prefix, "worker-a"), None
    deadline = time.monotonic() + 60
    in_flight = []
    while time.monotonic() < deadline:  # kill it while it waits for article pages
        in_flight = [e[1] for e in served.requests_of("worker-a") if e[3] is None]
        if len(in_flight) >= 2 and len(served.log) > 8:
            break
        if survivor is None and served.log:
            survivor = worker(served, redis_prefix, "worker-b")
        time.sleep(0.02)
    killed_at = time.monotonic()
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    # What was still unanswered when it was killed (an answer on its way is not lost).
    in_flight = [e[1] for e in served.requests_of("worker-a") if e[3] is None or e[3] > killed_at]
    # The writer is killed too, halfway, and started again: it loses nothing.
    drain.send_signal(signal.SIGKILL)
    drain.wait()
    drain = writer(redis_prefix, archive)
    first_log = finish(survivor)
    stop_writer(drain, redis_prefix)
    lost = {url_key(urljoin(served.base, p)) for p in in_flight}
    with sqlite3.connect(archive) as db:
        archived = {k for (k,) in db.execute("select url_key from article_urls")}
    # What the killed worker had in flight is missing (the survivor may have come to some
    # of the same pages by other links: those are not lost).
    lost -= archived
    assert "interrupted" in first_log  # and the run says so: its journal stays
    with sqlite3.connect(archive) as db:  # the survivor closed the lost worker's crawl
        statuses = sorted(s for (s,) in db.execute("select status from crawls"))
    assert statuses == ["finished", "worker_lost"]
    # The next (incremental) crawl of the site asks again for what was lost.
    drain = writer(redis_prefix, archive)
    second_log = finish(worker(served, redis_prefix, "worker-c"))
    stop_writer(drain, redis_prefix)
    assert stat(second_log, "portal/resumed") >= len(lost)
    check_every_article_once(archive, served.base, facts)
    again = [e for e in served.requests_of("worker-c") if e[1].endswith(".html")]
    assert len(again) < 40  # known articles are not fetched again


@pytest.mark.parametrize("portal", [0.0], indirect=True)
def test_two_workers_keep_one_download_delay(portal, redis_prefix, tmp_path):
    served, _ = portal
    delay = 0.15
    polite = ("-s", f"DOWNLOAD_DELAY={delay}", "-s", "DOWNLOAD_DELAY_JITTER=0",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")  # fmt: skip
    drain = writer(redis_prefix, tmp_path / "archive.db")
    workers = [worker(served, redis_prefix, f"worker-{n}", *polite) for n in "ab"]
    logs = [finish(w) for w in workers]
    stop_writer(drain, redis_prefix)
    starts = {n: [e[2] for e in served.requests_of(f"worker-{n}")] for n in "ab"}
    assert all(starts.values())
    # While both workers were crawling, the portal saw one request per delay, not two.
    both_from = max(min(s) for s in starts.values())
    both_until = min(max(s) for s in starts.values())
    during = sorted(t for s in starts.values() for t in s if both_from <= t <= both_until)
    assert both_until - both_from > 2, "the workers hardly overlapped"
    assert len(during) <= (both_until - both_from) / delay + 2
    assert sum(stat(log, "shared_delay/requests") for log in logs) == len(served.log)


def test_a_worker_that_loses_redis_stops_and_says_why(portal, private_redis):
    """Not a worker that spins for ever: it stops with reason redis_unavailable, and names
    each page it could not send."""
    served, _ = portal
    url, server = private_redis
    lonely = worker(served, (url, "lost"), "worker-a")
    deadline = time.monotonic() + 30
    while len(served.log) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.terminate()
    server.wait()
    stopped = time.monotonic()
    err = finish(lonely, timeout=60)
    assert time.monotonic() - stopped < 30
    assert "Spider closed (redis_unavailable)" in err
    assert err.count("Redis is unreachable") == 1
    assert "Spider error processing" not in err


def test_a_writer_that_loses_redis_exits_with_the_error(private_redis, tmp_path):
    url, server = private_redis
    drain = writer((url, "lost"), tmp_path / "archive.db")
    # Redis goes away once the writer is at work (holds its lock), not before it starts.
    deadline = time.monotonic() + 60
    while not redis.Redis.from_url(url).exists(writer_key("lost")):
        assert time.monotonic() < deadline and drain.poll() is None, "the writer never started"
        time.sleep(0.1)
    server.terminate()
    server.wait()
    _, err = drain.communicate(timeout=60)
    assert drain.returncode == 1
    assert "scrapy archive-writer: error: ConnectionError" in err
    assert "Traceback" not in err
