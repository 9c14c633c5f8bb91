"""Grouping similar articles into stories: candidate pairs from equal LSH bands, kept when
the estimated similarity reaches the threshold, stories as the connected groups; and which
member of a story is its origin. Pure (numpy): no database.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from core.clock import CHINA

from .minhash import BANDS, PERMUTATIONS, ROWS, band_key

#: Estimated Jaccard similarity at which two bodies are one story (bench/stories_eval.py).
THRESHOLD = 0.5

_BUCKET_HEADS = 64  # rebuild: members of a bigger bucket are compared with its first 64


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
    """Sort key of the members of a story: the origin sorts first. The origin is the
    earliest *published* member whenever any member has a date (when the crawl first saw
    an article says nothing of when it appeared); only in a story of undated articles is
    it the one seen first.

    >>> sorted([origin_key(None, "2024-01-01T00:00:00+00:00", 1),
    ...         origin_key("2024-03-05", "2024-03-06T00:00:00+00:00", 2)])[0][-1]
    2
    """
    when = _instant(published_at)
    if when is not None:
        return (0, when, article_id)
    seen = _instant(first_seen)
    return (1, float("inf") if seen is None else seen, article_id)


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


def components(
    sigs: np.ndarray, signed: np.ndarray, keys: np.ndarray, threshold: float
) -> np.ndarray:
    """The story of each item, as the index of a representative member.

    ``sigs[i]`` counts where ``signed[i]``; otherwise a non-zero ``keys[i]`` (a short body)
    joins the items with the same key. Signed items are linked when a band is equal and the
    estimated similarity reaches ``threshold``; stories are the connected groups.
    """
    n = len(signed)
    idx = np.flatnonzero(signed)
    pairs = [_band_pairs(band_key(sigs[idx, j * ROWS : (j + 1) * ROWS], j), idx)
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
