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
