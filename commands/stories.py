"""scrapy stories [--rebuild] [--top N] [-s ARCHIVE=archive.db]

Reprints grouped into stories (archive/stories/). ``--rebuild`` recomputes the index
and every story from the articles and prints the counts; without it, the largest stories.
"""

from __future__ import annotations

import sys
import time
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from sqlite_utils import Database

from archive import queries, stories
from commands import InputChecks


def count_lines(db: Database) -> list[str]:
    articles, total, multi, grouped, largest = queries.story_counts(db)
    return [
        f"articles: {articles}",
        f"stories: {total}",
        f"stories with reprints: {multi} ({grouped} articles; largest {largest})",
    ]


def largest_lines(db: Database, top: int) -> list[str]:
    rows = queries.largest_stories(db, top)
    if not rows:
        return ["no story has reprints (run `scrapy stories --rebuild` after a crawl)"]
    return [
        f"story {sid}: {n} articles on {sites} sites, first {when or '?'} by {site}: {title}"
        for sid, n, sites, when, title, site in rows
    ]


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--rebuild] [--top N]"

    def short_desc(self) -> str:
        return "Reprints grouped into stories: rebuild them, or list the largest"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--rebuild", action="store_true", help="recompute every story")
        parser.add_argument("--top", type=int, default=20, help="largest stories to list")

    def run(self, args: list[str], opts) -> None:
        db = self.existing_archive()
        if opts.rebuild:
            started = time.perf_counter()
            stories.rebuild_stories(db)
            lines = [*count_lines(db), f"rebuilt in {time.perf_counter() - started:.1f} s"]
        else:
            lines = count_lines(db) + largest_lines(db, opts.top)
        sys.stdout.write("\n".join(lines) + "\n")
