"""Writing crawl results into the archive. All SQL writes of the crawl live here; the
Scrapy pipeline only batches and counts.

Idempotent: an article is keyed by its URL key; archiving it again only moves last_seen,
unless its content changed, in which case the row is updated in place.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from core.items import CrawledArticle, FetchFailure, ListDate
from core.urls import canonical_url, url_key
from pipelines import search, stories

# The fields whose change makes an archived article "updated".
CONTENT_FIELDS = ("title", "published_at", "source", "author", "editor", "body_hash")


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    dropped: Counter = field(default_factory=Counter)


def ensure_site(db: Database, name: str, **info: str | None) -> int:
    """The id of a site, created or refreshed from its profile."""
    row = {"name": name, **{k: v for k, v in info.items() if v is not None}}
    existing = db.execute("select id from sites where name = ?", [name]).fetchone()
    if existing:
        db["sites"].update(existing[0], row)
        return existing[0]
    return db["sites"].insert(row).last_pk


def start_crawl(db: Database, site_id: int, started_at: str) -> int:
    return (
        db["crawls"]
        .insert({"site_id": site_id, "started_at": started_at, "status": "running"})
        .last_pk
    )


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
    db["crawls"].update(
        crawl_id,
        {
            "finished_at": finished_at,
            "status": status,
            "finish_reason": finish_reason,
            "pages": pages,
            "lists": lists,
            "known_links": known_links,
        },
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


def _row(item: CrawledArticle, site_id: int, crawl_id: int) -> dict:
    a = item.article
    return {
        "url": canonical_url(item.url),
        "url_key": item.url_key,
        "site_id": site_id,
        "title": a.title,
        "published_at": a.published_at,
        "published_at_raw": a.published_at_raw,
        "published_month": a.published_at[:7] if a.published_at else None,
        "date_source": a.date_source,
        "source": a.source,
        "author": json.dumps(a.author, ensure_ascii=False),
        "editor": a.editor,
        "breadcrumbs": json.dumps(a.breadcrumbs, ensure_ascii=False),
        "section": a.breadcrumbs[-1] if a.breadcrumbs else None,
        "body": a.body,
        "body_hash": item.body_hash,
        "char_count": len(a.body or ""),
        "images": json.dumps(a.images, ensure_ascii=False),
        "encoding": a.encoding,
        "crawl_id": crawl_id,
    }


def write_article(
    db: Database, item: CrawledArticle, site_id: int, crawl_id: int, *, keep_pages: bool
) -> str:
    """Insert or update one article; returns "new", "updated" or "unchanged"."""
    row = _row(item, site_id, crawl_id)
    stored = _stored(db, item.url_key)
    if stored and row["published_at"] is None and stored["date_source"] == "list":
        # A list showed this undated article's date in an earlier crawl: keep it.
        for name in ("published_at", "published_at_raw", "date_source"):
            row[name] = stored[name]
        row["published_month"] = stored["published_at"][:7]
    if stored is None:
        row.update(first_seen=item.fetched_at, last_seen=item.fetched_at)
        article_id = _insert(db, "articles", row)
        outcome = "new"
    else:
        article_id = stored["id"]
        if all(stored[f] == row[f] for f in CONTENT_FIELDS):
            db.execute(
                "update articles set last_seen = ? where id = ?", [item.fetched_at, article_id]
            )
            return "unchanged"
        _keep_version(db, article_id, stored, row)
        row["last_seen"] = item.fetched_at
        assignments = ", ".join(f"{name} = :{name}" for name in row)
        db.execute(f"update articles set {assignments} where id = :id", {**row, "id": article_id})
        outcome = "updated"
    add_alias(db, item.url, article_id, item.fetched_at)
    _write_links(db, article_id, item)
    search.index_article(db, article_id, row["title"], row["body"])
    stories.assign_story(db, article_id)  # an updated article's old text is forgotten first
    if keep_pages:
        page = {
            "article_id": article_id,
            "url": item.url,
            "status": item.status,
            "headers": json.dumps(item.headers, ensure_ascii=False),
            "encoding": item.article.encoding,
            "body": zlib.compress(item.body, 6),
            "fetched_at": item.fetched_at,
        }
        _insert(db, "pages", page, replace=True)
    return outcome


def _insert(db: Database, table: str, row: dict, *, replace: bool = False) -> int:
    """INSERT a row with plain SQL (the crawl's hot path); returns its rowid."""
    verb = "insert or replace" if replace else "insert"
    names = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    return db.execute(f"{verb} into {table} ({names}) values ({values})", row).lastrowid


def _keep_version(db: Database, article_id: int, stored: dict, row: dict) -> None:
    """Keep the content an update replaces, numbered, with the fields that changed."""
    old = db.execute(
        "select title, body, published_at, source, author, editor, last_seen from articles "
        "where id = ?",
        [article_id],
    ).fetchone()
    version = db.execute(
        "select coalesce(max(version), 0) + 1 from article_versions where article_id = ?",
        [article_id],
    ).fetchone()[0]
    changed = [f.removesuffix("_hash") for f in CONTENT_FIELDS if stored[f] != row[f]]
    _insert(
        db,
        "article_versions",
        {
            "article_id": article_id,
            "version": version,
            "title": old[0],
            "body": old[1],
            "published_at": old[2],
            "source": old[3],
            "author": old[4],
            "editor": old[5],
            "fetched_at": old[6],
            "changed": json.dumps(changed),
        },
    )


def _stored(db: Database, key: str) -> dict | None:
    names = ("id", *CONTENT_FIELDS, "published_at_raw", "date_source")
    found = db.execute(
        f"select {', '.join(names)} from articles where url_key = ?", [key]
    ).fetchone()
    return dict(zip(names, found, strict=True)) if found else None


def add_alias(db: Database, url: str, article_id: int, seen_at: str) -> None:
    """Record a URL an article is found under; links pointing there now resolve."""
    key = url_key(url)
    db.execute(
        "insert or ignore into article_urls (url_key, url, article_id, first_seen) "
        "values (?, ?, ?, ?)",
        [key, canonical_url(url), article_id, seen_at],
    )
    db.execute(
        "update links set to_article_id = ? where url_key = ? and to_article_id is null",
        [article_id, key],
    )


def _write_links(db: Database, article_id: int, item: CrawledArticle) -> None:
    db.execute("delete from links where from_article_id = ?", [article_id])
    rows = {}
    for kind, links in (
        ("related", item.article.related),
        ("breadcrumb", item.article.breadcrumb_links),
    ):
        for link in links:
            key = url_key(link["url"])
            rows[(key, kind)] = {
                "from_article_id": article_id,
                "url": link["url"],
                "url_key": key,
                "title": link["title"],
                "kind": kind,
            }
    if not rows:
        return
    for row in rows.values():
        _insert(db, "links", row, replace=True)
    db.execute(
        "update links set to_article_id = (select article_id from article_urls u "
        "where u.url_key = links.url_key) where from_article_id = ?",
        [article_id],
    )


def write_failure(db: Database, failure: FetchFailure, crawl_id: int) -> None:
    _insert(
        db,
        "fetch_errors",
        {
            "crawl_id": crawl_id,
            "url": failure.url,
            "status": failure.status,
            "reason": failure.reason,
            "at": failure.at,
        },
    )


def write_drop(db: Database, crawl_id: int, url: str, reason: str, detail: str, at: str) -> None:
    _insert(
        db,
        "dropped",
        {"crawl_id": crawl_id, "url": url, "reason": reason, "detail": detail, "at": at},
    )


def known_bodies_of(db: Database, site_name: str) -> dict[str, str]:
    """body_hash -> url_key of the archived articles of the site with that name."""
    return dict(
        db.execute(
            "select a.body_hash, a.url_key from articles a join sites s on s.id = a.site_id "
            "where s.name = ?",
            [site_name],
        ).fetchall()
    )


def body_owner(db: Database, site_id: int, digest: str) -> str | None:
    """The URL key of the site's archived article with this body hash, if there is one."""
    row = db.execute(
        "select url_key from articles where site_id = ? and body_hash = ? limit 1",
        [site_id, digest],
    ).fetchone()
    return row[0] if row else None


def article_id_for(db: Database, key: str) -> int | None:
    row = db.execute("select article_id from article_urls where url_key = ?", [key]).fetchone()
    return row[0] if row else None


def write_list_date(db: Database, shown: ListDate) -> None:
    """A list's date for an article archived without one; an article's own date stays."""
    db.execute(
        "update articles set published_at = ?, published_at_raw = ?, date_source = 'list', "
        "published_month = ? where url_key = ? and published_at is null",
        [shown.date, shown.raw, shown.date[:7], url_key(shown.url)],
    )


def write_check(db: Database, result) -> None:
    """What a recheck found: the article gone (removed_*), or there (last_checked)."""
    key = url_key(result.url)
    if result.removed:
        db.execute(
            "update articles set removed_at = coalesce(removed_at, ?), removed_status = ?, "
            "removed_reason = ?, last_checked = ? where url_key = ?",
            [result.at, result.status, result.reason, result.at, key],
        )
    else:
        db.execute(
            "update articles set removed_at = null, removed_status = null, removed_reason = null, "
            "last_checked = ? where url_key = ?",
            [result.at, key],
        )


def archived_keys(db: Database, site_name: str) -> set[str]:
    """Every URL key the site's archived articles are known under (aliases included)."""
    if "article_urls" not in db.table_names():
        return set()
    return {
        key
        for (key,) in db.execute(
            "select u.url_key from article_urls u join articles a on a.id = u.article_id "
            "join sites s on s.id = a.site_id where s.name = ?",
            [site_name],
        )
    }
