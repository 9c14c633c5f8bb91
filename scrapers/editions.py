"""Which issues of a digital edition (数字报) a crawl takes: those of the newest
``days`` days, counted back from the newest issue the crawl has seen (an edition's home
sends the crawl to its latest issue first); every issue when ``days`` is 0. Set by the
EDITION_DAYS setting or a profile's ``edition_days``."""

from __future__ import annotations

from datetime import date, timedelta

from scrapers.extract.cms import edition_day

__all__ = ["EditionWindow"]


class EditionWindow:
    """
    >>> window = EditionWindow(days=2)
    >>> window.saw("2023-03-05")
    >>> [window.admits(f"http://e.cn/html/2023-03/0{d}/node_1.htm") for d in (5, 4, 3)]
    [True, True, False]
    >>> window.admits("http://e.cn/xwzx/index.html"), EditionWindow(days=0).admits("http://e.cn/html/1999-01/01/node_1.htm")
    (True, True)
    """

    def __init__(self, days: int) -> None:
        self.days = max(0, days)
        self.newest: date | None = None

    def saw(self, issue_day: str) -> None:
        """An issue the crawl read."""
        day = date.fromisoformat(issue_day)
        if self.newest is None or day > self.newest:
            self.newest = day

    def admits(self, url: str) -> bool:
        """Whether to follow a URL: anything but an edition's page or article outside
        the window."""
        if not self.days or self.newest is None or not (found := edition_day(url)):
            return True
        return date.fromisoformat(found[1]) > self.newest - timedelta(days=self.days)
