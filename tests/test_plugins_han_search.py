"""Tests for plugins/han_search.py: Datasette's search box on the bigram index."""

from __future__ import annotations

import asyncio
import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
from datasette.app import Datasette
from datasette.utils import escape_fts

from archive.search import ensure_search_tables, fts_query, rebuild_search
from plugins.han_search import rewrite_query_string, wrap_app

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
METADATA = {
    "databases": {
        "archive": {"tables": {"articles": {"fts_table": "articles_search_fts", "fts_pk": "id"}}}
    }
}
ARTICLES = [
    (1, "禹州市召开经济工作会议", "推动经济发展，加快5G网络建设。"),
    (2, "大禹治水传说", "许州古城，州府旧址；经，济。"),
    (3, "禹州钧瓷", "钧瓷文化节开幕。"),
    (4, "城市，经济", "许昌新闻。"),
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Datasette:
    """Datasette on an archive with articles 1-4 indexed, and the plugin loaded."""
    path = tmp_path_factory.mktemp("ds") / "archive.db"
    db = sqlite_utils.Database(path)
    db["articles"].insert_all([{"id": i, "title": t, "body": b} for i, t, b in ARTICLES], pk="id")
    ensure_search_tables(db)
    rebuild_search(db)
    db.close()
    return Datasette(
        [str(path)],
        metadata=METADATA,
        plugins_dir=str(PLUGINS),
        template_dir=str(PLUGINS / "templates"),
    )


def get(ds: Datasette, path: str):
    """GET ``path`` in-process (no pytest-asyncio here, so one event loop per request)."""
    return asyncio.run(ds.client.get(path))


def found(ds: Datasette, query: str, table: str = "articles") -> set[int]:
    """Ids of the rows Datasette returns for ``query`` (an encoded query string)."""
    response = get(ds, f"/archive/{table}.json?_shape=array&{query}")
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


def search(q: str) -> str:
    """``_search=q``, percent-encoded as a browser sends it."""
    return "_search=" + quote(q)


def test_plugin_is_loaded(ds):
    names = {p["name"] for p in get(ds, "/-/plugins.json").json()}
    assert "han_search.py" in names


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("禹", {1, 2, 3}),
        ("禹州", {1, 3}),  # a two-character word inside 禹州市
        ("禹州市", {1}),  # three characters: the bigram phrase
        ("经济", {1, 4}),  # not 2, where 经 and 济 are apart
        ("经济发展", {1}),
        ("市经", set()),  # 城市，经济: not adjacent
        ("5G 经济", {1}),
        ("钧瓷 禹州", {3}),
    ],
)
def test_search_box_queries(ds, q, expected):
    assert found(ds, search(q)) == expected


def test_rewritten_query_is_not_rewritten_again(ds):
    once = fts_query("禹州市召开")
    assert found(ds, search(once)) == found(ds, search("禹州市召开")) == {1}
    response = get(ds, "/archive/articles?" + search("禹州市"))
    next_links = re.findall(r'href="(/archive/articles\?[^"]*_search=[^"]*)"', response.text)
    assert next_links
    for link in next_links[:3]:
        assert found(ds, link.split("?", 1)[1].replace("&amp;", "&")) == {1}


def test_column_search(ds):
    assert found(ds, "_search_title_tokens=" + quote("禹州市")) == {1}
    assert found(ds, "_search_body_tokens=" + quote("州府")) == {2}


def test_raw_search_mode_keeps_operators(ds):
    assert found(ds, "_searchmode=raw&" + search("禹州市 OR 钧瓷")) == {1, 3}
    assert found(ds, "_searchmode=raw&" + search("禹州 NOT 禹州市")) == {3}


def test_search_on_the_search_table_itself(ds):
    assert found(ds, search("禹州市"), table="articles_search") == {1}


@pytest.mark.parametrize("q", ['"', '""', "(", "AND", "*", "-禹州", "禹州*", "。！", "NEAR(", "\\"])
def test_odd_queries_do_not_fail(ds, q):
    assert found(ds, search(q)) <= {1, 2, 3, 4}


def test_blank_search_shows_every_row(ds):
    assert found(ds, "_search=") == {1, 2, 3, 4}
    assert found(ds, "_search=+%22%22+") == {1, 2, 3, 4}


def test_html_page_with_search_box(ds):
    response = get(ds, "/archive/articles?" + search("经济"))
    assert response.status_code == 200
    assert '<input id="_search" type="search" name="_search"' in response.text
    assert "禹州市召开经济工作会议" in response.text
    assert "城市，经济" in response.text
    assert "大禹治水传说" not in response.text
    assert "禹州钧瓷" not in response.text


def test_rewrite_survives_datasette_escaping(tmp_path):
    db = sqlite_utils.Database(tmp_path / "e.db")
    ensure_search_tables(db)
    db.conn.create_function("escape_fts", 1, escape_fts)
    db.execute("INSERT INTO articles_search (id, title_tokens) VALUES (1, '禹 州 禹州 AND')")
    sql = "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH {}"
    rng = random.Random(5)
    alphabet = '禹州市 "()*-:AND5'
    for _ in range(300):
        q = fts_query("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
        if q == '""':
            continue
        plain = db.execute(sql.format("?"), [q]).fetchall()
        assert db.execute(sql.format("escape_fts(?)"), [q]).fetchall() == plain, q


def test_other_requests_are_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope)

    wrapped = wrap_app(app)
    for scope in (
        {"type": "http", "query_string": b"_sort=id&title__contains=%E7%A6%B9"},
        {"type": "http", "query_string": b""},
        {"type": "lifespan"},
        {"type": "websocket", "query_string": b"_search=%E7%A6%B9%E5%B7%9E%E5%B8%82"},
    ):
        asyncio.run(wrapped(scope, None, None))
        assert seen[-1] is scope


def test_rewrite_query_string_keeps_other_parameters_byte_for_byte():
    qs = b"_size=5&_search=%E7%A6%B9%E5%B7%9E%E5%B8%82&_facet=site&x=%2B+1&_searchmode=escaped"
    out = rewrite_query_string(qs)
    assert out.startswith(b"_size=5&_search=%22%E7%A6%B9")
    assert out.endswith(b"&_facet=site&x=%2B+1&_searchmode=escaped")
    assert rewrite_query_string(out) == out
