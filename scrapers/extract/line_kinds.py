"""What a line of page text is, besides a paragraph of the article: page furniture, a
note around the text, a credit line, or a line that only carries metadata."""

from __future__ import annotations

import re

from core.text import SENTENCE_END, han_count
from core.vocabulary import METADATA_LINE_LABELS, credit_word_regex, line_label_regex

from .dates import find_dates
from .metaline import source_line, split_labels

# Lines that end the article: headings of lists of other articles, next/previous links.
STOP = re.compile(
    r"^[【\[<（(]?\s*(?:相关阅读|相关新闻|相关文章|相关链接|相关报道|延伸阅读|扩展阅读|热门文章|热门新闻|"
    r"最新文章|最新新闻|推荐阅读|热点新闻|热点推荐|猜你喜欢|精彩推荐|相关推荐|热门推荐|更多新闻|"
    r"网友评论|我要评论|发表评论|评论列表|热门评论|最新评论|往期回顾|往期推荐|精彩阅读|为你推荐|为您推荐|"
    r"重点推荐|编辑推荐|今日推荐|热点推荐|大家都在看|看了又看|相关资讯|相关专题|延伸\W{0,3}推荐)"
    r"\s*[】\]>）)]?\s*[:：>›»]*\s*(?:更多\s*[>›»]*)?$"
    r"|^\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|上一页|下一页)"
)
# The date line of a post in a thread (发表于 2024-3-5 10:47): after the text, a reply.
POST_DATE = re.compile(r"^\W{0,3}(?:发表于|发表时间|回复于|回复时间)\s*[:：]?\s*(?:19|20)\d{2}")
# Page chrome that can sit inside an article container.
CHROME_LINE = re.compile(
    r"【\s*(?:打印|关闭|收藏|字体|字号|大\s*中\s*小)|打印本页|关闭窗口|返回顶部|分享到|"
    r"扫一扫|二维码|扫描.{0,6}码|微信扫|手机扫|用手机(?:扫|打开|访问|浏览|阅读|看)|在手机打开|手机阅读|版权所有|版权声明|"
    r"[Cc]opyright|©|ICP备|ICP证|公网安备|主办单位[:：]|承办单位[:：]|技术支持[:：]|建议使用.{0,10}浏览器|"
    r"分辨率|分辩率|网站标识码|网站识别码|不良信息举报|举报电话[:：]|举报邮箱[:：]|联系邮箱[:：]|新闻线索|报料(?:电话|热线|邮箱)|反侵权公告|侵权举报|"
    r"^\s*阅读剩余全文|展开全文\s*$|^\s*打印\s+字体[:：]|字体[:：]\s*放大\s*正常\s*缩小|"
    r"^\s*字号[:：]|^\s*字体[:：]|浏览次数|阅读次数|点击数[:：]|^\s*阅读\s*\d+\s*$|"
    r"^\s*(?:点击)?阅读原文\s*$|^\s*(?:举报|投诉|收藏|点赞|在看|分享|返回|更多)\s*$|"
    r"^\s*(?:举报|投诉)\s*[/|｜]\s*(?:反馈|投诉|建议)\s*$|"
    r"^\s*(?:大|中|小)\s*(?:大|中|小)\s*(?:大|中|小)\s*$|"
    r"^\s*(?:当前位置|您的位置|您现在的位置|您所在的位置|您当前的位置|所在位置|现在位置)\s*[:：]|"
    # The label of an article's attachments, alone: the links are the attachments'.
    r"^\s*[【\[]?(?:相关)?附件(?:下载|列表)?[】\]]?\s*[:：]?\s*$"
)
FURNITURE = re.compile(f"{CHROME_LINE.pattern}|{STOP.pattern}")
# Notes around the text: reprint notices, disclaimers, original titles, end marks.
NOTE_LINE = re.compile(
    r"^\W{0,3}(?:本文原标题|原标题|原题为?|本文来自|本文转自|转载请|转载自|未经授权|特别声明|免责声明|"
    r"版权声明|声明[:：]|图片来[自源]网络|图片来源于网络|文章来源于网络|信息来源于网络|来源于网络|"
    r"[-—\s]*THE\s*END|END\s*$|\(?完\)?\s*$|（完）)"
    r"|^\W{0,3}(?:综合整理自|综合自|编译自|整理自|综合报道自)"
    r"|^\s*点击(?:进入|查看|阅读|观看|收听|这里).{0,12}$|正文已结束|返回.{0,6}首页"
    r"|^\W{0,2}(?:相关资讯|更多资讯|更多精彩|更多内容|更多新闻).{0,8}(?:请关注|请点击|请访问|请下载)"
    r"|如有侵权|请联系删除|不代表本[站网]|仅代表作者|仅提供信息[发存]"
    r"|感谢您的反馈|减少此类文章",
    re.I,
)
# Credit lines: 记者 张三 / 编辑 刘晓阳 校对 李铭 / 采写：… / 【文/…】, short and with no sentence.
CREDIT_LINE = credit_word_regex()
# A photo caption that credits the photographer is still a caption.
PHOTO_CAPTION = re.compile(r"^[▲△↑▼↓]|摄$|摄影$|[（(]?(?:图|摄)[）)]?$")
# Lines that only carry metadata: read for their fields, left out of the body.
META_LINE = line_label_regex(METADATA_LINE_LABELS, r"\s*[（(【\[]?\s*", "[:：]")
DATE_ONLY = re.compile(r"^[\s\d:：\-/.年月日时分秒T+（）()星期周一二三四五六日天]{8,32}$")


def is_meta_line(text: str) -> bool:
    """A line of date, source, author or editor, not a sentence of the article.

    >>> is_meta_line("2019-08-13 14:07来源：澎湃新闻·澎湃号·政务")
    True
    >>> is_meta_line("1月28日，县里召开经济运行分析会。")
    False
    >>> is_meta_line("记者：现在塑料制品这么多，竹编还有市场吗？")
    False
    """
    if DATE_ONLY.match(text) or source_line(text):
        return True
    if label := META_LINE.search(text):
        # 记者：您从事竹编多少年了？ is an interview's question, not a byline.
        rest = text[label.end() :]
        return not (_ASKER.match(text) and len(rest) >= 8 and SENTENCE_END.search(rest))
    if len(text) > 100 or SENTENCE_END.search(text):
        return False
    if any(name in _META_FIELDS for name, _, _ in split_labels(text)):
        return True
    if dates := find_dates(text):
        # （2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过） is text.
        return han_count(text.replace(dates[0][2], "")) <= 15
    return False


# Who speaks in an interview's lines: 记者：… ？ / 主持人：…
_ASKER = re.compile(r"^\s*(?:本报)?(?:记者|主持人|作者)\s*[:：]")
# Fields that only a metadata line gives (an author may be named in a sentence).
_META_FIELDS = {"date", "updated", "source", "editor"}


def is_tag_list(text: str) -> bool:
    """A row of tags or keywords: 20190926|国贸|增长率|全球经济."""
    if len(text) > 60 or text.count("|") + text.count("｜") < 2 or SENTENCE_END.search(text):
        return False
    return all(len(tag) <= 10 for tag in re.split(r"\s*[|｜]\s*", text))


def is_credit(text: str) -> bool:
    return (
        len(text) <= 30
        and not SENTENCE_END.search(text)
        and bool(CREDIT_LINE.search(text))
        and not PHOTO_CAPTION.search(text)
    )
