"""The words Chinese news pages label their metadata and bylines with, in one place.

Every label regex of the extractor (metadata lines, bylines, credit lines, error pages) is
built here or from these tuples, so that a label added once is read everywhere. Traditional
forms stand next to the simplified ones. Pure: only ``re``.

>>> label_field("責任編輯"), label_field("来源"), label_field("点击")
('editor', 'source', 'other')
>>> bool(byline_label_regex().match("一审：张三")), bool(PAGE_GONE.search("该内容已下线"))
(True, True)

The narrower selections are drawn from the labels, so that none drifts away from them:

>>> set(BARE_LABELS) | set(CREDIT_WORDS) | set(BYLINE_LEADS) <= set(CREDIT_LABELS)
True
>>> set(BARE_DATE_LABELS) <= set(DATE_LABELS)
True
>>> set(EDITOR_RANK) | set(PHOTO_CREDIT_LABELS) <= set(LABELS["editor"]) | set(LABELS["other"])
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# -- Labels of metadata lines, by the record field they give ---------------------------

DATE_LABELS = (
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "发稿时间",
    "刊发时间",
    "上传时间",
    "录入时间",
    "添加时间",
    "创建时间",
    "刊期",
    "发表于",
    "发布于",
    "生成日期",
    "公开日期",
    "公布日期",
    "时间",
    "发布",  # 发布：2024-03-05 (a value that is not a date gives none)
    "发表",
    "日期",
    "發布時間",
    "發佈時間",
    "發表時間",
    "發布日期",
    "時間",
)
UPDATED_LABELS = ("更新时间", "更新日期", "修改时间")
#: Labels only the 信息公开 box of a government document has: a line starting with one is
#: in such a box, wherever on the page it stands.
FILING_LABELS = (
    "索引号",
    "信息索引号",
    "主题分类",
    "组配分类",
    "体裁分类",
    "发文机关",
    "文号",
    "发文字号",
)
#: The box's cell that states the document's title.
FILING_TITLE_LABELS = ("标题", "名称", "文件名称", "信息名称")
#: Who published a government page: its source where the page has no 来源 (发文机关, the
#: authority that issued a document, is not).
PUBLISHER_LABELS = ("发布机构", "发布单位")
#: The day a government document was written or signed, which its 信息公开 box gives
#: beside the publish date (发布日期): a field of its own, never the publish date.
DOCUMENT_DATE_LABELS = ("成文日期", "成文时间", "发文日期", "印发日期", "签发日期", "成文日")
SOURCE_LABELS = (
    "信息来源",
    "文章来源",
    "新闻来源",
    "稿件来源",
    "本文来源",
    "内容来源",
    "稿源",
    "来源于",
    "来源",
    "出处",
    "來源",
    "出處",
    "消息來源",
)
AUTHOR_LABELS = (
    "作者",
    "记者",
    "撰稿",
    "撰稿人",
    "撰文",
    "通讯员",
    "供稿",
    "执笔",
    "采写",
    "文/图",
    "图/文",
    "文图",
    "图文",
    "文",  # a label only at a word start (文/张三), not in 原文： or 全文：
    "記者",
    "通訊員",
)
#: The editor responsible for the article first, then whoever else edited it: the editor
#: field takes the best-ranked of these.
EDITOR_RANK = ("责任编辑", "責任編輯", "责编", "收集编辑", "值班编辑", "网络编辑", "编辑", "編輯")
#: Editors who checked the piece: read as metadata, never taken as the editor.
REVIEWER_LABELS = ("编审", "终审", "审核", "审校", "校对", "初审", "复审")
EDITOR_LABELS = (*EDITOR_RANK, *REVIEWER_LABELS)
#: Photo and video credits (摄影：张三): metadata of no field of the record.
PHOTO_LABELS = ("摄影", "摄像", "图片", "视频", "图", "攝影", "圖")
OTHER_LABELS = (
    # page tools and counters: 浏览次数：1024 字号：[大 中 小]
    "浏览次数",
    "阅读次数",
    "点击次数",
    "点击数",
    "浏览量",
    "阅读量",
    "访问量",
    "点击",
    "浏览",
    "阅读",
    "评论",
    "字号",
    "字体",
    "分享到",
    "分享",
    "打印",
    "點擊",
    "瀏覽",
    "閱讀",
    # filing data of government portals: 索引号：… 发布机构：…
    "关键词",
    "发布者",
    "发布人",
    *(label for label in FILING_LABELS if label != "索引号"),
    "索引号",
    *FILING_TITLE_LABELS,
    "主题词",
    "内容概述",
    "分类",
    "有效性",
    "公开方式",
    "公开范围",
    "所属栏目",
    "栏目",
    *PHOTO_LABELS,
)
#: Every label of a metadata line, by the field it gives (``other``: a value nobody keeps).
LABELS: dict[str, tuple[str, ...]] = {
    "date": DATE_LABELS,
    "updated": UPDATED_LABELS,
    "document": DOCUMENT_DATE_LABELS,
    "publisher": PUBLISHER_LABELS,
    "source": SOURCE_LABELS,
    "author": AUTHOR_LABELS,
    "editor": EDITOR_LABELS,
    "other": OTHER_LABELS,
}
_FIELD_OF = {label: name for name, labels in LABELS.items() for label in labels}

#: Labels that also stand without a colon in the lines under a headline: 来源CSDN| 作者魏星.
BARE_LABELS = ("来源", "作者", "责任编辑", "责编", "编辑", "出处")
#: Date labels that stand without a colon right before a date, anywhere: 发表于 2024-3-5,
#: 发布时间 2024-06-26 in a footer line.
BARE_DATE_LABELS = ("发表于", "发布于", "发布时间", "发布日期", "发表时间", "生成日期")
#: What a source value is introduced by or runs into, and is not part of it: 本文来源于北京商报,
#: 求是网参与互动 (the next link's words).
SOURCE_PREFIXES = ("本文来源于", "本文来自", "来源于", "转载自", "本文转自", "转自", "摘自", "选自")
SOURCE_FOLLOWERS = (
    "参与互动",
    "参与讨论",
    "我要评论",
    "我要纠错",
    "我要分享",
    "网友评论",
    "发表评论",
)

# -- Credits that give no field: the production team and the sign-off ------------------

PRODUCTION_LABELS = ("监制", "出品", "统筹", "策划", "制作", "排版", "美编", "主编")
#: The 三审 sign-off that county portals print under an article: 一审：… 二审：… 三审：…
SIGN_OFF_LABELS = ("审签", "一审", "二审", "三审")
PHOTO_CREDIT_LABELS = ("摄影", "摄像", "图片")
ORIGINAL_TITLE_LABELS = ("原标题", "原题")

#: Labels of the lines that credit a piece: outlet, authors, editors, production, photos.
CREDIT_LABELS = (
    *SOURCE_LABELS,
    *AUTHOR_LABELS,
    *EDITOR_LABELS,
    *PRODUCTION_LABELS,
    *SIGN_OFF_LABELS,
    *PHOTO_CREDIT_LABELS,
)
#: Labels a line that only carries metadata starts with (发布时间：… / 责任编辑：…).
METADATA_LINE_LABELS = (
    *DATE_LABELS,
    *UPDATED_LABELS,
    *DOCUMENT_DATE_LABELS,
    *CREDIT_LABELS,
    *ORIGINAL_TITLE_LABELS,
)

#: Words that make a short line a credit wherever they stand in it (新京报记者 李春平 /
#: 编辑 刘晓阳 校对 李铭). Narrower than CREDIT_LABELS on purpose: 统筹, 策划, 制作 and
#: 终审 also begin subheadings (统筹推进乡村振兴), so they count only as a line's first
#: label (METADATA_LINE_LABELS). 编辑 and 編輯 cover 责任编辑 and the other editors.
#: The lone 文 counts only before a slash (文/张三): see credit_word_regex.
CREDIT_WORDS = (
    *(label for label in AUTHOR_LABELS if label != "文"),
    "编辑",
    "編輯",
    "责编",
    "校对",
    "审核",
    "摄影",
    "摄像",
    "监制",
    "出品",
)

# -- Bylines --------------------------------------------------------------------------

#: The outlet's own staff: 本报记者, 融媒体记者.
DESKS = ("本报", "本台", "本网", "融媒体", "全媒体")
#: Grades of a reporter: 特约记者, 见习记者, 首席记者.
RANKS = ("特约", "见习", "实习", "首席")
#: Posts of a writer: 驻站记者, 专栏作者.
POSTS = ("驻站", "专栏")
#: Who a bracketed dateline credits: （记者 张三 通讯员 李四）.
REPORTING_ROLES = ("记者", "通讯员", "实习生")
#: Who writes a piece, after a desk, rank or post: 本报记者, 专栏作者.
WRITERS = ("记者", "記者", "作者")
#: The other words of a byline that are not names (通讯员 李四, 本报讯, 文字：张三).
ROLE_WORDS = (
    "通讯员",
    "通訊員",
    "实习生",
    "特约撰稿人",
    "撰稿人",
    "撰稿",
    "撰文",
    "本报",
    "本台",
    "本网",
    "文字",
    "文图",
    "图文",
    "报道",
)
#: Words that introduce the names of a credit line: 记者 张三, 采写：南都见习记者 林子沛.
BYLINE_LEADS = ("记者", "作者", "撰文", "撰稿", "采写", "执笔")
#: Words that a byline's name slots catch but that are not names: the labels themselves
#: (记者 张三 审核 李四) and the marks of a repost (原创, 转载).
NOT_NAMES = frozenset(
    [*DATE_LABELS, *UPDATED_LABELS, *DOCUMENT_DATE_LABELS, *CREDIT_LABELS, "原创", "转载"]
)

# -- Pages that are gone ---------------------------------------------------------------

#: What a portal shows where an article was: 该文章已被删除, 页面不存在, 该内容已下线.
PAGE_GONE_PHRASES = (
    "页面不存在",
    "您访问的页面不存在",
    "页面未找到",
    "文章不存在",
    "信息不存在",
    "不存在或已",
    "该文章已被删除",
    "文章已被删除",
    "内容已被删除",
    "已被删除",
    "内容已删除",
    "信息已删除",
    "稿件已删除",
    "已删除",
    "已被撤稿",
    "已撤稿",
    "该内容已下线",
    "已下线",
    "找不到该文章",
)
#: Words of an error page's title, besides the gone phrases and the status codes. Too
#: common to search a whole page for (Error, 找不到): only a short title is tested.
ERROR_TITLE_WORDS = ("找不到", "出错了", "错误页", "Not Found", "访问的页面", "无法访问", "Error")


def words(items: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so 责任编辑 wins over 编辑).

    >>> words(["编辑", "责任编辑", "文"])
    '责任编辑|编辑|文'
    """
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(items), key=len, reverse=True))


def label_field(label: str) -> str:
    """The field a label gives: date, updated, document, publisher, source, author, editor
    or other."""
    return _FIELD_OF[label]


def label_regex() -> re.Pattern:
    """Any label of LABELS with its colon, or a slash for bylines (文/张三, 记者｜李四)."""
    return re.compile(rf"(?P<label>{words(_FIELD_OF)})\s*(?P<colon>[:：]|[/|｜丨](?=\s*\S))")


def line_label_regex(labels: Iterable[str], lead: str, colon: str) -> re.Pattern:
    """A line that starts (after ``lead``) with one of the labels and a ``colon``."""
    return re.compile(rf"^{lead}(?:{words(labels)})\s*{colon}")


def byline_label_regex() -> re.Pattern:
    """A line that starts with a credit label, after at most three marks: 【责任编辑：张三】,
    文/李四, 一审：王五. For dropping credit lines before comparing article bodies."""
    return line_label_regex(CREDIT_LABELS, r"\W{0,3}", "[:：/]")


def credit_word_regex() -> re.Pattern:
    """Any credit word in a line, or 文/ and 图/ before a name."""
    return re.compile(rf"{words(CREDIT_WORDS)}|文\s*[/|｜丨]|图\s*[/|｜丨]")


#: Any of the gone phrases, for searching a whole page.
PAGE_GONE = re.compile(words(PAGE_GONE_PHRASES))
#: The title of an error page: a status code, a gone phrase or an error word.
ERROR_TITLE = re.compile(
    r"(?<!\d)(?:404|403|500)(?!\d)|" + words((*PAGE_GONE_PHRASES, *ERROR_TITLE_WORDS)), re.I
)


# -- Digital editions (数字报) --------------------------------------------------------------

#: The link of an edition's page to the issue before it.
PREVIOUS_ISSUE = ("上一期", "前一期", "上期", "上一期報紙")
#: Links to an edition's list or calendar of issues: the way to its archive.
ISSUE_ARCHIVE = (
    "往期回顾",
    "往期回顧",
    "往期查阅",
    "往期",
    "过刊浏览",
    "过刊",
    "历史版面",
    "报纸日历",
)
#: The link of a calendar of issues to its month before.
EARLIER_MONTH = ("上月", "上一月", "上个月", "前一月", "上一個月", "上個月")
#: Labels of an edition article's 引题 (kicker) and 副题 (subtitle) where a page names them.
KICKER_LABELS = ("引题", "肩题", "眉题", "引標題")
SUBTITLE_LABELS = ("副题", "副标题", "副標題")
