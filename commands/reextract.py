"""scrapy reextract [--site NAME] [-s ARCHIVE=archive.db]

Rebuild archived articles from their stored raw pages (the pages table) with the current
extractor, after it has improved. Articles whose page no longer reads as an article are
reported and left as they are: nothing is deleted.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections import Counter
from dataclasses import replace
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from archive import queries
from archive.articles import write_article
from archive.reprints import body_hash
from commands import InputChecks
from core.items import CrawledArticle
from pipelines.clean import clean_article
from pipelines.validate import problem
from scrapers.extract import SelectorSet, read_page
from sites import ProfileError, load_profile


def reextract(
    db, site: str | None, sites_dir: str, min_body: int, max_elements: int | None = None
) -> Counter:
    """Re-read every stored page (of one site); returns counts by outcome."""
    counts: Counter = Counter()
    selectors: dict[str, SelectorSet] = {}
    for (
        url,
        status,
        headers,
        body,
        fetched_at,
        key,
        site_id,
        crawl_id,
        name,
    ) in queries.stored_pages(db, site):
        if name not in selectors:
            try:
                selectors[name] = load_profile(name, sites_dir).selectors
            except ProfileError:
                selectors[name] = SelectorSet.empty()
        raw = zlib.decompress(body)
        headers = json.loads(headers or "{}")
        reading = read_page(raw, url, headers, selectors[name], max_elements)
        if reading.article is None:
            counts["unreadable"] += 1
            continue
        if reading.pages is not None:  # only its first page is stored: keep the whole one
            counts["kept, split over pages"] += 1
            continue
        item = clean_article(
            CrawledArticle(
                reading.article, name, url, status, headers, raw, fetched_at, url_key=key
            )
        )
        if problem(item, min_body):
            counts["kept, no longer reads as an article"] += 1
            continue
        item = replace(item, body_hash=body_hash(item.article.body))
        with db.atomic():
            counts[write_article(db, item, site_id, crawl_id, keep_pages=False)] += 1
    return counts


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Rebuild archived articles from their stored pages with the current extractor"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", help="only this site's articles")

    def run(self, args: list[str], opts) -> None:
        db = self.existing_archive()
        counts = reextract(
            db,
            opts.site,
            self.settings["SITES_DIR"],
            self.settings.getint("VALIDATE_MIN_BODY_CHARS"),
            self.settings.getint("EXTRACT_MAX_ELEMENTS"),
        )
        for outcome, n in sorted(counts.items()):
            sys.stdout.write(f"{outcome}: {n}\n")
        if not counts:
            sys.stdout.write("no stored pages\n")
