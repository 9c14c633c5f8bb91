"""The archive's schema, as append-only migrations (sqlite-utils Migrations).

Never edit a migration that has shipped: add a new one. Column names are a contract with
analysts who write SQL against them (see README, "The archive").
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from pipelines import search, stories

migrations = Migrations("rongmei")


@migrations()
def m001_sites_and_crawls(db: Database) -> None:
    db["sites"].create(
        {
            "id": int,
            "name": str,
            "name_zh": str,
            "province": str,
            "city": str,
            "county": str,
            "base_url": str,
        },
        pk="id",
        not_null={"name"},
    )
    db["sites"].create_index(["name"], unique=True)
    db["crawls"].create(
        {
            "id": int,
            "site_id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "finish_reason": str,
            "pages": int,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "dropped": int,
            "dropped_by_reason": str,
            "errors": int,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["crawls"].create_index(["site_id", "started_at"])


@migrations()
def m002_articles(db: Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "url_key": str,
            "site_id": int,
            "title": str,
            "published_at": str,
            "published_at_raw": str,
            "date_source": str,
            "source": str,
            "author": str,
            "editor": str,
            "breadcrumbs": str,
            "section": str,
            "body": str,
            "body_hash": str,
            "char_count": int,
            "images": str,
            "encoding": str,
            "first_seen": str,
            "last_seen": str,
            "crawl_id": int,
        },
        pk="id",
        not_null={"url", "url_key", "title", "body", "body_hash"},
        foreign_keys=[("site_id", "sites", "id"), ("crawl_id", "crawls", "id")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["url_key"], unique=True)
    db["articles"].create_index(["site_id", "body_hash"])
    db["articles"].create_index(["site_id", "published_at"])
    # Every URL an article was seen under (its own, and reprints merged into it).
    db["article_urls"].create(
        {"url_key": str, "url": str, "article_id": int, "first_seen": str},
        pk="url_key",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_urls"].create_index(["article_id"])


@migrations()
def m003_links_pages_errors(db: Database) -> None:
    db["links"].create(
        {
            "from_article_id": int,
            "url": str,
            "url_key": str,
            "title": str,
            "kind": str,
            "to_article_id": int,
        },
        pk=("from_article_id", "url_key", "kind"),
        foreign_keys=[("from_article_id", "articles", "id"), ("to_article_id", "articles", "id")],
    )
    db["links"].create_index(["url_key"])
    db["links"].create_index(["to_article_id"])
    db["pages"].create(
        {
            "article_id": int,
            "url": str,
            "status": int,
            "headers": str,
            "encoding": str,
            "body": bytes,
            "fetched_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["fetch_errors"].create(
        {"id": int, "crawl_id": int, "url": str, "status": int, "reason": str, "at": str},
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["fetch_errors"].create_index(["crawl_id"])
    db["fetch_errors"].create_index(["url"])
    # Items the pipelines refused, with the reason: nothing is dropped silently.
    db["dropped"].create(
        {"id": int, "crawl_id": int, "url": str, "reason": str, "detail": str, "at": str},
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["dropped"].create_index(["crawl_id"])


@migrations()
def m004_search(db: Database) -> None:
    search.ensure_search_tables(db)


@migrations()
def m005_versions_and_removals(db: Database) -> None:
    # Earlier contents of an article, kept when a re-crawl finds it changed.
    db["article_versions"].create(
        {
            "article_id": int,
            "version": int,
            "title": str,
            "body": str,
            "published_at": str,
            "source": str,
            "author": str,
            "editor": str,
            "fetched_at": str,
            "changed": str,
        },
        pk=("article_id", "version"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    # When a recheck finds an article gone: when, the HTTP status, and how it knew.
    db["articles"].add_column("removed_at", str)
    db["articles"].add_column("removed_status", int)
    db["articles"].add_column("removed_reason", str)
    db["articles"].add_column("last_checked", str)


@migrations()
def m006_crawl_reading_counts(db: Database) -> None:
    # How a crawl read the portal: pages read as lists, and links to articles it already
    # had. A crawl that reads pages but finds no article, new or known, is a portal whose
    # layout changed (scrapy report flags it).
    db["crawls"].add_column("lists", int)
    db["crawls"].add_column("known_links", int)


@migrations()
def m007_published_month(db: Database) -> None:
    # The month of publication (2023-01), for facets and counts by month.
    db["articles"].add_column("published_month", str)
    db.execute(
        "update articles set published_month = substr(published_at, 1, 7) "
        "where published_at is not null"
    )
    db["articles"].create_index(["published_month"])


@migrations()
def m008_stories(db: Database) -> None:
    # Reprints grouped into stories (pipelines/stories.py): stories, articles.story_id,
    # the MinHash index, and the story_reprints view.
    stories.ensure_story_tables(db)
    stories.rebuild_stories(db)


@migrations()
def m009_scaled_out_crawls(db: Database) -> None:
    # A scaled-out crawl (REDIS_URL) has one crawls row per worker: its token, as the
    # archive writer knows it, the worker (host:pid), and the run it took part in (when
    # the run started: the same for all its workers). The writer's place in the item
    # queue: the ids of the messages of the last batch it committed, so that a writer
    # killed before it removed them from Redis skips them when it reads them again.
    db["crawls"].add_column("token", str)
    db["crawls"].add_column("worker", str)
    db["crawls"].add_column("run", str)
    db["crawls"].create_index(["token"], unique=True)
    db["writer_state"].create({"queue": str, "last_batch": str}, pk="queue")


def open_archive(path: str) -> Database:
    """Open (creating if needed) an archive: WAL, a busy timeout, foreign keys on, migrated."""
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return db


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; returns their names."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
