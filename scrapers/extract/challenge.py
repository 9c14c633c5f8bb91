"""Pages that are not the page: a JavaScript check at the door, a check that needs a person,
and an app shell whose content a script builds. Bytes and status in, a verdict out.

Anti-bot services in front of government sites (加速乐's 521 with a script that computes
the ``__jsl_clearance`` cookie and reloads, 瑞数's 412 with a ``<meta content>`` and a
script, 202 challenge pages, a tiny 200 page that sets ``document.cookie`` and reloads)
answer a first request with a script and nothing to read: a browser runs it and passes
without noticing, a crawler reads an empty page. Newer 融媒体 platforms serve
``<div id="app"></div>`` and fill it from a JSON API. Both are told apart here by what the
page holds, never by the site: the script is there, the text and the links are not.

One rule each:

- a **check**: an answer that is nothing but a script (next to no text, no links), with a
  status checks use (521, 412, 202, 403, 503), or with any status when its script sets a
  cookie and reloads the page;
- **needs a person**: a check that asks for a slider, a captcha or a login: it is never
  solved, only recorded;
- an **app shell**: a page with a script, an app root (``id="app"``, ``id="root"``,
  ``__NUXT__`` ...) that is empty, and almost no links of its own; or a page with a script
  and nothing else (no link, next to no text), which only a script can fill (or move on).

>>> jsl = b"<html><body><script>document.cookie=('_')+('_j')+('sl');location.href=location.pathname+location.search</script></body></html>"
>>> challenge(521, jsl)
Verdict(kind='check', reason='blocked by a JavaScript check (521)', status=521)
>>> challenge(200, b'<html><body><div id="app"></div><script src="/js/app.js"></script></body></html>').kind
'app'
>>> challenge(200, b"<html><body><h1>x</h1><p>" + "县里召开会议。".encode() * 40 + b"</p></body></html>") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

from .encoding import decode_html

__all__ = ["CHECK_STATUSES", "Verdict", "challenge"]

#: Statuses that script checks answer with (加速乐 521, 瑞数 412, challenge pages 202;
#: some WAFs use 403 and 503 for the same page).
CHECK_STATUSES = frozenset({202, 403, 412, 503, 521})

# A check page is a script and a few words ("请稍候", "Please enable JavaScript"): more
# text than this, or a handful of links, and it is a page of its own.
_MAX_TEXT = 200
_MAX_LINKS = 3
# An app shell may have a static header and footer around its root.
_MAX_SHELL_LINKS = 12
_MAX_SHELL_TEXT = 600
_MAX_ROOT_TEXT = 40

_SETS_COOKIE = re.compile(r"document\s*(?:\.\s*cookie|\[\s*['\"]cookie['\"]\s*\])", re.I)
_RELOADS = re.compile(
    r"location\s*(?:\.\s*(?:href|reload|replace|assign|search)|\s*=)"
    r"|location\s*\[\s*['\"](?:href|reload|replace)['\"]\s*\]|\.submit\s*\(|http-equiv=.?refresh",
    re.I,
)
# What asks for a person: slider and click captchas, image captchas; logins.
_CAPTCHA = re.compile(
    r"captcha|geetest|nc_1_|nocaptcha|slider|slide-?verify|TencentCaptcha"
    r"|滑块|滑动验证|拖动|拼图|验证码|人机验证|点击验证",
    re.I,
)
_LOGIN = re.compile(r"请登录|用户登录|登录后|login", re.I)
_APP_IDS = frozenset({"app", "root", "__nuxt", "__next", "q-app", "vue-app", "main-app"})
_APP_SCRIPT = re.compile(r"__NUXT__|__NEXT_DATA__|__INITIAL_STATE__|__APP_DATA__|webpackJsonp")


@dataclass(frozen=True)
class Verdict:
    """What a page is instead of content: kind is "check", "person" or "app"."""

    kind: str
    reason: str
    status: int


def challenge(status: int, body: bytes, content_type: str | None = None) -> Verdict | None:
    """The verdict on a response that is a script check, a check that needs a person or an
    app shell; None for a page that can be read as it is.

    >>> rs = (b'<html><head><meta content="eyJhbGciOiJIUzI1NiJ9aGVsbG8gd29ybGQ" r="m">'
    ...       b'<script r="m">$_ts=window["$_ts"];$_ts.nsd=84639;</script>'
    ...       b'<script src="/5xPvVkZB/c.FxJzG50F.js" r="m"></script></head><body></body></html>')
    >>> challenge(412, rs).reason
    'blocked by a JavaScript check (412)'
    >>> acw = b"<html><script>var arg1='3A1B';document.cookie='acw_sc__v2='+x(arg1);document.location.reload();</script></html>"
    >>> challenge(200, acw).reason
    'blocked by a JavaScript check (200)'
    >>> slider = "<html><body><div id='nc_1_wrapper'>请按住滑块，拖动到最右边</div><script src='/nc.js'></script></body></html>"
    >>> challenge(405, slider.encode()).reason
    'blocked: the check needs a person (a slider, captcha or login)'
    >>> challenge(404, b"<html><body><h1>404 Not Found</h1></body></html>") is None
    True
    """
    if not body or not _looks_like_html(body) or not _may_be_one(body):
        return None
    text, _ = decode_html(body, content_type)
    try:
        root = html.fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    scripts = root.xpath("//script")
    if not scripts:
        return None
    code = "\n".join(s.text or "" for s in scripts)
    refresh = root.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']")
    code += " http-equiv=refresh" if refresh else ""
    words = _visible_text(root)
    carried = _data_links(root)
    links = _page_links(root) + carried
    # A status that checks use allows a check page a few more words ("please wait ...").
    most = _MAX_SHELL_TEXT if status in CHECK_STATUSES else _MAX_TEXT
    bare = len(words) <= most and len(links) <= _MAX_LINKS
    checking = status in CHECK_STATUSES or bool(_SETS_COOKIE.search(code) and _RELOADS.search(code))
    if bare and (_captcha(root, words) or ((checking or status >= 400) and _login(root, words))):
        return Verdict("person", "blocked: the check needs a person (a slider, captcha or login)", status)  # fmt: skip
    if bare and checking:
        return Verdict("check", f"blocked by a JavaScript check ({status})", status)
    shell_sized = len(links) <= _MAX_SHELL_LINKS and len(words) <= _MAX_SHELL_TEXT
    empty = not links and len(words) <= _MAX_ROOT_TEXT  # nothing but what a script will do
    if carried:  # its list is in the page, as data: read there, not rendered
        return None
    if 200 <= status < 300 and (empty or (shell_sized and _is_app_shell(root, code))):
        return Verdict("app", "a page whose content a script builds", status)
    return None


_SCRIPT_TAG = re.compile(rb"<script", re.I)
_ANCHOR_TAG = re.compile(rb"<a\s[^>]*href", re.I)
# Anchors in the raw bytes, "#" and javascript: ones included, that no check or shell has.
_MAX_RAW_ANCHORS = 2 * _MAX_SHELL_LINKS + 10
_MAX_BYTES = 4_000_000  # an app's inline bundle and state may be big; not bigger than this


def _may_be_one(body: bytes) -> bool:
    """Cheap, on the bytes, before any parse: a check or a shell has a script and few
    links; most pages, with their menus, have dozens (every response is asked)."""
    if len(body) > _MAX_BYTES or not _SCRIPT_TAG.search(body):
        return False
    for count, _ in enumerate(_ANCHOR_TAG.finditer(body), start=1):
        if count > _MAX_RAW_ANCHORS:
            return False
    return True


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return (
        head.startswith((b"<", b"\xef\xbb\xbf<"))
        and b"<?xml" not in head[:10]
        and (b"<rss" not in head and b"<urlset" not in head and b"<feed" not in head)
    )


def _visible_text(root) -> str:
    parts = root.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
    )
    return re.sub(r"\s+", "", "".join(parts))


def _page_links(root) -> list[str]:
    hrefs = (h.strip() for h in root.xpath("//a/@href"))
    return [h for h in hrefs if h and not h.startswith(("#", "javascript:", "mailto:", "tel:"))]


def _data_links(root) -> list[str]:
    """Links a page carries as data for its script to show (Hanweb's dataproxy keeps its
    list in <script type="text/xml"> records): the page is not empty, its reader has them."""
    data = root.xpath(
        "//script[@type and not(contains(@type, 'javascript')) and @type != 'module']"
    )
    return [h for s in data for h in re.findall(r"href\s*=\s*['\"]?([^'\" >]+)", s.text or "")]


def _captcha(root, words: str) -> bool:
    """A slider or captcha, said in words or named by the widget's ids, classes and script
    (slider and captcha widgets name themselves)."""
    names = " ".join(root.xpath("//@id | //@class | //script/@src | //iframe/@src"))
    return bool(_CAPTCHA.search(words) or _CAPTCHA.search(names))


def _login(root, words: str) -> bool:
    password = root.xpath("//input[translate(@type, 'PASWORD', 'pasword')='password']")
    return bool(password or _LOGIN.search(words))


def _is_app_shell(root, code: str) -> bool:
    """An empty app root (or a framework's state script) and next to nothing else."""
    for node in root.xpath("//*[@id] | //*[@ng-app] | //*[@data-v-app]"):
        if (
            node.get("id", "").lower() in _APP_IDS
            or node.get("ng-app") is not None
            or (node.get("data-v-app") is not None)
        ):
            filled = _visible_text_of(node)
            if len(filled) <= _MAX_ROOT_TEXT and len(node.xpath(".//a[@href]")) <= _MAX_LINKS:
                return True
    if len(_visible_text(root)) > _MAX_TEXT:
        return False
    # Next to no text: a framework's state, or an empty mount point that a script of the
    # page's own (not inline) is to fill, whatever the app calls it.
    mount = root.xpath("//body//div[@id][not(*)][not(normalize-space())]")
    return bool(_APP_SCRIPT.search(code)) or bool(mount and root.xpath("//script[@src]"))


def _visible_text_of(node) -> str:
    parts = node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return re.sub(r"\s+", "", "".join(parts))
