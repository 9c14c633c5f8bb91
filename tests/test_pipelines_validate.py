"""ValidatePipeline: every refusal has its own reason and stat."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from pipelines.validate import EmptyBody, NotAnArticle, NoTitle, ValidatePipeline
from tests.conftest import make_article_item, project_settings


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"is_article": False}, NotAnArticle),
        ({"body": ""}, EmptyBody),
        ({"body": "短"}, EmptyBody),
        ({"title": None}, NoTitle),
    ],
)
def test_refusals(fields, error):
    crawler = get_crawler(settings_dict=project_settings())
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(error):
        pipeline.process_item(make_article_item(**fields))
    assert crawler.stats.get_value(f"validate/dropped/{error.__name__}") == 1


def test_a_short_county_item_passes():
    crawler = get_crawler(settings_dict=project_settings())
    item = make_article_item(body="G342线6月3日至5日封闭施工。请过往车辆绕行。")
    assert ValidatePipeline.from_crawler(crawler).process_item(item) is item
    assert crawler.stats.get_value("validate/ok") == 1
