"""The facts of ``expected.json``: what a crawl of the demo portal must find, page by page
and article by article (the crawl tests compare against them)."""

from __future__ import annotations

import posixpath
from typing import Any

from demo import content as C
from demo.pages.scripted import DATAPROXY
from demo.plan import Portal
from demo.portal import SECTIONS, Dead

JPAGE_RECORDS = "/jpage-records.json"  # what the dataproxy answers from; not served

# The mark of a build in expected.json (a folder without it is never emptied); also part
# of the committed facts, so it names the generator as it always has.
GENERATOR = "demo/build.py"


def linked_from(dead: Dead, lists: list[str], files: dict[str, bytes]) -> str:
    """The list page (of ``lists``, as written in ``files``) that links ``dead``."""
    for url in lists:
        if posixpath.basename(dead.url) in files[url].decode(dead.section.encoding):
            return url
    raise AssertionError(dead.url)


def collect(portal: Portal, files: dict[str, bytes]) -> dict[str, Any]:
    """The facts of ``portal``, whose pages ``files`` holds (site path -> bytes)."""
    everything, newest = portal.everything, portal.newest
    seed, reprint, original = portal.seed, portal.reprint, portal.original
    broken, error = portal.dead_entry("broken"), portal.dead_entry("error")
    lists = {sec.key: portal.list_pages(sec) for sec in SECTIONS}
    return {
        "generator": GENERATOR,
        "site": C.SITE_NAME,
        "region": {"province": "河南省", "city": "许昌市", "county": C.COUNTY},
        "home": "/index.html",
        "robots": "/robots.txt",
        "sitemap": "/sitemap.xml",
        "rss": "/rss.xml",
        "article_count": len(everything),
        "sections": {
            sec.key: {
                "name": sec.name,
                "cms": sec.cms,
                "encoding": sec.encoding,
                "pager": sec.pager,
                "lists": lists[sec.key],
                "articles": [a.url for a in portal.sections[sec.key]],
            }
            for sec in SECTIONS
        },
        "no_date": [
            {"url": a.url, "section": a.section.key, "list_date": a.list_date}
            for a in everything
            if not a.dated
        ],
        "reprint": [original.url, reprint.url],
        "broken_link": {
            "url": broken.url,
            "status": 404,
            "linked_from": linked_from(broken, lists[broken.section.key], files),
        },
        "error_500": {
            "url": error.url,
            "status": 500,
            "linked_from": linked_from(error, lists[error.section.key], files),
        },
        "seed": seed.url,
        "newest": [a.url for a in newest],
        "in_sitemap": [a.url for a in portal.in_sitemap],
        "server": {
            "error_500": [error.url],
            "no_charset_prefixes": ["/a/bdxw/"],  # GBK pages, sent as such servers send them
            "hidden": ["/expected.json", JPAGE_RECORDS],  # not for the crawler
            "dataproxy": DATAPROXY,  # the jpage endpoint, answered from jpage_records
            "jpage_records": JPAGE_RECORDS,
            "not_found_page": "/404.html",
        },
        "articles": [
            {
                "url": a.url,
                "section": a.section.key,
                "title": a.title,
                "list_date": a.list_date,
                "date_shown": a.date_shown,
                "published_at": a.published_at,
                "source": a.source,
                "author": a.authors,
                "editor": a.editor,
                "breadcrumbs": ["主页" if a.section.key == "bdxw" else "首页", a.section.name],
                "images": [a.image] if a.image else [],
                "related": [r.url for r in a.related],
                "paragraphs": a.paragraphs,
                "attachments": a.attachments,
                "pages": a.page_urls,
            }
            for a in everything
        ],
    }
