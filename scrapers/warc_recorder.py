"""WarcRecorder: every response a crawl receives, written to WARC files as it comes.

A downloader middleware next to the downloader (settings.py: order 980, after every built-in one), so that it sees
each response as the portal sent it: before decompression, before a redirect is followed
or a 500 retried (each attempt is a capture). Articles, lists, robots.txt, sitemaps and
error answers alike. Files go to WARC_DIR, a new one once a file passes WARC_MAX_BYTES
(webarchive.rotating); a process has one writer, which the crawls of `scrapy crawlall`
share. Off unless WARC_ENABLED. Scaled out, the workers write none: the archive writer
writes the article pages it receives, on its own machine (`scrapy archive-writer`).

Stats: ``warc/records``, ``warc/bytes`` (payload bytes written).
"""

from __future__ import annotations

import socket
from typing import ClassVar

from scrapy import signals
from scrapy.exceptions import NotConfigured

from cluster import scaled_out
from core.clock import now
from webarchive import Capture, RotatingWarcFiles

#: What the warcinfo record of a crawl's file says of the way it was written.
NOTE = (
    "responses as a rongmei crawl received them, before decompression and redirects; the "
    "HTTP reason phrase is rebuilt (Scrapy does not keep it); a body the HTTP client "
    "de-chunked has its Transfer-Encoding kept as X-Archive-Orig-Transfer-Encoding; each "
    "record's Rongmei-Crawl field names the site and the archive's crawl id"
)


def warcinfo(settings) -> dict[str, str]:
    return {
        "software": "rongmei (warcio)",
        "format": "WARC File Format 1.1",
        "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": settings.get("WARC_PREFIX"),
        "hostname": socket.gethostname(),
        "operator": settings.get("CONTACT") or "",
        "http-header-user-agent": settings.get("USER_AGENT"),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "description": NOTE,
    }


class WarcRecorder:
    #: One writer per process: (folder, prefix) -> [files, crawls using them].
    _shared: ClassVar[dict[tuple, list]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured  # off by default: no message, or Scrapy warns on every crawl
        if scaled_out(settings):
            raise NotConfigured("scaled out, the archive writer writes the WARC files")
        key = (settings.get("WARC_DIR"), settings.get("WARC_PREFIX"))
        if key not in cls._shared:
            files = RotatingWarcFiles(*key, settings.getint("WARC_MAX_BYTES"), warcinfo(settings))
            cls._shared[key] = [files, 0]
        cls._shared[key][1] += 1
        recorder = cls(crawler, key)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def __init__(self, crawler, key: tuple) -> None:
        self.crawler, self.stats, self.key = crawler, crawler.stats, key
        self.files: RotatingWarcFiles = self._shared[key][0]

    def process_response(self, request, response, spider=None):
        if "playwright" in response.flags:  # the page as a browser built it, not as sent
            self.stats.inc_value("warc/skipped_rendered")
            return response
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        capture = Capture(response.url, response.status, headers, response.body, now(),
                          protocol=response.protocol or None)  # fmt: skip
        spider = self.crawler.spider
        crawl = f"{spider.profile.name} {self.stats.get_value('archive/crawl_id', '-')}"
        self.files.write(capture, **{"Rongmei-Crawl": crawl})
        self.stats.inc_value("warc/records")
        self.stats.inc_value("warc/bytes", len(response.body))
        return response

    def spider_closed(self, spider, reason: str) -> None:
        entry = self._shared.get(self.key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:  # the last crawl of the process closes the file
            entry[0].close()
            del self._shared[self.key]
