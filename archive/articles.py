"""Writing articles: idempotent by URL key. Archiving an article again only moves its
last_seen, unless its content changed: then the row is updated in place and the old
content kept as a version. Every URL it is found under, its links, its search tokens, its
story and its raw page are written with it."""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING

from core.clock import publish_day, publish_month
from core.urls import canonical_url, url_key

from . import search, stories
from .database import insert_row

if TYPE_CHECKING:
    from sqlite_utils import Database

    from core.items import CheckResult, CrawledArticle, ListDate

#: A digital edition's fields of an article (core.items.Article).
EDITION_FIELDS = ("kicker", "subtitle", "edition_date", "page_no", "page_name")
# The fields whose change makes an archived article "updated".
CONTENT_FIELDS = ("title", "published_at", "source", "author", "editor", "body_hash")


def _row(item: CrawledArticle, site_id: int, crawl_id: int) -> dict:
    a = item.article
    return {
        "url": canonical_url(item.url),
        "url_key": item.url_key,
        "site_id": site_id,
        "title": a.title,
        "published_at": a.published_at,
        "published_at_raw": a.published_at_raw,
        "published_month": publish_month(a.published_at),
        "published_day": publish_day(a.published_at),
        "date_source": a.date_source,
        "document_date": a.document_date,
        "source": a.source,
        "author": json.dumps(a.author, ensure_ascii=False),
        "editor": a.editor,
        "breadcrumbs": json.dumps(a.breadcrumbs, ensure_ascii=False),
        "section": a.section,
        "body": a.body,
        "body_hash": item.body_hash,
        "char_count": len(a.body or ""),
        "images": json.dumps(a.images, ensure_ascii=False),
        "encoding": a.encoding,
        "kicker": a.kicker,
        "subtitle": a.subtitle,
        "edition_date": a.edition_date,
        "page_no": a.page_no,
        "page_name": a.page_name,
        "page_count": item.page_count,
        "crawl_id": crawl_id,
    }


def write_article(
    db: Database, item: CrawledArticle, site_id: int, crawl_id: int, *, keep_pages: bool
) -> str:
    """Insert or update one article (url_key and body_hash set); returns "new", "updated"
    or "unchanged"."""
    row = _row(item, site_id, crawl_id)
    stored = _stored(db, item.url_key)
    if stored and row["published_at"] is None and stored["date_source"] in ("list", "edition"):
        # A list (or an edition's page) showed this undated article's date in an earlier
        # crawl: keep it.
        for name in ("published_at", "published_at_raw", "date_source"):
            row[name] = stored[name]
        row["published_month"] = publish_month(stored["published_at"])
        row["published_day"] = publish_day(stored["published_at"])
    if stored:
        # What the page an edition's article was linked from said of it (its 版面), which
        # its own page may not say (a re-extraction of the stored page): kept.
        for name in EDITION_FIELDS:
            if row[name] is None:
                row[name] = stored[name]
    if stored is None:
        row.update(first_seen=item.fetched_at, last_seen=item.fetched_at)
        article_id = insert_row(db, "articles", row)
        outcome = "new"
    else:
        article_id = stored["id"]
        if item.fetched_at < stored["first_seen"]:
            return _older_capture(db, article_id, stored, row, item.fetched_at)
        if not _changed(stored, row):
            # The edition's fields are the page's, not content: a re-read fills them in;
            # an article archived before document_date was read gets it, unchanged.
            db.execute(
                "update articles set last_seen = :last_seen, kicker = :kicker, subtitle ="
                " :subtitle, edition_date = :edition_date, page_no = :page_no, page_name ="
                " :page_name, document_date = coalesce(document_date, :document_date)"
                " where id = :id",
                {**{f: row[f] for f in EDITION_FIELDS}, "last_seen": item.fetched_at,
                 "document_date": row["document_date"], "id": article_id},
            )  # fmt: skip
            # A later crawl may have downloaded what an earlier one only recorded.
            write_attachments(db, article_id, item.article.attachments)
            return "unchanged"
        _keep_version(db, article_id, stored, row)
        row["last_seen"] = item.fetched_at
        assignments = ", ".join(f"{name} = :{name}" for name in row)
        db.execute(f"update articles set {assignments} where id = :id", {**row, "id": article_id})
        outcome = "updated"
    add_alias(db, item.url, article_id, item.fetched_at)
    for number, page_url in enumerate(item.page_urls, start=2):  # never articles of their own
        add_alias(db, page_url, article_id, item.fetched_at, page=number)
    _write_links(db, article_id, item)
    write_attachments(db, article_id, item.article.attachments, replace=True)
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
        insert_row(db, "pages", page, replace=True)
        _write_later_pages(db, article_id, item)
    return outcome


def _write_later_pages(db: Database, article_id: int, item: CrawledArticle) -> None:
    """The raw responses of an article's later pages, as its first page's is kept."""
    db.execute("delete from later_pages where article_id = ?", [article_id])
    for number, page in enumerate(item.later_pages, start=2):
        row = {
            "article_id": article_id,
            "page": number,
            "url": page.url,
            "status": page.status,
            "headers": json.dumps(page.headers, ensure_ascii=False),
            "encoding": item.article.encoding,
            "body": zlib.compress(page.body, 6),
            "fetched_at": page.fetched_at,
        }
        insert_row(db, "later_pages", row)


#: The content of an article a version keeps.
VERSION_FIELDS = ("title", "body", "published_at", "source", "author", "editor")


def _keep_version(db: Database, article_id: int, stored: dict, row: dict) -> None:
    """Keep the content an update replaces, with the fields that changed."""
    old = db.execute(
        f"select {', '.join(VERSION_FIELDS)}, last_seen from articles where id = ?",
        [article_id],
    ).fetchone()
    _add_version(db, article_id, dict(zip(VERSION_FIELDS, old[:-1], strict=True)), old[-1],
                 _changed(stored, row))  # fmt: skip


def _older_capture(db: Database, article_id: int, stored: dict, row: dict, at: str) -> str:
    """A capture from before the archive first saw the article (earlier WARC files
    imported into an archive that holds later crawls): it moves first_seen back and, when
    its content differs, is kept as a version; the current row and its page stay the
    newest ones seen. (A re-extraction's stored page is never older than first_seen.)"""
    db.execute("update articles set first_seen = ? where id = ?", [at, article_id])
    if not (changed := _changed(stored, row)):
        return "unchanged"
    _add_version(db, article_id, {f: row[f] for f in VERSION_FIELDS}, at, changed)
    return "updated"


def _changed(stored: dict, row: dict) -> list[str]:
    return [f.removesuffix("_hash") for f in CONTENT_FIELDS if stored[f] != row[f]]


def _add_version(
    db: Database, article_id: int, content: dict, seen_at: str, changed: list[str]
) -> None:
    """A version of the article, numbered after the last: content last seen at seen_at."""
    version = db.execute(
        "select coalesce(max(version), 0) + 1 from article_versions where article_id = ?",
        [article_id],
    ).fetchone()[0]
    insert_row(db, "article_versions", {"article_id": article_id, "version": version,
               **content, "fetched_at": seen_at, "changed": json.dumps(changed)})  # fmt: skip


def _stored(db: Database, key: str) -> dict | None:
    names = ("id", *CONTENT_FIELDS, "published_at_raw", "date_source", "first_seen",
             *EDITION_FIELDS)  # fmt: skip
    found = db.execute(
        f"select {', '.join(names)} from articles where url_key = ?", [key]
    ).fetchone()
    return dict(zip(names, found, strict=True)) if found else None


def add_alias(
    db: Database,
    url: str,
    article_id: int,
    seen_at: str,
    *,
    title: str | None = None,
    section: str | None = None,
    published_at: str | None = None,
    page: int | None = None,
) -> None:
    """Record a URL an article is found under, with the headline, section and date that
    page gave it when it is a reprint, or its page number when it is a later page of the
    article; links pointing there now resolve."""
    key = url_key(url)
    db.execute(
        "insert into article_urls (url_key, url, article_id, first_seen, title, section,"
        " published_at, page) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (url_key) do update"
        " set title = coalesce(excluded.title, title),"
        " section = coalesce(excluded.section, section),"
        " published_at = coalesce(excluded.published_at, published_at),"
        " page = coalesce(excluded.page, page)",
        [key, canonical_url(url), article_id, seen_at, title, section, published_at, page],
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
        insert_row(db, "links", row, replace=True)
    db.execute(
        "update links set to_article_id = (select article_id from article_urls u "
        "where u.url_key = links.url_key) where from_article_id = ?",
        [article_id],
    )


def write_attachments(
    db: Database, article_id: int, attachments: list[dict], *, replace: bool = False
) -> None:
    """The documents an article links to. A download's size, SHA-1 and path stay when a
    later crawl only records the link again; with replace, attachments the article no
    longer links to are removed (its page changed)."""
    if replace:
        urls = [a["url"] for a in attachments]
        db.execute(
            "delete from attachments where article_id = ? and url not in"
            f" ({', '.join('?' * len(urls))})",
            [article_id, *urls],
        )
    for a in attachments:
        db.execute(
            "insert into attachments (article_id, url, text, file_name, type, size, sha1,"
            " path, fetched_at) values (:article_id, :url, :text, :file_name, :type, :size,"
            " :sha1, :path, :fetched_at) on conflict (article_id, url) do update set"
            " text = excluded.text, file_name = excluded.file_name, type = excluded.type,"
            " size = coalesce(excluded.size, size), sha1 = coalesce(excluded.sha1, sha1),"
            " path = coalesce(excluded.path, path),"
            " fetched_at = coalesce(excluded.fetched_at, fetched_at)",
            {"article_id": article_id, "url": a["url"], "text": a.get("text"),
             "file_name": a.get("file_name"), "type": a.get("type"), "size": a.get("size"),
             "sha1": a.get("sha1"), "path": a.get("path"),
             "fetched_at": a.get("fetched_at")},
        )  # fmt: skip


def write_list_date(db: Database, shown: ListDate) -> None:
    """A list's date for an article archived without one; an article's own date stays."""
    key = url_key(shown.url)
    updated = db.execute(
        "update articles set published_at = ?, published_at_raw = ?, date_source = 'list', "
        "published_month = ?, published_day = ? where url_key = ? and published_at is null",
        [shown.date, shown.raw, publish_month(shown.date), publish_day(shown.date), key],
    ).rowcount
    if updated:  # its story's origin may be another article now
        (article_id,) = db.execute("select id from articles where url_key = ?", [key]).fetchone()
        stories.refresh_story_of(db, article_id)


def write_check(db: Database, result: CheckResult) -> None:
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
