"""Which sites are due, and the per-site lock."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from scrapers.scheduling import SiteLock, due
from sites import SiteProfile

NOW = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)


def test_due():
    profile = SiteProfile(name="x", every="6h")
    assert due(profile, None, NOW) == (True, "never crawled")
    assert due(profile, NOW - timedelta(hours=7), NOW)[0]
    assert not due(profile, NOW - timedelta(hours=5), NOW)[0]
    assert not due(SiteProfile(name="y"), None, NOW)[0]


def test_lock_is_exclusive_and_released(tmp_path):
    first, second = SiteLock(tmp_path, "x"), SiteLock(tmp_path, "x")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_a_killed_holder_does_not_leave_the_lock_stuck(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time;"
            f"from scrapers.scheduling import SiteLock; l = SiteLock({str(tmp_path)!r}, 'x');"
            "assert l.acquire(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    assert not SiteLock(tmp_path, "x").acquire()
    holder.kill()
    holder.wait()
    lock = SiteLock(tmp_path, "x")
    assert lock.acquire()
    lock.release()
