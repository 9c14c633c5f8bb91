"""Split metadata lines such as ``发布时间：2023-01-29 来源：X 作者：Y 责任编辑：Z`` into fields,
and read the fields of the lines around an article.

Labels may follow each other with no separator (``来源:X收集编辑:Y``), use full- or
half-width colons, or carry empty values (``日期: 来源:X``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.text import HAN, HAN_CHARS, clean_text
from core.vocabulary import BARE_LABELS, EDITOR_RANK, label_field, label_regex, words

from .dates import FoundDate, find_dates, parse_date
from .people import names_after_role, names_in_credit, outlet_beside_date, split_names

if TYPE_CHECKING:
    from .lines import Line

# A label needs a colon, except bylines such as 记者 张三 / 文/张三 / 文丨张三.
_LABEL_RE = label_regex()
# In header lines, a few labels also stand without a colon after a separator: 来源CSDN| 作者魏星
_BARE_LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s|｜│]))(?P<label>{words(BARE_LABELS)})(?P<colon>)(?=[{HAN_CHARS}A-Za-z])"
)
_SEPARATORS = " \t|｜│/\\·•,，;；、【】[]()（）"
_EDITOR_KEEP = re.compile(rf"^[\w{HAN_CHARS}·．. _\-（）()、]+$")


def split_labels(line: str, bare: bool = False) -> list[tuple[str, str, str]]:
    """Return (field, label, value) for each label in a metadata line.

    With bare=True (for the header lines under a headline), 来源/作者/编辑 count as labels
    without a colon too.

    >>> split_labels("日期: 来源:禹州市融媒体中心收集编辑:禹州市融媒体中心")
    [('date', '日期', ''), ('source', '来源', '禹州市融媒体中心'), ('editor', '收集编辑', '禹州市融媒体中心')]
    >>> split_labels("发布时间：2023-01-29 10:21 来源：X县融媒体中心 字号：[大 中 小]")[:2]
    [('date', '发布时间', '2023-01-29 10:21'), ('source', '来源', 'X县融媒体中心')]
    >>> split_labels("发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 作者魏星", bare=True)[-2:]
    [('source', '来源', 'CSDN'), ('author', '作者', '魏星')]
    """
    matches = [
        m
        for m in _LABEL_RE.finditer(line)
        # 文/图 alone are labels only at a word start: not 原文： or 全文：
        if len(m.group("label")) > 1 or m.start() == 0 or not HAN.match(line[m.start() - 1])
    ]
    if bare:
        taken = {m.start() for m in matches}
        extra = [m for m in _BARE_LABEL_RE.finditer(line) if m.start() not in taken]
        matches = sorted(matches + extra, key=lambda m: m.start())
    found = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = clean_text(line[match.end() : end]).strip(_SEPARATORS)
        found.append((label_field(match.group("label")), match.group("label"), value))
    return found


def clean_source(value: str) -> str | None:
    """A source is one name: up to the first space, without a (city) suffix.

    >>> clean_source("21世纪经济报道(广州) 作者")
    '21世纪经济报道'
    """
    token = value.split(" ", 1)[0] if value else ""
    token = re.split(r"[(（]", token, maxsplit=1)[0]
    return token.strip(_SEPARATORS) or None


def clean_editor(value: str) -> str | None:
    """An editor value without trailing brackets or counters.

    >>> clean_editor("杜硕_NB12556")
    '杜硕_NB12556'
    >>> clean_editor("张三 李四")
    '张三 李四'
    """
    value = re.split(r"[【\[]|\s{2,}", value, maxsplit=1)[0].strip(_SEPARATORS)
    names = [t for t in value.split(" ") if t]
    kept = []
    for name in names:
        if not _EDITOR_KEEP.match(name) or len(name) > 20 or name.isdigit():
            break
        kept.append(name)
    return " ".join(kept) or None


@dataclass(frozen=True, slots=True)
class LabelledFields:
    """What the metadata lines around an article say: 发布时间, 来源, 作者, 责任编辑 …"""

    date: FoundDate | None = None
    updated: FoundDate | None = None
    text_date: FoundDate | None = None  # a date under the headline, even unlabelled
    source: str | None = None
    author: list[str] = field(default_factory=list)
    editor: str | None = None


def read_labelled_fields(header: list[Line], others: list[Line]) -> LabelledFields:
    """The fields of the header lines (between headline and text, where an unlabelled date
    counts too) and of the other metadata lines (below the text: a date there needs a
    label, since lists of other articles carry dates as well). The first of each wins, but
    the best-ranked editor (责任编辑 before 编辑)."""
    date = updated = text_date = source = editor = None
    author: list[str] = []
    editor_rank = len(EDITOR_RANK)
    for line in header + others:
        labels = split_labels(line.text, bare=True)
        for name, label, value in labels:
            if name == "date" and date is None:
                date = parse_date(value, "metaline")
            elif name == "updated" and updated is None:
                updated = parse_date(value, "metaline")
            elif name == "source" and not source:
                source = clean_source(value)
            elif name == "author" and not author:
                author = split_names(value)
            elif name == "editor" and label in EDITOR_RANK and value:
                rank = EDITOR_RANK.index(label)
                if rank < editor_rank and (cleaned := clean_editor(value)):
                    editor, editor_rank = cleaned, rank
        if not author and (names := names_in_credit(line.text) or names_after_role(line.text)):
            author = names
        if (
            line in header
            and text_date is None
            and not any(n in ("date", "updated") for n, *_ in labels)
        ):
            found = find_dates(line.text)
            if found:
                value, has_time, raw = found[0]
                text_date = FoundDate(value, raw, "metaline" if labels else "text", has_time)
                if not source:
                    source = outlet_beside_date(line.text, raw)
    return LabelledFields(date, updated, text_date, source, author, editor)
