"""One search everywhere: the same words find the same articles in Datasette (the search box
and the saved query), in sqlite-utils (`search` and `query`, through the project's plugin)
and in Python, as a LIKE scan of the text does; for words of 1 to 6 characters, and for
traditional characters against simplified text."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette

from archive.search import search_articles
from tests.conftest import FAST, ROOT, scrapy_command

#: word asked -> the (simplified) text a LIKE scan looks for
WORDS = {
    "县": "县", "颍川": "颍川", "颍川县": "颍川县", "农村公路": "农村公路", "乡村振兴": "乡村振兴",
    "农村人居环境": "农村人居环境", "經濟": "经济", "經濟發展": "经济发展", "鄉村振興": "乡村振兴",
}  # fmt: skip
SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


@pytest.fixture(scope="module")
def archive(demo_portal, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "archive.db"
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={demo_portal[0]}/", "-s", f"ARCHIVE={path}", *FAST
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return path


def like(archive: Path, text: str) -> set[int]:
    with sqlite3.connect(archive) as db:
        rows = db.execute(
            "select id from articles where title like ? or body like ?", [f"%{text}%"] * 2
        ).fetchall()
    return {r[0] for r in rows}


def datasette_ids(archive: Path, word: str) -> tuple[set[int], set[int]]:
    metadata = yaml.safe_load((ROOT / "datasette-metadata.yml").read_text("utf-8"))
    ds = Datasette(
        [str(archive)],
        metadata=metadata,
        plugins_dir=str(ROOT / "plugins"),
        template_dir=str(ROOT / "plugins" / "templates"),
    )
    box = asyncio.run(
        ds.client.get(f"/archive/articles.json?_shape=array&_size=max&_search={quote(word)}")
    )
    saved = asyncio.run(ds.client.get(f"/archive/search.json?_shape=array&q={quote(word)}"))
    return {r["id"] for r in box.json()}, {r["id"] for r in saved.json()}


def sqlite_utils_cli(archive: Path, *args: str) -> list[dict]:
    proc = subprocess.run(
        [str(SQLITE_UTILS), *args], capture_output=True, text=True, cwd=archive.parent
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("word", WORDS)
def test_the_same_words_find_the_same_articles_everywhere(archive, word):
    expected = like(archive, WORDS[word])
    assert expected, word
    box, saved = datasette_ids(archive, word)
    assert box == expected, "Datasette's search box"
    assert saved == expected, "the saved query `search`"
    found = sqlite_utils_cli(archive, "search", str(archive), "articles_search", word, "-c", "id")
    assert {r["id"] for r in found} == expected, "sqlite-utils search"
    sql = ("select rowid as id from articles_search_fts"
           " where articles_search_fts match han_fts_query(:q)")  # fmt: skip
    found = sqlite_utils_cli(archive, "query", str(archive), sql, "-p", "q", word)
    assert {r["id"] for r in found} == expected, "sqlite-utils query with han_fts_query"
    db = sqlite_utils.Database(archive)
    assert {r["id"] for r in db["articles_search"].search(word)} == expected, "Python, sqlite-utils"
    assert {r["id"] for r in search_articles(db, word, limit=10_000)} == expected, "search_articles"
