"""scrapy recheck [--site NAME] [--older-than 7d] [-s ARCHIVE=archive.db]

Fetch archived articles again (those not seen or checked for --older-than) and record
those the portal removed: removed_at, removed_status and removed_reason. Nothing in the
archive is deleted; a changed article gets a new version.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from scrapy.commands import ScrapyCommand

from archive import queries
from commands import InputChecks, fail
from core.durations import parse_duration
from scrapers.spiders.recheck import RecheckSpider
from sites import profile_or_fallback


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    quiet = True

    def short_desc(self) -> str:
        return "Fetch archived articles again and record the ones portals removed"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", help="only this site")
        parser.add_argument(
            "--older-than",
            default="7d",
            help="check articles not seen or checked for this long (7d)",
        )

    def run(self, args: list[str], opts) -> None:
        try:
            older_than = parse_duration(opts.older_than)
        except ValueError as exc:
            fail(self, str(exc))
            return
        db = self.existing_archive()
        archive = self.settings["ARCHIVE"]
        cutoff = (datetime.now(UTC) - older_than).isoformat(timespec="seconds")
        sites = [(name, url) for _, name, url in queries.sites(db)]
        if opts.site:
            sites = [s for s in sites if s[0] == opts.site]
            if not sites:
                db.close()
                fail(self, f"no site named {opts.site!r} in {archive}")
                return
        due = {name: queries.articles_to_recheck(db, name, cutoff) for name, _ in sites}
        db.close()
        crawlers = []
        for name, base_url in sites:
            urls = due[name]
            sys.stdout.write(f"{name}: {len(urls)} articles to check\n")
            if urls:
                profile = profile_or_fallback(name, self.settings["SITES_DIR"], base_url)
                crawler = self.crawler_process.create_crawler(RecheckSpider)
                self.crawler_process.crawl(crawler, site=name, urls=urls, profile=profile)
                crawlers.append((name, crawler))
        if crawlers:
            self.crawler_process.start()
        for name, crawler in crawlers:
            stats = crawler.stats.get_stats()
            sys.stdout.write(
                f"{name}: {stats.get('recheck/checked', 0)} checked, "
                f"{stats.get('recheck/removed', 0)} removed, "
                f"{stats.get('archive/articles/updated', 0)} changed\n"
            )
