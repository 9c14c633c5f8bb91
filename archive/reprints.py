"""The reprint rule: one archived article per text and site.

A page of a site whose normalised body is exactly that of another URL's article of the
same site is a reprint of it (a portal that files one story under two sections, a mobile
copy). It is not archived again: its URL becomes an alias of the article it repeats.

The rule is :func:`reprint_of`; the local crawl (the dedupe pipeline, within a crawl, and
the archive writes, against what the archive holds) and the archive writer of a
scaled-out crawl all decide with it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def body_hash(body: str) -> str:
    """SHA-1 of the body, NFKC-normalised and without whitespace.

    >>> body_hash("新年伊始，禹州") == body_hash(" 新年伊始,\\u3000禹州\\n")
    True
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", body))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def reprint_of(url_key: str, owner: str | None) -> str | None:
    """The URL key of the article a page repeats, given the key of the page and the key of
    the site's article that already has the same body hash (None: nobody has it).

    >>> reprint_of("x.gov.cn/b/9.html", "x.gov.cn/a/1.html")
    'x.gov.cn/a/1.html'
    >>> reprint_of("x.gov.cn/a/1.html", "x.gov.cn/a/1.html") is None  # itself, again
    True
    >>> reprint_of("x.gov.cn/a/1.html", None) is None
    True
    """
    return owner if owner is not None and owner != url_key else None
