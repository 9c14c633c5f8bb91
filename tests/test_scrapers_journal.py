"""scrapers.journal: what a crawl asked for comes back to the crawl that follows a kill
(the incremental middleware then leaves out what the archive has: test_scrapers_incremental)."""

from __future__ import annotations

from scrapy.settings import Settings

from cluster.journal import RedisJournal
from scrapers.journal import RequestJournal, open_journal

A, B = "http://www.x.gov.cn/a.html", "http://www.x.gov.cn/b.html"


def test_the_file_journal_gives_back_what_was_asked_for(tmp_path):
    journal = RequestJournal(str(tmp_path / "job"))
    for url in (A, B, A):
        journal.write(url)
    journal.close()
    again = RequestJournal(str(tmp_path / "job"))
    assert again.unfinished() == [A, B]
    assert again.resume_unfiltered  # Scrapy's JOBDIR filter remembers them


def test_without_jobdir_nothing_is_kept(tmp_path):
    journal = RequestJournal(None)
    journal.write(A)
    assert journal.unfinished() == []


def test_open_journal_follows_redis_url(redis_prefix, tmp_path):
    url, prefix = redis_prefix
    local = open_journal(Settings({"JOBDIR": str(tmp_path)}), "x")
    shared = open_journal(Settings({"REDIS_URL": url, "REDIS_PREFIX": prefix}), "x")
    assert isinstance(local, RequestJournal) and isinstance(shared, RedisJournal)
    local.close()


def test_resuming_drops_the_half_written_disk_queue(tmp_path):
    queue = tmp_path / "requests.queue" / "127.0.0.1-abc"
    queue.mkdir(parents=True)
    (queue / "0").write_bytes(b"")  # what a SIGKILL leaves: a queue file without its header
    fresh = RequestJournal(str(tmp_path))
    assert not fresh.resuming and queue.exists()  # nothing asked for yet: nothing to resume
    fresh.write("http://x.cn/a.html")
    fresh.close()
    resumed = RequestJournal(str(tmp_path))
    assert resumed.resuming and resumed.unfinished() == ["http://x.cn/a.html"]
    assert not (tmp_path / "requests.queue").exists()
    resumed.close()
