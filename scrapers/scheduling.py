"""Which sites are due for a crawl, and a per-site lock that a crashed run cannot leave
held (an flock: the operating system releases it when the process ends, however it ends)."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sites import SiteProfile


def due(profile: SiteProfile, last: datetime | None, now: datetime) -> tuple[bool, str]:
    """Is the site due (its `every` has passed since its last completed crawl started; an
    interrupted or killed crawl does not count), and why."""
    if not profile.every:
        return False, "no `every` in its profile"
    every: timedelta = profile.every_delta
    if last is None:
        return True, "never crawled"
    if now - last >= every:
        return (
            True,
            f"last completed crawl started {last:%Y-%m-%d %H:%M} UTC, every {profile.every}",
        )
    return False, f"next crawl after {(last + every):%Y-%m-%d %H:%M} UTC"


class SiteLock:
    """An exclusive, non-blocking lock on LOCKS_DIR/NAME.lock."""

    def __init__(self, folder: str | Path, site: str) -> None:
        self.path = Path(folder) / f"{site}.lock"
        self.handle = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        handle.flush()
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
