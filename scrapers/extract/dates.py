"""Publish dates as Chinese portals write them, read in China time (+08:00).

A date is only ever taken whole: a year alone is not a date, and nothing is filled in (no
January 1st, no midnight). A month is a date only where the page dates the piece by its
month: a magazine issue (1998年3月号), or a date label with a month as its value; it is
kept as the month, 1998-03.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from core.clock import CHINA

from .cms import day_matches

_MIN_YEAR = 1990
_MAX_YEAR = 2100

_TIME = (
    r"(?:\s*(?:T|\s|日|,)?\s*(?P<H>[01]?\d|2[0-3])\s*(?:[:：]|时)\s*(?P<M>[0-5]\d)\s*(?:分)?"
    r"(?:\s*(?:[:：])\s*(?P<S>[0-5]\d)(?:\.\d+)?)?(?:\s*秒)?"
    r"(?P<TZ>Z|[+-]\d{2}:?\d{2})?)?"
)
# 2023年1月29日 / 2023-01-29 / 2023/1/29 / 2023.01.29 / 2023_01_29, with an optional time.
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.年_])\s*(?P<m>1[0-2]|0?[1-9])\s*"
    r"(?:(?P=sep)|月)\s*(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?" + _TIME
)
# 20230129 or 20230129102100, as some CMSes print them.
_COMPACT = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])"
    r"(?:(?P<H>[01]\d|2[0-3])(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?(?!\d)"
)
_EPOCH = re.compile(r"^\d{10}$|^\d{13}$")
# 1998年3月号 / 2021年第5期 is not a month; 1998年3月刊, 1998年03月.
_MONTH = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>1[0-2]|0?[1-9])(?!\d)\s*(?P<mark>月号|月刊|月)?"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date as found: the ISO value, the string it came from, and where."""

    value: str
    raw: str
    source: str
    has_time: bool

    @property
    def day(self) -> str:
        return self.value[:10]


def _valid_day(y: int, m: int, d: int) -> date | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _iso(match: re.Match) -> tuple[str, bool] | None:
    g = match.groupdict()
    day = _valid_day(int(g["y"]), int(g["m"]), int(g["d"]))
    if day is None:
        return None
    if g.get("H") is None:
        return day.isoformat(), False
    moment = datetime(day.year, day.month, day.day, int(g["H"]), int(g["M"]), int(g.get("S") or 0))
    tz = g.get("TZ")
    if tz:
        offset = _offset(tz)
        moment = moment.replace(tzinfo=offset).astimezone(CHINA)
    else:
        moment = moment.replace(tzinfo=CHINA)
    return moment.isoformat(), True


def _offset(tz: str) -> timezone:
    if tz == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def find_dates(text: str) -> list[tuple[str, bool, str]]:
    """Every whole date in a string, as (iso value, has_time, matched text).

    >>> find_dates("发布时间：2023年1月29日 10:21 来源：禹州")
    [('2023-01-29T10:21:00+08:00', True, '2023年1月29日 10:21')]
    >>> find_dates("2023.01.29")
    [('2023-01-29', False, '2023.01.29')]
    >>> find_dates("Copyright 2008-2023 版权所有")
    []
    """
    found = []
    for match in _DATE.finditer(text):
        iso = _iso(match)
        if iso:
            found.append((*iso, match.group(0).strip()))
    return found


def parse_date(text: str | None, source: str) -> FoundDate | None:
    """The first whole date in text, ISO 8601 in China time.

    >>> parse_date("2019-09-07T13:43:45+08:00", "meta").value
    '2019-09-07T13:43:45+08:00'
    >>> parse_date("2020-02-21T05:00:00Z", "jsonld").value
    '2020-02-21T13:00:00+08:00'
    >>> parse_date("1580000000", "meta").value
    '2020-01-26T08:53:20+08:00'
    >>> parse_date("2023年", "text") is None
    True
    """
    if not text:
        return None
    text = text.strip()
    if _EPOCH.match(text):
        return from_timestamp(int(text[:10]), text, source)
    dates = find_dates(text)
    if dates:
        value, has_time, raw = dates[0]
        return FoundDate(value, raw, source, has_time)
    match = _COMPACT.search(text)
    if match and (iso := _iso(match)):
        return FoundDate(iso[0], match.group(0), source, iso[1])
    return None


def find_month(text: str, issue_only: bool = True) -> FoundDate | None:
    """A month that dates a piece: a magazine issue (1998年3月号), or with issue_only off
    (the value of a date label) any year and month standing without a day.

    >>> find_month("刊期：1998年3月号").value
    '1998-03'
    >>> find_month("2023年1月，县里召开会议") is None, find_month("2023年1月", False).value
    (True, '2023-01')
    """
    for match in _MONTH.finditer(text):
        mark = match.group("mark")
        if issue_only and mark not in ("月号", "月刊"):
            continue
        after = text[match.end() : match.end() + 2]
        if mark in (None, "月") and re.match(r"\s*\d", after):
            continue  # the day follows: not a month alone
        year, month = int(match.group("y")), int(match.group("m"))
        if _MIN_YEAR <= year <= _MAX_YEAR:
            return FoundDate(f"{year}-{month:02d}", match.group(0).strip(), "text", False)
    return None


def from_timestamp(seconds: int, raw: str, source: str) -> FoundDate | None:
    try:
        moment = datetime.fromtimestamp(seconds, CHINA)
    except (OverflowError, OSError, ValueError):
        return None
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    return FoundDate(moment.isoformat(), raw, source, True)


def date_from_url(url: str | None) -> FoundDate | None:
    """The day an article URL carries, if any (the shapes are in cms.DAY_SHAPES).

    >>> date_from_url("http://www.x.gov.cn/xwzx/202301/t20230129_123.html").value
    '2023-01-29'
    >>> date_from_url("http://www.x.com/a/2023/0129/123.html").value
    '2023-01-29'
    >>> date_from_url("http://www.x.gov.cn/art/2023/1/29/art_12_345.html").value
    '2023-01-29'
    >>> date_from_url("http://www.x.com/news/2023/index_2.html") is None
    True
    """
    if not url:
        return None
    for match in day_matches(url.split("?", 1)[0]):
        if iso := _iso(match):
            return FoundDate(iso[0], match.group(0), "url", False)
    return None
