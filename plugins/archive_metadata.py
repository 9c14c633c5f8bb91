"""Datasette plugin: the archive's table settings, saved queries and chart, for any file name.

Datasette keys metadata by database name (the file's stem), so a datasette-metadata.yml
written for archive.db would not apply to other.db. This plugin gives every database that
holds an archive the same settings:

- table and column descriptions (Chinese and English), default facets and sort order of
  ``articles``, searchable through the Chinese search index (``fts_table``);
- the raw pages, the search index and the story index hidden;
- saved queries (:data:`QUERIES`, through the ``canned_queries`` hook);
- a chart of articles over time per site, a datasette-dashboards dashboard at
  ``/-/dashboards/<database>``;
- the SQL function ``han_fts_query(text)`` (:func:`archive.search.fts_query`), which
  saved queries use: their parameters do not pass through plugins/han_search.py.

Every setting names only tables and columns the database has (:func:`archive_schema`): a
facet, sort or query on a missing column would make Datasette answer with an error, and
archives made before a migration lack its columns.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

try:
    from archive.search import BM25_WEIGHTS, fts_query
except ModuleNotFoundError:  # the `datasette` script does not put the project on sys.path
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    from archive.search import BM25_WEIGHTS, fts_query

Schema = dict[str, frozenset[str]]

#: Tables nobody browses: raw pages, search tokens and their FTS5 shadow tables, the story
#: index, the migration log.
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

#: Facets of the ``articles`` table, when it has the column.
FACETS = ("site_id", "source", "section", "published_month")

#: table -> (description, {column: description}); bilingual, for the table pages.
DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "sites": (
        "站点：抓取的门户网站 · Sites: the portals crawled",
        {
            "name": "名称（配置文件名或域名）· profile name or host",
            "name_zh": "中文名称 · Chinese name",
            "province": "省 · province",
            "city": "市 · city",
            "county": "县 · county",
            "base_url": "网站地址 · base URL",
        },
    ),
    "articles": (
        "文章：每篇文章一行，正文每段一行 · Articles: one row per article,"
        " the body one paragraph per line. 搜索框支持一两个字的中文词 · The search box finds"
        " one- and two-character Chinese words.",
        {
            "url": "规范网址 · canonical URL",
            "url_key": "去重键 · dedupe key",
            "site_id": "站点 · site",
            "title": "标题 · title",
            "published_at": "发布时间（北京时间）· publish time (+08:00, or the day alone)",
            "published_at_raw": "页面上的发布时间原文 · publish time as the page shows it",
            "date_source": "发布时间来源 · where the date came from (metaline, meta, jsonld, text, url, list, none)",
            "source": "来源 · source (the 来源 line)",
            "author": "作者（JSON 列表）· authors (JSON list)",
            "editor": "编辑 · editor",
            "breadcrumbs": "导航路径（JSON 列表）· breadcrumb trail (JSON list)",
            "section": "栏目 · section",
            "body": "正文，每段一行 · body, one paragraph per line",
            "body_hash": "正文哈希 · body hash",
            "char_count": "正文字数 · characters in the body",
            "images": "图片（JSON：网址与说明）· images (JSON: url and caption)",
            "encoding": "页面编码 · page encoding",
            "first_seen": "首次抓取 · first fetched (UTC)",
            "last_seen": "最近一次见到 · last seen (UTC)",
            "crawl_id": "首次抓取的任务 · crawl that found it",
            "removed_at": "发现被删除的时间 · when a recheck found it removed",
            "removed_status": "删除时的 HTTP 状态 · HTTP status when removed",
            "removed_reason": "删除原因 · how the removal was recognised",
            "last_checked": "最近一次复查 · last rechecked",
            "published_month": "发布月份 · publish month (2023-01)",
            "story_id": "报道（转载组）· story: the group of reprints it belongs to",
        },
    ),
    "article_versions": (
        "文章旧版本：重新抓取发现改动时保存 · Earlier versions of revised articles",
        {
            "article_id": "文章 · article",
            "version": "版本号 · version",
            "fetched_at": "抓取时间 · fetched at",
            "changed": "改动的字段（JSON 列表）· fields that changed (JSON list)",
        },
    ),
    "article_urls": (
        "文章网址：每篇文章出现过的所有网址，含合并的转载 · Every URL an article was found under",
        {"url_key": "去重键 · dedupe key", "article_id": "文章 · article"},
    ),
    "links": (
        "链接：相关文章、导航等 · Links from articles (related, breadcrumb, other)",
        {
            "from_article_id": "来自文章 · from article",
            "kind": "类型 · kind (related / breadcrumb / other)",
            "to_article_id": "指向已存档文章 · to article, when archived",
        },
    ),
    "crawls": (
        "抓取任务 · Crawls: one row per run of the spider (per worker, when scaled out)",
        {
            "site_id": "站点 · site",
            "worker": "抓取进程 · worker (host:pid) of a scaled-out crawl",
            "run": "分布式抓取批次 · the run the worker took part in (its start time)",
            "started_at": "开始时间 · started (UTC)",
            "finished_at": "结束时间 · finished (UTC)",
            "status": "状态 · status (running / finished / interrupted / ...)",
            "finish_reason": "结束原因 · Scrapy finish reason",
            "pages": "抓取页面数 · pages fetched",
            "errors": "失败页面数 · pages that failed",
            "dropped": "丢弃条目数 · items dropped",
        },
    ),
    "fetch_errors": (
        "抓取失败：重试后仍失败的页面 · Fetch errors: pages that failed after retries",
        {"status": "HTTP 状态 · HTTP status", "reason": "原因 · reason"},
    ),
    "dropped": (
        "丢弃条目：流水线拒绝的条目 · Items a pipeline refused",
        {"reason": "原因 · reason", "detail": "详情 · detail"},
    ),
    "stories": (
        "报道：同一篇文章被多家转载的组 · Stories: an article and its reprints",
        {
            "first_published_at": "最早发布时间 · first published",
            "first_article_id": "原发文章 · origin article",
            "article_count": "文章数 · articles",
            "site_count": "站点数 · sites",
        },
    ),
}

_FAILED_CRAWL = "(c.status != 'finished' or (c.pages > 0 and c.errors >= c.pages / 2.0))"

#: name -> (needs: {table: columns}, title, description, sql). A query is offered on a
#: database only when it has every table and column the query needs.
QUERIES: dict[str, tuple[dict[str, set[str]], str, str, str]] = {
    "search": (
        {"articles": {"id", "title", "body", "site_id"}, "articles_search_fts": set()},
        "全文检索 · Ranked search",
        "按相关度排序的检索结果，附正文摘要。多个词须同时出现 · Articles matching every word of"
        " q, best first (bm25, title hits count double), with a snippet around the first word.",
        f"""
with word as (
  select trim(substr(t, 1, instr(t || ' ', ' ') - 1)) as w
  from (select trim(replace(replace(:q, '　', ' '), '"', ' ')) as t)
),
hits as (
  select a.id, a.title, a.site_id, a.published_at, a.source, a.body,
    bm25(articles_search_fts, {BM25_WEIGHTS[0]}, {BM25_WEIGHTS[1]}) as rank,
    case when w = '' then 0 else instr(a.body, w) end as at, w
  from articles_search_fts
  join articles a on a.id = articles_search_fts.rowid
  join word
  where articles_search_fts match han_fts_query(:q)
)
select id, title, site_id, published_at, source, replace(
  case when at = 0 then substr(body, 1, 80) || '…'
    else case when at > 41 then '…' else '' end
      || substr(body, max(1, at - 40), min(at, 41) - 1)
      || '【' || w || '】' || substr(body, at + length(w), 60) || '…'
  end, char(10), ' ') as snippet,
  round(rank, 3) as rank
from hits
order by rank, id
limit 200
""",
    ),
    "articles_per_site_per_day": (
        {"articles": {"site_id", "published_at"}, "sites": {"id", "name"}},
        "每日文章数（按站点）· Articles per site per day",
        "按发布日期统计；site 留空为全部站点 · Articles by publish day and site; leave site"
        " blank for every site.",
        """
select substr(a.published_at, 1, 10) as day, s.name as site, count(*) as articles
from articles a join sites s on s.id = a.site_id
where a.published_at is not null and (:site = '' or s.name = :site)
group by day, site
order by day desc, site
""",
    ),
    "story_reprints": (
        {"story_reprints": set(), "articles": {"id", "title"}, "sites": {"id", "name"}},
        "报道的转载与时差 · Reprints of a story, with their delays",
        "原发文章、转载文章及相隔小时数；story_id 留空为全部 · Origin, reprints and the"
        " delay in hours; leave story_id blank for every story.",
        """
select r.story_id, r.origin_article_id, o.title as origin_title, os.name as origin_site,
  r.origin_published_at, r.reprint_article_id, p.title as reprint_title,
  ps.name as reprint_site, r.reprint_published_at, r.delay_hours
from story_reprints r
join articles o on o.id = r.origin_article_id
join articles p on p.id = r.reprint_article_id
left join sites os on os.id = r.origin_site_id
left join sites ps on ps.id = r.reprint_site_id
where :story_id = '' or r.story_id = cast(:story_id as integer)
order by r.story_id, r.delay_hours is null, r.delay_hours, r.reprint_article_id
""",
    ),
    "top_sources": (
        {"articles": {"site_id", "source"}, "sites": {"id", "name"}},
        "各站点最常见的来源 · Most frequent sources (来源) per site",
        "每个站点前 20 个来源及其占比 · The 20 most frequent sources of each site, with"
        " their share of its articles.",
        """
select site, source, articles, share_percent from (
  select s.name as site, coalesce(a.source, '（无来源）') as source, count(*) as articles,
    round(100.0 * count(*) / sum(count(*)) over (partition by a.site_id), 1) as share_percent,
    row_number() over (partition by a.site_id order by count(*) desc, a.source) as n
  from articles a join sites s on s.id = a.site_id
  group by a.site_id, a.source
)
where n <= 20
order by site, articles desc, source
""",
    ),
    "removed_or_revised": (
        {
            "articles": {
                "id",
                "title",
                "site_id",
                "removed_at",
                "removed_status",
                "removed_reason",
            },
            "article_versions": {"article_id", "version", "fetched_at", "changed"},
            "sites": {"id", "name"},
        },
        "被删除或修改的文章 · Articles removed or revised",
        "复查发现被删除的文章，及重新抓取时发现改动的文章 · Articles a recheck found removed,"
        " and articles a re-crawl found changed (their earlier versions are in article_versions).",
        """
select * from (
  select 'removed 已删除' as what, a.id as article_id, a.title, s.name as site,
    a.removed_at as at, a.removed_status || ' ' || coalesce(a.removed_reason, '') as detail,
    null as versions
  from articles a left join sites s on s.id = a.site_id
  where a.removed_at is not null
  union all
  select 'revised 已修改', a.id, a.title, s.name, max(v.fetched_at), v.changed, count(*)
  from article_versions v join articles a on a.id = v.article_id
  left join sites s on s.id = a.site_id
  group by a.id
)
order by at desc, article_id
""",
    ),
    "failed_crawls": (
        {"crawls": {"site_id", "started_at", "status", "errors", "pages", "finish_reason"}},
        "最近抓取失败的站点 · Sites whose crawls failed recently",
        "最近 days 天（默认 7）内失败或大半页面出错的抓取，按站点 · Per site, the crawls of"
        " the last `days` days (default 7) that did not finish or lost half their pages.",
        f"""
select s.name as site, c.site_id, count(*) as failed_crawls,
  max(c.started_at) as last_failed_at, c.status, c.finish_reason, c.pages, c.errors,
  (select max(started_at) from crawls ok where ok.site_id = c.site_id
   and ok.status = 'finished' and not (ok.pages > 0 and ok.errors >= ok.pages / 2.0))
   as last_good_at
from crawls c left join sites s on s.id = c.site_id
where {_FAILED_CRAWL}
  and julianday(c.started_at) >= julianday('now', '-' || coalesce(nullif(:days, ''), '7') || ' days')
group by c.site_id
order by last_failed_at desc
""",
    ),
}

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


def read_schema(conn: sqlite3.Connection) -> Schema:
    """table or view -> its columns, for a connection.

    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("create table articles (id integer primary key, title, body)")
    >>> {name: sorted(columns) for name, columns in read_schema(conn).items()}
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
        schema = read_schema(conn)
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
    >>> tables["pages"]
    {'hidden': True}
    """
    tables: dict[str, dict] = {}
    for table, (description, columns) in DESCRIPTIONS.items():
        have = schema.get(table, frozenset())
        tables[table] = {
            "description": description,
            "columns": {c: d for c, d in columns.items() if c in have},
        }
    articles = schema.get("articles", frozenset())
    tables["articles"].update(
        fts_table="articles_search_fts",
        fts_pk="id",
        facets=[c for c in FACETS if c in articles],
        size=50,
    )
    if "published_at" in articles:
        tables["articles"]["sort_desc"] = "published_at"
    if "name" in schema.get("sites", ()):
        tables["sites"]["label_column"] = "name"
    if "started_at" in schema.get("crawls", ()):
        tables["crawls"]["sort_desc"] = "started_at"
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return tables


def has(schema: Schema, needs: dict[str, set[str]]) -> bool:
    """Does the schema have every table (or view) and column in ``needs``?"""
    return all(t in schema and cols <= schema[t] for t, cols in needs.items())


def dashboard(datasette: Any, name: str) -> dict:
    """The datasette-dashboards dashboard of database ``name``: articles over time per site."""
    where = (
        "a.published_at is not null [[ and s.name = :site ]]"
        " [[ and substr(a.published_at, 1, 10) >= :date_start ]]"
        " [[ and substr(a.published_at, 1, 10) <= :date_end ]]"
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
                "query": "select substr(a.published_at, 1, 7) as month, s.name as site,"
                f" count(*) as articles from articles a join sites s on s.id = a.site_id"
                f" where {where} group by month, site order by month, site",
                "display": {
                    "mark": line,
                    "encoding": {
                        "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth"},
                        "y": {"field": "articles", "type": "quantitative"},
                        "color": {"field": "site", "type": "nominal"},
                    },
                },
            },
            "per-day": {
                "title": "每日文章数 · articles per day",
                "db": name,
                "library": "vega-lite",
                "query": "select substr(a.published_at, 1, 10) as day, count(*) as articles"
                f" from articles a join sites s on s.id = a.site_id where {where}"
                " group by day order by day",
                "display": {
                    "mark": line,
                    "encoding": {
                        "x": {"field": "day", "type": "temporal"},
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
        if has(schema, QUERIES["articles_per_site_per_day"][0]):
            dashboards[name] = dashboard(datasette, name)
    metadata: dict[str, Any] = {"databases": databases}
    if dashboards:
        metadata["plugins"] = {"datasette-dashboards": dashboards}
    return metadata


@hookimpl
def canned_queries(datasette, database, actor):
    """Datasette hook: the saved queries whose tables and columns the database has."""
    schema = archive_schema(datasette, database)
    queries = {}
    for name, (needs, title, description, sql) in QUERIES.items():
        if has(schema, needs):
            queries[name] = {"title": title, "description": description, "sql": sql.strip()}
    if "articles_per_site_per_day" in queries:
        chart = datasette.urls.path(f"/-/dashboards/{database}")
        description = escape(QUERIES["articles_per_site_per_day"][2])
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
