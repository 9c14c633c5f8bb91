"""scrapers.contact: the User-Agent names rongmei and the crawl's CONTACT."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from scrapers.spiders.portal import PortalSpider
from tests.conftest import FAST, project_settings, scrapy_command


def agent(**overrides) -> str:
    crawler = get_crawler(PortalSpider, project_settings(**overrides))
    crawler._apply_settings()
    return crawler.settings.get("USER_AGENT")


def test_the_contact_is_in_the_user_agent():
    assert agent(CONTACT="me@example.org") == (
        "rongmei/0.1 (archive of China's local media; contact: me@example.org)"
    )
    assert agent() == "rongmei/0.1 (archive of China's local media)"


def test_a_crawl_without_contact_says_so_once(demo_portal, tmp_path):
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={demo_portal[0]}/", "-s", f"ARCHIVE={tmp_path / 'a.db'}",
        *FAST,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if "CONTACT" in line]
    assert len(lines) == 1 and "WARNING" in lines[0] and "-s CONTACT=" in lines[0]
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={demo_portal[0]}/", "-s", f"ARCHIVE={tmp_path / 'a.db'}",
        "-s", "CONTACT=me@example.org", *FAST,
    )  # fmt: skip
    assert "CONTACT is not set" not in proc.stderr


def test_a_user_agent_of_ones_own_is_left_alone():
    assert agent(USER_AGENT="my crawler") == "my crawler"
