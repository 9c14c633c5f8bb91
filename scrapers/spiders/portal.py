"""The portal spider: crawls one county portal it may never have seen.

    scrapy crawl portal -a url=https://www.example.gov.cn/
    scrapy crawl portal -a site=yuzhou          # sites/yuzhou.toml

It starts, parses and follows: pages are read by the extractor (scrapers.extract.read_page),
and what it yields, CrawledArticle, ListDate and FetchFailure items, goes to the pipelines.
Skipping what the archive holds is the incremental middleware's (scrapers.incremental);
the profile's politeness is applied by its add-on (sites.politeness). What scripts build,
jpage dataproxy lists and articles split over pages, is read by its mixin
(scrapers.spiders.scripted).
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from core.clock import now
from core.items import CrawledArticle, FetchFailure, ListDate
from core.urls import url_key
from scrapers.editions import EditionWindow
from scrapers.extract import classify, is_pagination, jpage_list
from scrapers.extract.attachments import is_document_response
from scrapers.extract.dates import parse_date
from scrapers.extract.edition import issue_links, month_calendar
from scrapers.fetch import describe_failure, read_response, response_headers
from scrapers.journal import open_journal
from scrapers.shutdown import unsent
from scrapers.spiders.scripted import ScriptedReading
from sites import ProfileError, SiteProfile, load_profile, profile_from_url

_PRIORITY = {"article": 20, "page": 10, "list": 0}
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_SITEMAP = re.compile(rb"<(?:urlset|sitemapindex)[\s>]", re.I)


def profile_for(url: str | None, site: str | None, sites_dir: str) -> SiteProfile:
    """The profile named by -a site=, or one made from -a url= alone."""
    if bool(url) == bool(site):
        raise UsageError("give exactly one of -a url=START_URL or -a site=NAME")
    try:
        return load_profile(site, sites_dir) if site else profile_from_url(url)
    except ProfileError as exc:
        raise UsageError(str(exc)) from exc


class PortalSpider(ScriptedReading, scrapy.Spider):
    name = "portal"
    scales_out = True  # with REDIS_URL, one worker of a shared crawl (cluster.addon)
    incremental = True  # skip what the archive holds (scrapers.incremental)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.profile = profile_for(
            kwargs.get("url"), kwargs.get("site"), crawler.settings.get("SITES_DIR")
        )
        spider.allowed_domains = spider.profile.domains
        spider.trusted_hosts = spider.profile.start_hosts
        spider.list_dates = {}  # url key -> (date, raw) shown on list pages
        spider.undated = set()  # url keys of articles archived without any date
        spider.requested = set()  # url keys of the pages already asked for
        spider.journal = open_journal(crawler.settings, spider.profile.name)
        days = spider.profile.edition_days
        spider.editions = EditionWindow(
            crawler.settings.getint("EDITION_DAYS") if days is None else days
        )
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
        # it had asked for may have been in flight when it died (the incremental
        # middleware leaves out those the archive has).
        for url in self.journal.unfinished():
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
        for proxy in filter(None, map(jpage_list, self.profile.jpage_lists)):
            for request in self._jpage_request(proxy, 1):
                yield request
        roots = {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, self.profile.start_urls)}
        for root in roots:
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
        keys = response.meta["link_keys"] = []
        for entry in sitemap:
            url = entry.get("loc")
            if not url:
                continue
            if sitemap.type == "sitemapindex":
                yield self._optional(url, self.parse_sitemap)
            elif (kind := classify(url)) != "skip":
                keys.append(url_key(url))
                if request := self._new(url, kind):
                    yield request

    def parse_feed(self, response):
        """RSS and Atom: each entry's link, with its date as the list date."""
        self.crawler.stats.inc_value("portal/feeds")
        keys = response.meta["link_keys"] = []
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
            if url and classify(url) != "skip":
                keys.append(url_key(url))
                if request := self._new(url, "article", None, date):
                    yield request

    def parse_page(self, response):
        self.crawler.stats.inc_value("portal/pages")
        if _FEED.search(response.body[:2048]):
            yield from self.parse_feed(response)
            return
        headers = response_headers(response)
        if is_document_response(headers):
            # A document behind a link of no telling shape: not a page, and not an error.
            self.crawler.stats.inc_value("portal/documents_skipped")
            return
        _, reading = read_response(response, self.profile.selectors, self.settings, headers)
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
        if article.is_article and reading.pages is not None:
            yield from self._article_pages(response, article, headers, reading.pages)
        elif article.is_article:
            self.crawler.stats.inc_value("portal/articles")
            yield self._article_item(response, article, headers)
        else:
            self.crawler.stats.inc_value("portal/lists")
            for proxy in reading.proxies:
                yield from self._jpage_request(proxy, proxy.first + 1)
        if reading.edition is not None:
            yield from self._follow_edition(reading.edition)
        yield from self._follow(response, reading.links, is_list=not article.is_article)
        if reading.edition is not None:  # its stories are its articles, not 往期回顾 & co
            response.meta["story_keys"] = [url_key(url) for url in reading.edition.articles]

    def _follow_edition(self, edition):
        """A page (版面) of a digital edition: its articles carry the page's number and
        name and the issue's day; its list or calendar of issues (往期回顾) is followed
        to the issues within the window (EditionWindow)."""
        self.crawler.stats.inc_value("portal/edition/pages")
        self.editions.saw(edition.issue_date)
        printed = {"edition_date": edition.issue_date, "page_no": edition.page_no,
                   "page_name": edition.page_name}  # fmt: skip
        for url in edition.articles:
            if request := self._new(url, "article"):
                request.meta["edition"] = printed
                yield request
        # The issue before is the next page of the edition: a repeated crawl stops going
        # back once an issue shows only articles the archive holds (the incremental
        # middleware stops paging there).
        previous = edition.previous
        if previous and self.editions.admits(previous) and (request := self._new(previous, "list")):
            request.meta["pagination"] = True
            yield request
        for url in edition.archive:
            if self._first_ask(url):
                yield scrapy.Request(
                    url, callback=self.parse_calendar, errback=self.failed, meta={"calendar": True}
                )
        # Founder's calendar script reads the month's period.xml, linked or not.
        if (calendar := month_calendar(edition.url)) and self._first_ask(calendar):
            yield self._calendar(calendar)

    def parse_calendar(self, response):
        """A digital edition's list or calendar of issues: the issues it names (an HTML
        page's links, or Founder's period.xml)."""
        if response.status != 200:  # a period.xml the edition does not have
            return
        self.crawler.stats.inc_value("portal/edition/calendars")
        listed = issue_links(response.body, response.url)
        admitted = [url for url in listed.issues if self.editions.admits(url)]
        self.crawler.stats.inc_value(
            "portal/edition/outside_window", len(listed.issues) - len(admitted)
        )
        for url in admitted:
            if request := self._new(url, "list"):
                yield request
        # Its month before, while this month still has issues within the window.
        for url in listed.earlier if admitted or not listed.issues else ():
            if self._first_ask(url):
                yield self._calendar(url)

    def _calendar(self, url: str) -> scrapy.Request:
        """A calendar the edition may not have (a month's period.xml): no error if not."""
        request = self._optional(url, self.parse_calendar)
        request.meta["calendar"] = True
        return request

    def _article_item(self, response, article, headers) -> CrawledArticle:
        key = url_key(response.url)
        shown = self.list_dates.get(key) or self.list_dates.get(url_key(response.request.url))
        if shown and not response.meta.get("list_date"):
            response.meta["list_date"], response.meta["list_date_raw"] = shown
        article = _with_list_date(_as_printed(article, response.meta), response.meta)
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
        """Requests for the page's new links. For the incremental middleware, the page
        says which URLs it links to (link_keys), a list page which of them are articles
        (story_keys), and which requests are its pager: paging stops on a list of
        articles the archive holds already."""
        response.meta["link_keys"] = [url_key(link.url) for link in links]
        if is_list:
            stories = [url_key(link.url) for link in links if link.kind in ("article", "page")]
            response.meta["story_keys"] = stories
        for link in links:
            if link.list_date:
                yield from self._remember_list_date(link.url, link.list_date, link.list_date_raw)
            if not self.editions.admits(link.url):
                self.crawler.stats.inc_value("portal/edition/outside_window")
                continue
            request = self._new(link.url, link.kind, link.list_date, link.list_date_raw)
            if request is not None:
                if is_pagination(link):
                    request.meta["pagination"] = True
                yield request

    def _new(
        self, url: str, kind: str, list_date: str | None = None, list_date_raw: str | None = None
    ) -> scrapy.Request | None:
        """A request for a URL not asked for yet in this crawl."""
        if not self._first_ask(url):
            return None
        kind = self._kind(url, kind)
        request = self._request(url, kind, list_date, list_date_raw)
        request.meta["kind"] = kind
        self.journal.write(url)
        return request

    def _first_ask(self, url: str) -> bool:
        """True the first time this crawl asks for a URL (by its key), noting it. Every page
        repeats the menus: each URL is asked for once, before Scrapy has to fingerprint and
        filter it again."""
        key = url_key(url)
        if key in self.requested:
            return False
        self.requested.add(key)
        return True

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
        if unsent(failure):  # the crawl was stopped before it was sent: not a failure
            return
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


def _as_printed(article, meta):
    """The edition's page an article was linked from, for what its own page does not
    say: the page's number and name, the issue's day (its publish date, when none)."""
    printed = meta.get("edition")
    if not printed:
        return article
    filled = {k: v for k, v in printed.items() if v and not getattr(article, k)}
    if not filled:
        return article
    if not article.published_at and printed["edition_date"]:
        filled.update(published_at=printed["edition_date"],
                      published_at_raw=printed["edition_date"], date_source="edition")  # fmt: skip
    return replace(article, **filled)
