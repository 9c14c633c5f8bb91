"""Article extraction: page bytes and URL in, an article record out. No network, no database."""

from .article import ExtractionError, extract_article
from .selectors import SelectorSet

__all__ = ["ExtractionError", "SelectorSet", "extract_article"]
