"""MinHash over the character shingles of normalised bodies, and the LSH keys that find
candidate reprints. Pure (numpy): no database.

- :func:`normalise` drops byline lines (来源/编辑/审核…), applies NFKC and removes whitespace
  and punctuation; :func:`signature` is the MinHash of its :data:`SHINGLE`-character
  shingles (:data:`PERMUTATIONS` values); :func:`band_keys` cuts it into :data:`BANDS` bands
  of :data:`ROWS` values: two articles are compared only when a band is equal (LSH).
- A body shorter than :data:`MIN_CHARS` normalised characters (a two-sentence notice) has no
  signature, only a :func:`short_key` of its exact text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

import numpy as np

from core.vocabulary import byline_label_regex

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Characters per shingle (bench/stories_eval.py: 5 separates reprints from same-topic news).
SHINGLE = 5
#: LSH: BANDS bands of ROWS MinHash values; candidates at J = 0.5 are found 87% of the time,
#: at J = 0.6 99%, at J = 0.2 5% (``1 - (1 - J**ROWS) ** BANDS``).
BANDS, ROWS = 32, 4
PERMUTATIONS = BANDS * ROWS
#: Normalised bodies shorter than this only group with an identical body.
MIN_CHARS = 120

_M64 = (1 << 64) - 1
_SHORT_BAND = 127  # the band number of the exact-text keys of short bodies
#: Byline lines (来源：…, 责任编辑：…, 文/…), dropped before bodies are compared.
BYLINE_LINE = byline_label_regex()
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
    kept = (ln for ln in lines if not (len(ln) < 80 and BYLINE_LINE.match(ln.strip())))
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


def band_key(rows: np.ndarray, band: int) -> np.ndarray:
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
    >>> bool((keys[:, 5] == band_key(sig[None, 5 * ROWS : 6 * ROWS], 5)).all())
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


def index_values(text: str) -> tuple[np.ndarray | None, int | None]:
    """(signature, None) of a long body, (None, key) of a short one, (None, None) if tiny."""
    if len(text) >= MIN_CHARS:
        return signature(text), None
    return None, (short_key(text) if len(text) >= 20 else None)
