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


def test_a_download_script_names_its_file_when_it_sends_it(tmp_path):
    import asyncio
    import hashlib

    from scrapy.http import Response

    p = pipeline(tmp_path, ATTACHMENTS_DOWNLOAD=True)
    url = "http://www.x.gov.cn/module/download/down.jsp?i_ID=123&colID=45"
    item = make_article_item()
    item = replace(item, article=replace(item.article, attachments=[
        {"url": url, "text": "报名表", "file_name": None, "type": None}]))  # fmt: skip
    (request,) = p.get_media_requests(item, None)
    body = b"PK\x03\x04 a form"
    response = Response(url, body=body, request=request, headers={
        "Content-Disposition": "attachment; filename*=UTF-8''%E6%8A%A5%E5%90%8D%E8%A1%A8.docx"})  # fmt: skip
    sha1 = asyncio.run(p.file_downloaded(response, request, None))
    assert sha1 == hashlib.sha1(body).hexdigest()
    path = p.file_path(request)
    assert (tmp_path / "store" / path).read_bytes() == body
    done = p.item_completed([(True, {"url": url, "path": path, "checksum": sha1,
                                     "status": "downloaded"})], item, None)  # fmt: skip
    (a,) = done.article.attachments
    assert (a["file_name"], a["type"], a["size"], a["sha1"], a["path"]) == (
        "报名表.docx",
        "docx",
        len(body),
        sha1,
        path,
    )
    assert p.crawler.stats.get_value("attachments/downloaded") == 1
