"""The baseline of bench/crawl.py: a bare Scrapy spider that follows the same links as the
portal spider and does nothing else (no extraction, no items, no archive)."""

from __future__ import annotations

import scrapy

from scrapers.extract import classify


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, url: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url]
        self.allowed_domains = ["127.0.0.1"]

    def parse(self, response):
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            if classify(url) != "skip":
                yield scrapy.Request(url, callback=self.parse)
