"""scrapy crawlall [--dry-run] [-s ARCHIVE=archive.db]

Crawl every site whose profile says how often (`every = "6h"`) and whose last crawl, in
the archive's crawls table, started longer ago than that. A site already being crawled
(its lock in LOCKS_DIR is held) is left alone. Meant for cron or a systemd timer.

With REDIS_URL, on every worker machine: when a site's last run started comes from Redis,
and a site whose run has live workers on other machines is due too: this machine joins it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive import open_archive
from archive.queries import last_crawl_started
from cluster import scaled_out
from commands import InputChecks, fail
from scrapers.scheduling import SiteLock, due
from scrapers.spiders.portal import PortalSpider
from sites import ProfileError, load_profile, profile_names


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    quiet = True

    def short_desc(self) -> str:
        return "Crawl every site that is due, one crawl per site at a time"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--dry-run", action="store_true", help="only say what is due")

    def run(self, args: list[str], opts) -> None:
        archive, sites_dir = self.settings["ARCHIVE"], self.settings["SITES_DIR"]
        db = open_archive(archive, read_only=True) if Path(archive).is_file() else None
        try:
            is_due_now = self._due_check(db)
        except UsageError as exc:
            fail(self, str(exc))
            return
        locks, started = [], []
        for name in profile_names(sites_dir):
            try:
                profile = load_profile(name, sites_dir)
                is_due, why = is_due_now(profile)
            except (ProfileError, ValueError) as exc:
                sys.stderr.write(f"scrapy crawlall: {name}: skipped: {exc}\n")
                continue
            if not is_due:
                sys.stdout.write(f"{name}: not due ({why})\n")
                continue
            lock = SiteLock(self.settings["LOCKS_DIR"], name)
            if not lock.acquire():
                sys.stdout.write(f"{name}: due, but being crawled already ({lock.path})\n")
                continue
            sys.stdout.write(f"{name}: crawling ({why})\n")
            if opts.dry_run:
                lock.release()
                continue
            locks.append(lock)
            self.crawler_process.crawl(PortalSpider, site=name)
            started.append(name)
        if db is not None:
            db.close()
        if started:
            self.crawler_process.start()
        for lock in locks:
            lock.release()

    def _due_check(self, db):
        """profile -> (due, why): from the archive, or with REDIS_URL from Redis."""
        now = datetime.now(UTC)
        if not scaled_out(self.settings):
            return lambda profile: due(profile, last_crawl_started(db, profile.name), now)
        from cluster.connection import connect  # only scaled out is Redis imported
        from cluster.state import run_state

        server, prefix = connect(self.settings), self.settings["REDIS_PREFIX"]
        heartbeat = self.settings.getfloat("REDIS_HEARTBEAT")

        def check(profile):
            live, last = run_state(server, prefix, profile.name, heartbeat)
            if live:
                return True, "joining the run other workers are crawling"
            return due(profile, last, now)

        return check
