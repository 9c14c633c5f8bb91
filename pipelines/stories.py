"""Stories: one article republished by several outlets, grouped (MinHash + LSH over bodies).

County, city and provincial outlets reprint each other with small changes: a new headline,
a 来源 line, an editor's note, a paragraph cut, a few characters changed. Two articles are
*similar* when the Jaccard similarity of their bodies' character shingles, as estimated by
MinHash, reaches :data:`THRESHOLD`; a *story* is a connected group of similar articles.

- :func:`normalise` drops byline lines (来源/编辑/审核…), applies NFKC and removes whitespace
  and punctuation; :func:`signature` is the MinHash of its :data:`SHINGLE`-character
  shingles (:data:`PERMUTATIONS` values); :func:`band_keys` cuts it into :data:`BANDS` bands
  of :data:`ROWS` values: two articles are compared only when a band is equal (LSH).
- A body shorter than :data:`MIN_CHARS` normalised characters (a two-sentence notice) has no
  signature: it only joins an article whose normalised body is identical, so notices that
  share a template are not grouped.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> db.execute("create table articles (id integer primary key, site_id int, title, body,"
...            " published_at, first_seen)").close()
>>> ensure_story_tables(db)
>>> text = ("今年，颍川县计划新改建农村公路120公里，实施危桥改造8座，安装安全防护设施30公里，"
...         "进一步完善县乡村三级路网。\\n县交通运输局实行“一路一档”管理，对每个项目明确责任人和"
...         "完工时限，施工期间派驻质量监督人员全程盯守，确保工程质量。\\n目前，全县已实现所有具备"
...         "条件的行政村通硬化路、通客车，城乡公交一体化覆盖率达到100%。")
>>> rows = [(1, 1, text, "2024-03-05T09:00:00+08:00"),
...         (2, 2, "来源：许昌日报\\n" + text + "（编者按：转载时有删节）", "2024-03-05T15:30:00+08:00")]
>>> for id_, site, body, when in rows:
...     _ = db.execute("insert into articles (id, site_id, title, body, published_at, first_seen)"
...                    " values (?, ?, '', ?, ?, ?)", [id_, site, body, when, when])
...     _ = assign_story(db, id_)
>>> db.execute("select * from story_reprints").fetchall()
[(1, 1, 1, '2024-03-05T09:00:00+08:00', 2, 2, '2024-03-05T15:30:00+08:00', 6.5)]

Tables (:func:`ensure_story_tables`): ``stories``, ``articles.story_id``, ``story_signatures``
(the MinHash of each article, or the key of a short body), ``story_bands`` (one row per band,
``WITHOUT ROWID`` keyed by the band, so a lookup is one index probe) and the view
``story_reprints``. Changing :data:`SHINGLE`, :data:`BANDS` or :data:`ROWS` invalidates the
stored index: run :func:`rebuild_stories` (``scrapy stories --rebuild``) after.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from core.clock import CHINA, CHINA_OFFSET

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlite_utils import Database

__all__ = [
    "BANDS",
    "MIN_CHARS",
    "PERMUTATIONS",
    "ROWS",
    "SHINGLE",
    "THRESHOLD",
    "assign_story",
    "band_keys",
    "ensure_story_tables",
    "forget_article",
    "jaccard",
    "normalise",
    "rebuild_stories",
    "short_key",
    "signature",
    "signatures",
    "similarity",
]

#: Characters per shingle (bench/stories_eval.py: 5 separates reprints from same-topic news).
SHINGLE = 5
#: LSH: BANDS bands of ROWS MinHash values; candidates at J = 0.5 are found 87% of the time,
#: at J = 0.6 99%, at J = 0.2 5% (``1 - (1 - J**ROWS) ** BANDS``).
BANDS, ROWS = 32, 4
PERMUTATIONS = BANDS * ROWS
#: Estimated Jaccard similarity at which two bodies are one story (bench/stories_eval.py).
THRESHOLD = 0.5
#: Normalised bodies shorter than this only group with an identical body.
MIN_CHARS = 120

_M64 = (1 << 64) - 1
_SHORT_BAND = 127  # the band number of the exact-text keys of short bodies
_BUCKET_HEADS = 64  # rebuild: members of a bigger bucket are compared with its first 64
_META_LINE = re.compile(
    r"^\W{0,3}(?:来源|稿源|出处|编辑|责任编辑|责编|编审|作者|文|记者|通讯员|审核|审校|审签|校对|"
    r"终审|初审|复审|一审|二审|三审|监制|供稿|摄影|摄像|图片|美编|值班编辑|策划|统筹|主编)\s*[:：/]"
)
_NOT_TEXT = re.compile(r"[\W_]+")


def _splitmix(seed: int, n: int) -> list[int]:
    """n 64-bit values of splitmix64 (stable everywhere, unlike numpy's generators)."""
    out = []
    for _ in range(n):
        seed = (seed + 0x9E3779B97F4A7C15) & _M64
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append(z ^ (z >> 31))
    return out


_PERM = np.array(_splitmix(20240521, 2 * PERMUTATIONS), dtype=np.uint64) >> np.uint64(32)
_A = (_PERM[:PERMUTATIONS] | np.uint64(1)).astype(np.uint32)  # odd: a bijection of 2**32
_B = _PERM[PERMUTATIONS:].astype(np.uint32)
_FNV = np.uint64(0x100000001B3)


def _mix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise on uint64 (wrapping arithmetic)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def normalise(body: str | None) -> str:
    """The text that is compared: byline lines dropped, NFKC, no whitespace or punctuation.

    >>> normalise("来源：人民网\\n　　新年伊始，禹州高新区（Ｇ区）…\\n责任编辑：张三")
    '新年伊始禹州高新区g区'
    """
    lines = (body or "").splitlines()
    kept = (ln for ln in lines if not (len(ln) < 80 and _META_LINE.match(ln.strip())))
    text = _NOT_TEXT.sub("", "\n".join(kept))
    if not unicodedata.is_normalized("NFKC", text):  # punctuation gone, this is rare: fast
        text = _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text))
    return text.lower()


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the k-character shingles of ``text`` (repeats kept; a text shorter
    than k is one shingle).

    >>> len(shingle_hashes("一二三四五六")), len(set(shingle_hashes("一二一二一二一二").tolist()))
    (2, 2)
    """
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = max(len(cp) - k + 1, 1 if len(cp) else 0)
    h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    for j in range(min(k, len(cp))):
        h = (h ^ cp[j : j + n]) * _FNV
    return (_mix64(h) >> np.uint64(32)).astype(np.uint32)


def jaccard(a: str, b: str, k: int = SHINGLE) -> float:
    """The exact Jaccard similarity of two normalised texts' shingle sets.

    >>> jaccard("一二三四五六七", "一二三四五六八")
    0.5
    """
    sa, sb = set(shingle_hashes(a, k).tolist()), set(shingle_hashes(b, k).tolist())
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def signatures(texts: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """MinHash signatures (one row of :data:`PERMUTATIONS` uint32 per non-empty text).

    Permutation i maps a shingle hash x to ``A[i] * x + B[i] mod 2**32``; the shingle hashes
    are already well mixed, so these bijections behave as random permutations (the
    estimates match the exact Jaccard within the binomial error: tests).
    """
    out = np.empty((len(texts), PERMUTATIONS), dtype=np.uint32)
    start = 0
    while start < len(texts):  # about 64k shingles at a time: the work stays in cache
        end, total = start, 0
        while end < len(texts) and (end == start or total < 65536):
            total += len(texts[end])
            end += 1
        x, offsets = _batch_hashes(texts[start:end], k)
        for c in range(0, PERMUTATIONS, 32):
            v = np.multiply.outer(_A[c : c + 32], x)
            v += _B[c : c + 32, None]
            out[start:end, c : c + 32] = np.minimum.reduceat(v, offsets, 1).T
        start = end
    return out


def _batch_hashes(texts: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingle_hashes` of several texts, concatenated, and where each one starts;
    computed over the joined text at once (shingles across two texts are dropped)."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    if lengths.min() < k:  # rare (short texts are not signed): one at a time
        parts = [shingle_hashes(t, k) for t in texts]
        return np.concatenate(parts), np.cumsum([0] + [len(p) for p in parts[:-1]])
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cp) - k + 1
    h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    for j in range(k):
        h ^= cp[j : j + n]
        h *= _FNV
    keep = np.ones(n, dtype=bool)
    ends = np.cumsum(lengths)[:-1]  # a shingle starting in the last k-1 characters crosses
    keep[(ends[:, None] - np.arange(1, k)[None, :]).ravel()] = False
    x = (_mix64(h[keep]) >> np.uint64(32)).astype(np.uint32)
    starts = np.concatenate(([0], np.cumsum(lengths - k + 1)[:-1]))
    return x, starts


def signature(text: str) -> np.ndarray:
    """The MinHash signature of one normalised text."""
    return signatures([text])[0]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


def _band_key(rows: np.ndarray, band: int) -> np.ndarray:
    """The int64 LSH key of band ``band`` from its :data:`ROWS` columns of signatures: the
    band number in the top 7 bits, so the keys of a band are contiguous (a bulk insert of
    sorted keys only appends)."""
    s = rows.astype(np.uint64)
    h = np.full(len(rows), (band + 1) * 0x9E3779B97F4A7C15 & _M64, dtype=np.uint64)
    for r in range(ROWS):
        h = _mix64(h ^ s[:, r])
    return ((np.uint64(band) << np.uint64(56)) | (h >> np.uint64(8))).view(np.int64)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """LSH keys of signatures: one int64 per (signature, band).

    >>> sig = signature(normalise("农技专家走进张庄村手把手指导春管" * 5))
    >>> keys = band_keys(sig[None, :])
    >>> keys.shape, [int(k) >> 56 for k in keys[0, :3]]
    ((1, 32), [0, 1, 2])
    >>> bool((keys[:, 5] == _band_key(sig[None, 5 * ROWS : 6 * ROWS], 5)).all())
    True
    """
    s = sigs.astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    bands = np.arange(BANDS, dtype=np.uint64)
    h = np.broadcast_to((bands + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15), s.shape[:2])
    for r in range(ROWS):  # the same sums as _band_key, every band at once
        h = _mix64(h ^ s[:, :, r])
    return ((bands << np.uint64(56)) | (h >> np.uint64(8))).view(np.int64)


def short_key(text: str) -> int:
    """The key of a short normalised body: its hash, in the band :data:`_SHORT_BAND`."""
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
    return (_SHORT_BAND << 56) | (digest >> 8)


def _instant(value: str | None) -> float | None:
    """Seconds since the epoch of an ISO date; a day alone or a naive time is China time."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=CHINA)).timestamp()


def origin_key(published_at: str | None, first_seen: str | None, article_id: int) -> tuple:
    """Sort key of the members of a story: the origin (earliest published) sorts first."""
    when = _instant(published_at)
    when = _instant(first_seen) if when is None else when
    return (float("inf") if when is None else when, article_id)


# ---------------------------------------------------------------------------- grouping


def _band_pairs(keys: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Pairs (as rows of two indexes from ``idx``) of items whose band key is equal."""
    order = np.argsort(keys, kind="stable")
    same = keys[order][1:] == keys[order][:-1]
    if not same.any():
        return np.empty((0, 2), dtype=np.int64)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.view(np.int8), [0]))))
    starts, ends = edges[0::2], edges[1::2] + 1  # a bucket is order[start:end]
    sizes, out = ends - starts, []
    for size in np.unique(sizes).tolist():  # all buckets of one size at once
        if size <= _BUCKET_HEADS:
            a, b = np.triu_indices(size, 1)
        else:  # a reprint of a reprint of ...: every member against the first members only
            a = np.repeat(np.arange(_BUCKET_HEADS), size)
            b = np.tile(np.arange(size), _BUCKET_HEADS)
            a, b = a[b > a], b[b > a]
        first = starts[sizes == size][:, None]
        out.append(np.stack([idx[order[first + a]].ravel(), idx[order[first + b]].ravel()], 1))
    return np.concatenate(out)


def _components(
    sigs: np.ndarray, signed: np.ndarray, keys: np.ndarray, threshold: float
) -> np.ndarray:
    """The story of each item, as the index of a representative member.

    ``sigs[i]`` counts where ``signed[i]``; otherwise a non-zero ``keys[i]`` (a short body)
    joins the items with the same key. Signed items are linked when a band is equal and the
    estimated similarity reaches ``threshold``; stories are the connected groups.
    """
    n = len(signed)
    idx = np.flatnonzero(signed)
    pairs = [_band_pairs(_band_key(sigs[idx, j * ROWS : (j + 1) * ROWS], j), idx)
             for j in range(BANDS)]  # fmt: skip
    cand = np.sort(np.concatenate(pairs), axis=1)
    codes = np.unique(cand[:, 0] * n + cand[:, 1])  # each pair once
    cand = np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)
    need = int(np.ceil(threshold * PERMUTATIONS - 1e-9))
    links = []
    for s in range(0, len(cand), 200_000):
        chunk = cand[s : s + 200_000]
        equal = np.count_nonzero(sigs[chunk[:, 0]] == sigs[chunk[:, 1]], axis=1)
        links.append(chunk[equal >= need])
    short = np.flatnonzero(~signed & (keys != 0))
    if len(short) > 1:
        order = short[np.argsort(keys[short], kind="stable")]
        chain = keys[order][1:] == keys[order][:-1]
        links.append(np.stack([order[:-1][chain], order[1:][chain]], axis=1))
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in np.concatenate(links).tolist() if links else []:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(i) for i in range(n)], dtype=np.int64)


def _index_values(text: str) -> tuple[np.ndarray | None, int | None]:
    """(signature, None) of a long body, (None, key) of a short one, (None, None) if tiny."""
    if len(text) >= MIN_CHARS:
        return signature(text), None
    return None, (short_key(text) if len(text) >= 20 else None)


# ---------------------------------------------------------------------------- the archive


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
    sig, key = _index_values(text)
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
    labels = _components(sigs, signed, keys, threshold)
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
                when[i] = origin_key(published, seen, aid)[0]
            pending.append((pos, pool.submit(_index_batch, [r[4] for r in rows])))
            pos += len(rows)
            while len(pending) > 2 * workers:
                put(*pending.popleft())
        while pending:
            put(*pending.popleft())
    labels = _components(sigs, signed, keys, threshold)

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
            band = _band_key(sigs[idx, j * ROWS : (j + 1) * ROWS], j)
            order = np.argsort(band, kind="stable")
            rows = zip(band[order].tolist(), ids[idx[order]].tolist(), strict=True)
            db.conn.executemany("insert or ignore into story_bands values (?, ?)", rows)
        short = np.flatnonzero(keys != 0)
        order = short[np.argsort(keys[short], kind="stable")]
        rows = zip(keys[order].tolist(), ids[order].tolist(), strict=True)
        db.conn.executemany("insert or ignore into story_bands values (?, ?)", rows)
        return _write_stories(db, ids, sites, when, labels)


def _write_stories(
    db: Database, ids: np.ndarray, sites: np.ndarray, when: np.ndarray, labels: np.ndarray
) -> int:
    """Number the groups in the order of their smallest article id and write them."""
    if not len(ids):
        return 0
    _, first, number = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(1, len(first) + 1)
    story = rank[number]  # the story id of each article
    by = np.lexsort((ids, when, story))  # by story, then origin first
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
