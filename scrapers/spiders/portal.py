"""The portal spider: crawls one county portal it may never have seen.

    scrapy crawl portal -a url=https://www.example.gov.cn/
    scrapy crawl portal -a site=yuzhou          # sites/yuzhou.toml

It only crawls: pages are read by scrapers.extract.reading (the extractor), and what it yields,
CrawledArticle and FetchFailure items, goes to the pipelines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from sqlite_utils import Database

from core.clock import now
from core.items import CrawledArticle, FetchFailure, ListDate
from core.urls import url_key
from pipelines.store import archived_keys
from scrapers import cluster
from scrapers.cluster import connect, scaled_out
from scrapers.extract import classify, is_pagination, read_page
from scrapers.extract.dates import parse_date
from scrapers.fetch import describe_failure, response_headers
from scrapers.journal import open_journal
from sites import ProfileError, SiteProfile, load_profile

_PRIORITY = {"article": 20, "page": 10, "list": 0}
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_SITEMAP = re.compile(rb"<(?:urlset|sitemapindex)[\s>]", re.I)


def profile_for(url: str | None, site: str | None, sites_dir: str) -> SiteProfile:
    """The profile named by -a site=, or one made from -a url= alone."""
    if bool(url) == bool(site):
        raise UsageError("give exactly one of -a url=START_URL or -a site=NAME")
    if site:
        try:
            return load_profile(site, sites_dir)
        except ProfileError as exc:
            raise UsageError(str(exc)) from exc
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"-a url= must be an http(s) URL, not {url!r}")
    return SiteProfile(
        name=parts.netloc.lower(), start_urls=(url,), allowed_domains=(parts.hostname,)
    )


class PortalSpider(scrapy.Spider):
    name = "portal"
    scales_out = True  # with REDIS_URL, one worker of a shared crawl (scrapers.scale_out)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.profile = profile_for(
            kwargs.get("url"), kwargs.get("site"), crawler.settings.get("SITES_DIR")
        )
        spider.allowed_domains = registered_domains(spider.profile.allowed_domains)
        spider.trusted_hosts = {urlsplit(u).hostname for u in spider.profile.start_urls}
        apply_politeness(crawler.settings, spider.profile)
        spider.selectors = spider.profile.selectors.spec
        spider.list_dates = {}  # url key -> (date, raw) shown on list pages
        spider.undated = set()  # url keys of articles archived without any date
        spider.requested = set()  # url keys of the pages already asked for
        spider.known = known_keys(crawler.settings, spider.profile.name)
        spider.journal = open_journal(crawler.settings, spider.profile.name)
        spider.stop_after = max(1, crawler.settings.getint("INCREMENTAL_STOP_AFTER"))
        spider.patterns = [
            (re.compile(p), kind)
            for kind, patterns in (
                ("article", spider.profile.article_patterns),
                ("list", spider.profile.list_patterns),
            )
            for p in patterns
        ]
        return spider

    async def start(self):
        # Resuming a killed crawl (same JOBDIR, or a Redis run that lost a worker): pages
        # it had asked for but not archived may have been in flight when it died.
        for url in self.journal.unfinished(self.known):
            self.crawler.stats.inc_value("portal/resumed")
            yield scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.failed,
                dont_filter=self.journal.resume_unfiltered,
            )
        for url in self.profile.start_urls:
            yield scrapy.Request(
                url, callback=self.parse_page, errback=self.failed, priority=_PRIORITY["list"] + 1
            )
        for root in {
            f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in self.profile.start_urls
        }:
            yield self._optional(f"{root}/robots.txt", self.parse_robots)
            yield self._optional(f"{root}/sitemap.xml", self.parse_sitemap)

    def _optional(self, url: str, callback) -> scrapy.Request:
        """A request for robots.txt or a sitemap: any answer is read, none is an error."""
        return scrapy.Request(
            url, callback=callback, errback=self.quiet, meta={"handle_httpstatus_all": True}
        )

    def parse_robots(self, response):
        if response.status != 200:
            return
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._optional(url, self.parse_sitemap)

    def parse_sitemap(self, response):
        if response.status != 200 or not _SITEMAP.search(response.body[:2048]):
            return
        sitemap = Sitemap(response.body)
        self.crawler.stats.inc_value("portal/sitemaps")
        for entry in sitemap:
            url = entry.get("loc")
            if not url:
                continue
            if sitemap.type == "sitemapindex":
                yield self._optional(url, self.parse_sitemap)
            elif (kind := classify(url)) != "skip" and (request := self._new(url, kind)):
                yield request

    def parse_feed(self, response):
        """RSS and Atom: each entry's link, with its date as the list date."""
        self.crawler.stats.inc_value("portal/feeds")
        for entry in response.xpath("//*[local-name()='item' or local-name()='entry']"):
            url = (
                entry.xpath("./*[local-name()='link']/@href").get()
                or entry.xpath("./*[local-name()='link']/text()").get()
                or ""
            ).strip()
            date = entry.xpath(
                "./*[local-name()='pubDate' or local-name()='published' or local-name()='updated'"
                " or local-name()='date']/text()"
            ).get()
            url = response.urljoin(url) if url else None
            if (
                url
                and classify(url) != "skip"
                and (request := self._new(url, "article", None, date))
            ):
                yield request

    def parse_page(self, response):
        self.crawler.stats.inc_value("portal/pages")
        if _FEED.search(response.body[:2048]):
            yield from self.parse_feed(response)
            return
        headers = response_headers(response)
        reading = read_page(response.body, response.url, headers, self.selectors)
        if reading.error:
            self.crawler.stats.inc_value("portal/unreadable")
            yield FetchFailure(
                self.profile.name, response.url, response.status, reading.error, now()
            )
            return
        article = reading.article
        if article.is_article and not self._may_be_article(response.url):
            self.crawler.stats.inc_value("portal/not_article_by_profile")
            article = replace(article, is_article=False)
        if article.is_article:
            self.crawler.stats.inc_value("portal/articles")
            yield self._article_item(response, article, headers)
        else:
            self.crawler.stats.inc_value("portal/lists")
        yield from self._follow(response, reading.links, is_list=not article.is_article)

    def _article_item(self, response, article, headers) -> CrawledArticle:
        key = url_key(response.url)
        shown = self.list_dates.get(key) or self.list_dates.get(url_key(response.request.url))
        if shown and not response.meta.get("list_date"):
            response.meta["list_date"], response.meta["list_date_raw"] = shown
        article = _with_list_date(article, response.meta)
        if not article.published_at:
            self.undated.add(key)
        return CrawledArticle(
            article=article,
            site=self.profile.name,
            url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=now(),
            list_date=response.meta.get("list_date"),
            list_date_raw=response.meta.get("list_date_raw"),
        )

    def _follow(self, response, links, *, is_list: bool):
        """Requests for the page's new links. On a list page whose articles are all in the
        archive already (INCREMENTAL_STOP_AFTER such pages in a row), paging stops."""
        stories = [link for link in links if link.kind in ("article", "page")]
        known_run = 0
        if is_list and stories and all(url_key(link.url) in self.known for link in stories):
            known_run = response.meta.get("known_run", 0) + 1
        stop_paging = known_run >= self.stop_after
        if stop_paging:
            self.crawler.stats.inc_value("portal/paging_stopped")
        for link in links:
            if link.list_date:
                yield from self._remember_list_date(link.url, link.list_date, link.list_date_raw)
            if stop_paging and is_pagination(link):
                continue
            request = self._new(link.url, link.kind, link.list_date, link.list_date_raw)
            if request is not None:
                if request.meta.get("kind") == "list":
                    request.meta["known_run"] = known_run
                yield request

    def _new(
        self, url: str, kind: str, list_date: str | None = None, list_date_raw: str | None = None
    ) -> scrapy.Request | None:
        """A request for a URL not asked for yet in this crawl and not archived already."""
        key = url_key(url)
        if key in self.known:  # archived already: the incremental crawl leaves it
            self.crawler.stats.inc_value("portal/known_skipped")
            return None
        # Every page repeats the menus: ask for each URL once, before Scrapy has to
        # fingerprint and filter it again.
        if key in self.requested:
            return None
        self.requested.add(key)
        kind = self._kind(url, kind)
        request = self._request(url, kind, list_date, list_date_raw)
        request.meta["kind"] = kind
        self.journal.write(url)
        return request

    def _may_be_article(self, url: str) -> bool:
        """A profile's article_patterns, when given, say which pages are articles."""
        kind = self._kind(url, "")
        return kind != "list" and (kind == "article" or not self.profile.article_patterns)

    def _kind(self, url: str, guessed: str) -> str:
        """The profile's URL patterns, where it has them, before the generic guess."""
        return next((kind for pattern, kind in self.patterns if pattern.search(url)), guessed)

    def _remember_list_date(self, url: str, date: str, raw: str | None):
        """Keep the date a list shows; give it to an article already archived without one."""
        key = url_key(url)
        self.list_dates.setdefault(key, (date, raw))
        if key in self.undated:
            self.undated.discard(key)
            self.crawler.stats.inc_value("portal/list_dates_late")
            yield ListDate(self.profile.name, url, date, raw)

    def _request(
        self, url: str, kind: str, list_date: str | None = None, list_date_raw: str | None = None
    ) -> scrapy.Request:
        meta = {"list_date": list_date, "list_date_raw": list_date_raw} if list_date_raw else {}
        if list_date_raw and not list_date:
            found = parse_date(list_date_raw, "list")
            meta["list_date"] = found.value[:10] if found else None
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.failed,
            priority=_PRIORITY.get(kind, 0),
            meta=meta,
        )

    def closed(self, reason: str) -> None:
        self.journal.close()

    def failed(self, failure):
        """A page that failed after retries: recorded, never silently lost."""
        request = failure.request
        status = getattr(getattr(failure.value, "response", None), "status", None)
        self.crawler.stats.inc_value("portal/failed")
        # A failed redirect is the failure of the page that redirected.
        redirects = request.meta.get("redirect_urls") or []
        url = redirects[0] if redirects else request.url
        reason = describe_failure(failure)
        if redirects:
            reason = f"redirected to {request.url}: {reason}"
        yield FetchFailure(self.profile.name, url, status, reason, now())

    def quiet(self, failure):
        """robots.txt and sitemaps are optional: their absence is not an error."""
        self.crawler.stats.inc_value("portal/optional_missing")


def known_keys(settings, site: str) -> set[str]:
    """URL keys the archive already holds for the site: an incremental crawl skips them.
    A worker of a scaled-out crawl has them from Redis (the archive writer keeps them)."""
    if not settings.getbool("INCREMENTAL_ENABLED"):
        return set()
    if scaled_out(settings):
        return cluster.known_keys(connect(settings), settings.get("REDIS_PREFIX"), site)
    path = settings.get("ARCHIVE")
    if not path or not Path(path).is_file():
        return set()
    db = Database(path)
    try:
        return archived_keys(db, site)
    finally:
        db.close()


def _with_list_date(article, meta):
    """The date a list showed next to the link, when the article page itself has none."""
    if article.published_at or not meta.get("list_date"):
        return article
    return replace(
        article,
        published_at=meta["list_date"],
        published_at_raw=meta.get("list_date_raw"),
        date_source="list",
    )


def registered_domains(hosts) -> list[str]:
    """www.x.gov.cn -> x.gov.cn, so that the portal's other hosts (m., news.) are in."""
    import tldextract

    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # offline
    return list(dict.fromkeys(extract(h).top_domain_under_public_suffix or h for h in hosts))


def apply_politeness(settings, profile: SiteProfile) -> None:
    """Per-site politeness from the profile; an honest User-Agent with a contact."""
    overrides = {
        "download_delay": "DOWNLOAD_DELAY",
        "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
        "autothrottle_target": "AUTOTHROTTLE_TARGET_CONCURRENCY",
    }
    for key, name in overrides.items():
        if key in profile.politeness:
            settings.set(name, profile.politeness[key], priority="spider")
    agent = settings.get("USER_AGENT", "")
    if "{contact}" in agent:
        settings.set(
            "USER_AGENT",
            agent.format(contact=settings.get("CONTACT")),
            priority=settings.getpriority("USER_AGENT"),
        )
