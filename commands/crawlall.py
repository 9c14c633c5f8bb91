"""scrapy crawlall [--dry-run] [-s ARCHIVE=archive.db]

Crawl every site whose profile says how often (`every = "6h"`) and whose last completed
crawl (finished, or stopped on purpose) started longer ago than that: an interrupted or
killed crawl leaves its site due, and a recheck never moves the schedule. A site already
being crawled (its lock in LOCKS_DIR is held) is left alone. Meant for cron or a systemd
timer: the exit status is 1 when any site was skipped (a broken profile) or its crawl did
not finish.

With REDIS_URL, on every worker machine: when a site's last run started comes from Redis,
and a site whose run has live workers on other machines is due too: this machine joins it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive import open_archive, queries
from archive.crawls import close_dead_crawls
from cluster import scaled_out
from commands import InputChecks, fail
from scrapers.alarms import check_stale
from scrapers.scheduling import SiteLock, due
from scrapers.spiders.portal import PortalSpider
from sites import ProfileError, load_profile, profile_names


def _failure(crawler) -> str | None:
    """Why a site's crawl failed: it did not finish, or every request failed."""
    stats = crawler.stats
    if (reason := stats.get_value("finish_reason")) != "finished":
        return reason
    if not stats.get_value("response_received_count") and stats.get_value("portal/failed"):
        return "every request failed"
    return None


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
        try:
            db = self._archive(archive)
            is_due_now = self._due_check(db)
        except UsageError as exc:
            fail(self, str(exc))
            return
        locks, crawlers, skipped = [], [], []
        for name in profile_names(sites_dir):
            try:
                profile = load_profile(name, sites_dir)
                is_due, why = is_due_now(profile)
            except (ProfileError, ValueError) as exc:
                sys.stderr.write(f"scrapy crawlall: {name}: skipped: {exc}\n")
                skipped.append(name)
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
            crawler = self.crawler_process.create_crawler(PortalSpider)
            self.crawler_process.crawl(crawler, site=name)
            crawlers.append((name, crawler))
        if db is not None:
            db.close()
        if crawlers:
            self.crawler_process.start()
        for lock in locks:
            lock.release()
        if not opts.dry_run:
            self._stale_alarms(archive, sites_dir)
        failed = [f"{name} ({why})" for name, crawler in crawlers if (why := _failure(crawler))]
        if failed:
            fail(self, f"crawls that did not finish: {', '.join(failed)}", status=1)
        elif skipped:
            fail(self, f"sites skipped: {', '.join(skipped)}", status=1)

    def _stale_alarms(self, archive: str, sites_dir: str) -> None:
        """Sites not crawled to the end for too long (scrapers.alarms)."""
        if scaled_out(self.settings) or not self.settings.getbool("ALARMS_ENABLED"):
            return
        if not Path(archive).is_file():
            return
        profiles = []
        for name in profile_names(sites_dir):
            try:
                profiles.append(load_profile(name, sites_dir))
            except ProfileError:
                continue  # said above, as skipped
        db = open_archive(archive)
        try:
            check_stale(self.settings, db, profiles, datetime.now(UTC))
        finally:
            db.close()

    def _archive(self, archive: str):
        """The archive, its killed crawls closed; None before the first crawl."""
        if not Path(archive).is_file():
            return None
        db = open_archive(archive)
        with db.atomic():
            close_dead_crawls(db, archive)
        return db

    def _due_check(self, db):
        """profile -> (due, why): from the archive, or with REDIS_URL from Redis."""
        now = datetime.now(UTC)
        if not scaled_out(self.settings):

            def check(profile):
                site = queries.site_of(db, profile.name, profile.base_url) if db else None
                return due(profile, queries.last_completed_crawl(db, site and site[0]), now)

            return check
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
