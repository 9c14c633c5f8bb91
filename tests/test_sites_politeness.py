"""sites.politeness: a crawl gets its profile's [politeness]; the command line still wins."""

from __future__ import annotations

from scrapy.crawler import AsyncCrawlerRunner
from scrapy.utils.test import get_reactor_settings

from scrapers.spiders.portal import PortalSpider
from tests.conftest import project_settings


def settings_of(tmp_path, profile: str, **overrides):
    """The settings of a crawl of sites/p.toml, applied as Scrapy applies them: the spider
    first, then the add-ons."""
    (tmp_path / "p.toml").write_text(profile, encoding="utf-8")
    settings = {**get_reactor_settings(), **project_settings(SITES_DIR=str(tmp_path), **overrides)}
    crawler = AsyncCrawlerRunner(settings).create_crawler(PortalSpider)
    crawler.spider = PortalSpider.from_crawler(crawler, site="p")
    crawler._apply_settings()
    return crawler.settings


PROFILE = """start_urls = ["http://www.x.gov.cn/"]
[politeness]
download_delay = 4.5
concurrency = 1
"""


def test_the_profile_sets_the_delay_and_concurrency(tmp_path):
    settings = settings_of(tmp_path, PROFILE)
    assert settings.getfloat("DOWNLOAD_DELAY") == 4.5
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 1.0  # not in the profile


def test_a_setting_given_on_the_command_line_wins(tmp_path):
    settings = settings_of(tmp_path, PROFILE)
    settings.frozen = False
    settings.set("DOWNLOAD_DELAY", 0.1, priority="cmdline")
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.1
