"""Datasette plugin: the archive's table settings, saved queries and chart, for any file name.

Datasette keys metadata by database name (the file's stem), so a datasette-metadata.yml
written for archive.db would not apply to other.db. This plugin gives every database that
holds an archive the same settings:

- table and column descriptions (Chinese and English, ``plugins/tables.toml``), default
  facets and sort order of ``articles``, searchable through the Chinese search index;
- the raw pages, the search index and the story index hidden;
- saved queries, one file each in ``plugins/queries/`` (title, description, the tables and
  columns it needs, its SQL), through the ``canned_queries`` hook;
- a chart of articles over time per site, a datasette-dashboards dashboard at
  ``/-/dashboards/<database>``;
- the SQL function ``han_fts_query(text)`` (:func:`archive.search.fts_query`), which
  saved queries use: their parameters do not pass through plugins/han_search.py.

Every setting names only tables and columns the database has (:func:`archive_schema`): a
facet, sort or query on a missing column would make Datasette answer with an error, and
archives made before a migration lack its columns.

    datasette archive.db -m datasette-metadata.yml --plugins-dir plugins
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tomllib
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from archive.database import describe
from archive.queries import table_columns
from archive.search import BM25_WEIGHTS, fts_query

Schema = dict[str, frozenset[str]]
HERE = Path(__file__).resolve().parent

#: Tables nobody browses: raw pages, search tokens and their FTS5 shadow tables, the story
#: index, the writer's place in its queue, the migration log.
HIDDEN = (
    "pages",
    "articles_search",
    "articles_search_fts",
    "articles_search_fts_config",
    "articles_search_fts_data",
    "articles_search_fts_docsize",
    "articles_search_fts_idx",
    "story_signatures",
    "story_bands",
    "writer_state",
    "_sqlite_migrations",
)

#: Facets of the ``articles`` table, when it has the column; months and days newest
#: first (plugins/newest_first_facet.py).
FACETS = ("site_id", "source", "section", "published_month", "published_day")
NEWEST_FIRST = {"published_month", "published_day"}


def load_query(path: Path) -> dict:
    """A saved query from its file: title, description, sql, and needs (table -> columns)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return {
        "title": data["title"],
        "description": data["description"],
        "sql": data["sql"].replace("{bm25_weights}", weights).strip(),
        "needs": {table: frozenset(cols) for table, cols in data.get("needs", {}).items()},
    }


#: name -> the saved query, from plugins/queries/NAME.toml.
QUERIES = {path.stem: load_query(path) for path in sorted((HERE / "queries").glob("*.toml"))}

#: table -> {"description": ..., "columns": {column: description}}.
DESCRIPTIONS: dict[str, dict] = tomllib.loads((HERE / "tables.toml").read_text("utf-8"))

_schemas: dict[str, tuple[Any, Schema]] = {}


def _stamp(path: str) -> tuple:
    """What changes when the file or its write-ahead log changes."""
    out = []
    for name in (path, path + "-wal"):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            out.append(None)
        else:
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)


def archive_schema(datasette: Any, name: str) -> Schema:
    """Tables and views of database ``name`` with their columns, cached until the file changes.

    Datasette calls ``get_metadata`` synchronously, many times a page, so this reads the
    schema with its own read-only connection and keeps it while the file and its WAL keep
    their size and time.
    """
    db = datasette.databases.get(name)
    if db is None or (db.is_memory and not db.memory_name):
        return {}
    stamp = _stamp(db.path) if db.path else None
    cached = _schemas.get(name)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    if db.path:
        conn = sqlite3.connect(Path(db.path).resolve().as_uri() + "?mode=ro", uri=True)
    else:
        conn = db.connect()
    try:
        schema = table_columns(conn)
    except sqlite3.Error:
        schema = {}
    finally:
        conn.close()
    _schemas[name] = (stamp, schema)
    return schema


def table_settings(schema: Schema) -> dict[str, dict]:
    """The ``tables`` metadata of a database with this schema.

    >>> tables = table_settings({"articles": frozenset({"id", "title", "body", "source"})})
    >>> tables["articles"]["facets"], "sort_desc" in tables["articles"]
    (['source'], False)
    >>> table_settings({"articles": frozenset({"published_month"})})["articles"]["facets"]
    [{'newest': 'published_month'}]
    >>> tables["pages"]
    {'hidden': True}
    >>> table_settings({"attachments": frozenset({"id", "type"})})["attachments"]["facets"]
    ['type']
    """
    tables: dict[str, dict] = {}
    for table, described in DESCRIPTIONS.items():
        have = schema.get(table, frozenset())
        tables[table] = {
            "description": described["description"],
            "columns": {c: d for c, d in described["columns"].items() if c in have},
        }
    articles = schema.get("articles", frozenset())
    tables["articles"].update(
        fts_table="articles_search_fts",
        fts_pk="id",
        facets=[{"newest": c} if c in NEWEST_FIRST else c for c in FACETS if c in articles],
        facet_size=8,  # the first screen shows rows, not 30 values of each facet
        size=50,
    )
    if "published_at" in articles:
        tables["articles"]["sort_desc"] = "published_at"
    if "name" in schema.get("sites", ()):
        tables["sites"]["label_column"] = "name"
    if "started_at" in schema.get("crawls", ()):
        tables["crawls"]["sort_desc"] = "started_at"
    if "type" in schema.get("attachments", ()):  # PDFs, forms, tables ... of each site
        tables["attachments"].update(facets=["type"], sort_desc="id")
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return tables


def has(schema: Schema, needs: dict[str, frozenset[str]]) -> bool:
    """Does the schema have every table (or view) and column in ``needs``?"""
    return all(t in schema and cols <= schema[t] for t, cols in needs.items())


def dashboard(datasette: Any, name: str) -> dict:
    """The datasette-dashboards dashboard of database ``name``: articles over time per site."""
    where = (
        "a.published_month is not null [[ and s.name = :site ]]"
        " [[ and a.published_day >= :date_start ]]"
        " [[ and a.published_day <= :date_end ]]"
    )
    line = {"type": "line", "point": True, "tooltip": True}
    return {
        "title": f"{name}: 文章数量走势 · articles over time",
        "description": "每个站点按月、全部（或所选站点）按日的文章数 · Articles per site per"
        " month, and per day for every site or the chosen one.",
        "layout": [["per-month"], ["per-day"]],
        "filters": {
            "site": {
                "name": "站点 · site",
                "type": "select",
                "db": name,
                "query": "select name from sites order by name",
            },
            "date_start": {"name": "起 · from", "type": "date"},
            "date_end": {"name": "止 · to", "type": "date"},
        },
        "charts": {
            "per-month": {
                "title": "每月文章数（按站点）· articles per site per month",
                "db": name,
                "library": "vega-lite",
                "query": "select a.published_month as month, s.name as site,"
                f" count(*) as articles from articles a join sites s on s.id = a.site_id"
                f" where {where} group by month, site order by month, site",
                "display": {
                    "mark": line,
                    "encoding": {
                        "x": {
                            "field": "month",
                            "type": "temporal",
                            "timeUnit": "yearmonth",
                            "axis": {"format": "%Y-%m", "title": "month"},
                        },
                        "y": {"field": "articles", "type": "quantitative"},
                        "color": {"field": "site", "type": "nominal"},
                    },
                },
            },
            "per-day": {
                "title": "每日文章数 · articles per day",
                "db": name,
                "library": "vega-lite",
                # Every day from the first to the last, a day without articles as 0: a
                # line drawn across the gap would show articles that were never there.
                "query": "with recursive counts as (select a.published_day as day,"
                " count(*) as articles from articles a join sites s on s.id = a.site_id"
                f" where {where} and a.published_day is not null group by day),"
                " span(day) as (select min(day) from counts union all"
                " select date(day, '+1 day') from span where day < (select max(day) from counts))"
                " select span.day as day, coalesce(counts.articles, 0) as articles"
                " from span left join counts on counts.day = span.day"
                " where span.day is not null order by span.day",
                "display": {
                    "mark": line,
                    "encoding": {
                        "x": {
                            "field": "day",
                            "type": "temporal",
                            "timeUnit": "yearmonthdate",
                            "axis": {"format": "%Y-%m-%d", "title": "day"},
                        },
                        "y": {"field": "articles", "type": "quantitative"},
                    },
                },
            },
        },
    }


def archive_names(datasette: Any, database: str | None) -> list[str]:
    """The databases to describe: ``database`` alone, or all but Datasette's own."""
    if database:
        return [database]
    return [n for n in datasette.databases if n != "_internal"]


@hookimpl
def get_metadata(datasette, key, database, table):
    """Datasette hook: table settings and the dashboards, for every archive."""
    databases, dashboards = {}, {}
    for name in archive_names(datasette, database):
        schema = archive_schema(datasette, name)
        if "articles" not in schema:
            continue
        databases[name] = {"tables": table_settings(schema)}
        if has(schema, QUERIES["articles_per_site_per_day"]["needs"]):
            dashboards[name] = dashboard(datasette, name)
    metadata: dict[str, Any] = {"databases": databases}
    if dashboards:
        metadata["plugins"] = {"datasette-dashboards": dashboards}
    return metadata


@hookimpl
def canned_queries(datasette, database, actor):
    """Datasette hook: the saved queries whose tables and columns the database has."""
    schema = archive_schema(datasette, database)
    queries = {
        # The SQL folded away (one click shows it): a saved query's page opens on its rows.
        name: {**{key: query[key] for key in ("title", "description", "sql")}, "hide_sql": True}
        for name, query in QUERIES.items()
        if has(schema, query["needs"])
    }
    if "articles_per_site_per_day" in queries:
        chart = datasette.urls.path(f"/-/dashboards/{database}")
        description = escape(QUERIES["articles_per_site_per_day"]["description"])
        queries["articles_per_site_per_day"]["description_html"] = Markup(
            f'{description} <a href="{escape(chart)}">图表 · chart</a>'
        )
    return queries


def han_fts_query(text: str | None) -> str:
    """SQL function: the FTS5 query for what the user typed (``fts_query``); '' → no match.

    >>> han_fts_query("禹州市 经济"), han_fts_query(None)
    ('"禹州 州市" 经济', '""')
    """
    return fts_query(text or "")


@hookimpl
def prepare_connection(conn, database, datasette):
    """Datasette hook: register ``han_fts_query(text)`` on every connection."""
    conn.create_function("han_fts_query", 1, han_fts_query, deterministic=True)


@hookimpl
def startup(datasette):
    """Datasette hook: an archive file that cannot be read (damaged, not SQLite) is one
    line and exit status 2 when Datasette starts, not a traceback."""
    for db in datasette.databases.values():
        if not db.path or db.is_memory:
            continue
        try:
            conn = sqlite3.connect(Path(db.path).resolve().as_uri() + "?mode=ro", uri=True)
            try:
                conn.execute("select count(*) from sqlite_master").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            sys.stderr.write(f"datasette: error: {describe(db.path, exc)}\n")
            raise SystemExit(2) from None
