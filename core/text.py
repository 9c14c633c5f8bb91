"""Chinese text: what counts as a Han character, whitespace and punctuation, and the
small pure helpers every reader of page text uses."""

from __future__ import annotations

import re
import unicodedata

# U+3000 (ideographic space), nbsp, zero-width characters and BOM all count as whitespace.
_SPACE = re.compile(r"[\s\u00a0\u3000\u2000-\u200b\u2028\u2029\u202f\u205f\ufeff]+")
_INVISIBLE = re.compile(r"[\u200c\u200d\u2060\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Han characters, as the inside of a character class: CJK ideographs of every plane plus
#: 々 〇 and the Suzhou numerals (〇 writes years: 二〇二三年).
HAN_CHARS = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
HAN = re.compile(f"[{HAN_CHARS}]")
# Sentence punctuation that prose has and menus do not.
PUNCT = re.compile(r"[，。！？；：、“”‘’（）《》,.!?;:]")
SENTENCE_END = re.compile(r"[。！？!?]")


def clean_text(text: str | None) -> str:
    """Collapse every kind of whitespace to one space, NFC-normalise and strip.

    >>> clean_text("\\u3000\\u3000新年伊始，\\xa0禹州 \\n")
    '新年伊始， 禹州'
    """
    if not text:
        return ""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def squeeze(text: str) -> str:
    """The text without any whitespace, for comparisons and counts."""
    return _SPACE.sub("", text)


def han_count(text: str) -> int:
    return len(HAN.findall(text))


def text_of(element) -> str:
    """All the text inside an element (lxml's text_content for plain etree elements)."""
    return "".join(element.itertext())
