"""Request journals: every URL a crawl asks for, kept where a crawl that was killed can
read it back, so that the next crawl asks again for what never reached the archive.

Without Redis it is a file in JOBDIR (RequestJournal); with REDIS_URL it is a set shared
by the site's workers (RedisJournal), handed to the worker that starts the next run when
the last one did not end cleanly (scrapers.frontier).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from core.urls import url_key
from scrapers.cluster import SiteKeys, connect, scaled_out, worker_id


class RequestJournal:
    """With JOBDIR, every URL the crawl asks for, appended as it goes (a SIGKILL keeps what
    was written), so that a resumed crawl can ask again for what it never archived."""

    NAME = "rongmei-requested.txt"
    # Scrapy's JOBDIR duplicate filter remembers the lost requests: ask past it.
    resume_unfiltered = True

    def __init__(self, jobdir: str | None) -> None:
        self.path = Path(jobdir) / self.NAME if jobdir else None
        self.before = (
            self.path.read_text("utf-8").split() if self.path and self.path.exists() else []
        )
        self.handle = None
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = self.path.open("a", encoding="utf-8", buffering=1)

    def write(self, url: str) -> None:
        if self.handle:
            self.handle.write(url + "\n")

    def close(self) -> None:
        if self.handle:
            self.handle.close()
            self.handle = None

    def unfinished(self, archived: set[str]) -> list[str]:
        """URLs asked for before the crawl was stopped whose page is not archived."""
        return [u for u in dict.fromkeys(self.before) if url_key(u) not in archived]


class RedisJournal:
    """The URLs a site's run asked for, in Redis, written by every worker of the run."""

    # Each run starts with an empty duplicate filter, so the journal's URLs pass it once.
    resume_unfiltered = False

    def __init__(self, server, keys: SiteKeys) -> None:
        self.server, self.keys = server, keys

    def write(self, url: str) -> None:
        # Without Redis the worker is stopping (scrapers.cluster.stop_worker says why);
        # the page it was reading still gives what it found.
        from redis.exceptions import RedisError  # only scaled out is Redis imported

        with suppress(RedisError):
            self.server.sadd(self.keys.asked, url)

    def close(self) -> None:
        pass

    def unfinished(self, archived: set[str]) -> list[str]:
        """What an interrupted run asked for and the archive lacks; only the worker that
        starts the next run has it (the frontier handed the journal to it)."""
        claimed = self.keys.claimed(worker_id())
        urls = sorted(u.decode() for u in self.server.sscan_iter(claimed, count=10_000))
        self.server.delete(claimed)
        return [u for u in urls if url_key(u) not in archived]


def open_journal(settings, site: str) -> RequestJournal | RedisJournal:
    if scaled_out(settings):
        return RedisJournal(connect(settings), SiteKeys(settings.get("REDIS_PREFIX"), site))
    return RequestJournal(settings.get("JOBDIR"))
