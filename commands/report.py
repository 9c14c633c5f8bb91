"""scrapy report [--since 7d] [-s ARCHIVE=archive.db]

Per site: its last crawl and status, new articles and the error rate since --since, and a
warning for sites whose crawls keep failing or read pages but find no article at all (a
portal that changed its layout must not go unnoticed).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from scrapy.commands import ScrapyCommand
from sqlite_utils import Database

from archive import queries
from archive.alarms import Thresholds, runs, site_alarms
from archive.crawls import close_dead_crawls
from commands import InputChecks, fail
from core.durations import parse_duration


def site_reports(db: Database, since: str) -> list[str]:
    lines = []
    for site_id, name, _ in queries.sites(db):
        crawls = runs(queries.site_crawls(db, site_id))
        if not crawls:
            lines.append(f"{name}: never crawled")
            continue
        recent = [c for c in crawls if c[0] >= since]
        pages = sum(c[2] or 0 for c in recent)
        errors = sum(c[6] or 0 for c in recent)
        new = sum(c[3] or 0 for c in recent)
        rate = f"{errors / pages:.0%}" if pages else "-"
        last = crawls[0]
        lines.append(
            f"{name}: last crawl {last[0]} {last[1]}; since {since[:10]}: "
            f"{len(recent)} crawls, {new} new articles, {pages} pages, error rate {rate}"
        )
        lines.extend(f"  WARNING: {m}" for _, m in site_alarms(db, site_id, Thresholds()))
    return lines


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def short_desc(self) -> str:
        return "Report per site: last crawl, new articles, error rate, and sites to look at"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--since", default="7d", help="the window, e.g. 7d or 24h (7d)")

    def run(self, args: list[str], opts) -> None:
        archive = self.settings["ARCHIVE"]
        try:
            since = (datetime.now(UTC) - parse_duration(opts.since)).isoformat(timespec="seconds")
        except ValueError as exc:
            return fail(self, str(exc))
        db = self.existing_archive()
        with db.atomic():  # a crawl whose process is gone is killed, not running
            close_dead_crawls(db, archive)
        sys.stdout.write("\n".join(site_reports(db, since)) + "\n")
        return None
