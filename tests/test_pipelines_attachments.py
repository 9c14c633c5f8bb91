"""pipelines.attachments: off unless asked, what it asks the downloader for, where files go."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from core.items import FetchFailure
from pipelines.attachments import AttachmentsPipeline
from tests.conftest import make_article_item, project_settings


def pipeline(tmp_path, **overrides) -> AttachmentsPipeline:
    settings = project_settings() | {"ATTACHMENTS_STORE": str(tmp_path / "store")} | overrides
    return build_from_crawler(AttachmentsPipeline, get_crawler(settings_dict=settings))


def test_off_by_default(tmp_path):
    with pytest.raises(NotConfigured):
        pipeline(tmp_path)


def test_requests_carry_the_size_cap_and_files_are_named_by_type(tmp_path):
    p = pipeline(tmp_path, ATTACHMENTS_DOWNLOAD=True, ATTACHMENTS_MAX_SIZE=1000)
    url = "http://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=1.pdf"
    item = make_article_item()
    item = replace(item, article=replace(item.article, attachments=[
        {"url": url, "text": "方案", "file_name": "1.pdf", "type": "pdf"}]))  # fmt: skip
    (request,) = p.get_media_requests(item, None)
    assert request.url == url and request.meta["download_maxsize"] == 1000
    assert p.file_path(request).startswith("full/") and p.file_path(request).endswith(".pdf")
    failure = FetchFailure("x", url, 500, "HTTP 500", "t")
    assert p.get_media_requests(failure, None) == []
    assert p.item_completed([], failure, None) is failure
    assert p.file_path(Request("http://x.cn/a")).count(".") == 0
