"""scrapy import-warc FILE... [--site NAME] [-s ARCHIVE=archive.db]

Archive the articles in WARC files made by any tool (a crawl of ours, wget --warc-file,
Webrecorder, a Common Crawl or cdx-toolkit extract): every HTML response goes through the
portal spider's parse path and the crawl's pipelines (scrapers.warc_import), with its
capture time as first_seen and its page kept. One site per host, as a crawl by URL makes
them, or every page into --site NAME (a profile: only its domains). Each site's import is
a crawls row of kind 'import', which never moves the crawl schedule.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand

from archive import open_archive
from commands import InputChecks, fail
from scrapers.contact import ContactUserAgent
from scrapers.warc_import import WarcImportSpider, plan_import
from sites import ProfileError, load_profile

#: The stats of an import, as the summary line names them.
SHOWN = (
    ("warc_import/pages", "pages read"),
    ("portal/articles", "articles"),
    ("portal/lists", "lists"),
    ("archive/articles/new", "new"),
    ("archive/articles/updated", "updated"),
    ("archive/articles/unchanged", "unchanged"),
    ("archive/reprints", "reprints of archived articles"),
    ("archive/fetch_errors", "failures recorded"),
)


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    takes_arguments = True
    quiet = True

    def syntax(self) -> str:
        return "FILE... [--site NAME]"

    def short_desc(self) -> str:
        return "Archive the articles in WARC files, as a crawl would have"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--site", help="archive every page as this site's (a profile, or a new site)"
        )

    def run(self, args: list[str], opts) -> None:
        if not args:
            fail(self, "give one or more WARC files: scrapy import-warc FILE...")
            return
        missing = [a for a in args if not Path(a).is_file()]
        if missing:
            fail(self, f"no such file: {missing[0]}")
            return
        archive = Path(self.settings["ARCHIVE"])
        if not archive.parent.is_dir():
            fail(self, f"ARCHIVE={archive}: no such folder for the archive")
            return
        if archive.is_file():
            open_archive(archive).close()  # a damaged archive: one line, before any work
        profile = None
        if opts.site:
            try:
                profile = load_profile(opts.site, self.settings["SITES_DIR"])
            except ProfileError:
                profile = None  # a new site of that name
        plan = plan_import(args, opts.site, profile)
        if plan.problems and not plan.records:
            fail(self, plan.problems[0])
            return
        ContactUserAgent.warned = True  # an import fetches nothing: no portal to reach you
        crawlers = []
        for key, planned in plan.sites.items():
            crawler = self.crawler_process.create_crawler(WarcImportSpider)
            if profile is not None:
                where = {"site": profile.name}
            else:
                first = urlsplit(planned[0].url)
                where = {"url": f"{first.scheme}://{first.netloc}/", "new_site": opts.site}
            self.crawler_process.crawl(crawler, plan=planned, **where)
            crawlers.append((key, crawler))
        if crawlers:
            self.crawler_process.start()
        self._report(plan, crawlers)

    def _report(self, plan, crawlers) -> None:
        out = sys.stdout
        out.write(f"import-warc: {plan.records} records read; pages of {len(plan.sites)} site(s)\n")
        for key, crawler in crawlers:
            stats = crawler.stats.get_stats()
            counts = ", ".join(f"{label} {stats.get(k, 0)}" for k, label in SHOWN)
            dropped = {k.rsplit("/", 1)[1]: v for k, v in stats.items()
                       if k.startswith("item_dropped_reasons_count/")}  # fmt: skip
            drops = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"
            out.write(f"{key}: {counts}; dropped: {drops}\n")
        for reason, n in sorted(plan.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"skipped {n}: {reason}\n")
        for problem in plan.problems:
            sys.stderr.write(f"scrapy import-warc: error: {problem}\n")
        if plan.problems:
            self.exitcode = 1
