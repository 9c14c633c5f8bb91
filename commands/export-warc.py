"""scrapy export-warc OUT.warc.gz [--site NAME] [--since 7d] [-s ARCHIVE=archive.db]

Every stored page of the archive as a WARC file (webarchive.export): a warcinfo record, a
response record per capture, metadata records for dates that came from list pages, and
revisit records for later fetches that read as the same article; and beside it the CDXJ
index (OUT.cdxj) that pywb and cdx-toolkit read.
"""

from __future__ import annotations

import socket
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from archive import queries
from commands import InputChecks, fail
from core.durations import parse_duration
from webarchive import export_captures, index_path, write_index
from webarchive.export import StoredPage

NOTE = (
    "captures from the pages table of a rongmei archive: the latest capture of each "
    "article, not list pages; the HTTP status line is rebuilt from the stored status code "
    "(protocol and reason phrase were not kept); headers as Scrapy received them (repeated "
    "headers joined with commas, a body Scrapy decompressed without its Content-Encoding); "
    "a Content-Length or Transfer-Encoding that no longer fits the body is corrected, the "
    "received value kept as X-Archive-Orig-*; each response record's Rongmei-Rebuilt "
    "field names what was rebuilt; revisit records (profile urn:x-rongmei:revisit:"
    "same-article) mark a later fetch that read as the same article, whose bytes were not "
    "kept"
)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def warcinfo(archive: str, crawls: list[tuple], settings) -> dict[str, str]:
    """The warcinfo fields of an export: the project, the archive, the crawls, the caveats."""
    return {
        "software": f"rongmei {_version('rongmei')} (warcio {_version('warcio')})",
        "format": "WARC File Format 1.1",
        "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": f"rongmei archive {Path(archive).name}",
        "hostname": socket.gethostname(),
        "operator": settings.get("CONTACT") or "",
        "description": NOTE,
        "rongmei-crawls": "; ".join(
            f"{cid} {site} {kind} {start}..{end or '?'} {status}"
            for cid, site, kind, start, end, status in crawls
        ),
        "rongmei-exported": datetime.now(UTC).isoformat(timespec="seconds"),
    }


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    takes_arguments = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "OUT.warc.gz [--site NAME] [--since 7d]"

    def short_desc(self) -> str:
        return "Write the archive's stored pages as a WARC file, with its CDXJ index"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", help="only this site's pages")
        parser.add_argument("--since", help="only what was captured in this time, e.g. 7d")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1 or not args[0].endswith((".warc.gz", ".warc")):
            fail(self, "give one file to write, ending in .warc.gz (or .warc)")
            return
        out = Path(args[0])
        if out.exists() or index_path(out).exists():
            fail(self, f"{out} or its index exists already: WARC files are not overwritten")
            return
        if not out.parent.is_dir():
            fail(self, f"no such folder: {out.parent}")
            return
        try:
            since = parse_duration(opts.since) if opts.since else None
        except ValueError as exc:
            fail(self, str(exc))
            return
        archive, db = self.settings["ARCHIVE"], self.existing_archive(read_only=True)
        if opts.site and opts.site not in {name for _, name, _ in queries.sites(db)}:
            fail(self, f"no site named {opts.site!r} in {archive}")
            return
        cutoff = (datetime.now(UTC) - since).isoformat(timespec="seconds") if since else None
        info = warcinfo(archive, queries.crawls_of_pages(db, opts.site), self.settings)
        pages = (StoredPage(*row) for row in queries.stored_captures(db, opts.site))
        counts = export_captures(pages, out, info, since=cutoff)
        db.close()
        if not counts["response"] and not counts["revisit"]:
            out.unlink()
            fail(self, "no stored pages to export" + (f" of {opts.site}" if opts.site else ""), 1)
            return
        index = write_index(out)
        sys.stdout.write(
            f"{out}: {counts['response']} response, {counts['metadata']} metadata and "
            f"{counts['revisit']} revisit records, and a warcinfo record; index {index}\n"
        )
