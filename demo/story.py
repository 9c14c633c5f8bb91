"""The text of a generated article: headline, paragraphs and byline, composed from the
topic pools of demo/texts/topics.toml with deterministic draws."""

from __future__ import annotations

import datetime as dt
import hashlib

from demo import content as C
from demo.portal import Article
from demo.rng import Rng

TOPICS = {t["key"]: t for t in C.TOPICS}


def zh_number(n: int) -> str:
    """1..99 in Chinese numerals (8 -> 八, 12 -> 十二, 25 -> 二十五); larger ones in digits."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not 0 < n < 100:
        return str(n)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def fitting(parts: list[str], lead_no: int) -> tuple[list[str], list[str]]:
    """The parts that go with lead ``lead_no``: those tagged "@..N..:" for it, the untagged."""
    own, common = [], []
    for part in parts:
        if part.startswith("@"):
            tag, part = part[1:].split(":", 1)
            if str(lead_no) in tag.split(","):
                own.append(part)
        else:
            common.append(part)
    if not own + common:
        raise ValueError(f"nothing fits lead {lead_no}: {parts[:1]}")
    return own, common


def _fill(template: str, slots: dict[str, str]) -> str:
    # A brace left over is a slot the pools use but no topic fills: fail, do not publish it.
    text = template.format(**slots)
    if "{" in text or "}" in text:
        raise ValueError(f"unfilled slot in {template!r}")
    return text


def write_story(
    art: Article, use: int, rng: Rng, *, photo: bool = False, rich: bool = False
) -> None:
    """Headline, paragraphs and byline of a generated article (the ``use``-th of its topic)."""
    topic = TOPICS[art.topic]
    event = art.when - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2]))
    slots = {
        "town": rng.choice(C.TOWNS),
        "village": rng.choice(C.VILLAGES),
        "company": rng.choice(C.COMPANIES),
        "md": f"{event.month}月{event.day}日" if art.dated else "近日",
    }
    for name, (lo, hi) in topic["nums"].items():
        value = rng.randint(lo, hi)
        slots[name], slots[f"{name}_zh"] = str(value), zh_number(value)
    art.title = _fill(topic["titles"][use % len(topic["titles"])], slots)
    lead_no = use % len(topic["leads"])
    lead = _fill(topic["leads"][lead_no], slots)
    if not art.dated and lead.startswith("近日晚"):
        lead = lead.replace("近日晚", "近日", 1)

    # The fragments written for this lead first, then the topic's common ones; successive
    # uses of a topic start a third of the common ones apart, so their bodies differ. Four
    # at most.
    own, common = fitting(topic["body"], lead_no)
    start = use * len(common) // 3
    frags = own + [common[(start + i) % len(common)] for i in range(len(common))]
    count = min(len(frags), 4 if rich else max(rng.randint(1, 4), min(len(own), 2)))
    # Stock sentences start where the headline (and the use) points, so the articles of a
    # topic do not all close their paragraphs alike.
    generic = [(use * 5 + int(hashlib.md5(art.title.encode()).hexdigest(), 16)) % len(C.GENERIC)]
    paragraphs = [lead]
    for idx in range(count):
        para = _fill(frags[idx], slots)
        if rng.chance(30):
            g = generic[-1]
            para += C.GENERIC[g]
            generic.append((g + 7) % len(C.GENERIC))
        paragraphs.append(para)
    if rich or rng.chance(20):
        paragraphs.append(C.GENERIC[(generic[-1] + 3) % len(C.GENERIC)])
    own_closings, common_closings = fitting(topic["closings"], lead_no)
    closings = own_closings + common_closings
    first = use % len(closings)
    paragraphs.append(_fill(closings[first], slots))
    if (rich or rng.chance(35)) and len(closings) > 1:
        paragraphs.append(_fill(closings[(first + 1) % len(closings)], slots))

    key = art.section.key
    reporter = rng.choice(C.REPORTERS)
    art.editor = rng.choice(C.EDITORS)
    art.source = rng.choice(C.SECTION_SOURCES[key])
    if key == "xwzx" and art.source == "颍川县融媒体中心" and rng.chance(70):
        helper = rng.choice(C.CORRESPONDENTS)
        paragraphs[0] = f"颍川融媒讯（记者 {reporter} 通讯员 {helper}）" + paragraphs[0]
        art.authors = [reporter, helper]
    elif key == "bdxw":
        art.authors = [reporter]
    if photo:
        art.image = {"caption": _fill(topic["photo"], slots) + f"（记者 {reporter} 摄）"}
    art.paragraphs = paragraphs
