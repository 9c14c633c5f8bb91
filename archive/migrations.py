"""The archive's schema, as append-only migrations (sqlite-utils ``Migrations``).

Each migration holds its own literal DDL: what it created on the day it shipped, so that
editing today's code (the search index, the story index) can never rewrite a migration an
archive has already run. Never edit a migration that has shipped: add a new one. Column
names are a contract with analysts who write SQL against them (README, "The archive").

Filling new tables from the data already archived is a *backfill*, run with today's code
after every pending migration has applied (the schema is then complete).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

# m001 to m009, registered first: the order of registration is the order they run in.
from .first_migrations import execute as _execute
from .first_migrations import migrations


@migrations()
def m010_published_day(db: Database) -> None:
    # The Beijing calendar day of publication (2015-07-04), for counts by day: SQLite's
    # date(published_at) is the UTC day, the day before for what was published before
    # 08:00. Null for no date and for a month alone.
    _execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "published_day" TEXT;
UPDATE articles SET published_day = substr(published_at, 1, 10)
    WHERE length(published_at) >= 10;
CREATE INDEX "idx_articles_published_day"
    ON "articles" ("published_day");
""",
    )


@migrations()
def m013_crawl_kinds(db: Database) -> None:
    # What kind of run a crawls row is: a crawl of the portal (which sets the schedule),
    # or a recheck of archived articles (which never does). Earlier rows were crawls.
    _execute(
        db,
        """
ALTER TABLE "crawls" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'crawl';
CREATE INDEX "idx_crawls_site_id_kind_started_at"
    ON "crawls" ("site_id", "kind", "started_at");
""",
    )


@migrations()
def m014_alarms(db: Database) -> None:
    # What needs a person's look (archive/alarms.py), raised once and mailed once until
    # it clears: a portal whose layout changed, failing crawls, a high error rate, dates
    # gone missing, a site not crawled for twice its schedule.
    _execute(
        db,
        """
CREATE TABLE "alarms" (
   "id" INTEGER PRIMARY KEY,
   "site_id" INTEGER REFERENCES "sites"("id"),
   "kind" TEXT NOT NULL,
   "message" TEXT NOT NULL,
   "raised_at" TEXT NOT NULL,
   "mailed_at" TEXT,
   "cleared_at" TEXT
);
CREATE INDEX "idx_alarms_site_id_kind_cleared_at"
    ON "alarms" ("site_id", "kind", "cleared_at");
""",
    )


@migrations()
def m016_search_folds_traditional(db: Database) -> None:
    # The search index folds traditional characters into simplified ones (archive.search
    # .fold), in articles and in queries alike: an index built before is rebuilt (the
    # backfill), as its tokens of traditional text could never match a folded query.
    _execute(db, "SELECT 1;")


@migrations()
def m017_reprint_headlines(db: Database) -> None:
    # A reprint merged into an article keeps the headline, section and date its own page
    # gave it (they often differ from the article's: a county portal retitles a city
    # story). Reprints merged before keep none.
    _execute(
        db,
        """
ALTER TABLE "article_urls" ADD COLUMN "title" TEXT;
ALTER TABLE "article_urls" ADD COLUMN "section" TEXT;
ALTER TABLE "article_urls" ADD COLUMN "published_at" TEXT;
""",
    )


@migrations()
def m019_article_pages(db: Database) -> None:
    # An article split over pages (分页) is one row with the body of every page: how many
    # pages it was read from, and its other pages' URLs in article_urls with their page
    # number (2, 3, ...), so that they are known, and never counted as reprints; their raw
    # responses in later_pages, as pages keeps the first page's.
    _execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "page_count" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "article_urls" ADD COLUMN "page" INTEGER;
CREATE TABLE "later_pages" (
   "article_id" INTEGER NOT NULL REFERENCES "articles"("id"),
   "page" INTEGER NOT NULL,
   "url" TEXT,
   "status" INTEGER,
   "headers" TEXT,
   "encoding" TEXT,
   "body" BLOB,
   "fetched_at" TEXT,
   PRIMARY KEY ("article_id", "page")
);
""",
    )


@migrations()
def m020_editions_and_attachments(db: Database) -> None:
    # Digital editions (数字报): an article's 引题 (kicker) and 副题 (subtitle) beside its
    # title, the day of the issue it is printed in, and its page: 版次 ("01") and 版名.
    # Attachments (附件): the documents an article links to, and what was downloaded.
    _execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "kicker" TEXT;
ALTER TABLE "articles" ADD COLUMN "subtitle" TEXT;
ALTER TABLE "articles" ADD COLUMN "edition_date" TEXT;
ALTER TABLE "articles" ADD COLUMN "page_no" TEXT;
ALTER TABLE "articles" ADD COLUMN "page_name" TEXT;
CREATE INDEX "idx_articles_edition_date"
    ON "articles" ("edition_date");
CREATE TABLE "attachments" (
   "id" INTEGER PRIMARY KEY,
   "article_id" INTEGER NOT NULL REFERENCES "articles"("id"),
   "url" TEXT NOT NULL,
   "text" TEXT,
   "file_name" TEXT,
   "type" TEXT,
   "size" INTEGER,
   "sha1" TEXT,
   "path" TEXT,
   "fetched_at" TEXT
);
CREATE UNIQUE INDEX "idx_attachments_article_id_url"
    ON "attachments" ("article_id", "url");
CREATE INDEX "idx_attachments_sha1"
    ON "attachments" ("sha1");
""",
    )


@migrations()
def m021_document_date(db: Database) -> None:
    # The date a government document was written or signed (成文日期 / 发文日期), beside
    # its publish date: the day alone, in China time. Null where the page gives none, and
    # for articles archived before.
    _execute(
        db,
        """
ALTER TABLE "articles" ADD COLUMN "document_date" TEXT;
""",
    )


def _rebuild_stories(db: Database) -> None:
    from .stories import rebuild_stories

    rebuild_stories(db)


def _rebuild_search(db: Database) -> None:
    from .search import rebuild_search

    rebuild_search(db)


#: migration name -> the backfill that fills its tables from what the archive holds.
BACKFILLS: dict[str, Callable[[Database], None]] = {
    "m008_stories": _rebuild_stories,
    "m016_search_folds_traditional": _rebuild_search,
}


def migrate(db: Database) -> list[str]:
    """Apply pending migrations, then their backfills; returns the migrations' names."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    for name in pending:
        if name in BACKFILLS:
            BACKFILLS[name](db)
    return pending
