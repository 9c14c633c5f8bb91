"""RedisJournal: the URLs a site's run asked for, in Redis, written by every worker of the
run; when a run did not end cleanly, the frontier hands it to the worker that starts the
next one, whose spider asks again for what the archive still lacks."""

from __future__ import annotations

from contextlib import suppress

from .connection import connect, worker_id
from .keys import SiteKeys


class RedisJournal:
    """The URLs a site's run asked for, in Redis, written by every worker of the run."""

    # Each run starts with an empty duplicate filter, so the journal's URLs pass it once.
    resume_unfiltered = False

    def __init__(self, server, keys: SiteKeys) -> None:
        self.server, self.keys = server, keys

    def write(self, url: str) -> None:
        # Without Redis the worker is stopping (cluster.stop_worker says why);
        # the page it was reading still gives what it found.
        from redis.exceptions import RedisError  # only scaled out is Redis imported

        with suppress(RedisError):
            self.server.sadd(self.keys.asked, url)

    def close(self) -> None:
        pass

    def unfinished(self) -> list[str]:
        """What an interrupted run asked for; only the worker that starts the next run
        has it (the frontier handed the journal to it)."""
        claimed = self.keys.claimed(worker_id())
        urls = sorted(u.decode() for u in self.server.sscan_iter(claimed, count=10_000))
        self.server.delete(claimed)
        return urls


def open_redis_journal(settings, site: str) -> RedisJournal:
    return RedisJournal(connect(settings), SiteKeys(settings.get("REDIS_PREFIX"), site))
