"""scrapers.contact: the User-Agent names rongmei and the crawl's CONTACT."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from scrapers.spiders.portal import PortalSpider
from tests.conftest import project_settings


def agent(**overrides) -> str:
    crawler = get_crawler(PortalSpider, project_settings(**overrides))
    crawler._apply_settings()
    return crawler.settings.get("USER_AGENT")


def test_the_contact_is_in_the_user_agent():
    assert agent(CONTACT="me@example.org") == (
        "rongmei/0.1 (archive of China's local media; contact: me@example.org)"
    )
    assert "{contact}" not in agent()


def test_a_user_agent_of_ones_own_is_left_alone():
    assert agent(USER_AGENT="my crawler") == "my crawler"
