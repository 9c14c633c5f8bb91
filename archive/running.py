"""Which crawls are still running: each local crawl holds a lock on a file beside the
archive (ARCHIVE.running/ID.lock) for as long as its process lives. The operating system
releases an flock when the process ends, however it ends (SIGKILL, a power cut of the
process), so a crawls row that says `running` while its lock can be taken is a crawl whose
process is gone: it is `killed`, never shown running for ever.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import suppress
from pathlib import Path
from typing import IO


def lock_path(archive: str | Path, crawl_id: int) -> Path:
    return Path(f"{archive}.running") / f"{crawl_id}.lock"


def hold(archive: str | Path, crawl_id: int) -> IO:
    """Take the crawl's lock for the life of this process (release() on a clean end)."""
    path = lock_path(archive, crawl_id)
    path.parent.mkdir(exist_ok=True)
    handle = path.open("a+")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def release(archive: str | Path, crawl_id: int, handle: IO) -> None:
    with suppress(OSError):
        lock_path(archive, crawl_id).unlink()
    handle.close()


def is_alive(archive: str | Path, crawl_id: int) -> bool:
    """Does a process still hold the crawl's lock? A crawl without a lock file never took
    one (a crawl of an older version, or one that died before it did): not alive."""
    path = lock_path(archive, crawl_id)
    try:
        handle = path.open("r")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
    with suppress(OSError):
        path.unlink()  # the holder is gone: its file is left over
    return False
