"""Page chrome: the menus, share bars, comment threads and footers around an article,
told by tag and by the words of class and id attributes."""

from __future__ import annotations

import re

from lxml import etree

CHROME_TAGS = frozenset({"nav", "footer", "aside"})
# class/id words of page chrome: share bars, comments, related lists, footers, menus.
_CHROME_WORDS = re.compile(
    r"share|comment|footer|copyright|recommend|related|relate_|breadcrumb|crumb|qrcode|"
    r"erweima|sidebar|pagination|bdshare|jiathis|advert|toolbar|hotnews|hot_news|"
    r"newslist|news_list|morenews|xgyd|xgxw|xgwz|rmwz|zxwz|dqwz|weizhi|position|location",
    re.I,
)
_SURE_CHROME = re.compile(r"comment|footer|copyright", re.I)
_CHROME_TOKENS = frozenset(
    [
        "nav",
        "navbar",
        "menu",
        "foot",
        "ad",
        "ads",
        "side",
        "prev",
        "next",
        "pages",
        "pager",
        "print",
        "tool",
        "tools",
        "tags",
        "hot",
        "rank",
        "banner",
        "top_nav",
        "topnav",
        "header",
        "logo",
        "search",
        "links",
        "friendlink",
    ]
)


def chrome_level(el: etree._Element) -> int:
    """2 for surely chrome (comments, share bars, footers), 1 for likely, 0 for none."""
    if el.tag in CHROME_TAGS:
        return 1
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return 0
    names = f"{cls or ''} {ident or ''}"
    if _CHROME_WORDS.search(names):
        return 2
    tokens = re.split(r"[\s_\-]+", names.lower())
    return 1 if any(t in _CHROME_TOKENS for t in tokens) else 0


# Elements that can be chrome at all, found by libxml2 in one pass over the tree: only
# they need the Python test of chrome_level.
_MAY_BE_CHROME = etree.XPath(
    "descendant-or-self::*[@class or @id or self::nav or self::footer or self::aside]"
)


def chrome_levels(root: etree._Element) -> dict[etree._Element, int]:
    """The chrome level of every element under root (itself included) that has one."""
    levels = {}
    for el in _MAY_BE_CHROME(root):
        if level := chrome_level(el):
            levels[el] = level
    return levels


def is_sure_chrome(el: etree._Element) -> bool:
    """Comments, footers and copyright blocks: chrome whatever they hold."""
    return bool(_SURE_CHROME.search(f"{el.get('class', '')} {el.get('id', '')}"))
