"""Request journals: every URL a crawl asks for, kept where a crawl that was killed can
read it back, so that the next crawl asks again for what never reached the archive.

Without Redis it is a file in JOBDIR (RequestJournal); with REDIS_URL it is a set shared
by the site's workers (cluster.journal.RedisJournal), handed to the worker that starts the
next run when the last one did not end cleanly (cluster.frontier).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cluster import scaled_out


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
        if self.before:
            # A SIGKILL leaves Scrapy's disk queue half-written (a queue file without its
            # header), and every later request of that priority fails to be queued, with
            # nothing but an asyncio warning: the journal, which asks again for all it
            # holds, is what a resumed crawl goes by. (Read before the scheduler opens.)
            shutil.rmtree(Path(jobdir) / "requests.queue", ignore_errors=True)
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

    @property
    def resuming(self) -> bool:
        """Does this crawl resume one that was stopped (its journal holds URLs)?"""
        return bool(self.before)

    def unfinished(self) -> list[str]:
        """URLs asked for before the crawl was stopped, once each."""
        return list(dict.fromkeys(self.before))


def open_journal(settings, site: str):
    """The crawl's journal: a file in JOBDIR, or scaled out the run's set in Redis."""
    if scaled_out(settings):
        from cluster.journal import open_redis_journal  # only scaled out is Redis imported

        return open_redis_journal(settings, site)
    return RequestJournal(settings.get("JOBDIR"))
