"""URL forms: the canonical URL an article is archived under, and its dedupe key.

Portals serve one article under many URLs: with a #fragment, with tracking parameters
(?from=timeline, utm_*), with or without index.html, over http and https, on m., wap. or
www. hosts. All of them map to one key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(?:utm_\w+|spm|from|share(?:_\w+)?|isappinstalled|wfr|scene|clicktime|enterid|"
    r"sessionid|jsessionid|phpsessid|sid|_t|t|timestamp|source|src|ref|referer|fbclid|gclid|"
    r"nsukey|winzoom|tdsourcetag|subscene|sharer_\w+|chksm|mpshare|srcid|cid_from|"
    # Founder's digital editions link one article as content_1.htm and content_1.htm?div=-1
    # (how the page is shown).
    r"div)$",
    re.I,
)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|shtml|php|asp|aspx|jsp)$", re.I)
_HOST_PREFIX = re.compile(r"^(?:www|m|wap|mobile|3g)\.")
# WeChat article URLs carry their identity in the query: keep those parameters.
_WECHAT_KEEP = {"__biz", "mid", "idx", "sn"}


def _query(parts, host: str) -> str:
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if host.endswith("mp.weixin.qq.com"):
        pairs = [(k, v) for k, v in pairs if k in _WECHAT_KEEP]
    else:
        pairs = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
    return urlencode(sorted(pairs))


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The URL an article is archived under: no fragment, no tracking parameters, sorted
    query, lower-case host, no trailing index page. Scheme and host are kept as seen.

    >>> canonical_url("HTTP://WWW.X.gov.cn/xwzx/index.html?utm_source=wx&id=3#top")
    'http://www.x.gov.cn/xwzx/?id=3'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    netloc = host + (f":{parts.port}" if parts.port else "")
    path = _INDEX_PAGE.sub("/", parts.path or "/")
    return urlunsplit((parts.scheme.lower(), netloc, path, _query(parts, host), ""))


@lru_cache(maxsize=65536)
def url_key(url: str) -> str:
    """The dedupe key: the canonical URL without scheme and without m./www./wap. hosts.

    >>> url_key("https://m.x.gov.cn/a/1.html?from=timeline") == url_key("http://www.x.gov.cn/a/1.html#p2")
    True
    >>> url_key("http://e.cn/html/2023-03/01/content_7.htm?div=-1")
    'e.cn/html/2023-03/01/content_7.htm'

    """
    parts = urlsplit(canonical_url(url))
    host = _HOST_PREFIX.sub("", parts.netloc)
    return urlunsplit(("", host, parts.path, parts.query, "")).lstrip("/")
