"""Article extraction: page bytes and URL in, an article record out. No network, no database.

This is the package's public face: callers import from here, not from its modules.
A page is read by a page object (ArticlePage, or WeChatPage for WeChat articles) with one
property per field of the record; a site profile's selectors go in front of it
(ProfiledPage). Link kinds and URL dates come from one table of CMS URL shapes (cms.py).
"""

from core.vocabulary import PAGE_GONE, PAGE_GONE_PHRASES

from .article import ExtractionError, extract_article, page_class, page_object
from .article_page import ArticlePage
from .article_pages import ArticlePages, article_pages
from .challenge import Verdict, challenge
from .dates import parse_date
from .encoding import decode_html
from .line_kinds import CHROME_LINE, NOTE_LINE
from .links import Link, classify, is_pagination, page_links
from .profiled import ProfiledPage, profiled
from .reading import PageReading, read_page
from .scripted_lists import (
    JpageProxy,
    create_page_urls,
    datastore_links,
    datastore_records,
    datastore_total,
    jpage_list,
    jpage_proxies,
)
from .selectors import BadSelector, SelectorSet
from .wechat import WeChatPage

__all__ = [
    "CHROME_LINE",
    "NOTE_LINE",
    "PAGE_GONE",
    "PAGE_GONE_PHRASES",
    "ArticlePage",
    "ArticlePages",
    "BadSelector",
    "ExtractionError",
    "JpageProxy",
    "Link",
    "PageReading",
    "ProfiledPage",
    "SelectorSet",
    "Verdict",
    "WeChatPage",
    "article_pages",
    "challenge",
    "classify",
    "create_page_urls",
    "datastore_links",
    "datastore_records",
    "datastore_total",
    "decode_html",
    "extract_article",
    "is_pagination",
    "jpage_list",
    "jpage_proxies",
    "page_class",
    "page_links",
    "page_object",
    "parse_date",
    "profiled",
    "read_page",
]
