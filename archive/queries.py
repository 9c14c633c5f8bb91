"""Every read the project makes of the archive: the crawl's (known URLs, reprints), the
commands' (summary, report, recheck, re-extraction, stories, scheduling), the archive
writer's and Datasette's. Writes are in archive.articles, archive.crawls, archive.entries.

Each function takes an open archive (archive.open_archive) and returns plain data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sqlite_utils import Database


# ---------------------------------------------------------------- what a crawl needs to know


def site_of(db: Database, name: str, base_url: str | None = None) -> tuple[int, str] | None:
    """(id, name) of the site a crawl of this profile belongs to: the site of that name, or
    else the site of the same host (scheme aside, port included) where one of the two was
    named after its host by a crawl of a URL alone (`-a url=`): a portal is one site
    whether it was crawled by URL or by a profile. Two profiles of one host stay two sites.

    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> _ = db.execute("create table sites (id integer primary key, name, base_url)")
    >>> _ = db.execute("insert into sites values (1, 'www.x.gov.cn', 'http://www.x.gov.cn/')")
    >>> site_of(db, "xian", "https://www.x.gov.cn/xwzx/"), site_of(db, "other", "http://y.cn/")
    ((1, 'www.x.gov.cn'), None)
    """
    if "sites" not in db.table_names():
        return None
    row = db.execute("select id, name from sites where name = ?", [name]).fetchone()
    if row or not base_url:
        return tuple(row) if row else None
    host = _host(base_url)
    for site_id, other, other_url in db.execute("select id, name, base_url from sites"):
        if other_url and _host(other_url) == host and host in (name.lower(), other.lower()):
            return site_id, other
    return None


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def archived_keys(db: Database, site_id: int | None) -> set[str]:
    """Every URL key the site's archived articles are known under (aliases included)."""
    if site_id is None or "article_urls" not in db.table_names():
        return set()
    return {
        key
        for (key,) in db.execute(
            "select u.url_key from article_urls u join articles a on a.id = u.article_id "
            "where a.site_id = ?",
            [site_id],
        )
    }


def body_owners(db: Database, site_id: int | None) -> dict[str, str]:
    """body_hash -> url_key of the site's archived articles."""
    if site_id is None:
        return {}
    return dict(
        db.execute(
            "select body_hash, url_key from articles where site_id = ?", [site_id]
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
    """The article archived under a URL key (its own or an alias)."""
    row = db.execute("select article_id from article_urls where url_key = ?", [key]).fetchone()
    return row[0] if row else None


#: A crawl that read the portal and ended as it should, or was stopped on purpose
#: (CLOSESPIDER_* settings): the schedule counts from it. Interrupted, killed or failed
#: crawls, and a crawl that could fetch nothing (the portal was down), leave the site due.
COMPLETED = (
    "c.kind = 'crawl' and ((c.status = 'finished' and c.pages > 0)"
    " or c.finish_reason like 'closespider%')"
)


def last_completed_crawl(db: Database | None, site_id: int | None) -> datetime | None:
    """When the site's last completed crawl (COMPLETED) started (UTC), or None."""
    if db is None or site_id is None:
        return None
    row = db.execute(
        f"select max(c.started_at) from crawls c where c.site_id = ? and {COMPLETED}",
        [site_id],
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def last_crawl_completed(db: Database, site_id: int | None) -> bool:
    """Did the site's last crawl of the portal (not a recheck) complete? No crawl: yes."""
    if site_id is None:
        return True
    row = db.execute(
        f"select {COMPLETED} from crawls c where c.site_id = ? and c.kind = 'crawl' "
        "and c.status != 'running' order by c.id desc limit 1",
        [site_id],
    ).fetchone()
    return row is None or bool(row[0])


def sites(db: Database) -> list[tuple[int, str, str | None]]:
    """(id, name, base_url) of every site, by name."""
    return db.execute("select id, name, base_url from sites order by name").fetchall()


def articles_to_recheck(db: Database, site: str, cutoff: str) -> list[str]:
    """URLs of the site's articles not removed and not seen or checked since the cutoff."""
    rows = db.execute(
        "select a.url from articles a join sites s on s.id = a.site_id where s.name = ? "
        "and a.removed_at is null and max(coalesce(a.last_checked, ''), a.last_seen) <= ? "
        "order by a.id",
        [site, cutoff],
    ).fetchall()
    return [url for (url,) in rows]


def stored_pages(db: Database, site: str | None = None) -> list[tuple]:
    """The raw pages kept for re-extraction: (url, status, headers JSON, zlib body,
    fetched_at, url_key, site_id, crawl_id, site name), by article."""
    where, args = ("where s.name = ?", [site]) if site else ("", [])
    return db.execute(
        "select p.url, p.status, p.headers, p.body, p.fetched_at, a.url_key, "
        f"a.site_id, a.crawl_id, s.name from pages p join articles a on a.id = p.article_id "
        f"join sites s on s.id = a.site_id {where} order by p.article_id",
        args,
    ).fetchall()


def stored_captures(db: Database, site: str | None = None) -> Iterator[tuple]:
    """Every stored page with what a web archive export says of it, by article: (url,
    status, headers JSON, zlib body, fetched_at, the article's last_seen, date_source,
    published_at, published_at_raw, site name, crawl_id). A cursor, not a list: an
    archive's pages need not fit in memory."""
    where, args = ("where s.name = ?", [site]) if site else ("", [])
    # The later pages of an article split over pages follow its first, as captures with
    # nothing more to say (their list date and revisits are the first page's).
    yield from db.execute(
        "select url, status, headers, body, fetched_at, last_seen, date_source, published_at, "
        "published_at_raw, name, crawl_id from ("
        "select p.url, p.status, p.headers, p.body, p.fetched_at, a.last_seen, "
        "a.date_source, a.published_at, a.published_at_raw, s.name, a.crawl_id, "
        "p.article_id, 1 as page from pages p join articles a on a.id = p.article_id "
        f"join sites s on s.id = a.site_id {where} "
        "union all select l.url, l.status, l.headers, l.body, l.fetched_at, null, null, null, "
        "null, s.name, a.crawl_id, l.article_id, l.page from later_pages l "
        f"join articles a on a.id = l.article_id join sites s on s.id = a.site_id {where}"
        ") order by article_id, page",
        args * 2,
    )


def crawls_of_pages(db: Database, site: str | None = None) -> list[tuple]:
    """(crawl id, site, kind, started_at, finished_at, status) of every crawl that made a
    stored page (of one site), oldest first."""
    where, args = ("and s.name = ?", [site]) if site else ("", [])
    return db.execute(
        "select c.id, s.name, c.kind, c.started_at, c.finished_at, c.status from crawls c "
        "join sites s on s.id = c.site_id where c.id in (select a.crawl_id from pages p "
        f"join articles a on a.id = p.article_id) {where} order by c.id",
        args,
    ).fetchall()


# ---------------------------------------------------------------- what the commands show


def last_crawls(db: Database) -> list[tuple]:
    """The last crawl of each site: (site, status, pages, new, updated, unchanged, errors,
    dropped, crawl id), by site name."""
    return db.execute(
        "select s.name, c.status, c.pages, c.articles_new, c.articles_updated, "
        "c.articles_unchanged, c.errors, c.dropped, c.id from crawls c "
        "join sites s on s.id = c.site_id "
        "where c.id in (select max(id) from crawls group by site_id) order by s.name"
    ).fetchall()


def article_count(db: Database) -> int:
    return db.execute("select count(*) from articles").fetchone()[0]


def counts_by(db: Database, column: str, empty: str | None = None) -> list[tuple[str, int]]:
    """(value, articles) for a column of articles, most frequent first; empty names nulls."""
    value = f"coalesce({column}, ?)" if empty is not None else column
    args = [empty] if empty is not None else []
    return db.execute(
        f"select {value}, count(*) from articles group by 1 order by 2 desc", args
    ).fetchall()


def merged_reprints(db: Database) -> int:
    """URLs merged into an article archived under another URL (not its later pages)."""
    return db.execute(
        "select count(*) from article_urls u join articles a on a.id = u.article_id "
        "where u.url_key != a.url_key and u.page is null"
    ).fetchone()[0]


def attachment_counts(db: Database) -> tuple[int, int]:
    """Attachments recorded, and those of them downloaded (0, 0 in an archive older than
    the attachments table)."""
    if "attachments" not in db.table_names():
        return 0, 0
    return tuple(db.execute("select count(*), count(path) from attachments").fetchone())


def fetch_errors(db: Database) -> list[tuple]:
    """(status, reason, url) of every page that failed, oldest first."""
    return db.execute("select status, reason, url from fetch_errors order by id").fetchall()


def site_crawls(db: Database, site_id: int) -> list[tuple]:
    """The site's crawls, newest first: (started_at, status, pages, new, updated, unchanged,
    errors, lists, known_links, run)."""
    return db.execute(
        "select started_at, status, pages, articles_new, articles_updated, "
        "articles_unchanged, errors, lists, known_links, run from crawls "
        "where site_id = ? and kind = 'crawl' order by id desc",
        [site_id],
    ).fetchall()


def dated_shares(db: Database, site_id: int) -> tuple[int, int, int, int] | None:
    """Of the site's last crawl (of the portal): (its new articles, how many without a
    date; the site's earlier articles, how many without a date). None before a crawl."""
    row = db.execute(
        "select max(id) from crawls where site_id = ? and kind = 'crawl'", [site_id]
    ).fetchone()
    if not row or row[0] is None:
        return None
    last = row[0]
    new, new_undated, before, before_undated = db.execute(
        "select count(*) filter (where crawl_id = :last),"
        " count(*) filter (where crawl_id = :last and published_at is null),"
        " count(*) filter (where crawl_id < :last),"
        " count(*) filter (where crawl_id < :last and published_at is null)"
        " from articles where site_id = :site",
        {"last": last, "site": site_id},
    ).fetchone()
    return new, new_undated, before, before_undated


def open_alarms(db: Database, site_id: int) -> dict[str, int]:
    """kind -> id of the site's alarms that have not cleared."""
    return dict(
        db.execute(
            "select kind, id from alarms where site_id = ? and cleared_at is null", [site_id]
        ).fetchall()
    )


def unmailed_alarms(db: Database, site_id: int) -> list[tuple[int, str, str]]:
    """(id, kind, message) of the site's raised alarms nobody was mailed about yet."""
    return db.execute(
        "select id, kind, message from alarms where site_id = ? and cleared_at is null "
        "and mailed_at is null order by id",
        [site_id],
    ).fetchall()


def story_counts(db: Database) -> tuple[int, int, int, int, int]:
    """(articles, stories, stories with reprints, articles in them, largest story)."""
    articles = article_count(db)
    total, multi, grouped, largest = db.execute(
        "select count(*), count(*) filter (where article_count > 1),"
        " coalesce(sum(article_count) filter (where article_count > 1), 0),"
        " coalesce(max(article_count), 0) from stories"
    ).fetchone()
    return articles, total, multi, grouped, largest


def largest_stories(db: Database, top: int) -> list[tuple]:
    """(story, articles, sites, first published, origin's title, origin's site) of the
    largest stories with reprints."""
    return db.execute(
        "select s.id, s.article_count, s.site_count, s.first_published_at, a.title,"
        " coalesce(t.name, '?') from stories s join articles a on a.id = s.first_article_id"
        " left join sites t on t.id = a.site_id where s.article_count > 1"
        " order by s.article_count desc, s.id limit ?",
        [top],
    ).fetchall()


# ---------------------------------------------------------------- the archive writer's


def crawl_of_token(db: Database, token: str) -> tuple[int, int, str] | None:
    """(crawl id, site id, site name) of a worker's crawl, by its token."""
    return db.execute(
        "select c.id, c.site_id, s.name from crawls c join sites s on s.id = c.site_id "
        "where c.token = ?",
        [token],
    ).fetchone()


def last_batch(db: Database, queue: str) -> list[str]:
    """The message ids of the last batch the writer committed from a queue."""
    row = db.execute("select last_batch from writer_state where queue = ?", [queue]).fetchone()
    return json.loads(row[0]) if row else []


# ---------------------------------------------------------------- Datasette's


def table_columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """table or view -> its columns, for a plain sqlite3 connection.

    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("create table articles (id integer primary key, title, body)")
    >>> {name: sorted(columns) for name, columns in table_columns(conn).items()}
    {'articles': ['body', 'id', 'title']}
    """
    names = [
        r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")
    ]
    schema = {}
    for name in names:
        try:
            rows = conn.execute("select name from pragma_table_info(?)", [name]).fetchall()
        except sqlite3.Error:  # a view on a table that is gone
            continue
        schema[name] = frozenset(r[0] for r in rows)
    return schema
