"""ProfilePoliteness: the Scrapy add-on that gives a crawl its site profile's [politeness].

The crawl's spider carries its profile (``spider.profile``); its download delay,
concurrency and AutoThrottle target become the crawl's settings, at the spider's priority,
so that ``-s`` on the command line still wins.
"""

from __future__ import annotations

#: [politeness] key -> the Scrapy setting it sets.
SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "autothrottle_target": "AUTOTHROTTLE_TARGET_CONCURRENCY",
}


def politeness_settings(profile) -> dict[str, float]:
    """The settings a profile's [politeness] asks for.

    >>> from sites import Politeness, SiteProfile
    >>> politeness_settings(SiteProfile("x", politeness=Politeness(download_delay=2.0)))
    {'DOWNLOAD_DELAY': 2.0}
    """
    return {
        name: value
        for key, name in SETTINGS.items()
        if (value := getattr(profile.politeness, key)) is not None
    }


class ProfilePoliteness:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(getattr(crawler.spider, "profile", None))

    def __init__(self, profile) -> None:
        self.profile = profile

    def update_settings(self, settings) -> None:
        if self.profile is None:
            return
        for name, value in politeness_settings(self.profile).items():
            settings.set(name, value, priority="spider")
