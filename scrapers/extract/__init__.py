"""Article extraction: page bytes and URL in, an article record out. No network, no database.

This is the package's public face: callers import from here, not from its modules.
"""

from .article import ExtractionError, extract_article
from .links import Link, classify, is_pagination, page_links
from .reading import PageReading, read_page
from .selectors import BadSelector, SelectorSet

__all__ = [
    "BadSelector",
    "ExtractionError",
    "Link",
    "PageReading",
    "SelectorSet",
    "classify",
    "extract_article",
    "is_pagination",
    "page_links",
    "read_page",
]
