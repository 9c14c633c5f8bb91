"""Chinese full-text search for the archive: a unigram + bigram index on SQLite FTS5.

FTS5's default tokenizer keeps a run of Han characters as one token, so 禹州 is not found
inside 禹州市, and the trigram tokenizer cannot match queries under three characters. Here
Python tokenizes instead: each article is stored in ``articles_search`` as token strings
(:func:`index_tokens`), and ``articles_search_fts`` indexes those strings with ``unicode61``,
which then only splits on the spaces put there.

- A 1-character query (禹) matches a unigram token, a 2-character query (禹州) a bigram
  token; both work as plain FTS5 queries, so sqlite-utils' ``.search()`` needs no help.
- A longer query (禹州市) is the phrase of its overlapping bigrams, ``"禹州 州市"``
  (:func:`fts_query`), which only matches the three characters side by side.
- Documents and queries are folded alike (:func:`fold`): NFKC, and traditional characters
  as simplified ones, so 經濟 and 经济 find each other.

Both ways, on an in-memory database:

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> ensure_search_tables(db)
>>> index_article(db, 1, "禹州市经济运行稳中向好", "全市经济保持增长，5G基站达到300个。")
>>> index_article(db, 2, "许昌召开会议", "禹王锁蛟，州府、市经营户参加。")
>>> [row["id"] for row in db["articles_search"].search("禹州")]
[1]
>>> [row["id"] for row in db["articles_search"].search(fts_query("禹州市"))]
[1]
>>> [row["id"] for row in db["articles_search"].search(fts_query("市经营"))]
[2]
>>> fts_query("禹州市 5G")
'"禹州 州市" 5G'
>>> [(row["id"], row["title"]) for row in search_articles(db, "经济 5g")]
[(1, '禹州市经济运行稳中向好')]

The tables (``ensure_search_tables``):

- ``articles_search(id INTEGER PRIMARY KEY, title, title_tokens, body_tokens)``, one row per
  article, ``id`` = ``articles.id``; ``title`` is the original title, for display.
- ``articles_search_fts``: FTS5 over (title_tokens, body_tokens), ``content="articles_search"``,
  ``content_rowid="id"``, kept in sync by the triggers ``articles_search_ai/_ad/_au`` (the
  names and bodies sqlite-utils' ``enable_fts(create_triggers=True)`` uses).

Write ``articles_search`` only through :func:`index_article`, :func:`remove_article` and
:func:`rebuild_search`: an ``INSERT OR REPLACE`` on it (sqlite-utils ``insert(replace=True)``)
fires no delete trigger on a connection without ``PRAGMA recursive_triggers=on``, and the
index then keeps the old row's tokens. Every write runs in ``db.atomic()``, so it joins (as a
savepoint) a transaction the caller opened with ``with db.atomic():``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.text import HAN_CHARS as HAN

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "ensure_search_tables",
    "fold",
    "fts_query",
    "fts_query_raw",
    "index_article",
    "index_tokens",
    "rebuild_search",
    "remove_article",
    "search_articles",
]

_SEGMENT = re.compile(f"(?P<han>[{HAN}]+)|(?P<word>[^\\W_{HAN}]+)")
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_WORD_EDGE = re.compile(f"(?<=[{HAN}])(?=[^\\W_{HAN}])|(?<=[^\\W_{HAN}])(?=[{HAN}])")
_QUOTED = re.compile(r'"([^"]*)"')
_RAW_PARTS = re.compile(r'("[^"]*")')
_KEYWORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
#: ``bm25`` weights of (title_tokens, body_tokens) in :func:`search_articles`.
BM25_WEIGHTS = (2.0, 1.0)
#: What :func:`fts_query` returns for a query without a single word: matches nothing.
EMPTY_QUERY = '""'

# Unassigned code points of Unicode 6.1 (unicode61's table) are "Cn": count them as token
# characters, or CJK Extension E-I ideographs would be dropped by the tokenizer.
_DDL = """
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
"""
_TRIGGERS = """
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
"""
_UPSERT = """
INSERT INTO articles_search (id, title, title_tokens, body_tokens)
VALUES (:id, :title, :title_tokens, :body_tokens)
ON CONFLICT (id) DO UPDATE SET title = excluded.title,
    title_tokens = excluded.title_tokens, body_tokens = excluded.body_tokens
"""


@functools.cache
def _to_simplified():
    import opencc  # OpenCC's own data and converter (C++), loaded once, when first needed

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Text as the index keeps it: NFKC, and traditional characters as simplified ones
    (OpenCC's t2s, phrase by phrase), so that 經濟 finds 经济 and 经济 finds 經濟.

    >>> fold("經濟發展，５Ｇ")
    '经济发展,5G'
    """
    return _to_simplified().convert(unicodedata.normalize("NFKC", text))


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """Yield ``(is_han, segment)`` for the Han runs and other words of folded text.

    >>> list(_segments("禹州市，５Ｇ網絡"))
    [(True, '禹州市'), (False, '5G'), (True, '网络')]
    """
    for m in _SEGMENT.finditer(fold(text)):
        yield m.lastgroup == "han", m.group()


def _bigrams(run: str) -> list[str]:
    """The overlapping bigrams of a Han run.

    >>> _bigrams("禹州市")
    ['禹州', '州市']
    """
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str | None) -> str:
    """The token string indexed for ``text``.

    Segments in text order: a Han run gives its unigrams, then its overlapping bigrams; any
    other word (latin letters, digits, …) is kept as it is. Each bigram block follows its
    own run's unigrams, so two bigram tokens are only ever neighbours when they come from
    the same run, and a phrase of consecutive bigrams only matches adjacent text.

    >>> index_tokens("禹州市经济 5G")
    '禹 州 市 经 济 禹州 州市 市经 经济 5G'
    >>> index_tokens("禹，州市\\n经济")
    '禹 州 市 州市 经 济 经济'
    >>> index_tokens(None)
    ''
    """
    tokens: list[str] = []
    for is_han, seg in _segments(text or ""):
        if is_han:
            tokens.extend(seg)
            tokens.extend(_bigrams(seg))
        else:
            tokens.append(seg)
    return " ".join(tokens)


def _term_items(term: str) -> list[str]:
    """FTS5 items for one whitespace-free term (see :func:`fts_query`).

    >>> _term_items("禹州市5G*AND")
    ['"禹州 州市"', '5G', '"AND"']
    """
    items = []
    for is_han, seg in _segments(term):
        if is_han and len(seg) > 2:
            items.append('"' + " ".join(_bigrams(seg)) + '"')
        elif not is_han and seg in _KEYWORDS:
            items.append(f'"{seg}"')
        else:
            items.append(seg)
    return items


def _continues_chain(prev: str, piece: str) -> bool:
    """Is ``piece`` the next bigram of a chain ending in ``prev`` (``州市`` after ``禹州``)?"""
    return (
        len(prev) == len(piece) == 2
        and bool(_HAN_RUN.fullmatch(prev + piece))
        and prev[1] == piece[0]
    )


def _join_phrase(content: str) -> str:
    """Text meant by a quoted phrase: Han pieces are joined, bigram chains overlapped.

    >>> _join_phrase("禹州 州市 市经")
    '禹州市经'
    >>> _join_phrase("经济 发展 5G")
    '经济发展 5G'
    """
    out: list[str] = []
    prev = ""
    for piece in content.split():
        if out and _HAN_RUN.match(piece) and _HAN_RUN.fullmatch(out[-1][-1]):
            out[-1] += piece[1:] if _continues_chain(prev, piece) else piece
        else:
            out.append(piece)
        prev = piece
    return " ".join(out)


def fts_query(q: str) -> str:
    """Turn a user query into an FTS5 query for ``articles_search_fts``.

    Terms are split on whitespace and all must match (implicit AND). In a term, a Han run
    of 1-2 characters stays as it is, a longer one becomes the phrase of its overlapping
    bigrams, and other words stay (FTS5 keywords quoted); everything else (FTS5 syntax,
    punctuation) separates words. A double-quoted part is one Han string (``"经济 发展"``
    means 经济发展), and a quoted bigram chain is read back as its text, so
    ``fts_query(fts_query(q)) == fts_query(q)``. A query without words gives
    :data:`EMPTY_QUERY`, which matches nothing. The result never raises in ``MATCH`` and
    survives Datasette's ``escape_fts`` unchanged in meaning.

    >>> fts_query("禹州市")
    '"禹州 州市"'
    >>> fts_query("禹 经济 5G")
    '禹 经济 5G'
    >>> fts_query('title:禹州市* OR -"经济 发展')
    'title "禹州 州市" "OR" "经济 济发 发展"'
    >>> fts_query(fts_query("禹州市经济"))
    '"禹州 州市 市经 经济"'
    >>> fts_query("（）*")
    '""'
    """
    q = unicodedata.normalize("NFKC", q)
    if q.count('"') % 2:
        q += '"'
    items: list[str] = []
    for i, part in enumerate(_QUOTED.split(q)):
        text = _join_phrase(part) if i % 2 else part
        for term in text.split():
            items.extend(_term_items(term))
    return " ".join(dict.fromkeys(items)) or EMPTY_QUERY


def _raw_han(run: str, quoted: bool) -> str:
    """A Han run inside raw FTS5 syntax, folded: 3+ characters become bigrams (a phrase)."""
    run = fold(run)
    if len(run) < 3:
        return run
    bigrams = " ".join(_bigrams(run))
    return bigrams if quoted else f'"{bigrams}"'


def fts_query_raw(q: str) -> str:
    """Rewrite only the Han runs of a raw FTS5 query, keeping its operators.

    For users who write FTS5 syntax themselves (Datasette's ``_searchmode=raw``). Han runs
    are cut off from adjacent letters and digits; runs of 3+ characters become bigrams,
    quoted as a phrase outside a string. Syntax errors stay the user's; the result is a
    fixed point (``fts_query_raw(fts_query_raw(q)) == fts_query_raw(q)``).

    >>> fts_query_raw('禹州市 OR (经济 NOT "5G禹州市")')
    '"禹州 州市" OR (经济 NOT "5G 禹州 州市")'
    >>> fts_query_raw("title_tokens: 禹州市*")
    'title_tokens: "禹州 州市"*'
    """
    out = []
    for i, part in enumerate(_RAW_PARTS.split(q)):
        quoted = bool(i % 2)
        part = _HAN_WORD_EDGE.sub(" ", part)
        out.append(_HAN_RUN.sub(lambda m, quoted=quoted: _raw_han(m.group(), quoted), part))
    return "".join(out)


def ensure_search_tables(db: sqlite_utils.Database) -> None:
    """Create ``articles_search``, ``articles_search_fts`` and their triggers if missing."""
    with db.atomic():
        db.executescript(_DDL + _TRIGGERS)


def index_article(db: sqlite_utils.Database, article_id: int, title: str, body: str) -> None:
    """Index one article, replacing what was indexed for ``article_id`` before.

    An upsert, so the update trigger removes the old tokens whatever the connection's
    ``recursive_triggers`` setting.
    """
    row = {
        "id": article_id,
        "title": title,
        "title_tokens": index_tokens(title),
        "body_tokens": index_tokens(body),
    }
    db.execute(_UPSERT, row)  # one statement: atomic on its own


def remove_article(db: sqlite_utils.Database, article_id: int) -> None:
    """Remove an article from the index (nothing happens if it is not there)."""
    with db.atomic():
        db.execute("DELETE FROM articles_search WHERE id = ?", [article_id])


def search_articles(db: sqlite_utils.Database, q: str, limit: int = 20) -> list[dict]:
    """Articles matching the user query ``q``, best first: ``[{id, title, rank}]``.

    ``rank`` is FTS5 ``bm25`` with title hits weighted by :data:`BM25_WEIGHTS` (lower is
    better). An empty query or ``limit < 1`` gives ``[]``.
    """
    query = fts_query(q)
    if query == EMPTY_QUERY or limit < 1:
        return []
    sql = f"""
        SELECT s.id, s.title, bm25(articles_search_fts, {BM25_WEIGHTS[0]}, {BM25_WEIGHTS[1]}) AS rank
        FROM articles_search_fts JOIN articles_search AS s ON s.id = articles_search_fts.rowid
        WHERE articles_search_fts MATCH :query
        ORDER BY rank, s.id LIMIT :limit
    """
    cursor = db.execute(sql, {"query": query, "limit": limit})
    return [dict(zip(("id", "title", "rank"), row, strict=True)) for row in cursor]


def rebuild_search(db: sqlite_utils.Database) -> int:
    """Re-index every row of ``articles`` (id, title, body); returns how many.

    One transaction: the sync triggers are dropped, ``articles_search`` is refilled, the FTS
    index is rebuilt from it with the FTS5 ``rebuild`` command (which also repairs an index
    that went out of sync), and the triggers come back. Articles gone from ``articles`` are
    gone from the index afterwards.
    """
    ensure_search_tables(db)
    count = 0

    def rows() -> Iterator[tuple]:
        nonlocal count
        for article_id, title, body in db.execute("SELECT id, title, body FROM articles"):
            count += 1
            yield article_id, title, index_tokens(title), index_tokens(body)

    with db.atomic():
        for suffix in ("ai", "ad", "au"):
            db.execute(f"DROP TRIGGER IF EXISTS articles_search_{suffix}")
        db.execute("DELETE FROM articles_search")
        db.conn.executemany(
            "INSERT INTO articles_search (id, title, title_tokens, body_tokens) VALUES (?, ?, ?, ?)",
            rows(),
        )
        db.execute("INSERT INTO articles_search_fts (articles_search_fts) VALUES ('rebuild')")
        db.executescript(_TRIGGERS)
    return count
