"""scrapy crawl, as Scrapy's own, but bad arguments are one clear error line, not a
traceback: the portal spider's -a url= / -a site= (and the site profile) and the archive
path (or, with REDIS_URL, the Redis server) are checked before the crawl starts."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from archive import ArchiveError, open_archive
from cluster import scaled_out
from commands import InputChecks, nearest, stop
from scrapers.render import rendering
from scrapers.spiders.portal import profile_for


def check_portal_arguments(spargs: dict, settings) -> None:
    """Raise UsageError for what would make the portal spider fail at its start."""
    unknown = sorted(set(spargs) - {"url", "site"})
    if unknown:
        raise UsageError(
            f"unknown spider argument(s) {', '.join(unknown)} (use -a url= or -a site=)"
        )
    profile_for(spargs.get("url"), spargs.get("site"), settings.get("SITES_DIR"))
    rendering(settings)  # a RENDER_ENABLED that is not true, false or auto
    if scaled_out(settings):  # a worker: the writer keeps the archive, Redis must answer
        from cluster.connection import connect  # only scaled out is Redis imported

        connect(settings)
        return
    archive = Path(settings.get("ARCHIVE") or "")
    if not archive.name or not archive.parent.is_dir():
        raise UsageError(f"ARCHIVE={settings.get('ARCHIVE')!r}: no such folder for the archive")
    if archive.is_file():
        open_archive(archive).close()  # ArchiveError now, not a traceback once crawling


class Command(InputChecks, ScrapyCrawl):
    takes_arguments = True

    def process_options(self, args: list[str], opts) -> None:
        # Checked here, before Scrapy starts its crawler process and its logging.
        super().process_options(args, opts)
        if len(args) != 1:
            stop("crawl", "give one spider: scrapy crawl portal -a url=START_URL (or -a site=NAME)")
        spiders = get_spider_loader(self.settings).list()
        if args[0] == "recheck":
            stop("crawl", "the recheck spider runs through its own command: scrapy recheck")
        if args[0] not in spiders:
            stop("crawl", f"no spider {args[0]!r}{nearest(args[0], spiders)}: scrapy crawl portal")
        if args[0] == "portal":
            try:
                check_portal_arguments(opts.spargs, self.settings)
            except UsageError as exc:
                stop("crawl", str(exc))
            except ArchiveError as exc:
                stop("crawl", str(exc))
