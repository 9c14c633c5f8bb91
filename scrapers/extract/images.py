"""Images of the article block, with their captions."""

from __future__ import annotations

import re

from lxml import etree

from core.text import clean_text, text_of

from .document import Page

_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "original", "src")
_ICON = re.compile(
    r"icon|logo|qrcode|erweima|ewm|spacer|blank|loading|share|avatar|/ad/|pixel|1x1", re.I
)
_CAPTION_CLASS = re.compile(r"caption|pic|img|photo|tu|zhu|desc|note", re.I)
_FILENAME = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|bmp)$|^\d+$|^image|^img|^图片$", re.I)
_MAX_CAPTION = 80


def find_images(page: Page, content_el: etree._Element, title: str | None) -> list[dict]:
    images, seen = [], set()
    for img in content_el.iter("img"):
        url = page.absolute(next((img.get(a) for a in _SRC_ATTRS if img.get(a)), None))
        if not url or url in seen or _ICON.search(url) or _tiny(img):
            continue
        seen.add(url)
        images.append({"url": url, "caption": _caption(img, title)})
    return images


def _tiny(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").rstrip("px").strip()
        if value.isdigit() and int(value) < 60:
            return True
    return False


def _caption(img: etree._Element, title: str | None) -> str | None:
    figure = next((a for a in img.iterancestors("figure")), None)
    if figure is not None:
        cap = figure.find(".//figcaption")
        if cap is not None and (text := clean_text(text_of(cap))):
            return text
    block = img.getparent()
    while block is not None and block.tag in ("a", "span", "strong", "b", "font", "center"):
        block = block.getparent()
    if block is not None:
        own = clean_text(text_of(block))
        if own and len(own) <= _MAX_CAPTION:
            return own
        following = block.getnext()
        if following is not None and _looks_like_caption(following):
            return clean_text(text_of(following))
    alt = clean_text(img.get("alt") or img.get("title"))
    if alt and not _FILENAME.match(alt) and alt != title and len(alt) >= 4:
        return alt
    return None


def _looks_like_caption(el: etree._Element) -> bool:
    text = clean_text(text_of(el))
    if not text or len(text) > _MAX_CAPTION or el.find(".//img") is not None:
        return False
    style = (el.get("style") or "") + (el.get("align") or "")
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return "center" in style.lower() or bool(_CAPTION_CLASS.search(names))
