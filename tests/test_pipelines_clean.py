"""CleanPipeline."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from pipelines.clean import CleanPipeline
from tests.conftest import make_article_item, project_settings


def test_clean_returns_a_new_item_with_clean_text():
    crawler = get_crawler(settings_dict=project_settings())
    pipeline = CleanPipeline.from_crawler(crawler)
    item = make_article_item(
        title="\u3000县里开会\xa0",
        body="\u3000\u3000第一段。\n【打印】【关闭】\n第一段。\n\n第二段。",
    )
    cleaned = pipeline.process_item(item)
    assert cleaned is not item
    assert item.article.title == "\u3000县里开会\xa0"  # the original is untouched
    assert cleaned.article.title == "县里开会"
    assert cleaned.article.body == "第一段。\n第二段。"
    assert crawler.stats.get_value("clean/body_changed") == 1


def test_disabled():
    import pytest
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        CleanPipeline.from_crawler(get_crawler(settings_dict=project_settings(CLEAN_ENABLED=False)))
