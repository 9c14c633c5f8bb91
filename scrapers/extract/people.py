"""Authors, sources and editors: from metadata lines, bylines in the text and meta tags."""

from __future__ import annotations

import re

from core.names import NOT_NAME_WORDS, SURNAMES
from core.text import HAN, HAN_CHARS, SENTENCE_END, clean_text
from core.vocabulary import (
    BYLINE_LEADS,
    DESKS,
    NOT_NAMES,
    POSTS,
    RANKS,
    REPORTING_ROLES,
    ROLE_WORDS,
    WRITERS,
    words,
)

# Words of a byline that are not names: 本报记者, 特约撰稿人, 通讯员, 报道.
_ROLE = re.compile(
    rf"(?:{words((*DESKS, *RANKS, *POSTS))})?(?:{words(WRITERS)})|{words(ROLE_WORDS)}"
)
# Words that name an outlet or a desk, not a person.
_OUTLET = re.compile(
    r"报|网|社|台|中心|融媒|新闻|频道|官方|编辑部|客户端|公众号|杂志|出版|集团|委|局|办|厅|部门|"
    r"政府|县|市|省|区|支部|党委|科室|办公室|协会|学会|学院|医院|大学|公司|工作室|团队|"
    r"admin|管理员|未知|佚名|本站|小编",
    re.I,
)
# A section of an office, three characters or more: 政治处, 宣传科, 办公室, 刑侦大队.
_DEPARTMENT = re.compile(r"^.{2,8}(?:处|科|股|队|所|站|室|组)$")
_SPACED_NAME = re.compile(rf"(?<![{HAN_CHARS}])([{HAN_CHARS}])\s+([{HAN_CHARS}])(?![{HAN_CHARS}])")
_SPLIT = re.compile(r"[\s、，,;；/|｜&＆和及与]+")
# （记者 张三 李四） / 本报讯（记者 张三 通讯员 李四） / 新华社北京1月29日电（记者张三、李四）
_BYLINE_PAREN = re.compile(
    rf"[（(]\s*(?:{words(DESKS)})?(?:{words(RANKS)})?(?:{words(REPORTING_ROLES)})"
    r"\s*(?P<names>[^（）()]{2,40}?)\s*[）)]"
)
_BYLINE_START = re.compile(
    rf"^(?:(?:{words(DESKS)})?(?:{words(REPORTING_ROLES)})|文\s*[/|｜丨]|文字\s*[/|｜丨:：]|撰文\s*[/|｜丨:：]|作者\s*[/|｜丨])"
    rf"\s*(?P<names>[{HAN_CHARS}·\s、，,]{{2,40}})$"
)
# The credit of an essay or a column in a newspaper: □张三 / ■ 本报记者 李四 / □文/王五.
_BOX_CREDIT = re.compile(r"^[□■◇◆▲△☆★◎●]\s*(?P<rest>.{2,40})$")
_NAMES = (
    rf"[{HAN_CHARS}·]{{2,4}}(?:(?:\s*[、，,和&]\s*|\s+)[{HAN_CHARS}·]{{2,4}})*(?![{HAN_CHARS}])"
)
_NAME_LIST = re.compile(rf"^{_NAMES}$")
# 澎湃新闻记者 段彦超 廖艳 / 【文/观察者网专栏作者 王文】 / 采写：南都见习记者 林子沛
_CREDIT = re.compile(
    rf"(?:{words(BYLINE_LEADS)}|(?<![{HAN_CHARS}])文(?=\s*[/|｜丨:：]))\s*(?:[/|｜丨:：]\s*)?"
    rf"(?:[^\s/|｜丨:：]{{0,12}}?(?:记者|作者)\s*)?(?P<names>{_NAMES})"
)
_PHOTO_CREDIT = re.compile(r"摄\W*$|摄影\W*$")
_PHOTO = re.compile(r"[摄图].*$|\s*(?:摄影|摄|报道|图)$")
# A credit closing the last paragraph: …人次。（记者 孙海涛 通讯员 郭晓琳） / （张巨峰） / [ 黄宇 ]
_BYLINE_END = re.compile(
    r"(?:^|(?<=[。！？!?”」』…\s]))[（(\[【]\s*"
    rf"(?P<role>(?:{words(DESKS)})?(?:{words(RANKS)})?(?:{words(REPORTING_ROLES)}))?"
    r"\s*(?P<names>[^（）()\[\]【】]{2,40}?)\s*[）)\]】]\s*$"
)


def split_names(value: str | None) -> list[str]:
    """Person names in a byline value; an outlet or desk yields nothing.

    >>> split_names("记者 孙七 通讯员 周八")
    ['孙七', '周八']
    >>> split_names("张三、李四")
    ['张三', '李四']
    >>> split_names("新京报")
    []
    >>> split_names("本报记者 张　三 通讯员 李四")
    ['张三', '李四']
    """
    if not value:
        return []
    # An outlet glued before a role goes with it: 南都见习记者 林子沛, 新京报记者 李春平.
    value = re.sub(r"[^\s、，,/|｜]{0,8}?(?:" + _ROLE.pattern + ")", " ", clean_text(value))
    # Newspapers space a two-character name out to the width of three: 张　三.
    value = _SPACED_NAME.sub(r"\1\2", value)
    names = []
    for token in _SPLIT.split(value):
        token = token.strip("·.：:()（）【】[]")
        if not token or (not HAN.search(token) and not token.isalpha()):
            continue
        if _OUTLET.search(token) or _DEPARTMENT.match(token) or len(token) > 12:
            continue
        if HAN.search(token) and not 2 <= len(token) <= 6:
            continue
        if token in NOT_NAME_WORDS:
            continue
        names.append(token)
    return list(dict.fromkeys(names))


def looks_like_name(name: str) -> bool:
    """A Chinese name as a byline without a label gives it: two to four Han characters
    after a common surname, not a word such as 手记 or 联系.

    >>> looks_like_name("张巨峰"), looks_like_name("北京"), looks_like_name("单位")
    (True, False, False)
    """
    return (
        2 <= len(name) <= 4
        and bool(HAN.fullmatch(name[0]))
        and name[0] in SURNAMES
        and name not in NOT_NAME_WORDS
        and all(HAN.match(c) for c in name)
    )


def names_at_end(line: str) -> list[str]:
    """Authors in a credit that closes a paragraph: （记者 孙海涛 通讯员 郭晓琳）, （张巨峰）,
    [ 黄宇 ]. Without a role word, only what reads as names.

    >>> names_at_end("在线观看人数达8.6万人次。（记者 孙海涛 通讯员 郭晓琳）")
    ['孙海涛', '郭晓琳']
    >>> names_at_end("培训老年人4000余人次。（张巨峰）"), names_at_end("正在进行。（待续）")
    (['张巨峰'], [])
    """
    match = _BYLINE_END.search(clean_text(line))
    if not match:
        return []
    names = _ROLE.sub(" ", _PHOTO.sub("", match.group("names"))).strip()
    names = _SPACED_NAME.sub(r"\1\2", names)
    if not _NAME_LIST.match(names):
        return []
    found = split_names(names)
    if not match.group("role") and not (found and all(map(looks_like_name, found))):
        return []
    return found


def is_name_list(text: str) -> bool:
    """Only names: 张三 李四 / 张三、李四.

    >>> is_name_list("李光斗"), is_name_list("发布于 2019-09-26")
    (True, False)
    """
    return bool(_NAME_LIST.match(clean_text(text)))


def names_in_byline(line: str) -> list[str]:
    """Authors in a body line such as （记者 张三 通讯员 李四） or 文/张三.

    >>> names_in_byline("本报讯（记者 张三 通讯员 李四）1月28日，县里召开会议。")
    ['张三', '李四']
    >>> names_in_byline("文/王五")
    ['王五']
    >>> names_in_byline("□ 赵六"), names_in_byline("■本报记者 钱七 通讯员 孙八")
    (['赵六'], ['钱七', '孙八'])
    >>> names_in_byline("□ 县里召开会议。")
    []
    """
    line = clean_text(line)
    if (boxed := _BOX_CREDIT.match(line)) and not SENTENCE_END.search(line):
        rest = _SPACED_NAME.sub(r"\1\2", boxed.group("rest").strip())
        if _NAME_LIST.match(rest):
            return [n for n in split_names(rest) if n not in NOT_NAMES]
        return names_in_byline(rest)
    match = _BYLINE_PAREN.search(line[:80])
    if match:
        names = _PHOTO.sub("", match.group("names")).strip()
        names = _ROLE.sub(" ", names).strip()
        return split_names(names) if _NAME_LIST.match(names) else []
    match = _BYLINE_START.match(line)
    if match:
        return split_names(match.group("names"))
    return []


def box_credit(line: str) -> list[str]:
    """The names of an essay's credit line, □张三 / ■ 本报记者 李四; [] for any other line.

    >>> box_credit("□ 张秋实"), box_credit("■ 纪检监察工作要点。"), box_credit("张三")
    (['张秋实'], [], [])
    """
    line = clean_text(line)
    return names_in_byline(line) if _BOX_CREDIT.match(line) else []


def names_after_role(line: str) -> list[str]:
    """Authors in a line that starts with their role: 本报记者 张三 通讯员 李四 / 本报通讯员
    李四 (a line of its own under a newspaper's headline).

    >>> names_after_role("本报通讯员 李四 王五"), names_after_role("■ 纪检监察")
    (['李四', '王五'], [])
    """
    match = _BYLINE_START.match(clean_text(line))
    return split_names(match.group("names")) if match else []


def names_in_credit(line: str) -> list[str]:
    """Authors in a short credit line (not a sentence of the article).

    >>> names_in_credit("澎湃新闻记者 段彦超 廖艳")
    ['段彦超', '廖艳']
    >>> names_in_credit("【文/观察者网专栏作者 王文】")
    ['王文']
    >>> names_in_credit("采写：南都见习记者 林子沛")
    ['林子沛']
    """
    line = clean_text(line)
    if len(line) > 40 or SENTENCE_END.search(line) or _PHOTO_CREDIT.search(line):
        return []
    match = _CREDIT.search(line)
    if not match:
        return []
    names = [n for n in split_names(match.group("names")) if n not in NOT_NAMES]
    # No label says these are names: they must read as names (not 只看该作者 | 倒序浏览).
    return names if all(looks_like_name(n) or not HAN.match(n) for n in names) else []


# Names of outlets: 新京报, 参考消息, 证券时报网, 北京日报, 新浪科技, 某县融媒体中心 ...
_OUTLET_NAME = re.compile(
    rf"^[{HAN_CHARS}A-Za-z0-9·]{{1,12}}(?:报|网|社|台|消息|新闻|日报|晚报|时报|商报|周刊|杂志|频道|"
    r"客户端|在线|财经|科技|广播|融媒|媒体中心|发布|观察)$"
)


# Column names that end like outlets: 时政新闻, 本地新闻 ...
_COLUMN = re.compile(
    r"^(?:时政|本地|国内|国际|社会|财经|体育|娱乐|科技|图片|视频|综合|县域|乡镇|部门|基层|热点|今日|"
    r"最新|头条|要闻|民生|教育|文化|军事)(?:新闻|资讯|频道)$"
)


_NEXT_LABEL = re.compile(rf"(?:{words(BYLINE_LEADS)}|通讯员|编辑|责编|来源)\s*[:：]")


def outlet_beside_date(line: str, date_raw: str) -> str | None:
    """An outlet named, unlabelled, next to the date under a headline.

    >>> outlet_beside_date("2019年11月25日 18:57 参考消息", "2019年11月25日 18:57")
    '参考消息'
    >>> outlet_beside_date("原创 南方都市报 2019-09-09 16:01:46", "2019-09-09 16:01:46")
    '南方都市报'
    >>> outlet_beside_date("金错刀 2015-06-23 14:42:25 0人参与评论", "2015-06-23 14:42:25") is None
    True
    """
    before, _, after = clean_text(line).partition(date_raw)
    # Spans with no space between them run the outlet into the next label: …中心记者：谭卓
    after = _NEXT_LABEL.split(after, maxsplit=1)[0]
    tokens = [*reversed(before.split()), *after.split()]
    for token in tokens[:4]:
        token = token.strip("[]【】()（）|｜")
        if _OUTLET_NAME.match(token) and not _ROLE.search(token) and not _COLUMN.match(token):
            return token
    return None


def person_from_meta(value: str | None) -> list[str]:
    """A meta author tag, when it names people rather than the site."""
    names = split_names(value)
    return names if names and all(2 <= len(n) <= 4 and HAN.match(n) for n in names) else []
