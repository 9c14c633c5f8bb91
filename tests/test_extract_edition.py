"""Digital editions (数字报): Founder's page and article shapes, read by the extractor."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_article
from scrapers.extract.document import parse_page
from scrapers.extract.edition import issue_links, read_edition_page

BASE = "http://epaper.ycxrm.cn/html/2023-03/05/"

# Founder's default article template: the three headings in a table, the enpproperty
# comment above the text, the issue's page navigation beside it.
ENP_ARTICLE = """<html><head><meta charset="utf-8"><title>颍川报</title></head><body>
<table><tr><td><a href="node_1.htm">第01版：要闻</a></td></tr>
<tr><td><a href="node_2.htm">第02版：综合</a></td></tr>
<tr><td><a href="node_3.htm">第03版：副刊</a></td></tr></table>
<table>
<tr><td class="font02">聚焦春耕备耕</td></tr>
<tr><td class="font01">全县落实小麦一喷三防面积十二万亩</td></tr>
<tr><td class="font02">——农技人员下沉一线指导</td></tr>
<tr><td class="font03">2023年03月05日 第02版：综合</td></tr>
<tr><td><founder-content>
<!--enpproperty <articleid>5364886</articleid><date>2023-03-05 09:28:27.0</date><author></author><title>全县落实小麦一喷三防面积十二万亩</title><keyword></keyword><subtitle>——农技人员下沉一线指导</subtitle><introtitle>聚焦春耕备耕</introtitle><siteid>2</siteid><nodeid>3</nodeid><nodename>第02版：综合</nodename><nodesearchname></nodesearchname>/enpproperty-->
<!--enpcontent--><p>　　本报记者 王建国 通讯员 李卫东</p>
<p>　　3月4日，县农业农村局组织农技人员深入田间地头，指导群众开展小麦病虫害防治工作。</p>
<p>　　据了解，全县今年落实小麦一喷三防面积十二万亩，覆盖全部种植乡镇。</p><!--/enpcontent-->
</founder-content></td></tr></table>
<a href="node_2.htm">返回本版</a>
</body></html>"""

# Another template: no comment, the headings one above the other as printed, an essay
# credited □NAME.
PLAIN_ARTICLE = """<html><head><meta charset="utf-8"><title>颍川报-数字报</title></head><body>
<div class="nav"><a href="node_1.htm">第01版：要闻</a> <a href="node_4.htm">第04版：颍水</a></div>
<div class="detail">
<div class="bm">当前版：第04版：颍水</div>
<h3>乡愁记忆</h3>
<h1>老街的石板路</h1>
<h2>——写在古城修缮之际</h2>
<div class="content">
<p>□ 张秋实</p>
<p>　　小时候，我家住在老街的尽头。每天清晨，石板路上就响起挑水人的脚步声。</p>
<p>　　如今老街修缮一新，石板路还在，脚步声却换成了游客的笑语。</p>
</div></div>
</body></html>"""


def test_founder_fields_from_its_comment():
    a = extract_article(ENP_ARTICLE.encode("utf-8"), BASE + "content_5364886.htm")
    assert a.is_article
    assert (a.kicker, a.title, a.subtitle) == (
        "聚焦春耕备耕",
        "全县落实小麦一喷三防面积十二万亩",
        "——农技人员下沉一线指导",
    )
    assert (a.edition_date, a.page_no, a.page_name) == ("2023-03-05", "02", "综合")
    assert (a.published_at, a.date_source) == ("2023-03-05", "edition")
    assert a.author == ["王建国", "李卫东"]
    assert not any(h in a.body for h in ("聚焦春耕备耕", "农技人员下沉一线指导"))
    assert a.body.endswith("覆盖全部种植乡镇。")


def test_printed_headings_and_a_boxed_credit():
    a = extract_article(PLAIN_ARTICLE.encode("utf-8"), BASE + "content_5364901.htm")
    assert (a.kicker, a.title, a.subtitle) == ("乡愁记忆", "老街的石板路", "——写在古城修缮之际")
    assert (a.page_no, a.page_name, a.edition_date) == ("04", "颍水", "2023-03-05")
    assert a.author == ["张秋实"]
    assert a.published_at == "2023-03-05"
    assert "乡愁记忆" not in a.body and a.body.startswith(("□", "小时候"))


def test_an_ordinary_article_has_no_edition_fields():
    page = (
        "<html><head><title>县里开会</title></head><body><h1>县里开会</h1>"
        "<p>发布时间：2023-01-29 10:21</p><div><p>1月28日，县里召开经济运行分析会。"
        "会议部署了全年重点工作。</p></div></body></html>"
    )
    a = extract_article(page.encode(), "http://www.x.gov.cn/xwzx/202301/t20230129_1.html")
    assert (a.kicker, a.subtitle, a.edition_date, a.page_no, a.page_name) == (None,) * 5
    assert a.attachments == []


NODE_PAGE = """<html><head><meta charset="utf-8"><title>颍川报</title></head><body>
<div class="top"><a href="../04/node_1.htm">上一期</a> <a href="../../period.htm">往期回顾</a></div>
<div id="bmdh"><a id="pageLink" href="node_1.htm">第01版：要闻</a>
<a id="pageLink" href="node_2.htm">第02版：综合</a></div>
<map><area href="content_11.htm"></map>
<ul class="list"><li><a href="content_11.htm">全县落实小麦一喷三防</a></li>
<li><a href="content_12.htm">县城新增公交线路两条</a></li></ul>
<a href="content_11.htm"><img src="pic.jpg"></a>
</body></html>"""


def test_an_edition_page():
    url = BASE + "node_2.htm"
    page = read_edition_page(parse_page(NODE_PAGE, url).root, url)
    assert (page.issue_date, page.page_no, page.page_name) == ("2023-03-05", "02", "综合")
    assert page.articles == (BASE + "content_11.htm", BASE + "content_12.htm")
    assert page.issue_pages == (BASE + "node_1.htm", BASE + "node_2.htm")
    assert page.previous == "http://epaper.ycxrm.cn/html/2023-03/04/node_1.htm"
    assert page.archive == ("http://epaper.ycxrm.cn/html/period.htm",)
    assert read_edition_page(parse_page(NODE_PAGE, url).root, "http://x.cn/a/list.htm") is None


def test_issue_lists_and_calendars():
    html = '<ul><li><a href="html/2023-03/05/node_1.htm">2023-03-05</a></li><li><a href="/about.htm">关于</a></li></ul>'
    url = "http://epaper.ycxrm.cn/period.htm"
    listed = issue_links(html.encode(), url)
    assert listed.issues == ("http://epaper.ycxrm.cn/html/2023-03/05/node_1.htm",)
    assert listed.earlier == ()
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><periodlist><period><period_name>1</period_name>'
        b"<period_date>2023-03-04</period_date><front_page>node_1.htm</front_page></period>"
        b"<period><period_date>2023-03-05</period_date><front_page>node_1.htm</front_page>"
        b"</period></periodlist>"
    )
    assert issue_links(xml, "http://epaper.ycxrm.cn/paper/html/2023-03/period.xml").issues == (
        "http://epaper.ycxrm.cn/paper/html/2023-03/04/node_1.htm",
        "http://epaper.ycxrm.cn/paper/html/2023-03/05/node_1.htm",
    )


def test_attachments_of_a_government_page():
    page = """<html><head><title>关于开展春季植树活动的通知</title></head><body>
<div class="nav"><a href="/xzzx/guide.pdf">办事指南下载</a></div>
<h1>关于开展春季植树活动的通知</h1><div id="zoom">
<p>各乡镇人民政府，县直各单位：现将春季植树活动实施方案印发给你们，请认真贯彻落实。</p>
<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2303011034567.pdf">1.颍川县春季植树活动实施方案.pdf</a></p>
<p><a href="./P020230301512345678901.docx">2.报名表</a></p>
<p><a href="/picture/0/2303011.jpg">现场照片</a></p></div></body></html>"""
    a = extract_article(page.encode(), "http://www.ycx.gov.cn/art/2023/3/1/art_1228_3600.html")
    assert [(x["text"], x["file_name"], x["type"]) for x in a.attachments] == [
        ("1.颍川县春季植树活动实施方案.pdf", "2303011034567.pdf", "pdf"),
        ("2.报名表", "P020230301512345678901.docx", "docx"),
    ]
    assert a.attachments[1]["url"] == (
        "http://www.ycx.gov.cn/art/2023/3/1/P020230301512345678901.docx"
    )


def test_no_kicker_or_subtitle_from_the_site_name_or_the_first_paragraph():
    page = """<html><head><meta charset="utf-8"><title>颍川报</title></head><body>
<div class="logo"><div class="name">颍川报</div></div>
<div class="detail"><h1>县城新增公交线路两条</h1>
<div class="content"><p>从三月一日起开通。</p>
<p>　　县交通运输局表示，新线路全部使用新能源公交车，早晚高峰发车间隔控制在十分钟以内，票价仍为一元。</p>
</div></div></body></html>"""
    a = extract_article(page.encode(), BASE + "content_5364999.htm")
    assert a.title == "县城新增公交线路两条"
    assert (a.kicker, a.subtitle) == (None, None)
    assert a.body.startswith("从三月一日起开通。")


def test_the_page_named_by_a_link_back_or_the_title():
    body = (
        "<h1>县城新增公交线路两条</h1><div class='content'><p>　　县交通运输局表示，新线路全部使用新能源公交车，"
        "早晚高峰发车间隔控制在十分钟以内，票价仍为一元。</p><p>　　线路覆盖高铁站和县人民医院。</p></div>"
    )
    back = f"<html><head><title>颍川报</title></head><body>{body}<a href='node_3.htm'>返回第03版：民生</a></body></html>"
    a = extract_article(back.encode(), BASE + "content_5365001.htm")
    assert (a.page_no, a.page_name) == ("03", "民生")
    titled = f"<html><head><title>颍川报-第A3版：民生-县城新增公交线路两条</title></head><body>{body}</body></html>"
    a = extract_article(titled.encode(), BASE + "content_5365001.htm")
    assert (a.page_no, a.page_name) == ("A3", "民生")


BYLINED = """<html><head><title>颍川报</title></head><body><div class="detail">
<h1>县城新增公交线路两条</h1><div class="content"><p>{}</p>
<p>　　县交通运输局表示，新线路全部使用新能源公交车，早晚高峰发车间隔控制在十分钟以内，票价仍为一元。</p>
<p>　　线路覆盖高铁站和县人民医院，方便群众出行。</p></div></div></body></html>"""


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("本报记者 张三 通讯员 李四", ["张三", "李四"]),
        ("本报通讯员 李四 王五", ["李四", "王五"]),
        ("本报记者　张　三　通讯员　李四", ["张三", "李四"]),  # a two-character name spaced out
        ("□ 本报记者 张三", ["张三"]),
        ("■张三", ["张三"]),
        ("◎张三", ["张三"]),
        ("□张 三", ["张三"]),
    ],
)
def test_newspaper_bylines(byline, names):
    a = extract_article(BYLINED.format(byline).encode(), BASE + "content_5365002.htm")
    assert a.author == names
    assert a.body.startswith("县交通运输局表示")  # the byline is no text of the article


def test_headings_marked_by_class():
    page = """<html><head><meta charset="utf-8"><title>颍川报数字报</title></head><body>
<div class="nav"><a href="node_1.htm">第01版：要闻</a></div><div class="newsdetail">
<p class="title1">奋力拼经济</p><p class="title">全县一季度重点项目集中开工</p>
<p class="title2">——二十八个项目总投资六十四亿元</p><div class="content">
<p>　　二月二十八日上午，颍川县一季度重点项目集中开工仪式在高新技术产业园区举行，二十八个项目同步破土动工。</p>
<p>　　此次开工的项目涵盖装备制造、新型材料、冷链物流和城市更新等领域。</p></div></div></body></html>"""
    a = extract_article(page.encode(), BASE + "content_5365003.htm")
    assert (a.kicker, a.title, a.subtitle) == (
        "奋力拼经济", "全县一季度重点项目集中开工", "——二十八个项目总投资六十四亿元"
    )  # fmt: skip


def test_founder_web_cms_pages_are_no_edition():
    """Founder's web CMS writes the same comment on a news site: a column, not a page."""
    page = ENP_ARTICLE.replace("<nodename>第02版：综合</nodename>", "<nodename>本地时政</nodename>")
    page = page.replace('<tr><td class="font03">2023年03月05日 第02版：综合</td></tr>',
                        '<tr><td class="font03">发布时间：2023-03-05 09:28</td></tr>')  # fmt: skip
    page = (
        page.replace("第01版：要闻", "首页")
        .replace("第02版：综合", "时政")
        .replace("第03版：副刊", "社会")
    )
    a = extract_article(page.encode(), "http://www.ycxw.cn/system/2023/03/05/011234567.shtml")
    assert (a.kicker, a.subtitle) == ("聚焦春耕备耕", "——农技人员下沉一线指导")
    assert (a.edition_date, a.page_no, a.page_name) == (None, None, None)
    assert a.published_at == "2023-03-05T09:28:00+08:00"


def test_attachments_in_a_box_of_their_own_are_the_articles():
    page = """<html><head><title>关于开展春季植树活动的通知</title></head><body>
<div id="header"><a href="/zwgk/guide.pdf">指南</a></div>
<h1>关于开展春季植树活动的通知</h1><div class="content">
<p>各乡镇人民政府，县直各单位：现将春季植树活动实施方案印发给你们，请认真贯彻落实。</p></div>
<div class="related-files fj-links"><a href="./P020230301512345678901.pdf">实施方案</a></div>
<div class="footer"><a href="/zwgk/law.pdf">条例</a></div></body></html>"""
    a = extract_article(page.encode(), "http://www.ycx.gov.cn/zwgk/202303/t20230301_1.html")
    assert [x["text"] for x in a.attachments] == ["实施方案"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://paper.people.com.cn/rmrb/html/2023-03/01/nbs.D110000renmrb_01.htm",
            ("page", "2023-03-01"),
        ),
        (
            "http://paper.people.com.cn/rmrb/html/2023-03/01/nw.D110000renmrb_20230301_1-01.htm",
            ("article", "2023-03-01"),
        ),
        ("http://epaper.x.cn/Html/2023-03/01/Node_2.htm", ("page", "2023-03-01")),
        ("http://epaper.x.cn/html/2023-03/01/content_123_4.htm", ("article", "2023-03-01")),
        ("http://epaper.x.cn/pc/layout/202303/01/node_A01.html", ("page", "2023-03-01")),
        ("http://epaper.x.cn/pc/content/202303/01/content_123.html", ("article", "2023-03-01")),
        ("http://www.x.gov.cn/html/2023-03/01/list_1.htm", None),
    ],
)
def test_edition_url_shapes(url, expected):
    from scrapers.extract import classify
    from scrapers.extract.cms import edition_day

    assert edition_day(url) == expected
    if expected:
        assert classify(url) == ("list" if expected[0] == "page" else "article")
