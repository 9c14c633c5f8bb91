"""The keys the workers of a scaled-out crawl share in Redis. Every key starts with
REDIS_PREFIX; a site's keys carry its profile name:

    <prefix>:items                 messages for the archive writer (a list, oldest first)
    <prefix>:writer                the running archive writer (a lock with a time to live)
    <prefix>:delay:<host>          when the next request to a host may leave (milliseconds)
    <prefix>:site:<name>:requests  the shared request queue (scrapy-redis)
    <prefix>:site:<name>:seen      fingerprints of the requests of this run (scrapy-redis)
    <prefix>:site:<name>:workers   live workers and their last heartbeat
    <prefix>:site:<name>:idle      workers with nothing to do
    <prefix>:site:<name>:asked     every URL asked for in this run (the journal)
    <prefix>:site:<name>:known     URL keys of the site's archived articles
    <prefix>:site:<name>:started   when the site's last run started (ISO 8601, UTC)
    <prefix>:site:<name>:crawls    worker -> the token of its crawl (its crawls row)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteKeys:
    """The Redis keys of one site's crawl."""

    prefix: str
    site: str

    def _key(self, what: str) -> str:
        return f"{self.prefix}:site:{self.site}:{what}"

    @property
    def requests(self) -> str:
        return self._key("requests")

    @property
    def seen(self) -> str:
        return self._key("seen")

    @property
    def workers(self) -> str:
        return self._key("workers")

    @property
    def idle(self) -> str:
        return self._key("idle")

    @property
    def asked(self) -> str:
        return self._key("asked")

    @property
    def known(self) -> str:
        return self._key("known")

    @property
    def started(self) -> str:
        return self._key("started")

    @property
    def crawls(self) -> str:
        return self._key("crawls")

    def claimed(self, worker: str) -> str:
        """The journal of an interrupted run, taken over by the worker starting the next."""
        return self._key(f"claimed:{worker}")


def items_key(prefix: str) -> str:
    return f"{prefix}:items"


def writer_key(prefix: str) -> str:
    return f"{prefix}:writer"


def delay_key(prefix: str, host: str) -> str:
    return f"{prefix}:delay:{host}"
