"""Datasette plugin: articles that read well.

- An article's own page (``/<db>/articles/<id>``) is made for reading
  (``plugins/templates/article.html``, chosen by ``templates/row.html``): the headline as the
  heading, a line of metadata, the body as paragraphs in a column of readable width with
  its images and captions, related articles as links (to the archived copy where there is
  one), the story's other versions with their delays, reprints merged into it, revisions,
  removal, the original URL and the page as fetched. ``?_full=1`` is Datasette's full row.
- ``/<db>/-/page/<id>`` serves the raw page as fetched, decompressed, in a sandbox (its
  scripts never run in Datasette's origin).
- In table views and saved queries long text is cut to :data:`TABLE_TEXT_CHARS`
  characters on one line, and titles and article ids link to the article's page.

Run Datasette with ``--template-dir plugins/templates`` (``make browse`` does).
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timedelta
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

#: Characters of a long text shown in a table cell.
TABLE_TEXT_CHARS = 60
#: Title columns of articles, tables and saved queries, and the columns of the article's
#: id that go with them (the first one the row has).
TITLE_IDS = {
    "title": ("id", "article_id"),
    "origin_title": ("origin_article_id",),
    "reprint_title": ("reprint_article_id",),
}
#: Columns of saved queries that hold an article's id, when the row has its title too.
ARTICLE_ID_COLUMNS = {"id": "title", "article_id": "title",
                      "origin_article_id": "origin_title", "reprint_article_id": "reprint_title"}  # fmt: skip


def paragraphs(body: str | None) -> list[str]:
    """The body's paragraphs, one per non-blank line.

    >>> paragraphs("第一段。\\n\\n  第二段  ")
    ['第一段。', '第二段']
    """
    return [line.strip() for line in (body or "").splitlines() if line.strip()]


def shorten(text: str, limit: int = TABLE_TEXT_CHARS) -> str:
    """The text on one line, cut to ``limit`` characters.

    >>> shorten("第一段。\\n第二段。", 6)
    '第一段。 第…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def shown_time(value: str | None) -> str:
    """A stored time as a reader reads it: to the minute, in Beijing time for publish
    times (which carry +08:00), in UTC for the crawl's own (which carry +00:00); a day or a
    month alone as it is.

    >>> shown_time("2023-01-29T10:21:00+08:00"), shown_time("2026-12-01T23:11:44+00:00")
    ('2023-01-29 10:21', '2026-12-01 23:11 UTC')
    >>> shown_time("2023-01-29"), shown_time("2023-01"), shown_time(None)
    ('2023-01-29', '2023-01', '')
    """
    if not value or len(value) <= 10:
        return value or ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    shown = f"{moment:%Y-%m-%d %H:%M}"
    offset = moment.utcoffset()
    if offset == timedelta(hours=8):
        return shown
    if offset == timedelta(0):
        return shown + " UTC"
    return value


def file_size(size: int | None) -> str:
    """A file's size as a reader reads it.

    >>> file_size(812), file_size(20480), file_size(3_500_000), file_size(None)
    ('812 B', '20 KB', '3.3 MB', '')
    """
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def json_list(value: str | None) -> list:
    try:
        parsed = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


async def _rows(db, sql: str, args: list) -> list[dict]:
    try:
        return [dict(r) for r in (await db.execute(sql, args)).rows]
    except Exception:  # a table an older archive lacks: that part of the page is left out
        return []


async def article_page(datasette: Any, database: str, article_id: str) -> dict | None:
    """What the article's page shows, or None when there is no such article."""
    db = datasette.get_database(database)
    found = await _rows(
        db,
        "select a.*, s.name as site, s.name_zh as site_name, s.base_url as site_url"
        " from articles a left join sites s on s.id = a.site_id where a.id = ?",
        [article_id],
    )
    if not found:
        return None
    a = found[0]
    article = datasette.urls.table(database, "articles")
    related = await _rows(
        db, "select url, title, to_article_id from links where from_article_id = ?"
        " and kind = 'related' order by rowid", [article_id])  # fmt: skip
    versions = []
    if a.get("story_id") is not None:
        versions = await _rows(
            db,
            "select a.id, a.title, s.name as site, a.published_at, st.first_article_id = a.id"
            " as origin, r.delay_hours from articles a join stories st on st.id = a.story_id"
            " left join sites s on s.id = a.site_id left join story_reprints r"
            " on r.reprint_article_id = a.id where a.story_id = ? and a.id != ?"
            " order by origin desc, a.published_at",
            [a["story_id"], article_id],
        )
    urls = await _rows(
        db, "select * from article_urls where article_id = ? and url_key != ?",
        [article_id, a["url_key"]])  # fmt: skip
    aliases = [u for u in urls if u.get("page") is None]  # the article's pages are no reprints
    later_pages = sorted((u for u in urls if u.get("page") is not None), key=lambda u: u["page"])
    revisions = await _rows(
        db, "select version, title, fetched_at, changed from article_versions"
        " where article_id = ? order by version desc", [article_id])  # fmt: skip
    tables = set(await db.table_names())
    attachments = []
    if "attachments" in tables:  # archives before the migration that made it lack it
        attachments = await _rows(
            db, "select * from attachments where article_id = ? order by id", [article_id]
        )
    page = await _rows(db, "select fetched_at from pages where article_id = ?", [article_id])
    return {
        "article": a,
        "site_url": a.get("site_url"),
        "authors": json_list(a.get("author")),
        "breadcrumbs": json_list(a.get("breadcrumbs")),
        "paragraphs": paragraphs(a.get("body")),
        "images": [i for i in json_list(a.get("images")) if isinstance(i, dict) and i.get("url")],
        "related": [
            {
                "title": link["title"] or link["url"],
                "archived": link["to_article_id"] is not None,
                "href": f"{article}/{link['to_article_id']}"
                if link["to_article_id"]
                else link["url"],
            }
            for link in related
        ],
        "versions": [dict(v, href=f"{article}/{v['id']}") for v in versions],
        "story_href": datasette.urls.query(database, "story_reprints")
        + f"?story_id={a.get('story_id')}",
        "aliases": aliases,
        "later_pages": later_pages,
        "revisions": [dict(r, changed=json_list(r["changed"])) for r in revisions],
        "attachments": attachments,
        "raw_href": datasette.urls.path(f"/{database}/-/page/{article_id}") if page else None,
        "fetched_at": page[0]["fetched_at"] if page else None,
        "full_href": f"{article}/{article_id}?_full=1",
        "json_href": f"{article}/{article_id}.json",
    }


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """Datasette hook: what an article's own page shows (templates/row.html uses it)."""
    if view_name != "row" or table != "articles" or request is None:
        return {}
    if request.args.get("_full"):
        return {"article_page": None}

    async def inner() -> dict:
        pks = request.url_vars.get("pks", "")
        return {"article_page": await article_page(datasette, database, pks.split(",")[0])}

    return inner


async def raw_page(request, datasette) -> Response:
    """The page as fetched, in a sandbox: its scripts and forms never run here."""
    database, article_id = request.url_vars["database"], request.url_vars["article_id"]
    db = datasette.get_database(database)
    rows = (await db.execute(
        "select body, headers, encoding from pages where article_id = ?", [article_id])).rows  # fmt: skip
    if not rows:
        return Response.text("no stored page for this article", status=404)
    body, headers, encoding = rows[0]
    stored = {k.lower(): v for k, v in json.loads(headers or "{}").items()}
    content_type = stored.get("content-type") or f"text/html; charset={encoding or 'utf-8'}"
    return Response(
        zlib.decompress(body),
        content_type=content_type,
        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"},
    )


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["shown_time"] = shown_time
    env.filters["file_size"] = file_size


@hookimpl
def register_routes():
    """Datasette hook: the raw page route."""
    return [(r"^/(?P<database>[^/]+)/-/page/(?P<article_id>\d+)$", raw_page)]


def _link(datasette: Any, database: str, article_id: Any, text: str) -> Markup:
    href = datasette.urls.table(database, "articles") + f"/{article_id}"
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Datasette hook: cells of tables and saved queries that stay one line, and titles
    and article ids that link to the article's page."""
    if value is None or value == "" or table not in (None, "articles") or row is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    ident = next((k for k in TITLE_IDS.get(column, ()) if k in keys and row[k] is not None), None)
    if ident is not None:
        return _link(datasette, database, row[ident], shorten(str(value)))
    if table is None and column in ARTICLE_ID_COLUMNS and ARTICLE_ID_COLUMNS[column] in keys:
        return _link(datasette, database, value, str(value))
    if isinstance(value, str) and len(value) > TABLE_TEXT_CHARS:
        return shorten(value)
    return None
