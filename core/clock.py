"""Time as the archive keeps it: crawl times in UTC, publish times in China time.

Portals publish in Beijing time (UTC+08:00, no daylight saving). The archive records when
it fetched something in UTC, and when an article says it was published in China time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

#: China Standard Time, the only time zone Chinese portals write dates in.
CHINA = timezone(timedelta(hours=8), "CST")
#: The same offset as ISO 8601 writes it (for SQL that reads archive dates).
CHINA_OFFSET = "+08:00"


def now() -> str:
    """The time items record (fetched_at, at): UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def publish_day(published_at: str | None) -> str | None:
    """The Beijing calendar day of a publish time as the archive keeps it (China time, or
    the day alone); None for no date or a month alone. SQLite's date() would give the UTC
    day instead, the day before for everything published before 08:00.

    >>> publish_day("2015-07-04T02:37:29+08:00"), publish_day("2015-07-04"), publish_day("1998-03")
    ('2015-07-04', '2015-07-04', None)
    """
    return published_at[:10] if published_at and len(published_at) >= 10 else None


def publish_month(published_at: str | None) -> str | None:
    """The month of a publish time (2015-07), the day or month alone included.

    >>> publish_month("2015-07-04T02:37:29+08:00"), publish_month(None)
    ('2015-07', None)
    """
    return published_at[:7] if published_at and len(published_at) >= 7 else None
