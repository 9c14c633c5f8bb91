"""What a script-built list shows beyond its first screen, gathered in the browser.

An app's list may page with a button (下一页, 加载更多) rather than a link, and its items may
open an article from a click handler rather than an ``<a href>``. A reader clicks; a
crawler that reads the rendered page once sees one screen, or no link at all. So, in a
rendered page, rongmei clicks such a pager button (a bounded number of times), keeps every
link each screen showed, and keeps the entries of the JSON the page fetched (its list
API's answers: an item's URL, title and date). What it gathered is written into the
rendered page as a plain list (``<div data-rongmei="gathered">``), which the extractor
reads as any list: its links are followed, the dates beside them are list dates.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import weakref
from html import escape
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Error as PlaywrightError

__all__ = ["MAX_CLICKS", "gather", "items_from_json", "next_page_url", "watch_data"]

MAX_CLICKS = 30  # pager buttons clicked (and later API pages asked) on one page at most
_DATA: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page -> [(url, json)]
_URL_KEY = re.compile(r"url|link|href|path", re.I)
_TITLE_KEYS = ("title", "name", "headline", "subject", "topic", "articleTitle", "newsTitle")
_DATE_KEY = re.compile(r"time|date|day|publish|pub", re.I)
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|svg|mp[34]|m3u8|flv|pdf|docx?|xlsx?|zip|rar|css|js)(?:$|\?)", re.I)  # fmt: skip
_DATE_VALUE = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}")

# Marks the first visible pager button that is not a link (no href, or javascript:/#).
_FIND_NEXT = """() => {
  const words = /^(下一页|下页|后一页|加载更多|点击加载更多|查看更多|更多新闻|next|next page|›|»|>)$/i;
  const old = document.querySelector('[data-rongmei-next]');
  if (old) old.removeAttribute('data-rongmei-next');
  for (const e of document.querySelectorAll('a, button, span, li, div, p, em, i')) {
    const text = (e.textContent || '').trim();  // no layout: cheap on a long page
    if (text.length > 12 || !words.test(text) || e.offsetParent === null) continue;
    const href = (e.getAttribute('href') || '').trim();
    if (href && !href.startsWith('javascript') && href !== '#') continue;
    if (e.disabled || /disabled|forbid/i.test(e.className || '')) continue;
    e.setAttribute('data-rongmei-next', '1');
    return true;
  }
  return false;
}"""
# Every link of the screen, with the text of the item it stands in (for its date).
_LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => {
  const item = a.closest('li, tr, dd, dl, p') || a.parentElement;
  return [a.href, (a.innerText || '').trim(), item ? (item.innerText || '').trim() : ''];
})"""
_WRITE = """(html) => {
  const div = document.createElement('div');
  div.setAttribute('data-rongmei', 'gathered');
  div.innerHTML = html;
  document.body.appendChild(div);
}"""


async def watch_data(page, request) -> None:
    """scrapy-playwright's page init callback: keep the JSON the page fetches."""
    found: list = []
    _DATA[page] = found

    async def keep(response) -> None:
        kind = response.request.resource_type
        if kind in ("xhr", "fetch") and "json" in (response.headers.get("content-type") or ""):
            with contextlib.suppress(PlaywrightError, ValueError):
                found.append((response.url, await response.json()))

    page.on("response", keep)


async def gather(page, deadline: float, delay: float = 0.0) -> int:
    """Click the page's pager buttons until none is left (or MAX_CLICKS, or the deadline),
    ask the list API the page used for its later pages (as its own script would, ``delay``
    seconds apart), put the first screen back, and write into it every link the other
    screens showed and every list entry fetched. Returns how many links it wrote."""
    loop = asyncio.get_running_loop()
    start, seen, first, clicked = page.url, {}, None, False
    try:
        first_screen = await page.evaluate("() => document.documentElement.innerHTML")
    except PlaywrightError:
        return 0
    for _ in range(MAX_CLICKS + 1):
        with contextlib.suppress(PlaywrightError):
            for href, text, item in await page.evaluate(_LINKS):
                seen.setdefault(href, (text, item))
        first = set(seen) if first is None else first
        if loop.time() >= deadline or not await _click_next(page, deadline - loop.time()):
            break
        clicked = True
        if page.url.split("#")[0] != start.split("#")[0]:  # the button left the page
            with contextlib.suppress(PlaywrightError):
                await page.go_back(wait_until="load")
            break
    answers = _DATA.pop(page, [])
    answers += await _later_pages(page, answers, start, deadline, delay)
    for url, data in answers:
        for href, title, date in items_from_json(data, url, start):
            seen.setdefault(href, (title, f"{title} {date}"))
    gathered = [(h, t, i) for h, (t, i) in seen.items() if h not in first]
    with contextlib.suppress(PlaywrightError):
        if clicked:  # what is read is the page as it opened, an article's first page too
            await page.evaluate(
                "(html) => { document.documentElement.innerHTML = html; }", first_screen
            )
        if gathered:
            html = "".join(
                f'<li><a href="{escape(h)}">{escape(t or h)}</a> <span>{escape(_date_in(i))}</span></li>'
                for h, t, i in gathered
            )
            await page.evaluate(_WRITE, f"<ul>{html}</ul>")
    return len(gathered)


async def _later_pages(page, answers: list, page_url: str, deadline: float, delay: float) -> list:
    """The later pages of each list API answer the page fetched (an infinite scroll, a
    pager the clicks did not find), asked from the page, until one brings nothing new."""
    loop = asyncio.get_running_loop()
    asked = {url for url, _ in answers}
    known = {href for url, data in answers for href, _, _ in items_from_json(data, url, page_url)}
    more: list = []
    for url, data in list(answers):
        nxt = next_page_url(url) if items_from_json(data, url, page_url) else None
        while nxt and nxt not in asked and len(more) < MAX_CLICKS and loop.time() < deadline:
            asked.add(nxt)
            await asyncio.sleep(delay)
            try:
                data = await page.evaluate(_FETCH_JSON, nxt)
            except PlaywrightError:
                break
            fresh = (
                {h for h, _, _ in items_from_json(data, nxt, page_url)} - known if data else set()
            )
            if not fresh:
                break
            known |= fresh
            more.append((nxt, data))
            nxt = next_page_url(nxt)
    return more


_FETCH_JSON = """(url) => fetch(url, {credentials: 'include', headers: {'Accept': 'application/json'}})
  .then(r => r.ok ? r.json() : null).catch(() => null)"""
_PAGE_PARAM = re.compile(
    r"(?<=[?&])(page|pageNo|pageNum|pageIndex|pageindex|curPage|currentPage|current|pn|p)=(\d{1,4})(?=&|$)"
)


def next_page_url(url: str) -> str | None:
    """The URL of the next page of a list API answer: its page number one up.

    >>> next_page_url("http://x.gov.cn/api/news/list?channelId=7&page=1")
    'http://x.gov.cn/api/news/list?channelId=7&page=2'
    >>> next_page_url("http://x.gov.cn/api/list?pageNo=9&pageSize=10"), next_page_url("http://x.gov.cn/api/list?id=3")
    ('http://x.gov.cn/api/list?pageNo=10&pageSize=10', None)
    """
    found = _PAGE_PARAM.search(url)
    if not found:
        return None
    return url[: found.start(2)] + str(int(found.group(2)) + 1) + url[found.end(2) :]


async def _click_next(page, left: float) -> bool:
    """Click the pager button, if there is one, and wait until the screen changes."""
    try:
        if not await page.evaluate(_FIND_NEXT):
            return False
        before = await page.evaluate(
            "() => document.body.innerText.length + '|' + document.links.length"
        )
        await page.click("[data-rongmei-next]", timeout=min(left, 5) * 1000)
        for _ in range(int(min(left, 5) / 0.1)):
            await asyncio.sleep(0.1)
            after = await page.evaluate(
                "() => document.body.innerText.length + '|' + document.links.length"
            )
            if after != before:
                return True
    except PlaywrightError:
        return False
    return False


def items_from_json(data, api_url: str, page_url: str | None = None) -> list[tuple[str, str, str]]:
    """(URL, title, date) of the list entries in a JSON answer: objects with a title and
    the URL of a page (relative ones read from the page that asked) on the host of the page
    or of the API.

    >>> answer = {"code": 0, "data": {"list": [
    ...     {"id": 9, "title": "县里召开会议", "url": "/rmt/news/2023/0402/9.html",
    ...      "cover": "/img/9.jpg", "publishTime": "2023-04-02 08:45:00"},
    ...     {"title": "外站", "linkUrl": "https://www.elsewhere.cn/1.html"}]}}
    >>> items_from_json(answer, "http://www.x.gov.cn/api/news/list?page=1")
    [('http://www.x.gov.cn/rmt/news/2023/0402/9.html', '县里召开会议', '2023-04-02 08:45:00')]
    """
    base_url = page_url or api_url
    hosts = {urlsplit(api_url).hostname, urlsplit(base_url).hostname}
    out: list[tuple[str, str, str]] = []

    def walk(node) -> None:
        if isinstance(node, list):
            for value in node:
                walk(value)
            return
        if not isinstance(node, dict):
            return
        title = next((node[k] for k in _TITLE_KEYS if isinstance(node.get(k), str)), "")
        for key, value in node.items():
            if isinstance(value, dict | list):
                walk(value)
            elif title and isinstance(value, str) and _URL_KEY.search(key):
                url = _page_url(value, base_url, hosts)
                if url:
                    date = next(
                        (v for k, v in node.items() if _DATE_KEY.search(k) and isinstance(v, str) and _DATE_VALUE.search(v)),
                        "",
                    )  # fmt: skip
                    out.append((url, title.strip(), date))

    walk(data)
    return list(dict.fromkeys(out))


def _page_url(value: str, base_url: str, hosts: set) -> str | None:
    value = value.strip()
    if (
        not value
        or value.startswith(("javascript:", "#", "data:", "mailto:"))
        or _FILE.search(value)
    ):
        return None
    if not (value.startswith(("/", "http://", "https://", "./", "../")) or value.endswith((".html", ".htm", ".shtml"))):  # fmt: skip
        return None
    url = urljoin(base_url, value)
    return url if urlsplit(url).hostname in hosts else None


def _date_in(text: str) -> str:
    found = _DATE_VALUE.search(text or "")
    return found.group(0) if found else ""
