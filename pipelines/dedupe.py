"""DedupePipeline: one article per URL and per body, within a crawl.

First the URL: fragments, tracking parameters, index.html, http/https and m./www. variants
all give one key (core.urls.url_key). Then the text: a page of the same site whose
normalised body is exactly that of another URL's article is that article's reprint
(archive.reprints); it is dropped as DuplicateBody and its URL recorded as an alias of the
article it repeats. A crawl into the archive on this machine starts from the bodies the
archive holds; a worker of a scaled-out crawl has none, and the archive writer applies the
same rule when it writes (archive.entries).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scrapy.exceptions import DropItem, NotConfigured

from archive import open_archive, queries
from archive.reprints import body_hash, reprint_of
from core.items import CrawledArticle
from core.urls import url_key


class DuplicateUrl(DropItem):
    """The same article URL again in one crawl."""


class DuplicateBody(DropItem):
    """Another URL of the same site with exactly the same text."""

    def __init__(self, message: str, original_key: str) -> None:
        super().__init__(message, log_level="DEBUG")
        self.original_key = original_key


class DedupePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("DEDUPE_ENABLED"):
            raise NotConfigured("DEDUPE_ENABLED is False")
        pipeline = cls(crawler.stats)
        pipeline.crawler = crawler
        return pipeline

    def __init__(self, stats) -> None:
        self.stats = stats
        self.crawler = None
        self.seen_keys: set[str] = set()
        # (site, body hash) -> url key of the article that has that text
        self.bodies: dict[tuple[str, str], str] = {}

    def open_spider(self) -> None:
        """Learn the bodies the archive this crawl writes already holds for its site."""
        settings = self.crawler.settings if self.crawler else None
        if settings is None or not settings.getbool("ARCHIVE_ENABLED"):
            return
        path = settings.get("ARCHIVE")
        if settings.get("ARCHIVE_SINK") != "sqlite" or not path or not Path(path).is_file():
            return
        profile = self.crawler.spider.profile
        db = open_archive(path, read_only=True)
        try:
            site = queries.site_of(db, profile.name, profile.base_url)
            self.remember(profile.name, queries.body_owners(db, site[0] if site else None))
        finally:
            db.close()

    def remember(self, site: str, hashes: dict[str, str]) -> None:
        """Bodies already in the archive for a site: body hash -> URL key."""
        for digest, key in hashes.items():
            self.bodies.setdefault((site, digest), key)

    def process_item(self, item):
        if not isinstance(item, CrawledArticle):
            return item
        key = url_key(item.url)
        if key in self.seen_keys:
            self.stats.inc_value("dedupe/duplicate_url")
            raise DuplicateUrl(f"already archived in this crawl: {item.url}", log_level="DEBUG")
        self.seen_keys.add(key)
        digest = body_hash(item.article.body or "")
        original = reprint_of(key, self.bodies.setdefault((item.site, digest), key))
        if original is not None:
            self.stats.inc_value("dedupe/duplicate_body")
            raise DuplicateBody(f"same text as {original}: {item.url}", original)
        self.stats.inc_value("dedupe/unique")
        return replace(item, url_key=key, body_hash=digest)
