"""Writing a crawl's entries: the one place that knows what each kind of record does to
the archive. The local archive pipeline and the archive writer of a scaled-out crawl both
write through :func:`write_entry`, so a crawl archives the same way wherever it runs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from core.items import Alias, CheckResult, CrawledArticle, Dropped, FetchFailure, ListDate
from core.urls import url_key

from . import queries
from .articles import add_alias, write_article, write_check, write_list_date
from .crawls import write_drop, write_failure
from .reprints import body_hash, reprint_of

if TYPE_CHECKING:
    from sqlite_utils import Database

    from core.items import Entry

    from .crawls import CrawlRecord


class Stats(Protocol):
    """What write_entry counts with: Scrapy's stats collector, or anything with inc_value."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def write_entry(
    db: Database, entry: Entry, crawl: CrawlRecord, *, keep_pages: bool, stats: Stats
) -> str:
    """Write one entry of a crawl (the caller holds the transaction); returns what became
    of it: new, updated, unchanged or reprint (articles), removed or checked, list_date,
    fetch_error, dropped, alias."""
    counts = crawl.counts
    if isinstance(entry, CrawledArticle):
        return _write_article(db, entry, crawl, keep_pages=keep_pages, stats=stats)
    if isinstance(entry, CheckResult):
        write_check(db, entry)
        if entry.removed:
            stats.inc_value("archive/removed")
        return "removed" if entry.removed else "checked"
    if isinstance(entry, ListDate):
        write_list_date(db, entry)
        return "list_date"
    if isinstance(entry, FetchFailure):
        write_failure(db, entry, crawl.crawl_id)
        counts.errors += 1
        stats.inc_value("archive/fetch_errors")
        return "fetch_error"
    if isinstance(entry, Dropped):
        write_drop(db, entry, crawl.crawl_id)
        counts.dropped[entry.reason] += 1
        return "dropped"
    if isinstance(entry, Alias):
        if (article_id := queries.article_id_for(db, entry.original_key)) is not None:
            add_alias(db, entry.url, article_id, entry.seen_at, title=entry.title,
                      section=entry.section, published_at=entry.published_at)  # fmt: skip
        return "alias"
    raise TypeError(f"not an archive entry: {type(entry).__name__}")


def _write_article(
    db: Database, item: CrawledArticle, crawl: CrawlRecord, *, keep_pages: bool, stats: Stats
) -> str:
    key = item.url_key or url_key(item.url)
    digest = item.body_hash or body_hash(item.article.body or "")
    item = replace(item, url_key=key, body_hash=digest)
    original = reprint_of(key, queries.body_owner(db, crawl.site_id, digest))
    if original is not None:
        # The same text under another URL of the site, archived by an earlier crawl (or,
        # scaled out, by another worker): an alias of that article, as the dedupe
        # pipeline makes of a reprint within one crawl.
        detail = f"same text as {original}: {item.url}"
        write_entry(db, Dropped(item.url, "DuplicateBody", detail, item.fetched_at), crawl,
                    keep_pages=keep_pages, stats=stats)  # fmt: skip
        write_entry(db, Alias.of(item, original), crawl,
                    keep_pages=keep_pages, stats=stats)  # fmt: skip
        stats.inc_value("archive/reprints")
        return "reprint"
    outcome = write_article(db, item, crawl.site_id, crawl.crawl_id, keep_pages=keep_pages)
    setattr(crawl.counts, outcome, getattr(crawl.counts, outcome) + 1)
    stats.inc_value(f"archive/articles/{outcome}")
    if attachments := item.article.attachments:
        stats.inc_value("attachments/recorded", len(attachments))
    return outcome
