"""scrapy summary [-s ARCHIVE=archive.db]

What the archive holds after a crawl: the last crawl of each site, articles per section,
where the dates came from, reprints merged, and the pages that failed, with reasons.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from sqlite_utils import Database

from commands import fail


def summary_lines(db: Database, archive: str) -> list[str]:
    q = db.execute
    lines = []
    for site, status, pages, new, updated, unchanged, errors, dropped in q(
        "select s.name, c.status, c.pages, c.articles_new, c.articles_updated, "
        "c.articles_unchanged, c.errors, c.dropped from crawls c join sites s on s.id = c.site_id "
        "where c.id in (select max(id) from crawls group by site_id) order by s.name"
    ):
        lines.append(
            f"last crawl of {site}: {status}; {pages or 0} pages; articles "
            f"{new or 0} new, {updated or 0} updated, {unchanged or 0} unchanged; "
            f"{errors or 0} errors; {dropped or 0} items dropped"
        )
    total = q("select count(*) from articles").fetchone()[0]
    lines.append(f"articles in the archive: {total}")
    lines.append("articles per section:")
    for section, n in q(
        "select coalesce(section, '(none)'), count(*) from articles group by 1 order by 2 desc"
    ):
        lines.append(f"  {section}: {n}")
    lines.append("where publish dates came from:")
    for source, n in q("select date_source, count(*) from articles group by 1 order by 2 desc"):
        lines.append(f"  {source}: {n}")
    merged = q(
        "select count(*) from article_urls u join articles a on a.id = u.article_id "
        "where u.url_key != a.url_key"
    ).fetchone()[0]
    lines.append(f"reprints merged into an article under another URL: {merged}")
    errors = q("select status, reason, url from fetch_errors order by id").fetchall()
    lines.append(f"errors recorded: {len(errors)}")
    for status, reason, url in errors[:20]:
        lines.append(f"  {reason} ({status or '-'}): {url}")
    lines.append(f"browse it: datasette {archive} -m datasette-metadata.yml --plugins-dir plugins")
    return lines


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Summarise the archive: last crawls, sections, dates, reprints, errors"

    def run(self, args: list[str], opts) -> None:
        archive = self.settings["ARCHIVE"]
        db = Database(archive)
        if "crawls" not in db.table_names():
            fail(self, f"{archive} holds no crawl yet")
            return
        sys.stdout.write("\n".join(summary_lines(db, archive)) + "\n")
