"""Lists that only a script shows: what a browser would build from a page's scripts, read
without running them. Pure: script text and URLs in, links and page URLs out.

Two kinds are common on county portals:

- **Hanweb (大汉) JCMS jpage.** A column page carries its first records inside
  ``<script type="text/xml"><datastore>…<recordset><record><![CDATA[<li><a href=…>]]>
  </record>…</recordset></datastore></script>``; the jpage script asks for the rest from
  ``/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15``, a POST with
  the column's parameters (``col=1&appid=1&webid=1&path=/&columnid=…&sourceContentType=1
  &unitid=…&webname=…&permissiontype=0``) that answers the same ``<datastore>`` XML with
  ``<totalrecord>``. The parameters are those of the ``<nextgroup>`` link and of the jpage
  call (``$('#4567').jpage({perPage: 15, totalRecord: 48, …})``).
- **TRS WCM createPageHTML.** ``createPageHTML(7, 0, "index", "html")`` (page count, the
  current page counted from 0, the file name's stem and extension; or with the pager
  element's id first, or with ``var countPage = 7`` given before) writes the pager of
  ``index.html``, ``index_1.html`` … ``index_6.html``, which no ``<a>`` links. An article
  split over pages calls it with its own stem (``"t20230301_123"``).

>>> create_page_urls(['createPageHTML(3, 0, "index", "html");'], "http://x.cn/xwzx/index.html")
['http://x.cn/xwzx/index.html', 'http://x.cn/xwzx/index_1.html', 'http://x.cn/xwzx/index_2.html']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from lxml import etree, html

from .links import Link, page_links

__all__ = [
    "JpageProxy",
    "create_page_pager",
    "create_page_urls",
    "datastore_links",
    "datastore_records",
    "datastore_total",
    "jpage_list",
    "jpage_proxies",
]

_DATASTORE = re.compile(r"<datastore\b", re.I)
_RECORD = re.compile(
    r"<record\b[^>]*>\s*(?:<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<plain>.*?))\s*</record>",
    re.I | re.S,
)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_NEXTGROUP = re.compile(
    r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[)?.*?href\s*=\s*['\"]([^'\"]+)['\"]", re.I | re.S
)
_JPAGE_CALL = re.compile(
    r"""\(\s*['"]#(?P<unit>[\w-]+)['"]\s*\)\s*\.jpage\s*\(\s*\{(?P<options>.*?)\}\s*\)""", re.S
)
_PROXY_PATH = re.compile(r"['\"]?([\w./-]*dataproxy\.jsp)", re.I)
# The column's parameters, as the jpage script and its nextgroup link give them.
JPAGE_PARAMS = (
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourceContentType",
    "unitid",
    "webname",
    "permissiontype",
)
# What the jpage script itself sends with every request when a page names none.
_JPAGE_DEFAULTS = {"col": "1", "appid": "1", "path": "/", "sourceContentType": "1"}
_REQUIRED = ("webid", "columnid", "unitid")
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
_DEFAULT_PER_PAGE = 15
_DEFAULT_GROUP = 3  # pages the jpage script asks for at once
_MAX_PER_REQUEST = 300
_MAX_PAGES = 2000  # a count beyond this is not a pager but a mistake


def _option(scripts: list[str], *names: str) -> str | None:
    """The value of ``name: value``, ``name = value`` or ``name=value&`` in a script."""
    for name in names:
        pattern = re.compile(
            rf"""(?<![\w$]){name}['"]?\s*[:=](?!=)\s*(?:'([^']*)'|"([^"]*)"|((?:[^,;&\s}}'"/]|/(?!/))+))""",
            re.I,
        )
        for text in scripts:
            if match := pattern.search(text):
                return next(g for g in match.groups() if g is not None)
    return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class JpageProxy:
    """A jpage column's dataproxy: where to ask for the records past ``first``."""

    url: str  # the dataproxy endpoint, absolute, without its query
    params: dict[str, str] = field(default_factory=dict)  # the POST's form fields
    per_page: int = _DEFAULT_PER_PAGE
    group: int = _DEFAULT_GROUP
    total: int | None = None  # totalrecord, where the page states it
    first: int = 0  # the records the page holds already
    page_url: str | None = None  # the column page: what the records' links are relative to

    def request(self, start: int) -> tuple[str, dict[str, str]]:
        """The URL and form of the request for the records from ``start`` (1-based) on.

        >>> proxy = JpageProxy("http://x.cn/module/web/jpage/dataproxy.jsp", {"columnid": "9"})
        >>> proxy.request(16)
        ('http://x.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=60&perpage=15', {'columnid': '9'})
        """
        size = min(self.per_page * self.group, _MAX_PER_REQUEST)
        query = urlencode(
            {"startrecord": start, "endrecord": start + size - 1, "perpage": self.per_page}
        )
        return f"{self.url}?{query}", dict(self.params)

    def next_start(self, start: int, records: int, total: int | None) -> int | None:
        """Where the request after the one from ``start`` begins (it answered ``records``
        records, and ``total`` in all), or None when there is nothing more to ask for."""
        total = total if total is not None else self.total
        following = start + records
        if records == 0 or (total is not None and following > total):
            return None
        return following


def jpage_proxies(scripts: list[str], base_url: str) -> list[JpageProxy]:
    """The dataproxy requests of the jpage columns a page's scripts describe: one per
    datastore (a page may hold several columns), or the jpage call's alone."""
    stores = [s for s in scripts if _DATASTORE.search(s)]
    calls = [s for s in scripts if "jpage" in s.lower() or "dataproxy" in s.lower()]
    found = []
    for store in stores or [None]:
        own = calls
        if store is not None and len(stores) > 1:
            # Several columns: each one's options are those of the call naming its unit.
            unit = _nextgroup_params(store)[0].get("unitid", "")
            own = [
                m["options"] for c in calls for m in _JPAGE_CALL.finditer(c) if m["unit"] == unit
            ]
        if proxy := _proxy(store, own, base_url):
            found.append(proxy)
    return found


def _nextgroup_params(store: str) -> tuple[dict[str, str], str | None]:
    """The column's parameters in a datastore's <nextgroup> link, and the link's path."""
    nextgroup = _NEXTGROUP.search(store)
    if not nextgroup:
        return {}, None
    href = html.fromstring(f"<a href='{nextgroup.group(1)}'></a>").get("href") or ""
    wanted = {name.lower(): name for name in JPAGE_PARAMS}
    params: dict[str, str] = {}
    for key, value in parse_qsl(urlsplit(href).query, keep_blank_values=True):
        if key.lower() in wanted:
            params.setdefault(wanted[key.lower()], value)
    return params, urlsplit(href).path or None


def _proxy(store: str | None, calls: list[str], base_url: str) -> JpageProxy | None:
    if store is None and not calls:
        return None
    params, proxy_path = _nextgroup_params(store) if store else ({}, None)
    for name in JPAGE_PARAMS:
        if name not in params and (value := _option(calls, name)) is not None:
            params[name] = value
    if not all(params.get(name) for name in _REQUIRED):
        return None
    for name, value in _JPAGE_DEFAULTS.items():
        params.setdefault(name, value)
    if proxy_path is None and (found := _PROXY_PATH.search("\n".join(calls))):
        proxy_path = found.group(1)
    try:
        url = urljoin(base_url, proxy_path or _DEFAULT_PROXY)
    except ValueError:
        return None
    records = len(datastore_records(store)) if store else 0
    per_page = _int(_option(calls, "perPage", "perpage")) or _DEFAULT_PER_PAGE
    group = _int(_option(calls, "groupSize", "groupsize")) or _DEFAULT_GROUP
    total = datastore_total(store or "") or _int(_option(calls, "totalRecord", "totalrecord"))
    return JpageProxy(url, params, max(1, per_page), max(1, group), total, records, base_url)


def jpage_list(url: str) -> JpageProxy | None:
    """A dataproxy list a site profile names: the endpoint with the column's parameters
    (and perpage) as its query, asked from the first record on.

    >>> proxy = jpage_list("http://x.cn/module/web/jpage/dataproxy.jsp?webid=1&columnid=9&unitid=7&perpage=20")
    >>> proxy.url, proxy.params["columnid"], proxy.params["col"], proxy.per_page, proxy.first
    ('http://x.cn/module/web/jpage/dataproxy.jsp', '9', '1', 20, 0)
    """
    parts = urlsplit(url)
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    params = {name: query[name.lower()] for name in JPAGE_PARAMS if name.lower() in query}
    if not all(params.get(name) for name in _REQUIRED):
        return None
    params = {**_JPAGE_DEFAULTS, **params}
    per_page = _int(query.get("perpage")) or _DEFAULT_PER_PAGE
    group = _int(query.get("groupsize")) or _DEFAULT_GROUP
    return JpageProxy(parts._replace(query="", fragment="").geturl(), params, per_page, group)


def datastore_records(text: str) -> list[str]:
    """The HTML fragments of a datastore's records, in order."""
    return [
        (m.group("cdata") if m.group("cdata") is not None else _unescape(m.group("plain")))
        for m in _RECORD.finditer(text)
    ]


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def datastore_total(text: str) -> int | None:
    """The datastore's ``<totalrecord>``, when it says."""
    found = _TOTAL.search(text)
    return int(found.group(1)) if found else None


def datastore_links(text: str, base_url: str) -> list[Link]:
    """The links of a datastore's records (of a column page's script or a dataproxy
    answer), with the date each record shows, in the records' order.

    >>> store = '''<datastore><recordset><record><![CDATA[<li><a href="/art/2023/3/1/art_9_5.html"
    ... title="通知">通知</a><span>2023-03-01</span></li>]]></record></recordset></datastore>'''
    >>> [(link.url, link.list_date) for link in datastore_links(store, "http://x.cn/col/col9/index.html")]
    [('http://x.cn/art/2023/3/1/art_9_5.html', '2023-03-01')]
    """
    fragments = [f for f in datastore_records(text) if f.strip()]
    if not fragments:
        return []
    try:
        root = html.fromstring("<div>" + "".join(f"<div>{f}</div>" for f in fragments) + "</div>")
    except (etree.ParserError, ValueError):
        return []
    return page_links(root, base_url)


_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)", re.I)
_ARGUMENT = re.compile(r"""\s*(?:'([^']*)'|"([^"]*)"|([\w$.+-]+))\s*(?:,|$)""")


def _arguments(text: str) -> list[str | int]:
    """A call's literal arguments: strings as str, numbers as int, names looked up later."""
    args: list[str | int] = []
    for quoted1, quoted2, bare in _ARGUMENT.findall(text):
        if bare:
            args.append(int(bare) if bare.lstrip("-").isdigit() else f"${bare}")
        else:
            args.append(quoted1 or quoted2)
    return args


def _resolve(value: str | int, scripts: list[str]) -> str | int | None:
    """A variable's value (``var countPage = 7``) for a name passed to createPageHTML."""
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    found = _option(scripts, re.escape(value[1:]))
    if found is None:
        return None
    return int(found) if found.lstrip("-").isdigit() else found


def create_page_urls(scripts: list[str], base_url: str) -> list[str]:
    """Every page of a createPageHTML pager, the first page first (empty without one).

    >>> create_page_urls(["var countPage = 3; var currentPage = 1;",
    ...     "createPageHTML('page_div', countPage, currentPage, 't20230301_5', 'shtml', 'x');"],
    ...     "http://x.cn/a/202303/t20230301_5_1.shtml")
    ['http://x.cn/a/202303/t20230301_5.shtml', 'http://x.cn/a/202303/t20230301_5_1.shtml', 'http://x.cn/a/202303/t20230301_5_2.shtml']
    """
    return create_page_pager(scripts, base_url)[0]


def create_page_pager(scripts: list[str], base_url: str) -> tuple[list[str], int | None]:
    """Every page of a createPageHTML pager, and the index (from 0) of the page it is on,
    when the call says.

    >>> pages, current = create_page_pager(['createPageHTML(5, 2, "index", "html");'], "http://x.cn/a/")
    >>> pages[current], len(pages)
    ('http://x.cn/a/index_2.html', 5)
    """
    for text in scripts:
        for call in _CREATE_PAGE.finditer(text):
            args = [_resolve(a, scripts) for a in _arguments(call.group(1))]
            if any(a is None for a in args[:4]):
                continue
            numbers = [i for i, a in enumerate(args) if isinstance(a, int)]
            if not numbers:
                continue
            count = args[numbers[0]]
            names = [a for a in args[numbers[0] + 1 :] if isinstance(a, str) and a]
            stem = names[0] if names else "index"
            ext = names[1] if len(names) > 1 else "html"
            if not isinstance(count, int) or not 1 < count <= _MAX_PAGES:
                continue
            if not re.fullmatch(r"[\w.-]+", stem) or not re.fullmatch(r"\w{1,6}", ext):
                continue
            after = args[numbers[0] + 1] if len(args) > numbers[0] + 1 else None
            current = after if isinstance(after, int) and 0 <= after < count else None
            try:
                pages = [
                    urljoin(base_url, f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}")
                    for n in range(count)
                ]
            except ValueError:
                return [], None
            return pages, current
    return [], None
