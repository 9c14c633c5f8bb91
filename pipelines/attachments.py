"""AttachmentsPipeline: downloads the documents an article links to (附件), with Scrapy's
FilesPipeline, when ATTACHMENTS_DOWNLOAD is on (off by default: every attachment is
recorded in the archive either way, with its URL, link text, file name and type).

The store is FilesPipeline's, chosen by the URI in ATTACHMENTS_STORE as FILES_STORE would
choose it (a folder, s3://, gs://, ftp://); a file is stored as ``full/<SHA-1 of its
URL>.<type>``. The requests go through the downloader like the crawl's own: robots.txt,
the portal's hosts, its delay and concurrency. A file larger than ATTACHMENTS_MAX_SIZE
(Scrapy's per-request ``download_maxsize``) is cut off and counted, never stored. Each
downloaded attachment gets its size, SHA-1 (of the content) and stored path, and the item
goes on to the archive with them.

Stats: ``attachments/downloaded``, ``attachments/uptodate`` (stored by an earlier crawl,
within FILES_EXPIRES days), ``attachments/too_big``, ``attachments/refused`` (robots.txt,
another host), ``attachments/failed``; the archive counts ``attachments/recorded``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace
from pathlib import Path

from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import _MediaRequestFiltered
from twisted.internet.defer import CancelledError

from core.clock import now
from core.items import CrawledArticle
from scrapers.extract.cms import attachment_file

__all__ = ["AttachmentsPipeline"]

logger = logging.getLogger(__name__)
_DISPOSITION_NAME = re.compile(r"filename\*?=(?:UTF-8'')?\s*(\"[^\"]+\"|[^;\s]+)", re.I)


class AttachmentsPipeline(FilesPipeline):
    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("ATTACHMENTS_DOWNLOAD"):
            raise NotConfigured  # off by default: no "Disabled" warning on every crawl
        cls._update_stores(settings)
        pipeline = cls(settings.get("ATTACHMENTS_STORE"), crawler=crawler)
        pipeline.max_size = settings.getint("ATTACHMENTS_MAX_SIZE")
        return pipeline

    def __init__(self, store_uri, download_func=None, *, crawler) -> None:
        super().__init__(store_uri, download_func, crawler=crawler)
        self.max_size = 0
        self.fetched: dict[str, tuple[int, str]] = {}  # url -> (size, SHA-1) this crawl
        self.named: dict[str, tuple[str, str | None]] = {}  # url -> file name, type sent
        self.failures: dict[str, str] = {}  # url -> why its download failed

    # -- Overridable interface of FilesPipeline ------------------------------------------

    def get_media_requests(self, item, info) -> list[Request]:
        if not isinstance(item, CrawledArticle):
            return []
        meta = {"download_maxsize": self.max_size} if self.max_size else {}
        return [
            Request(a["url"], callback=NO_CALLBACK, meta=dict(meta))
            for a in item.article.attachments
        ]

    def file_path(self, request, response=None, info=None, *, item=None) -> str:
        digest = hashlib.sha1(request.url.encode("utf-8")).hexdigest()
        file = attachment_file(request.url)
        return f"full/{digest}.{file[1]}" if file and file[1] else f"full/{digest}"

    async def file_downloaded(self, response, request, info, *, item=None) -> str:
        await super().file_downloaded(response, request, info, item=item)
        sha1 = hashlib.sha1(response.body).hexdigest()  # an identity, not a secret
        self.fetched[request.url] = (len(response.body), sha1)
        # A download script's file is named by its answer (Content-Disposition).
        disposition = response.headers.get("Content-Disposition", b"").decode("latin-1")
        if (named := _DISPOSITION_NAME.search(disposition)) and (
            file := attachment_file("file:///" + named.group(1).strip('"'))
        ):
            self.named[request.url] = file
        return sha1

    def media_failed(self, failure, request, info):
        why = self.failures[request.url] = _why(failure)
        logger.warning("attachment not downloaded (%s): %s: %s", why, request.url, failure.value)
        # Scrapy logs any other failure with its traceback; an attachment that could not
        # be had is said in the one line above, and recorded without its download.
        raise _MediaRequestFiltered(f"{why}: {failure.value}") from failure.value

    def item_completed(self, results, item, info):
        if not isinstance(item, CrawledArticle) or not results:
            return item
        attachments = []
        for attachment, (ok, result) in zip(item.article.attachments, results, strict=True):
            url = attachment["url"]
            if not ok:
                why = self.failures.get(url, "failed")
                self.crawler.stats.inc_value(f"attachments/{why}")
                attachments.append(attachment)
                continue
            size, sha1 = self.fetched.get(url) or self._stored(result["path"])
            status = "uptodate" if result["status"] == "uptodate" else "downloaded"
            self.crawler.stats.inc_value(f"attachments/{status}")
            name, kind = self.named.get(url, (None, None))
            attachments.append(
                {**attachment, "file_name": attachment.get("file_name") or name,
                 "type": attachment.get("type") or kind, "size": size, "sha1": sha1,
                 "path": result["path"], "fetched_at": now()}
            )  # fmt: skip
        return replace(item, article=replace(item.article, attachments=attachments))

    def _stored(self, path: str) -> tuple[int | None, str | None]:
        """Size and SHA-1 of a file an earlier crawl stored, where the store is a folder
        (other stores do not say: the archive keeps what that crawl recorded)."""
        if not isinstance(self.store, FSFilesStore):
            return None, None
        data = Path(self.store.basedir, *path.split("/")).read_bytes()
        return len(data), hashlib.sha1(data).hexdigest()


def _why(failure) -> str:
    """The stat a failed download is counted under."""
    if failure.check(IgnoreRequest):
        return "refused"
    if failure.check(DownloadCancelledError, CancelledError) or "max size" in str(failure.value):
        return "too_big"
    return "failed"
