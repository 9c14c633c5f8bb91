"""Downloader middlewares of the project."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured


def private_host(host: str) -> bool:
    """A loopback, private, link-local or otherwise internal address (or localhost).

    >>> [private_host(h) for h in ("127.0.0.1", "10.1.2.3", "192.168.0.9", "localhost", "8.8.8.8", "www.x.gov.cn")]
    [True, True, True, True, False, False]
    """
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def on_domains(host: str, domains) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class PortalBoundaryMiddleware:
    """Every request, the redirected ones included, stays on the portal: a host outside
    the spider's allowed_domains is refused, and so is a loopback or private address that
    a portal's links or redirects point to. The portal's own hosts are allowed (a portal
    served on 127.0.0.1 can be crawled); a profile may allow others (`allow_private`).
    A refused request fails with IgnoreRequest, so the spider records why."""

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PORTAL_BOUNDARY_ENABLED"):
            raise NotConfigured("PORTAL_BOUNDARY_ENABLED is False")
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        host = (urlsplit(request.url).hostname or "").lower()
        domains = getattr(spider, "allowed_domains", None)
        trusted = set(getattr(spider, "trusted_hosts", ())) | set(domains or ())
        allow_private = getattr(getattr(spider, "profile", None), "allow_private", False)
        if private_host(host) and host not in trusted and not allow_private:
            return self._refuse(f"refused: {host} is a private or loopback address")
        if domains and not on_domains(host, domains):
            return self._refuse(f"refused: {host} is outside the portal ({', '.join(domains)})")
        return None

    def _refuse(self, reason: str):
        self.crawler.stats.inc_value("boundary/refused")
        raise IgnoreRequest(reason)


class LoopSafeRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware, but a redirect is never dropped as a duplicate: a page
    that redirects to itself ends in "max redirections reached", which is recorded, instead
    of vanishing in the duplicate filter. PortalBoundaryMiddleware still vets the target."""

    def _redirect(self, redirected, request, reason):
        redirected = super()._redirect(redirected, request, reason)
        redirected.dont_filter = True
        return redirected
