"""Split metadata lines such as ``发布时间：2023-01-29 来源：X 作者：Y 责任编辑：Z`` into fields,
and read the fields of the lines around an article.

Labels may follow each other with no separator (``来源:X收集编辑:Y``), use full- or
half-width colons, or carry empty values (``日期: 来源:X``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from core.names import NOT_NAME_WORDS
from core.text import HAN, HAN_CHARS, clean_text
from core.vocabulary import (
    BARE_DATE_LABELS,
    BARE_LABELS,
    EDITOR_RANK,
    FILING_LABELS,
    FILING_TITLE_LABELS,
    NOT_NAMES,
    OTHER_LABELS,
    SOURCE_FOLLOWERS,
    SOURCE_PREFIXES,
    label_field,
    label_regex,
    words,
)

from .dates import FoundDate, find_dates, find_month, parse_date
from .people import (
    is_name_list,
    looks_like_name,
    names_after_role,
    names_in_credit,
    outlet_beside_date,
    split_names,
)

if TYPE_CHECKING:
    from .lines import Line

# A label needs a colon, except bylines such as 记者 张三 / 文/张三 / 文丨张三.
_LABEL_RE = label_regex()
# In header lines, a few labels also stand without a colon after a separator: 来源CSDN| 作者魏星
_BARE_LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s|｜│【\[（(]))(?P<label>{words(BARE_LABELS)})(?P<colon>)(?=\s?[{HAN_CHARS}A-Za-z])"
)
# And date labels stand without a colon right before a date: 发表于 2024-3-5 10:21.
_BARE_DATE_RE = re.compile(
    rf"(?:^|(?<=[\s|｜│【\[]))(?P<label>{words(BARE_DATE_LABELS)})(?P<colon>)"
    r"(?=\s*(?:19|20)\d{2}\s*[-/.年])"
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
        # 文/图 alone are labels only at a word start: not 原文： or 全文：; and a label
        # before a bar, only at a word start too: not 只看该作者 | 倒序浏览.
        if m.start() == 0
        or not HAN.match(line[m.start() - 1])
        or (len(m.group("label")) > 1 and m.group("colon") in ":：")
    ]
    taken = {m.start() for m in matches}
    extra = [m for m in _BARE_DATE_RE.finditer(line) if m.start() not in taken]
    if bare:
        extra += [m for m in _BARE_LABEL_RE.finditer(line) if m.start() not in taken]
    if extra:
        matches = sorted(matches + extra, key=lambda m: m.start())
    found = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = clean_text(line[match.end() : end]).strip(_SEPARATORS)
        found.append((label_field(match.group("label")), match.group("label"), value))
    return found


_SOURCE_PREFIX = re.compile(rf"^(?:{words(SOURCE_PREFIXES)})\s*[:：]?\s*")
# What a source value runs into when the page puts no space after it: a date, a counter
# or tool label (浏览, 字号), the next link's words (参与互动).
_SOURCE_END = re.compile(
    r"(?<!^)(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|"
    + words((*SOURCE_FOLLOWERS, *OTHER_LABELS))
    + ")"
)


# A line that only says where the piece is from, with no label: 本文来源于北京商报.
_SOURCE_LINE = re.compile(
    rf"^\W{{0,3}}(?:{words(SOURCE_PREFIXES)})\s*[:：]?\s*(?P<source>[^\s，。,；;]{{2,24}}?)\W{{0,2}}$"
)
_NOT_SOURCES = ("网络", "互联网", "网友", "网上")


def source_line(text: str) -> str | None:
    """The source a line such as 本文来源于北京商报 gives (not 图片来源于网络).

    >>> source_line("本文来源于北京商报"), source_line("来源于网络")
    ('北京商报', None)
    """
    match = _SOURCE_LINE.match(text) if len(text) <= 40 else None
    if not match or match.group("source") in _NOT_SOURCES:
        return None
    return clean_source(match.group("source"))


def clean_source(value: str) -> str | None:
    """A source is one name: up to the first space, without a (city) suffix, without the
    words that introduce it or that follow it on the page.

    >>> clean_source("21世纪经济报道(广州) 作者")
    '21世纪经济报道'
    >>> clean_source("人民日报2024-05-13"), clean_source("本文来源于北京商报")
    ('人民日报', '北京商报')
    >>> clean_source("求是网参与互动")
    '求是网'
    """
    token = value.split(" ", 1)[0] if value else ""
    token = re.split(r"[(（]", token, maxsplit=1)[0]
    token = _SOURCE_PREFIX.sub("", token.strip(_SEPARATORS))
    if end := _SOURCE_END.search(token):
        token = token[: end.start()]
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
        if name in NOT_NAME_WORDS or name in NOT_NAMES:  # 编辑：周雪 查看更多 / 张三 审核 李四
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
    document_date: FoundDate | None = None  # 成文日期: when a government document was signed
    date_below: bool = False  # the labelled date is below the text, not in its header
    publisher: str | None = None  # 发布机构: the source of a government page without 来源


def read_labelled_fields(header: list[Line], others: list[Line]) -> LabelledFields:
    """The fields of the header lines (between headline and text, where an unlabelled date
    counts too) and of the other metadata lines (below the text: a date there needs a
    label, since lists of other articles carry dates as well). The first of each wins, but
    the best-ranked editor (责任编辑 before 编辑)."""
    date = updated = text_date = document_date = source = editor = publisher = None
    date_below = False
    author: list[str] = []
    editor_rank = len(EDITOR_RANK)
    alone = next(
        (
            names
            for line in header[:_NAME_ALONE_SPAN]
            if not line.chrome and not line.link_chars and (names := names_alone(line.text))
        ),
        [],
    )
    for line in header + others:
        labels = split_labels(line.text, bare=True)
        for name, label, value in labels:
            if name == "date" and date is None:
                date = labelled_date(value)
                date_below = date is not None and line not in header
            elif name == "updated" and updated is None:
                updated = parse_date(value, "metaline")
            elif name == "document" and document_date is None:
                document_date = parse_date(value, "metaline")
            elif name == "publisher" and not publisher:
                publisher = clean_source(value)
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
        if not source and not labels:
            source = source_line(line.text)
        if (
            line in header
            and text_date is None
            and not any(n in ("date", "updated") for n, *_ in labels)
        ):
            found = find_dates(line.text)
            if found and line.link_ratio > 0.5 and any(found[0][2] in t for t, _ in line.links):
                found = []  # a linked item's date (a related story between headline and text)
            if found:
                value, has_time, raw = found[0]
                text_date = FoundDate(value, raw, "metaline" if labels else "text", has_time)
                if not source:
                    source = outlet_beside_date(line.text, raw)
            else:
                text_date = find_month(line.text)
    return LabelledFields(
        date,
        updated,
        text_date,
        source,
        author or alone,
        editor,
        document_date,
        date_below,
        publisher,
    )


_NAME_ALONE_SPAN = 4  # header lines, from the headline down, where a bare name is a byline


def names_alone(text: str) -> list[str]:
    """A writer's name standing alone under the headline, with no label: 吴思远.

    >>> names_alone("吴思远"), names_alone("时政要闻"), names_alone("本网讯")
    (['吴思远'], [], [])
    """
    if len(text) > 16 or not is_name_list(text):
        return []
    names = split_names(text)
    # Two or three characters: a four-character line there is a column's name (时政要闻).
    plain = all(looks_like_name(n) and len(n) <= 3 for n in names)
    return names if names and len(names) <= 3 and plain else []


def labelled_date(value: str) -> FoundDate | None:
    """The date a date label gives: a whole date, else a month standing alone (1998年3月)."""
    found = parse_date(value, "metaline")
    if found is None and (month := find_month(value, issue_only=False)):
        found = FoundDate(month.value, month.raw, "metaline", False)
    return found


# A cell of a 信息公开 box: a label spaced out to line up with the others (索  引  号：).
_SPACED_LABEL = re.compile(rf"^((?:[{HAN_CHARS}]\s*){{2,6}}?)\s*([:：])")
# Its first cell, the label perhaps spaced out: matched on every line of the page, so
# without rewriting the line first.
_FILING_MARK = re.compile(
    "^(?:" + "|".join(r"\s*".join(map(re.escape, label)) for label in FILING_LABELS) + r")\s*[:：]"
)
_FILING_TITLE = re.compile(rf"^(?:{words(FILING_TITLE_LABELS)})[:：]\s*(?P<title>.+)$")
_FILING_SPAN = 30  # lines a box may take, one per cell
_ANY_LABEL = re.compile(rf"^[{HAN_CHARS}]{{2,8}}[:：]")  # a cell of the box: 发布单位：


class FilingBox(NamedTuple):
    """What the 信息公开 box of a government document states, and the lines it takes."""

    date: FoundDate | None = None  # 发布日期, 生成日期
    document_date: FoundDate | None = None  # 成文日期, 发文日期
    title: str | None = None  # 标题, 名称
    publisher: str | None = None  # 发布机构
    values: frozenset[str] = frozenset()  # its values, which the text's head may repeat
    lines: frozenset[int] = frozenset()  # indexes of its lines in the page


def _unspaced(text: str) -> str:
    return _SPACED_LABEL.sub(lambda m: re.sub(r"\s+", "", m.group(1)) + m.group(2), text)


def filing_box(lines: list[Line]) -> FilingBox:
    """The 信息公开 box of a government document (索引号, 发布机构, 成文日期, 发布日期 …),
    wherever the page puts it; a table puts each label and each value in a cell (a line)
    of its own, so a label cell is read with the value cell after it."""
    start = next((i for i, ln in enumerate(lines) if _FILING_MARK.match(ln.text)), None)
    if start is None:
        return FilingBox()
    cells: list[str] = []
    taken: set[int] = set()
    for line in lines[start : start + _FILING_SPAN]:
        text = _unspaced(line.text)
        labels = split_labels(text) or _ANY_LABEL.findall(text)
        if not labels and not (cells and re.search(r"[:：]\s*$", cells[-1])):
            break  # the box has ended: a line that is neither a label nor a label's value
        taken.add(line.index)
        if cells and re.search(r"[:：]\s*$", cells[-1]) and not labels:
            cells[-1] += text
        else:
            cells.append(text)
    date = document_date = title = publisher = None
    values = set()
    for text in cells:
        if (found := _FILING_TITLE.match(text)) and title is None:
            title = found.group("title").strip()
        for name, _, value in split_labels(text):
            values.add(value)
            if name == "date" and date is None:
                date = labelled_date(value)
            elif name == "document" and document_date is None:
                document_date = parse_date(value, "metaline")
            elif name == "publisher" and publisher is None:
                publisher = clean_source(value)
    return FilingBox(
        date, document_date, title, publisher, frozenset(values) - {""}, frozenset(taken)
    )
