"""DedupePipeline: URL variants and reprints under another URL of the same site."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from pipelines.dedupe import DedupePipeline, DuplicateBody, DuplicateUrl
from tests.conftest import make_article_item, project_settings


@pytest.fixture
def pipeline():
    crawler = get_crawler(settings_dict=project_settings(ARCHIVE_ENABLED=False))
    return DedupePipeline.from_crawler(crawler)


def test_url_variants_are_one_article(pipeline):
    first = pipeline.process_item(make_article_item("http://www.x.gov.cn/a/1.html"))
    assert first.url_key == "x.gov.cn/a/1.html"
    with pytest.raises(DuplicateUrl):
        pipeline.process_item(make_article_item("https://m.x.gov.cn/a/1.html?from=timeline#top"))


def test_same_text_elsewhere_on_the_site_is_a_reprint(pipeline):
    pipeline.process_item(
        make_article_item("http://www.x.gov.cn/a/1.html", body="同一篇。\n正文。")
    )
    with pytest.raises(DuplicateBody) as caught:
        pipeline.process_item(
            make_article_item("http://www.x.gov.cn/b/9.html", body="同一篇。 正文。")
        )
    assert caught.value.original_key == "x.gov.cn/a/1.html"
    assert pipeline.stats.get_value("dedupe/duplicate_body") == 1


def test_same_text_on_another_site_is_kept(pipeline):
    pipeline.process_item(make_article_item("http://www.x.gov.cn/a/1.html", site="x"))
    kept = pipeline.process_item(make_article_item("http://www.y.gov.cn/a/1.html", site="y"))
    assert kept.url_key == "y.gov.cn/a/1.html"


def test_bodies_already_archived_count(pipeline):
    item = make_article_item("http://www.x.gov.cn/b/9.html")
    pipeline.remember("x", {"0" * 40: "x.gov.cn/other.html"})
    assert pipeline.process_item(item).body_hash != "0" * 40
