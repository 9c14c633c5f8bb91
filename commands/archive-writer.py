"""scrapy archive-writer [--until-idle 30s] [-s ARCHIVE=archive.db] (REDIS_URL set)

The writer of a scaled-out crawl: drains what the workers push to Redis into the archive,
a batch (ARCHIVE_BATCH_SIZE) per transaction, removing a batch from Redis only after it
is committed (cluster.writer). Runs until stopped (Ctrl-C or SIGTERM finish the batch in
hand), or, with --until-idle, until the queue has been empty for that many seconds.
Only one writer drains a queue at a time.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
from contextlib import suppress
from pathlib import Path

from redis.exceptions import RedisError
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive import open_archive
from cluster import scaled_out
from cluster.connection import connect
from cluster.writer import ArchiveWriter, WriterBusy
from commands import InputChecks, fail
from core.durations import parse_duration
from scrapers.warc_recorder import warcinfo
from webarchive import RotatingWarcFiles


def writer_warcs(settings) -> RotatingWarcFiles | None:
    """WARC_ENABLED: the WARC files of the article pages the workers send (the workers
    write none, and their list pages do not travel)."""
    if not settings.getbool("WARC_ENABLED"):
        return None
    info = {**warcinfo(settings), "description": WRITER_NOTE}
    return RotatingWarcFiles(settings.get("WARC_DIR"), settings.get("WARC_PREFIX"),
                             settings.getint("WARC_MAX_BYTES"), info)  # fmt: skip


WRITER_NOTE = (
    "article pages of a scaled-out rongmei crawl, as the workers sent them to the archive "
    "writer: bodies decompressed, no list pages, redirects or error answers; the HTTP "
    "status line is rebuilt from the status code; a Content-Length that no longer fits "
    "the body is corrected, the received value kept as X-Archive-Orig-Content-Length"
)


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    quiet = True

    def short_desc(self) -> str:
        return "Write what the workers of a scaled-out crawl push to Redis into the archive"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--until-idle",
            metavar="DURATION",
            help="stop once the queue has been empty this long, e.g. 30s or 5m "
            "(default: run until stopped)",
        )

    def run(self, args: list[str], opts) -> None:
        try:
            until_idle = parse_duration(opts.until_idle) if opts.until_idle else None
            writer = self._writer()
        except (UsageError, WriterBusy, ValueError) as exc:
            fail(self, str(exc))
            return
        stopping = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopping.append(True))
        published = writer.publish_known()
        logging.getLogger(__name__).info(
            "Writing %s into %s (%d archived URL keys published)",
            writer.key,
            self.settings["ARCHIVE"],
            published,
        )
        try:
            idle = until_idle.total_seconds() if until_idle else None
            writer.run(until_idle=idle, stop=lambda: bool(stopping))
        except (RedisError, sqlite3.Error) as exc:
            # What was not committed is still in Redis: a restarted writer goes on from it.
            fail(self, f"{type(exc).__name__}: {exc}", status=1)
        finally:
            with suppress(RedisError):
                writer.release()
            writer.db.close()
            if writer.warc is not None:
                writer.warc.close()
        counts = ", ".join(f"{k.split('/', 1)[1]} {v}" for k, v in sorted(writer.stats.items()))
        sys.stdout.write(f"archive-writer: {counts or 'nothing to write'}\n")

    def _writer(self) -> ArchiveWriter:
        settings = self.settings
        if not scaled_out(settings):
            raise UsageError("REDIS_URL is not set: there is no queue to write from")
        archive = Path(settings.get("ARCHIVE") or "")
        if not archive.name or not archive.parent.is_dir():
            raise UsageError(f"ARCHIVE={settings.get('ARCHIVE')!r}: no such folder")
        writer = ArchiveWriter(
            open_archive(str(archive)),
            connect(settings),
            settings.get("REDIS_PREFIX"),
            batch_size=settings.getint("ARCHIVE_BATCH_SIZE"),
            keep_pages=settings.getbool("ARCHIVE_PAGES"),
            warc=writer_warcs(settings),
        )
        ttl = settings.getfloat("ARCHIVE_WRITER_LOCK_SECONDS")
        if writer.server.exists(writer.lock):
            sys.stderr.write(f"archive-writer: waiting up to {ttl:.0f} s for {writer.lock}\n")
        writer.claim(ttl, wait=True)
        return writer
