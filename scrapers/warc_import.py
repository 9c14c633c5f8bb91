"""Importing WARC files: which records are pages of which site, and the spider that reads
them through the portal spider's own parse path, with no network.

    scrapy import-warc FILE... [--site NAME]

:func:`plan_import` scans the files once (webarchive.scan) and sorts their records: HTML
responses to read (oldest capture first), error answers to record as a crawl records its
failures, and the rest skipped with a reason (warcinfo, request and metadata records,
redirects, revisits, files that are not HTML). :class:`WarcImportSpider` is the portal
spider (PortalSpider.parse_page: extraction, articles, lists, list dates) fed those
responses from the files: its items go through the same pipelines (clean, validate,
dedupe, archive) as a crawl's, with the capture time as fetched_at, so an article's
first_seen is when it was captured. Links are not followed: the files are the crawl.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.url import url_is_from_any_domain

from core.items import CrawledArticle, FetchFailure
from core.urls import url_key
from scrapers.extract import classify
from scrapers.spiders.portal import PortalSpider
from sites import SiteProfile
from webarchive import RecordInfo, WarcError, load, scan

_HTML = {"text/html", "application/xhtml+xml", ""}
#: metadata fields of rongmei's own exports (webarchive.export)
LIST_DATE, LIST_DATE_RAW = "rongmei-list-date", "rongmei-list-date-raw"


@dataclass(frozen=True)
class Planned:
    """A record to read: a page, or an error answer to record as a failure."""

    path: str
    offset: int
    url: str
    date: str
    status: int
    record_id: str | None = None
    list_date: tuple[str, str | None] | None = None


@dataclass
class ImportPlan:
    """What the files hold: per site (a host, or the --site NAME), the records to read;
    the records skipped, by reason; files that could not be read, or not to their end."""

    sites: dict[str, list[Planned]] = field(default_factory=lambda: defaultdict(list))
    skipped: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    records: int = 0


def skip_reason(info: RecordInfo) -> str | None:
    """Why a record is not a page to read, or None for an HTTP response to read.

    >>> r = RecordInfo("f", 0, "response", None, "http://x.cn/a.png", None, 200, "image/png")
    >>> skip_reason(r), skip_reason(replace(r, url="http://x.cn/", mime="text/html"))
    ('not HTML (image/png)', None)
    >>> skip_reason(replace(r, status=404)), skip_reason(replace(r, status=301))
    ('error answer for a file, not a page (HTTP 404)', 'redirect (its target is a record of its own)')
    """
    if info.kind == "revisit":
        return "revisit record (no page of its own: the page is read from the record it repeats)"
    if info.kind != "response":
        return f"{info.kind} record"
    url = info.url or ""
    if not url.startswith(("http://", "https://")) or info.status is None:
        return "not an HTTP response"
    if 300 <= info.status < 400:
        return (
            "redirect (its target is a record of its own)"
            if info.status != 304
            else "304 not modified"
        )
    if info.status < 200:
        return f"informational answer (HTTP {info.status})"
    if info.status >= 400:  # a crawl records the failure of a page, never asks for files
        return (
            None
            if classify(url) != "skip"
            else f"error answer for a file, not a page (HTTP {info.status})"
        )
    if info.mime not in _HTML:
        return f"not HTML ({info.mime})"
    return None


def plan_import(paths: list[str], site: str | None, profile: SiteProfile | None) -> ImportPlan:
    """Scan the files; site: every page into that site (a profile's: only its domains),
    else one site per host."""
    plan = ImportPlan()
    list_dates: dict[str, tuple[str, str | None]] = {}
    pages: list[tuple[str, RecordInfo]] = []
    for path in paths:
        read = 0
        try:
            for info in scan(path):
                read += 1
                if info.kind == "metadata" and LIST_DATE in info.fields and info.refers_to:
                    list_dates[info.refers_to] = (
                        info.fields[LIST_DATE],
                        info.fields.get(LIST_DATE_RAW),
                    )
                    continue
                reason = skip_reason(info)
                if (
                    reason is None
                    and profile
                    and not url_is_from_any_domain(info.url, profile.domains)
                ):
                    reason = f"off the domains of {profile.name}"
                if reason:
                    plan.skipped[reason] += 1
                    continue
                pages.append((site or urlsplit(info.url).netloc.lower(), info))
        except WarcError as exc:
            plan.problems.append(f"{exc} (after {read} records)" if read else str(exc))
        plan.records += read
    pages.sort(key=lambda pair: pair[1].date or "")
    for key, info in _as_a_crawl_fails(pages, plan.skipped):
        planned = Planned(info.path, info.offset, info.url, info.date or "", info.status,
                          info.record_id, list_dates.get(info.record_id))  # fmt: skip
        plan.sites[key].append(planned)
    return plan


def _as_a_crawl_fails(pages: list[tuple[str, RecordInfo]], skipped: Counter):
    """The pages, with error answers as a crawl records them: a URL fails once, after its
    retries (the last answer), and not at all when another capture of it succeeded."""
    ok = {(key, info.url) for key, info in pages if info.status < 400}
    last = {(key, info.url): n for n, (key, info) in enumerate(pages) if info.status >= 400}
    for n, (key, info) in enumerate(pages):
        if info.status >= 400 and (key, info.url) in ok:
            skipped["error answer for a URL another capture of which succeeded"] += 1
        elif info.status >= 400 and last[(key, info.url)] != n:
            skipped["error answer repeated (a retry): the last one is recorded"] += 1
        else:
            yield key, info


class WarcImportSpider(PortalSpider):
    """The portal spider with WARC records for responses."""

    name = "import-warc"
    scales_out = False  # the files are read on this machine
    incremental = False
    crawl_kind = "import"  # never moves a site's crawl schedule
    # Nothing to skip (the import reads every capture: it may be older than what the
    # archive holds), and alarms are about crawls of a portal.
    custom_settings: ClassVar[dict] = {
        "SPIDER_MIDDLEWARES": {"scrapers.incremental.IncrementalMiddleware": None},
        "EXTENSIONS": {"scrapers.alarms.AlarmMail": None},
    }

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        """As the portal spider: -a site=NAME (a profile) or -a url=BASE (one host); with
        new_site, a site of that name made from the URL; plan: the records to read."""
        plan, new_site = kwargs.pop("plan"), kwargs.pop("new_site", None)
        spider = super().from_crawler(crawler, *args, **kwargs)
        if new_site:
            spider.profile = replace(spider.profile, name=new_site)
        spider.plan = plan
        return spider

    async def start(self):
        stats = self.crawler.stats
        self.captures = {url_key(p.url): p for p in self.plan if p.status < 400}
        for planned in self.plan:
            try:
                capture = load(planned.path, planned.offset)
            except WarcError as exc:
                stats.inc_value("warc_import/unreadable")
                yield FetchFailure(self.profile.name, planned.url, planned.status,
                                   f"unreadable WARC record: {exc}", planned.date)  # fmt: skip
                continue
            # Scrapy counts the responses a crawl received: the crawls row's pages.
            stats.inc_value("response_received_count")
            if capture.status >= 400:  # as the crawl's errback records it (HttpError)
                stats.inc_value("warc_import/failures")
                yield FetchFailure(self.profile.name, capture.url, capture.status,
                                   f"HTTP {capture.status}", capture.date)  # fmt: skip
                continue
            stats.inc_value("warc_import/pages")
            for output in self._offline(self.parse_page(_response(capture, planned)), capture):
                yield output

    def _offline(self, outputs, capture):
        """The spider's output, with nothing fetched: the files are the crawl. The other
        pages of an article split over pages are read from the files, where they are."""
        for output in outputs:
            if isinstance(output, scrapy.Request):
                if output.meta.get("kind") == "part":
                    yield from self._offline(self._article_part(output), capture)
                continue
            if isinstance(output, FetchFailure):
                output = replace(output, at=capture.date)
            yield output

    def _article_part(self, request: scrapy.Request):
        parts = request.meta["article_parts"]
        planned = self.captures.get(url_key(request.url))
        if planned is None:
            yield from self._end_article(parts, request.url, None, "not in the WARC files")
            return
        try:
            capture = load(planned.path, planned.offset)
        except WarcError as exc:
            yield from self._end_article(parts, request.url, None, f"unreadable: {exc}")
            return
        response = _response(capture, planned)
        response.meta.update(request.meta)
        yield from self.parse_article_part(response)

    def _fetched_at(self, response) -> str:
        return response.meta["captured_at"]

    def _article_item(self, response, article, headers) -> CrawledArticle:
        item = super()._article_item(response, article, headers)
        return replace(item, fetched_at=response.meta["captured_at"])


def _response(capture, planned: Planned) -> HtmlResponse:
    headers: dict[str, list[str]] = {}
    for name, value in capture.headers:
        headers.setdefault(name, []).append(value)
    meta = {"captured_at": capture.date}
    if planned.list_date:  # a list page showed this date next to the link (export-warc)
        meta["list_date"], meta["list_date_raw"] = planned.list_date
    request = scrapy.Request(capture.url, meta=meta)
    return HtmlResponse(capture.url, status=capture.status, headers=headers,
                        body=capture.body, request=request)  # fmt: skip
