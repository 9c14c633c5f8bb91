"""Responses: fetch a few URLs with Scrapy's own downloader (robots.txt, retries, User-Agent
and all) for commands that read single pages such as `scrapy extract URL`; a response's
headers as text, its reading by the extractor, and a failed request's one-line reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseNeverReceived

from scrapers.extract import read_page

if TYPE_CHECKING:
    from scrapy.crawler import CrawlerProcessBase

    from scrapers.extract.reading import PageReading


class FetchSpider(scrapy.Spider):
    """Fetches the given URLs once each and keeps the raw responses in `results`."""

    name = "fetch"
    custom_settings: ClassVar[dict] = {"HTTPERROR_ALLOW_ALL": False, "ITEM_PIPELINES": {}}

    def __init__(self, urls: list[str], results: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls, self.results = urls, results
        self.trusted_hosts = {urlsplit(u).hostname for u in urls}  # the user asked for these

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(
                url,
                callback=self.keep,
                errback=self.failed,
                dont_filter=True,
                cb_kwargs={"asked": url},
            )

    def keep(self, response, asked: str) -> None:
        self.results[asked] = {
            "url": response.url,
            "body": response.body,
            "headers": response_headers(response),
        }

    def failed(self, failure) -> None:
        asked = failure.request.cb_kwargs.get("asked", failure.request.url)
        self.results[asked] = {"error": describe_failure(failure)}


def response_headers(response) -> dict[str, str]:
    """A response's headers as text, repeated ones joined with commas."""
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


def read_response(
    response, selectors, settings, headers: dict[str, str] | None = None
) -> tuple[dict[str, str], PageReading]:
    """A fetched page read by the extractor, under the crawl's EXTRACT_MAX_ELEMENTS; with
    its headers as text (``headers``, when the caller has them already)."""
    headers = response_headers(response) if headers is None else headers
    limit = settings.getint("EXTRACT_MAX_ELEMENTS")
    return headers, read_page(response.body, response.url, headers, selectors, limit)


def describe_failure(failure) -> str:
    """A one-line reason for a failed request."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(DNSLookupError):
        return "DNS lookup failed"
    if failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
        return "timed out"
    if failure.check(IgnoreRequest):
        return failure.getErrorMessage() or "ignored"
    if failure.check(ResponseDataLossError):
        return "connection lost: the body was cut short"
    if failure.check(DownloadFailedError, ConnectionLost, ConnectionDone, ResponseNeverReceived):
        return "connection lost before a complete answer"
    if failure.check(DownloadCancelledError):
        return f"download cancelled: {failure.getErrorMessage()}"
    if failure.check(ConnectionRefusedError):
        return "connection refused"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def fetch_all(process: CrawlerProcessBase, urls: list[str]) -> dict[str, dict]:
    """Fetch every URL; a URL with no answer (robots.txt forbids it, say) gets an error."""
    results: dict[str, dict] = {}
    process.crawl(FetchSpider, urls=urls, results=results)
    process.start()
    for url in urls:
        results.setdefault(url, {"error": "not fetched (forbidden by robots.txt or filtered)"})
    return results
