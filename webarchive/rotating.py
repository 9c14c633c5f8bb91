"""WARC files written as a crawl goes: one file open at a time per process, a new one once
it passes a size, named as the IIPC recommends (PREFIX-TIMESTAMP-SERIAL-HOST.warc.gz).

A file being written ends in ``.open`` and loses it when closed, as Heritrix does: a file
still called ``.open`` after its process is gone was cut short (its complete records still
read; warcio stops at the cut one).
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from .records import Capture, WarcFile


class RotatingWarcFiles:
    def __init__(self, folder: str | Path, prefix: str, max_bytes: int, info: dict) -> None:
        self.folder, self.prefix = Path(folder), prefix
        self.max_bytes, self.info = max(1, max_bytes), dict(info)
        self.serial = 0
        self.file = None
        self.warc: WarcFile | None = None
        self.path: Path | None = None
        self.closed: list[Path] = []  # the files this writer finished
        self.records = 0

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        host = f"{socket.gethostname()}-{os.getpid()}"
        name = f"{self.prefix}-{stamp}-{self.serial:05d}-{host}.warc.gz"
        self.serial += 1
        self.path = self.folder / name
        self.file = open(f"{self.path}.open", "wb")  # noqa: SIM115 - closed by close()
        self.warc = WarcFile(self.file)
        self.warc.warcinfo(name, self.info)

    def write(self, capture: Capture, **extra: str) -> str:
        """Write one response record; returns its record ID."""
        if self.warc is None:
            self._open()
        record_id = self.warc.response(capture, record_id=_random_id(), **extra)
        self.records += 1
        if self.file.tell() >= self.max_bytes:
            self.close()
        return record_id

    def close(self) -> None:
        if self.file is None:
            return
        self.file.close()
        os.replace(f"{self.path}.open", self.path)
        self.closed.append(self.path)
        self.file = self.warc = None


def _random_id() -> str:
    """A new record ID: two fetches of one URL in one second are two records."""
    import uuid

    return f"<urn:uuid:{uuid.uuid4()}>"
