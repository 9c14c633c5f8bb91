"""Tests for archive/search.py: the unigram + bigram Chinese search index."""

from __future__ import annotations

import itertools
import random
import re
import sqlite3

import pytest
import sqlite_utils

from archive.search import (
    EMPTY_QUERY,
    HAN,
    ensure_search_tables,
    fts_query,
    fts_query_raw,
    index_article,
    index_tokens,
    rebuild_search,
    remove_article,
    search_articles,
)

ARTICLES = [
    (1, "禹州市召开经济工作会议", "会议强调，要推动经济发展，加快5G网络建设。"),
    (2, "大禹治水", "许州古城，州府旧址。"),  # 禹 and 州 apart
    (3, "禹 州", "经，济\n经\n济；经 济"),  # 经 and 济 separated every way
    (4, "全市经济", "城市经营者座谈。"),  # 市经 adjacent across words
    (5, "城市 经济", "城市，经济。"),  # 市 / 经 not adjacent
    (6, "禹州", "禹州钧瓷闻名。"),
    (7, "G5高速", "平安出行。"),
]
ODD_QUERIES = [
    "",
    " ",
    '"',
    '""',
    '"禹州',
    "(",
    ")",
    "()",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(禹州 经济, 2)",
    "禹州 AND",
    "OR 禹州",
    "*",
    "禹州*",
    "-",
    "-禹州",
    "^禹州",
    "title_tokens:禹州",
    "body_tokens : 禹州市",
    "+",
    "{title_tokens}: x",
    "。，！？",
    "\\",
    "'",
    "禹州' OR '1'='1",
    "\x00",
    "🙂",
]


@pytest.fixture
def db(tmp_path) -> sqlite_utils.Database:
    """A file database with an ``articles`` table, indexed one article at a time."""
    database = sqlite_utils.Database(tmp_path / "archive.db")
    database["articles"].insert_all(
        [{"id": i, "title": t, "body": b} for i, t, b in ARTICLES], pk="id"
    )
    ensure_search_tables(database)
    for article_id, title, body in ARTICLES:
        index_article(database, article_id, title, body)
    return database


def ids(db: sqlite_utils.Database, q: str) -> set[int]:
    """Ids that :func:`search_articles` finds for ``q``."""
    return {row["id"] for row in search_articles(db, q, limit=100)}


def brute_force(db: sqlite_utils.Database, needle: str) -> set[int]:
    """Ids of articles whose title or body contains ``needle``."""
    sql = "SELECT id FROM articles WHERE instr(title, :n) > 0 OR instr(body, :n) > 0"
    return {row[0] for row in db.execute(sql, {"n": needle})}


def assert_consistent(db: sqlite_utils.Database) -> None:
    """The FTS index matches its content table, and SQLite finds no damage."""
    db.execute(
        "INSERT INTO articles_search_fts (articles_search_fts, rank) VALUES ('integrity-check', 1)"
    )
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def random_text(rng: random.Random, n: int) -> str:
    """Text mixing a few Han characters, letters, digits, spaces and syntax characters."""
    alphabet = '禹州市经济发展许昌钧瓷 \n，。！"()*-:^+AaNDORT5G'
    return "".join(rng.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("禹", {1, 2, 3, 6}),
        ("禹州", {1, 6}),
        ("禹州市", {1}),
        ("州市", {1}),
        ("经济", {1, 4, 5}),
        ("经济发展", {1}),
        ("市经", {4}),
        ("5G", {1}),
        ("5g", {1}),
        ("G5", {7}),
        ("禹州 经济", {1}),
        ("５Ｇ 经济", {1}),
        ("钧瓷", {6}),
        ("禹州钧瓷闻名", {6}),
        ("禹州市市", set()),
    ],
)
def test_finds_exactly_the_articles_containing_the_words(db, q, expected):
    assert ids(db, q) == expected


@pytest.mark.parametrize("needle", ["禹", "州", "禹州", "禹州市", "经济", "市经", "济发展", "州府"])
def test_matches_brute_force_scan(db, needle):
    assert ids(db, needle) == brute_force(db, needle)


def test_sqlite_utils_search_handles_short_words_natively(db):
    table = db["articles_search"]
    assert {r["id"] for r in table.search("禹州")} == {1, 6}
    assert {r["id"] for r in table.search("禹")} == {1, 2, 3, 6}
    assert {r["id"] for r in table.search(fts_query("禹州市"))} == {1}
    assert table.detect_fts() == "articles_search_fts"


def test_search_articles_returns_id_title_rank_best_first(db):
    rows = search_articles(db, "禹州")
    assert [set(r) for r in rows] == [{"id", "title", "rank"}] * 2
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert {r["title"] for r in rows} == {"禹州市召开经济工作会议", "禹州"}
    assert len(search_articles(db, "禹", limit=2)) == 2
    assert search_articles(db, "禹", limit=0) == []


def test_index_tokens_order():
    assert index_tokens("禹州市经济 5G") == "禹 州 市 经 济 禹州 州市 市经 经济 5G"
    assert index_tokens("5G网络，禹州") == "5G 网 络 网络 禹 州 禹州"
    assert index_tokens("") == index_tokens("。，!") == ""


def test_index_tokens_bigram_neighbours_are_adjacent_text():
    bigram = re.compile(f"[{HAN}]{{2}}")
    rng = random.Random(7)
    for _ in range(500):
        text = random_text(rng, rng.randint(0, 30))
        tokens = index_tokens(text).split()
        for a, b in itertools.pairwise(tokens):
            if bigram.fullmatch(a) and bigram.fullmatch(b):
                assert a[1] == b[0] and a + b[1] in text, (text, a, b)


def test_fts_query_rewrites():
    assert fts_query("禹州市") == '"禹州 州市"'
    assert fts_query("禹 禹州 5G") == "禹 禹州 5G"
    assert fts_query("禹州市5G") == '"禹州 州市" 5G'
    assert fts_query('"经济 发展"') == '"经济 济发 发展"'
    assert fts_query("AND 禹州") == '"AND" 禹州'
    assert fts_query("𠀀𠀁𠀂") == '"𠀀𠀁 𠀁𠀂"'


def test_fts_query_is_a_fixed_point():
    rng = random.Random(11)
    for q in [*ODD_QUERIES, *(random_text(rng, rng.randint(0, 25)) for _ in range(500))]:
        once = fts_query(q)
        assert fts_query(once) == once, q
        assert fts_query_raw(fts_query_raw(q)) == fts_query_raw(q), q


def test_odd_queries_never_raise(db):
    rng = random.Random(3)
    queries = [*ODD_QUERIES, *(random_text(rng, rng.randint(0, 25)) for _ in range(300))]
    for q in queries:
        search_articles(db, q)
        list(db["articles_search"].search(fts_query(q)))
    assert fts_query("") == fts_query("（*）") == EMPTY_QUERY
    assert search_articles(db, "") == []


def test_rare_ideographs_are_tokens(db):
    index_article(db, 8, "𪚥𰻞", "")  # Extension B and G, unknown to unicode61's tables
    assert ids(db, "𰻞") == {8}
    assert ids(db, "𪚥𰻞") == {8}


def test_replace_keeps_the_index_right(db):
    index_article(db, 1, "许昌新闻", "钧瓷文化")
    assert ids(db, "禹州") == {6}
    assert ids(db, "许昌") == {1}
    assert db["articles_search"].get(1)["title"] == "许昌新闻"
    assert db["articles_search"].count == len(ARTICLES)
    assert_consistent(db)


def test_replace_without_recursive_triggers(tmp_path):
    db = sqlite_utils.Database(tmp_path / "plain.db", recursive_triggers=False)
    ensure_search_tables(db)
    index_article(db, 1, "禹州", "")
    index_article(db, 1, "许昌", "")
    assert ids(db, "禹州") == set()
    assert_consistent(db)


def test_remove_keeps_the_index_right(db):
    remove_article(db, 6)
    remove_article(db, 999)
    assert ids(db, "禹州") == {1}
    assert_consistent(db)


def test_ensure_search_tables_is_idempotent(db):
    ensure_search_tables(db)
    ensure_search_tables(db)
    assert ids(db, "禹州市") == {1}
    triggers = {t.name for t in db["articles_search"].triggers}
    assert triggers == {"articles_search_ai", "articles_search_ad", "articles_search_au"}


def test_rebuild_search(db):
    db["articles"].delete(2)
    db["articles"].update(6, {"body": "许昌钧瓷"})
    assert rebuild_search(db) == len(ARTICLES) - 1
    assert ids(db, "禹") == {1, 3, 6}
    assert ids(db, "许昌") == {6}
    assert_consistent(db)
    index_article(db, 2, "大禹", "")  # the triggers are back
    assert ids(db, "禹") == {1, 2, 3, 6}
    assert_consistent(db)


def test_rebuild_repairs_an_index_out_of_sync(tmp_path):
    db = sqlite_utils.Database(tmp_path / "broken.db", recursive_triggers=False)
    db["articles"].insert({"id": 1, "title": "许昌", "body": ""}, pk="id")
    ensure_search_tables(db)
    index_article(db, 1, "禹州", "")
    row = {"id": 1, "title": "x", "title_tokens": "许 昌 许昌", "body_tokens": ""}
    db["articles_search"].insert(row, replace=True)  # INSERT OR REPLACE: no delete trigger
    with pytest.raises(sqlite3.DatabaseError):
        assert_consistent(db)
    assert rebuild_search(db) == 1
    assert_consistent(db)
    assert ids(db, "许昌") == {1}
    assert ids(db, "禹州") == set()


def test_writes_join_the_callers_transaction(db):
    with pytest.raises(RuntimeError), db.atomic():
        index_article(db, 9, "禹州新区", "")
        remove_article(db, 6)
        raise RuntimeError
    assert ids(db, "禹州") == {1, 6}
    with db.atomic():
        index_article(db, 9, "禹州新区", "")
    assert ids(db, "禹州") == {1, 6, 9}
    assert_consistent(db)


def test_han_ranges_include_zero_and_extension_a():
    assert index_tokens("二〇二三年") == "二 〇 二 三 年 二〇 〇二 二三 三年"
    assert index_tokens("㐀㐁") == "㐀 㐁 㐀㐁"
