"""cluster.addon: REDIS_URL turns the portal spider into a worker; without it nothing
changes, and Redis is not even imported."""

from __future__ import annotations

import subprocess
import sys

from scrapy.utils.test import get_crawler

from scrapers.spiders.portal import PortalSpider
from scrapers.spiders.recheck import RecheckSpider
from tests.conftest import ROOT, project_settings


def applied(spidercls, **overrides):
    crawler = get_crawler(spidercls, project_settings(**overrides))
    crawler._apply_settings()
    return crawler.settings


def test_without_redis_url_nothing_changes():
    settings = applied(PortalSpider, REDIS_URL=None)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    pipelines = settings.getwithbase("ITEM_PIPELINES")
    assert pipelines["pipelines.archive.ArchivePipeline"] == 900
    assert settings["ARCHIVE_SINK"] == "sqlite"
    assert settings.getbool("ARCHIVE_ENABLED")


def test_with_redis_url_the_portal_spider_is_a_worker():
    settings = applied(PortalSpider, REDIS_URL="redis://127.0.0.1:6379/0")
    assert settings["SCHEDULER"] == "cluster.frontier.SiteFrontier"
    # The archive pipeline sends everything to the writer through Redis: no SQLite here.
    assert settings["ARCHIVE_SINK"] == "redis"
    middlewares = settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    assert middlewares["cluster.shared_delay.SharedDelayMiddleware"] > max(
        v for k, v in middlewares.items() if v is not None and "SharedDelay" not in k
    )


def test_the_recheck_spider_stays_on_the_archive():
    settings = applied(RecheckSpider, REDIS_URL="redis://127.0.0.1:6379/0")
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert settings.getbool("ARCHIVE_ENABLED") and settings["ARCHIVE_SINK"] == "sqlite"


def test_a_crawl_without_redis_does_not_import_it():
    # What a local crawl loads: its commands, spiders, pipelines, middlewares, add-on.
    code = (
        "import sys; import commands.crawl, commands.crawlall, scrapers.spiders.portal, "
        "scrapers.spiders.recheck, pipelines.clean, pipelines.validate, pipelines.dedupe, "
        "pipelines.archive, scrapers.middlewares, scrapers.progress, scrapers.incremental, "
        "scrapers.journal, scrapers.contact, sites.politeness, cluster.addon; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('redis', 'scrapy_redis')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
