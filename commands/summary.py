"""scrapy summary [-s ARCHIVE=archive.db]

What the archive holds after a crawl: the last crawl of each site, articles per section,
where the dates came from, reprints merged, and the pages that failed, with reasons.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from sqlite_utils import Database

from archive import queries, running
from commands import InputChecks, fail


def summary_lines(db: Database, archive: str) -> list[str]:
    lines = []
    for (
        site,
        status,
        pages,
        new,
        updated,
        unchanged,
        errors,
        dropped,
        crawl_id,
    ) in queries.last_crawls(db):
        status = _alive_or_killed(archive, crawl_id, status)
        lines.append(
            f"last crawl of {site}: {status}; {pages or 0} pages; articles "
            f"{new or 0} new, {updated or 0} updated, {unchanged or 0} unchanged; "
            f"{errors or 0} errors; {dropped or 0} items dropped"
        )
    lines.append(f"articles in the archive: {queries.article_count(db)}")
    lines.append("articles per section:")
    lines.extend(f"  {section}: {n}" for section, n in queries.counts_by(db, "section", "(none)"))
    lines.append("where publish dates came from:")
    lines.extend(f"  {source}: {n}" for source, n in queries.counts_by(db, "date_source"))
    lines.append(
        f"reprints merged into an article under another URL: {queries.merged_reprints(db)}"
    )
    if "stories" in db.table_names():
        reprinted = queries.story_counts(db)[2]
        lines.append(f"stories told by more than one article: {reprinted} (scrapy stories)")
    attachments, downloaded = queries.attachment_counts(db)
    lines.append(f"attachments (附件) recorded: {attachments}, downloaded: {downloaded}")
    errors = queries.fetch_errors(db)
    lines.append(f"errors recorded: {len(errors)}")
    lines.extend(f"  {reason} ({status or '-'}): {url}" for status, reason, url in errors[:20])
    lines.append(f"browse it: {browse_command(archive)}")
    return lines


def _alive_or_killed(archive: str, crawl_id: int, status: str) -> str:
    """A local crawl shown running whose process is gone was killed (archive.running)."""
    return "killed" if status == "running" and not running.is_alive(archive, crawl_id) else status


def browse_command(archive: str) -> str:
    """The command that opens the archive in Datasette (the Makefile's browse target).

    >>> browse_command("archive.db"), browse_command("/tmp/x.db")
    ('make browse', 'make browse ARCHIVE=/tmp/x.db')
    """
    return "make browse" if archive == "archive.db" else f"make browse ARCHIVE={archive}"


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Summarise the archive: last crawls, sections, dates, reprints, errors"

    def run(self, args: list[str], opts) -> None:
        archive, db = self.settings["ARCHIVE"], self.existing_archive(read_only=True)
        if not queries.last_crawls(db):
            fail(self, f"{archive} holds no crawl yet")
            return
        sys.stdout.write("\n".join(summary_lines(db, archive)) + "\n")
