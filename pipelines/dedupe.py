"""DedupePipeline: one archived article per URL and per body.

First the URL: fragments, tracking parameters, index.html, http/https and m./www. variants
all give one key (core.urls.url_key). Then the text: a page of the same site whose
normalised body is exactly that of another URL's article is that article's reprint; it is
dropped as DuplicateBody and its URL recorded as an alias of the article it repeats.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from scrapy.exceptions import DropItem, NotConfigured

from core.items import CrawledArticle
from core.urls import url_key
from pipelines.schema import open_archive
from pipelines.store import known_bodies_of

_SPACE = re.compile(r"\s+")


class DuplicateUrl(DropItem):
    """The same article URL again in one crawl."""


class DuplicateBody(DropItem):
    """Another URL of the same site with exactly the same text."""

    def __init__(self, message: str, original_key: str) -> None:
        super().__init__(message, log_level="DEBUG")
        self.original_key = original_key


def body_hash(body: str) -> str:
    """SHA-1 of the body, NFKC-normalised and without whitespace.

    >>> body_hash("新年伊始，禹州") == body_hash(" 新年伊始,\\u3000禹州\\n")
    True
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", body))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


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
        """Learn the bodies the archive already holds for this site."""
        path = self.crawler.settings.get("ARCHIVE") if self.crawler else None
        if not path or not self.crawler.settings.getbool("ARCHIVE_ENABLED"):
            return
        db = open_archive(path)
        name = self.crawler.spider.profile.name
        self.remember(name, known_bodies_of(db, name))
        db.close()

    def remember(self, site: str, hashes: dict[str, str]) -> None:
        """Bodies already in the archive for a site (called by the archive pipeline)."""
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
        original = self.bodies.setdefault((item.site, digest), key)
        if original != key:
            self.stats.inc_value("dedupe/duplicate_body")
            raise DuplicateBody(f"same text as {original}: {item.url}", original)
        self.stats.inc_value("dedupe/unique")
        return replace(item, url_key=key, body_hash=digest)
