"""ValidatePipeline: only articles with a title and a body go on. Each refusal is a
DropItem subclass, so Scrapy counts it by reason and the archive records it."""

from __future__ import annotations

from scrapy.exceptions import DropItem, NotConfigured

from core.items import CrawledArticle


class NotAnArticle(DropItem):
    """A list, home or error page."""


class EmptyBody(DropItem):
    """An article page whose text is missing or too short."""


class NoTitle(DropItem):
    """An article page without a headline."""


def problem(item: CrawledArticle, min_body: int) -> DropItem | None:
    a = item.article
    if not a.is_article:
        return NotAnArticle(f"not an article page: {item.url}")
    if not a.body or len(a.body) < min_body:
        return EmptyBody(f"body of {len(a.body or '')} characters: {item.url}")
    if not a.title:
        return NoTitle(f"no title: {item.url}")
    return None


class ValidatePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("VALIDATE_ENABLED"):
            raise NotConfigured("VALIDATE_ENABLED is False")
        return cls(crawler.stats, min_body=settings.getint("VALIDATE_MIN_BODY_CHARS"))

    def __init__(self, stats, *, min_body: int) -> None:
        self.stats, self.min_body = stats, min_body

    def process_item(self, item):
        if not isinstance(item, CrawledArticle):
            return item
        if drop := problem(item, self.min_body):
            self.stats.inc_value(f"validate/dropped/{type(drop).__name__}")
            drop.log_level = "DEBUG" if isinstance(drop, NotAnArticle) else "INFO"
            raise drop
        self.stats.inc_value("validate/ok")
        return item
