"""scrapy extract FILE_OR_URL [FILE_OR_URL ...] [--url URL] [--site NAME]

Prints one JSON object per input, in input order. Inputs that cannot be read or are not
HTML give a line with an "error" field, and the command exits non-zero at the end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from commands import InputChecks, fail
from scrapers.extract import ExtractionError, SelectorSet, extract_article
from scrapers.fetch import fetch_all
from sites import ProfileError, check_url, load_profile


def _is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


class Command(InputChecks, ScrapyCommand):
    requires_project = True
    takes_arguments = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "FILE_OR_URL [FILE_OR_URL ...] [--url URL] [--site NAME]"

    def short_desc(self) -> str:
        return "Extract articles from saved pages or URLs, one JSON line each"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the URL a saved page was served from")
        parser.add_argument("--site", help="use the selectors of sites/NAME.toml")

    def run(self, args: list[str], opts) -> None:
        if not args:
            raise UsageError("give at least one file or URL")
        selectors = SelectorSet.empty()
        if opts.site:
            try:
                selectors = load_profile(opts.site, self.settings["SITES_DIR"]).selectors
            except ProfileError as exc:
                fail(self, str(exc))
                return
        urls = [a for a in args if _is_url(a) and not check_url(a)]
        fetched = fetch_all(self.crawler_process, urls) if urls else {}
        failed = False
        for arg in args:
            row = self._one(arg, opts.url, selectors, fetched)
            failed = failed or "error" in row
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if failed:
            self.exitcode = 1

    def _one(self, arg: str, url: str | None, selectors: SelectorSet, fetched: dict) -> dict:
        if _is_url(arg) and (problem := check_url(arg)):
            return {"url": arg, "error": f"not a URL that can be fetched: {problem}"}
        if _is_url(arg):
            response = fetched.get(arg)
            if response is None or "error" in response:
                return {"url": arg, "error": (response or {}).get("error", "not fetched")}
            body, page_url, headers = response["body"], response["url"], response["headers"]
        else:
            page_url, headers = url, None
            try:
                body = Path(arg).read_bytes()
            except OSError as exc:
                return {"url": url, "file": arg, "error": f"cannot read: {exc.strerror}"}
        try:
            limit = self.settings.getint("EXTRACT_MAX_ELEMENTS")
            row = extract_article(body, page_url, headers, selectors, limit).to_dict()
        except ExtractionError as exc:
            row = {"url": page_url, "error": str(exc)}
        if not _is_url(arg):
            row["file"] = arg
        return row
