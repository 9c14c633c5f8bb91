"""The story index in the archive: each article's signature and LSH bands in SQL, its story
assigned as it is written (:func:`assign_story`), forgotten when it changes
(:func:`forget_article`), and every story recomputed at once (:func:`rebuild_stories`).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from core.clock import CHINA_OFFSET

from .grouping import THRESHOLD, components, origin_key
from .minhash import (
    BANDS,
    MIN_CHARS,
    PERMUTATIONS,
    ROWS,
    band_key,
    band_keys,
    index_values,
    normalise,
    short_key,
    signatures,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlite_utils import Database


def _ts(col: str) -> str:
    """SQL: an archive date as julianday() reads it (a day alone or a naive time: +08:00)."""
    return (
        f"case when length({col}) = 10 then {col} || 'T00:00:00{CHINA_OFFSET}' "
        f"when length({col}) in (16, 19) then {col} || '{CHINA_OFFSET}' else {col} end"
    )


_SCHEMA = [
    "create table if not exists stories (id integer primary key, first_published_at text,"
    " first_article_id integer, article_count integer not null, site_count integer not null)",
    "create index if not exists stories_article_count on stories (article_count)",
    # signature: PERMUTATIONS little-endian uint32 (long bodies); short_key: short bodies.
    "create table if not exists story_signatures (article_id integer primary key,"
    " chars integer not null, signature blob, short_key integer)",
    "create table if not exists story_bands (band_key integer not null,"
    " article_id integer not null, primary key (band_key, article_id)) without rowid",
    "create index if not exists articles_story_id on articles (story_id)",
    "create view if not exists story_reprints as select s.id as story_id,"
    " o.id as origin_article_id, o.site_id as origin_site_id,"
    " o.published_at as origin_published_at, r.id as reprint_article_id,"
    " r.site_id as reprint_site_id, r.published_at as reprint_published_at,"
    f" round((julianday({_ts('r.published_at')}) - julianday({_ts('o.published_at')}))"
    " * 24, 2) as delay_hours"
    " from stories s join articles o on o.id = s.first_article_id"
    " join articles r on r.story_id = s.id and r.id != o.id where s.article_count > 1",
]


def ensure_story_tables(db: Database) -> None:
    """Create the story tables, ``articles.story_id`` and the view; idempotent."""
    if "story_id" not in db["articles"].columns_dict:
        db["articles"].add_column("story_id", int)
    for statement in _SCHEMA:
        db.execute(statement)


def _stored(db: Database, ids: Iterable[int]) -> dict[int, tuple]:
    """article id -> (signature or None, short_key or None) from story_signatures."""
    ids, out = list(ids), {}
    for s in range(0, len(ids), 500):
        part = ids[s : s + 500]
        sql = "select article_id, signature, short_key from story_signatures where article_id in"
        for aid, blob, key in db.execute(f"{sql} ({','.join('?' * len(part))})", part):
            out[aid] = (None if blob is None else np.frombuffer(blob, dtype="<u4"), key)
    return out


def _keys(sig: np.ndarray | None, key: int | None) -> list[int]:
    if sig is not None:
        return band_keys(sig[None, :])[0].tolist()
    return [] if key is None else [key]


def refresh_story_of(db: Database, article_id: int) -> None:
    """The origin of an article's story again, after the article's date changed (a list
    showed the date of an article archived without one)."""
    row = db.execute("select story_id from articles where id = ?", [article_id]).fetchone()
    if row and row[0] is not None:
        _refresh(db, row[0])


def _refresh(db: Database, story_id: int) -> None:
    """Origin and counts of a story from its members; an empty story is deleted."""
    rows = db.execute(
        "select id, site_id, published_at, first_seen from articles where story_id = ?",
        [story_id],
    ).fetchall()
    if not rows:
        db.execute("delete from stories where id = ?", [story_id])
        return
    first = min(rows, key=lambda r: origin_key(r[2], r[3], r[0]))
    db.execute(
        "update stories set first_published_at = ?, first_article_id = ?, article_count = ?,"
        " site_count = ? where id = ?",
        [first[2] or first[3], first[0], len(rows), len({r[1] for r in rows}), story_id],
    )


def _new_story(db: Database) -> int:
    return db.execute("insert into stories (article_count, site_count) values (0, 0)").lastrowid


def assign_story(db: Database, article_id: int, *, threshold: float = THRESHOLD) -> int:
    """Index one archived article and put it in a story (joined, merged or new): its id.

    Call it after the article is written, in the same transaction (it runs in
    ``db.atomic()``). Calling it again for an updated article first forgets the old text.
    """
    row = db.execute("select body, story_id from articles where id = ?", [article_id]).fetchone()
    if row is None:
        raise KeyError(f"no article {article_id}")
    text = normalise(row[0])
    sig, key = index_values(text)
    blob = None if sig is None else sig.astype("<u4").tobytes()
    with db.atomic():
        old = db.execute(
            "select signature, short_key from story_signatures where article_id = ?", [article_id]
        ).fetchone()
        if old is not None and row[1] is not None and tuple(old) == (blob, key):
            _refresh(db, row[1])  # same text: dates may have changed
            return row[1]
        if old is not None or row[1] is not None:
            forget_article(db, article_id, threshold=threshold)
        keys = _keys(sig, key)
        db.execute(
            "insert into story_signatures values (?, ?, ?, ?)", [article_id, len(text), blob, key]
        )
        db.conn.executemany(
            "insert or ignore into story_bands values (?, ?)", [(k, article_id) for k in keys]
        )
        found = [
            r[0]
            for r in db.execute(
                "select distinct article_id from story_bands where band_key in"
                f" ({','.join('?' * len(keys))}) and article_id != ?",
                [*keys, article_id],
            )
        ]
        if sig is not None:
            need = int(np.ceil(threshold * PERMUTATIONS - 1e-9))
            stored = _stored(db, found).items()
            found = [a for a, (s, _) in stored if s is not None and np.sum(s == sig) >= need]
        marks = ",".join("?" * len(found))
        stories = sorted(
            r[0]
            for r in db.execute(
                f"select distinct story_id from articles where id in ({marks})"
                " and story_id is not null",
                found,
            )
        )
        story = stories[0] if stories else _new_story(db)
        for other in stories[1:]:  # the article links several stories: one now
            db.execute("update articles set story_id = ? where story_id = ?", [story, other])
            db.execute("delete from stories where id = ?", [other])
        db.execute(
            f"update articles set story_id = ? where id in ({marks or '0'}) or id = ?",
            [story, *found, article_id],
        )
        _refresh(db, story)
    return story


def forget_article(db: Database, article_id: int, *, threshold: float = THRESHOLD) -> None:
    """Remove an article from the index and from its story (which may split in two).

    Call it before deleting an article; :func:`assign_story` calls it for updated ones.
    """
    with db.atomic():
        for sig, key in _stored(db, [article_id]).values():
            db.conn.executemany(
                "delete from story_bands where band_key = ? and article_id = ?",
                [(k, article_id) for k in _keys(sig, key)],
            )
        db.execute("delete from story_signatures where article_id = ?", [article_id])
        row = db.execute("select story_id from articles where id = ?", [article_id]).fetchone()
        if row is None or row[0] is None:
            return
        db.execute("update articles set story_id = null where id = ?", [article_id])
        _split(db, row[0], threshold)


def _split(db: Database, story_id: int, threshold: float) -> None:
    """Regroup the members of a story that lost one: the part holding the origin keeps the
    id, the other parts become new stories."""
    members = [
        r[0]
        for r in db.execute("select id from articles where story_id = ? order by id", [story_id])
    ]
    stored = _stored(db, members)
    sigs = np.zeros((len(members), PERMUTATIONS), dtype=np.uint32)
    signed = np.zeros(len(members), dtype=bool)
    keys = np.zeros(len(members), dtype=np.int64)
    for i, aid in enumerate(members):
        sig, key = stored.get(aid, (None, None))
        if sig is not None:
            sigs[i], signed[i] = sig, True
        keys[i] = key or 0
    labels = components(sigs, signed, keys, threshold)
    _refresh(db, story_id)
    origin = db.execute("select first_article_id from stories where id = ?", [story_id]).fetchone()
    keep = labels[members.index(origin[0])] if origin else None
    for label in sorted(set(labels.tolist()) - {keep}):
        part = [members[i] for i in np.flatnonzero(labels == label)]
        story = _new_story(db)
        db.execute(
            f"update articles set story_id = ? where id in ({','.join('?' * len(part))})",
            [story, *part],
        )
        _refresh(db, story)
    _refresh(db, story_id)


def _index_batch(bodies: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(chars, signed mask, signatures of the signed, short keys) of a batch of bodies."""
    texts = [normalise(b) for b in bodies]
    chars = np.array([len(t) for t in texts], dtype=np.int64)
    signed = chars >= MIN_CHARS
    keys = np.array(
        [short_key(t) if 20 <= len(t) < MIN_CHARS else 0 for t in texts], dtype=np.int64
    )
    sigs = signatures([t for t, ok in zip(texts, signed, strict=True) if ok])
    return chars, signed, sigs, keys


def rebuild_stories(
    db: Database, *, threshold: float = THRESHOLD, batch: int = 2000, workers: int = 2
) -> int:
    """Recompute the index and every story from ``articles``; returns the number of stories
    (an article nobody reprinted is a story of one). Runs in one transaction."""
    n = db.execute("select count(*) from articles").fetchone()[0]
    ids, sites = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    when = np.zeros(n, dtype=np.float64)
    undated = np.zeros(n, dtype=np.int8)  # origin_key: dated members come first
    chars, keys = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    signed = np.zeros(n, dtype=bool)
    sigs = np.zeros((n, PERMUTATIONS), dtype=np.uint32)

    def put(pos: int, future) -> None:
        c, ok, s, k = future.result()
        end = pos + len(c)
        chars[pos:end], signed[pos:end], keys[pos:end] = c, ok, k
        sigs[pos + np.flatnonzero(ok)] = s

    cursor = db.execute(
        "select id, site_id, published_at, first_seen, body from articles order by id"
    )
    pos, pending = 0, deque()
    with ThreadPoolExecutor(workers) as pool:  # numpy releases the GIL: two cores work
        while rows := cursor.fetchmany(batch):
            rows = rows[: n - pos]
            for i, (aid, site, published, seen, _) in enumerate(rows, pos):
                ids[i], sites[i] = aid, site or 0
                undated[i], when[i], _ = origin_key(published, seen, aid)
            pending.append((pos, pool.submit(_index_batch, [r[4] for r in rows])))
            pos += len(rows)
            while len(pending) > 2 * workers:
                put(*pending.popleft())
        while pending:
            put(*pending.popleft())
    labels = components(sigs, signed, keys, threshold)

    with db.atomic():
        for table in ("story_bands", "story_signatures", "stories"):
            db.execute(f"drop table if exists {table}")
        ensure_story_tables(db)
        db.conn.executemany(
            "insert into story_signatures values (?, ?, ?, ?)",
            (
                (int(ids[i]), int(chars[i]), sigs[i].astype("<u4").tobytes(), None)
                if signed[i]
                else (int(ids[i]), int(chars[i]), None, int(keys[i]) or None)
                for i in range(n)
            ),
        )
        idx = np.flatnonzero(signed)
        for j in range(BANDS):
            band = band_key(sigs[idx, j * ROWS : (j + 1) * ROWS], j)
            order = np.argsort(band, kind="stable")
            rows = zip(band[order].tolist(), ids[idx[order]].tolist(), strict=True)
            db.conn.executemany("insert or ignore into story_bands values (?, ?)", rows)
        short = np.flatnonzero(keys != 0)
        order = short[np.argsort(keys[short], kind="stable")]
        rows = zip(keys[order].tolist(), ids[order].tolist(), strict=True)
        db.conn.executemany("insert or ignore into story_bands values (?, ?)", rows)
        return _write_stories(db, ids, sites, (undated, when), labels)


def _write_stories(
    db: Database,
    ids: np.ndarray,
    sites: np.ndarray,
    order: tuple[np.ndarray, np.ndarray],
    labels: np.ndarray,
) -> int:
    """Number the groups in the order of their smallest article id and write them."""
    if not len(ids):
        return 0
    _, first, number = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(1, len(first) + 1)
    story = rank[number]  # the story id of each article
    undated, when = order
    by = np.lexsort((ids, when, undated, story))  # by story, then origin first
    heads = by[np.r_[True, story[by][1:] != story[by][:-1]]]
    counts = np.bincount(story)[story[heads]]
    pairs = np.unique(np.stack([story, sites], axis=1), axis=0)
    site_counts = np.bincount(pairs[:, 0])[story[heads]]
    db.conn.executemany(
        "insert into stories (id, first_article_id, article_count, site_count) values (?, ?, ?, ?)",
        zip(
            story[heads].tolist(),
            ids[heads].tolist(),
            counts.tolist(),
            site_counts.tolist(),
            strict=True,
        ),
    )
    db.execute(
        "update stories set first_published_at = (select coalesce(published_at, first_seen)"
        " from articles where articles.id = stories.first_article_id)"
    )
    db.conn.executemany(
        "update articles set story_id = ? where id = ?",
        zip(story.tolist(), ids.tolist(), strict=True),
    )
    return len(heads)
