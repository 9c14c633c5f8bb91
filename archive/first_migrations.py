"""The archive's first migrations, m001 to m009: the schema as its first releases shipped
it (archive.migrations adds the later ones after these). The rules of archive.migrations
hold: each migration holds its own literal DDL and is never edited once shipped.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("rongmei")


def execute(db: Database, script: str) -> None:
    """Run a script statement by statement: executescript() would commit the transaction
    each migration runs in, and a failed migration must leave nothing behind."""
    statement = ""
    for line in script.strip().splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


@migrations()
def m001_sites_and_crawls(db: Database) -> None:
    execute(
        db,
        """
CREATE TABLE "sites" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "name_zh" TEXT,
   "province" TEXT,
   "city" TEXT,
   "county" TEXT,
   "base_url" TEXT
);
CREATE UNIQUE INDEX "idx_sites_name"
    ON "sites" ("name");
CREATE TABLE "crawls" (
   "id" INTEGER PRIMARY KEY,
   "site_id" INTEGER REFERENCES "sites"("id"),
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "finish_reason" TEXT,
   "pages" INTEGER,
   "articles_new" INTEGER,
   "articles_updated" INTEGER,
   "articles_unchanged" INTEGER,
   "dropped" INTEGER,
   "dropped_by_reason" TEXT,
   "errors" INTEGER
);
CREATE INDEX "idx_crawls_site_id_started_at"
    ON "crawls" ("site_id", "started_at");
""",
    )


@migrations()
def m002_articles(db: Database) -> None:
    # article_urls: every URL an article was seen under (its own, and reprints merged into it).
    execute(
        db,
        """
CREATE TABLE "articles" (
   "id" INTEGER PRIMARY KEY,
   "url" TEXT NOT NULL,
   "url_key" TEXT NOT NULL,
   "site_id" INTEGER REFERENCES "sites"("id"),
   "title" TEXT NOT NULL,
   "published_at" TEXT,
   "published_at_raw" TEXT,
   "date_source" TEXT,
   "source" TEXT,
   "author" TEXT,
   "editor" TEXT,
   "breadcrumbs" TEXT,
   "section" TEXT,
   "body" TEXT NOT NULL,
   "body_hash" TEXT NOT NULL,
   "char_count" INTEGER,
   "images" TEXT,
   "encoding" TEXT,
   "first_seen" TEXT,
   "last_seen" TEXT,
   "crawl_id" INTEGER REFERENCES "crawls"("id")
);
CREATE UNIQUE INDEX "idx_articles_url"
    ON "articles" ("url");
CREATE UNIQUE INDEX "idx_articles_url_key"
    ON "articles" ("url_key");
CREATE INDEX "idx_articles_site_id_body_hash"
    ON "articles" ("site_id", "body_hash");
CREATE INDEX "idx_articles_site_id_published_at"
    ON "articles" ("site_id", "published_at");
CREATE TABLE "article_urls" (
   "url_key" TEXT PRIMARY KEY,
   "url" TEXT,
   "article_id" INTEGER REFERENCES "articles"("id"),
   "first_seen" TEXT
);
CREATE INDEX "idx_article_urls_article_id"
    ON "article_urls" ("article_id");
""",
    )


@migrations()
def m003_links_pages_errors(db: Database) -> None:
    # dropped: items the pipelines refused, with the reason: nothing is dropped silently.
    execute(
        db,
        """
CREATE TABLE "links" (
   "from_article_id" INTEGER REFERENCES "articles"("id"),
   "url" TEXT,
   "url_key" TEXT,
   "title" TEXT,
   "kind" TEXT,
   "to_article_id" INTEGER REFERENCES "articles"("id"),
   PRIMARY KEY ("from_article_id", "url_key", "kind")
);
CREATE INDEX "idx_links_url_key"
    ON "links" ("url_key");
CREATE INDEX "idx_links_to_article_id"
    ON "links" ("to_article_id");
CREATE TABLE "pages" (
   "article_id" INTEGER PRIMARY KEY REFERENCES "articles"("id"),
   "url" TEXT,
   "status" INTEGER,
   "headers" TEXT,
   "encoding" TEXT,
   "body" BLOB,
   "fetched_at" TEXT
);
CREATE TABLE "fetch_errors" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "url" TEXT,
   "status" INTEGER,
   "reason" TEXT,
   "at" TEXT
);
CREATE INDEX "idx_fetch_errors_crawl_id"
    ON "fetch_errors" ("crawl_id");
CREATE INDEX "idx_fetch_errors_url"
    ON "fetch_errors" ("url");
CREATE TABLE "dropped" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "url" TEXT,
   "reason" TEXT,
   "detail" TEXT,
   "at" TEXT
);
CREATE INDEX "idx_dropped_crawl_id"
    ON "dropped" ("crawl_id");
""",
    )


@migrations()
def m004_search(db: Database) -> None:
    # The Chinese search index (archive/search.py): token strings, their FTS5 index with
    # unicode61 (Cn counted as token characters, or CJK Extension E-I would be dropped),
    # and the triggers that keep the index in sync.
    execute(
        db,
        """
CREATE TABLE IF NOT EXISTS articles_search (
    id INTEGER PRIMARY KEY,
    title TEXT,
    title_tokens TEXT,
    body_tokens TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_fts USING fts5(
    title_tokens, body_tokens,
    content="articles_search", content_rowid="id",
    tokenize="unicode61 categories 'L* N* Co Cn'"
);
CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON articles_search BEGIN
  INSERT INTO articles_search_fts (rowid, title_tokens, body_tokens)
  VALUES (new.rowid, new.title_tokens, new.body_tokens);
END;
CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON articles_search BEGIN
  INSERT INTO articles_search_fts (articles_search_fts, rowid, title_tokens, body_tokens)
  VALUES ('delete', old.rowid, old.title_tokens, old.body_tokens);
END;
CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE ON articles_search BEGIN
  INSERT INTO articles_search_fts (articles_search_fts, rowid, title_tokens, body_tokens)
  VALUES ('delete', old.rowid, old.title_tokens, old.body_tokens);
  INSERT INTO articles_search_fts (rowid, title_tokens, body_tokens)
  VALUES (new.rowid, new.title_tokens, new.body_tokens);
END;
""",
    )


@migrations()
def m005_versions_and_removals(db: Database) -> None:
    # Earlier contents of an article, kept when a re-crawl finds it changed; and, when a
    # recheck finds an article gone: when, the HTTP status, and how it knew.
    execute(
        db,
        """
CREATE TABLE "article_versions" (
   "article_id" INTEGER REFERENCES "articles"("id"),
   "version" INTEGER,
   "title" TEXT,
   "body" TEXT,
   "published_at" TEXT,
   "source" TEXT,
   "author" TEXT,
   "editor" TEXT,
   "fetched_at" TEXT,
   "changed" TEXT,
   PRIMARY KEY ("article_id", "version")
);
ALTER TABLE "articles" ADD COLUMN "removed_at" TEXT;
ALTER TABLE "articles" ADD COLUMN "removed_status" INTEGER;
ALTER TABLE "articles" ADD COLUMN "removed_reason" TEXT;
ALTER TABLE "articles" ADD COLUMN "last_checked" TEXT;
""",
    )


@migrations()
def m006_crawl_reading_counts(db: Database) -> None:
    # How a crawl read the portal: pages read as lists, and links to articles it already
    # had. A crawl that reads pages but finds no article, new or known, is a portal whose
    # layout changed (scrapy report flags it).
    execute(
        db,
        """
ALTER TABLE "crawls" ADD COLUMN "lists" INTEGER;
ALTER TABLE "crawls" ADD COLUMN "known_links" INTEGER;
""",
    )


@migrations()
def m007_published_month(db: Database) -> None:
    # The month of publication (2023-01), for facets and counts by month.
    execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "published_month" TEXT;
UPDATE articles SET published_month = substr(published_at, 1, 7)
    WHERE published_at IS NOT NULL;
CREATE INDEX "idx_articles_published_month"
    ON "articles" ("published_month");
""",
    )


@migrations()
def m008_stories(db: Database) -> None:
    # Reprints grouped into stories (archive/stories/): stories, articles.story_id, the
    # MinHash index (a signature or the key of a short body per article; one row per LSH
    # band, WITHOUT ROWID so that a lookup is one index probe) and the story_reprints view
    # (a day alone or a naive time is China time). Backfilled from the articles.
    execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "story_id" INTEGER;
create table if not exists stories (id integer primary key, first_published_at text, first_article_id integer, article_count integer not null, site_count integer not null);
create index if not exists stories_article_count on stories (article_count);
create table if not exists story_signatures (article_id integer primary key, chars integer not null, signature blob, short_key integer);
create table if not exists story_bands (band_key integer not null, article_id integer not null, primary key (band_key, article_id)) without rowid;
create index if not exists articles_story_id on articles (story_id);
create view if not exists story_reprints as select s.id as story_id, o.id as origin_article_id, o.site_id as origin_site_id, o.published_at as origin_published_at, r.id as reprint_article_id, r.site_id as reprint_site_id, r.published_at as reprint_published_at, round((julianday(case when length(r.published_at) = 10 then r.published_at || 'T00:00:00+08:00' when length(r.published_at) in (16, 19) then r.published_at || '+08:00' else r.published_at end) - julianday(case when length(o.published_at) = 10 then o.published_at || 'T00:00:00+08:00' when length(o.published_at) in (16, 19) then o.published_at || '+08:00' else o.published_at end)) * 24, 2) as delay_hours from stories s join articles o on o.id = s.first_article_id join articles r on r.story_id = s.id and r.id != o.id where s.article_count > 1;
""",
    )


@migrations()
def m009_scaled_out_crawls(db: Database) -> None:
    # A scaled-out crawl (REDIS_URL) has one crawls row per worker: its token, as the
    # archive writer knows it, the worker (host:pid), and the run it took part in (when
    # the run started: the same for all its workers). The writer's place in the item
    # queue: the ids of the messages of the last batch it committed, so that a writer
    # killed before it removed them from Redis skips them when it reads them again.
    execute(
        db,
        """
ALTER TABLE "crawls" ADD COLUMN "token" TEXT;
ALTER TABLE "crawls" ADD COLUMN "worker" TEXT;
ALTER TABLE "crawls" ADD COLUMN "run" TEXT;
CREATE UNIQUE INDEX "idx_crawls_token"
    ON "crawls" ("token");
CREATE TABLE "writer_state" (
   "queue" TEXT PRIMARY KEY,
   "last_batch" TEXT
);
""",
    )
