"""WeChat official-account pages (mp.weixin.qq.com): title, account and time live in the
page's scripts as well as in its markup."""

from __future__ import annotations

import re

from core.text import clean_text, text_of

from .dates import FoundDate, from_timestamp, parse_date
from .document import Page

_VAR = r"""(?:var\s+)?{name}\s*=\s*(?:htmlDecode\()?\s*["']([^"']*)["']"""
_CT = re.compile(_VAR.format(name=r"(?:ct|create_time|publish_time)"))
_CT_OBJ = re.compile(r"""\b(?:ct|create_time)\s*:\s*["']?(\d{10})["']?""")
_CREATE = re.compile(_VAR.format(name=r"createTime"))
_NICK = re.compile(_VAR.format(name=r"nickname"))
_TITLE = re.compile(_VAR.format(name=r"msg_title"))


def is_wechat(page: Page) -> bool:
    return bool(page.url and "mp.weixin.qq.com" in page.url) or bool(
        page.root.xpath("//*[@id='js_content']")
    )


def _script_value(page: Page, pattern: re.Pattern) -> str | None:
    for script in page.scripts:
        match = pattern.search(script)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def wechat_date(page: Page) -> FoundDate | None:
    value = _script_value(page, _CT) or _script_value(page, _CT_OBJ)
    if value and value.isdigit() and len(value) == 10:
        return from_timestamp(int(value), value, "meta")
    if value:
        return parse_date(value, "meta")
    created = _script_value(page, _CREATE)
    if created:
        return parse_date(created, "meta")
    el = page.root.find(".//*[@id='publish_time']")
    if el is not None:
        return parse_date(text_of(el), "meta")
    return None


def wechat_account(page: Page) -> str | None:
    for el in page.root.xpath("//*[@id='js_name'] | //*[contains(@class,'profile_nickname')]"):
        if text := clean_text(text_of(el)):
            return text
    return _script_value(page, _NICK)


def wechat_title(page: Page) -> str | None:
    el = page.root.find(".//*[@id='activity-name']")
    if el is not None and (text := clean_text(text_of(el))):
        return text
    return page.meta.get("og:title") or _script_value(page, _TITLE)
