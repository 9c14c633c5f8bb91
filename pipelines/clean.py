"""CleanPipeline: whitespace (U+3000, nbsp), NFC and leftover boilerplate lines, in the
text fields of an article. Returns a new item; never edits one in place."""

from __future__ import annotations

from dataclasses import replace

from scrapy.exceptions import NotConfigured

from core.items import CrawledArticle
from core.text import clean_text
from scrapers.extract import CHROME_LINE, NOTE_LINE

_TEXT_FIELDS = ("title", "source", "editor", "published_at_raw")


def clean_body(body: str | None) -> str | None:
    """One clean paragraph per line; boilerplate lines and repeats removed.

    >>> clean_body("　　新年伊始，禹州…\\n\\n【打印】【关闭】\\n新年伊始，禹州…\\xa0")
    '新年伊始，禹州…'
    """
    if not body:
        return body
    lines, seen = [], set()
    for raw in body.split("\n"):
        line = clean_text(raw)
        if not line or line in seen:
            continue
        if len(line) < 150 and (CHROME_LINE.search(line) or NOTE_LINE.search(line)):
            continue
        seen.add(line)
        lines.append(line)
    return "\n".join(lines) or None


def clean_article(item: CrawledArticle) -> CrawledArticle:
    a = item.article
    changes = {name: clean_text(getattr(a, name)) or None for name in _TEXT_FIELDS}
    changes["body"] = clean_body(a.body)
    changes["author"] = [n for n in (clean_text(x) for x in a.author) if n]
    changes["breadcrumbs"] = [b for b in (clean_text(x) for x in a.breadcrumbs) if b]
    return replace(item, article=replace(a, **changes))


class CleanPipeline:
    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CLEAN_ENABLED"):
            raise NotConfigured("CLEAN_ENABLED is False")
        return cls(crawler.stats)

    def __init__(self, stats) -> None:
        self.stats = stats

    def process_item(self, item):
        if not isinstance(item, CrawledArticle):
            return item
        cleaned = clean_article(item)
        if cleaned.article.body != item.article.body:
            self.stats.inc_value("clean/body_changed")
        return cleaned
