"""Deterministic choices for the demo generator: the same key gives the same draws on every
machine and every Python (the integer draws of ``random`` have changed between Python
versions, and a build must write the same bytes everywhere)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class Rng:
    """A tiny deterministic generator (sha256 of a key and a counter): stable everywhere."""

    def __init__(self, *key: object) -> None:
        self.key = "|".join(str(k) for k in key)
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        digest = hashlib.sha256(f"{self.key}|{self.n}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def randint(self, lo: int, hi: int) -> int:
        """A whole number from ``lo`` to ``hi``, both included."""
        return lo + self._next() % (hi - lo + 1)

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self._next() % len(seq)]

    def chance(self, percent: int) -> bool:
        """True ``percent`` times in a hundred."""
        return self._next() % 100 < percent
