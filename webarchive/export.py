"""An archive's stored pages as one WARC file: what ``scrapy export-warc`` writes.

For each stored page, a response record (its capture); a metadata record where a list page
gave the article its date (``rongmei-list-date``: the page alone would not say it, and
``scrapy import-warc`` reads it back); and a revisit record where the archive knows of a
later fetch that read as the same article (``last_seen`` after the page's ``fetched_at``:
the archive replaces the page only when the article changes). Only the latest such fetch
is known, and not its bytes: the revisit names its own profile
(records.SAME_ARTICLE_PROFILE), not identical-payload-digest, and carries no payload digest.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .records import Capture, WarcFile


@dataclass(frozen=True)
class StoredPage:
    """One row of archive.queries.stored_captures, in its column order."""

    url: str
    status: int | None
    headers: str | None  # JSON object
    body: bytes  # zlib
    fetched_at: str
    last_seen: str | None
    date_source: str | None
    published_at: str | None
    published_at_raw: str | None
    site: str
    crawl_id: int | None

    def capture(self) -> Capture:
        headers = json.loads(self.headers or "{}")
        return Capture(
            self.url, self.status or 200, list(headers.items()), zlib.decompress(self.body),
            self.fetched_at,
        )  # fmt: skip


def export_captures(
    pages: Iterable[StoredPage], out: str | Path, info: dict[str, str], *, since: str | None = None
) -> Counter:
    """Write the pages into a new WARC file (gzip unless it ends in .warc); since: only
    what was captured since then (UTC ISO). Returns the records written by type."""
    out = Path(out)
    counts: Counter = Counter()
    with open(out, "wb") as stream:
        warc = WarcFile(stream, gzip=out.name.endswith(".gz"))
        warc.warcinfo(out.name, info)
        counts["warcinfo"] += 1
        for page in pages:
            capture = page.capture()
            if since is None or page.fetched_at >= since:
                warc.response(capture, **{"Rongmei-Crawl": f"{page.site} {page.crawl_id}"})
                counts["response"] += 1
                if page.date_source == "list" and page.published_at:
                    warc.metadata(capture, [("rongmei-list-date", page.published_at),
                                            ("rongmei-list-date-raw", page.published_at_raw or "")])  # fmt: skip
                    counts["metadata"] += 1
            again = page.last_seen if page.last_seen and page.last_seen > page.fetched_at else None
            if again and (since is None or again >= since):
                warc.revisit(capture, again)
                counts["revisit"] += 1
    return counts
