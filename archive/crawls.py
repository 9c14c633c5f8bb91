"""A crawl's bookkeeping in the archive: its site, its row in ``crawls`` and what it counted,
the pages that failed and the items the pipelines refused."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .database import insert_row
from .queries import site_of
from .running import is_alive

if TYPE_CHECKING:
    from sqlite_utils import Database

    from core.items import Dropped, FetchFailure


@dataclass
class WriteCounts:
    """What a crawl's writes did, for its crawls row."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    dropped: Counter = field(default_factory=Counter)


@dataclass
class CrawlRecord:
    """The crawl that archived writes belong to, and what they did."""

    site_id: int
    crawl_id: int
    counts: WriteCounts = field(default_factory=WriteCounts)


def site_row(profile) -> dict:
    """What the sites table keeps of a site profile (sites.SiteProfile)."""
    return {
        "name": profile.name,
        "name_zh": profile.name_zh or None,
        "province": profile.region.province,
        "city": profile.region.city,
        "county": profile.region.county,
        "base_url": profile.base_url,
    }


def crawl_status(reason: str) -> str:
    """The crawls table's status for the reason Scrapy gives for a crawl's end."""
    return {"finished": "finished", "shutdown": "interrupted"}.get(reason, reason)


def ensure_site(db: Database, name: str, **info: str | None) -> int:
    """The id of a site, created or refreshed from its profile. A profile for a host first
    crawled by URL alone takes that site over (its name, region, articles); a crawl by URL
    of a host that has a profile's site joins it (queries.site_of)."""
    row = {"name": name, **{k: v for k, v in info.items() if v is not None}}
    existing = site_of(db, name, info.get("base_url"))
    if existing is None:
        return db["sites"].insert(row).last_pk
    site_id, current = existing
    named_after_host = name.lower() == urlsplit(info.get("base_url") or "").netloc.lower()
    if current != name and named_after_host:
        return site_id  # a URL crawl of a profile's portal: the profile's site stays as it is
    db["sites"].update(site_id, row)
    return site_id


#: The kinds of run a crawls row records: only a crawl of the portal sets the schedule (a
#: recheck fetches archived articles again; an import reads WARC files, scrapy import-warc).
KINDS = ("crawl", "recheck", "import")


def start_crawl(
    db: Database, site_id: int, started_at: str, kind: str = "crawl", **extra: str | None
) -> int:
    """A new crawls row, status running; extra: the token, worker and run of a worker."""
    if kind not in KINDS:
        raise ValueError(f"not a kind of crawl: {kind!r}")
    row = {"site_id": site_id, "started_at": started_at, "status": "running", "kind": kind}
    return insert_row(db, "crawls", {**row, **extra})


def close_dead_crawls(db: Database, archive: str) -> list[int]:
    """Rows of local crawls still `running` whose process is gone (archive.running): their
    status becomes `killed`. Returns their ids. Scaled-out crawls (a token) are the
    frontier's to close (worker_lost)."""
    running = db.execute(
        "select id from crawls where status = 'running' and token is null"
    ).fetchall()
    dead = [crawl_id for (crawl_id,) in running if not is_alive(archive, crawl_id)]
    for crawl_id in dead:
        db.execute(
            "update crawls set status = 'killed', finish_reason = 'killed' where id = ?",
            [crawl_id],
        )
    return dead


def finish_crawl(
    db: Database,
    crawl_id: int,
    *,
    finished_at: str,
    status: str,
    finish_reason: str,
    pages: int,
    lists: int = 0,
    known_links: int = 0,
) -> None:
    """Close a crawl's row: its status (crawl_status), Scrapy's reason, what it read."""
    db.execute(
        "update crawls set finished_at = ?, status = ?, finish_reason = ?, pages = ?, "
        "lists = ?, known_links = ? where id = ?",
        [finished_at, status, finish_reason, pages, lists, known_links, crawl_id],
    )


def add_crawl_counts(db: Database, crawl_id: int, counts: WriteCounts) -> None:
    """Add what a batch of writes did to the crawl's counts (the writer of a scaled-out
    crawl adds after every batch; a local crawl once, at its end)."""
    (by_reason,) = db.execute(
        "select dropped_by_reason from crawls where id = ?", [crawl_id]
    ).fetchone()
    dropped = Counter(json.loads(by_reason or "{}")) + counts.dropped
    db.execute(
        "update crawls set articles_new = coalesce(articles_new, 0) + ?, "
        "articles_updated = coalesce(articles_updated, 0) + ?, "
        "articles_unchanged = coalesce(articles_unchanged, 0) + ?, "
        "errors = coalesce(errors, 0) + ?, dropped = ?, dropped_by_reason = ? where id = ?",
        [
            counts.new,
            counts.updated,
            counts.unchanged,
            counts.errors,
            sum(dropped.values()),
            json.dumps(dict(dropped), ensure_ascii=False),
            crawl_id,
        ],
    )


def write_failure(db: Database, failure: FetchFailure, crawl_id: int) -> None:
    row = {
        "crawl_id": crawl_id,
        "url": failure.url,
        "status": failure.status,
        "reason": failure.reason,
        "at": failure.at,
    }
    insert_row(db, "fetch_errors", row)


def write_drop(db: Database, dropped: Dropped, crawl_id: int) -> None:
    row = {
        "crawl_id": crawl_id,
        "url": dropped.url,
        "reason": dropped.reason,
        "detail": dropped.detail,
        "at": dropped.at,
    }
    insert_row(db, "dropped", row)
