"""Durations as people write them in profiles and on the command line: 30m, 6h, 7d, 2w."""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """Parse "7d" or "6h"; raises ValueError with the accepted forms.

    >>> parse_duration("7d"), parse_duration("90m")
    (datetime.timedelta(days=7), datetime.timedelta(seconds=5400))
    >>> parse_duration("a week")
    Traceback (most recent call last):
    ...
    ValueError: not a duration: 'a week' (write a number and s, m, h, d or w: 30m, 6h, 7d)
    """
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(
            f"not a duration: {text!r} (write a number and s, m, h, d or w: 30m, 6h, 7d)"
        )
    return timedelta(**{_UNITS[match.group(2).lower()]: float(match.group(1))})
