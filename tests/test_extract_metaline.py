"""Metadata lines, bylines and names."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_article
from scrapers.extract.metaline import clean_source, split_labels
from scrapers.extract.people import names_in_byline, split_names


def fields(line: str) -> dict:
    return {name: value for name, _, value in split_labels(line)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "日期: 来源:禹州市融媒体中心收集编辑:禹州市融媒体中心",
            {"date": "", "source": "禹州市融媒体中心", "editor": "禹州市融媒体中心"},
        ),
        (
            "来源：某县融媒体中心作者：张三责任编辑：李四",
            {"source": "某县融媒体中心", "author": "张三", "editor": "李四"},
        ),
        (
            "来源:X县融媒 | 作者:王五 | 编辑:赵六",
            {"source": "X县融媒", "author": "王五", "editor": "赵六"},
        ),
        (
            "发布时间：2023-01-29 10:21　来源：某县融媒体中心　浏览次数：",
            {"date": "2023-01-29 10:21", "source": "某县融媒体中心", "other": ""},
        ),
        ("文/张三 图/李四", {"author": "张三", "other": "李四"}),
        (
            "點擊：12 發佈時間：2023-05-12 記者：陳志明",
            {"other": "12", "date": "2023-05-12", "author": "陳志明"},
        ),
    ],
)
def test_split_labels(line, expected):
    assert fields(line) == expected


@pytest.mark.parametrize("line", ["点击查看全文：这里", "详见原文：这里"])
def test_word_ending_in_a_label_is_not_a_label(line):
    assert "author" not in fields(line)


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("记者 孙七 通讯员 周八", ["孙七", "周八"]),
        ("本报记者张三、李四", ["张三", "李四"]),
        ("新京报记者 李春平", ["李春平"]),
        ("某县融媒体中心", []),
        ("admin", []),
    ],
)
def test_split_names(value, names):
    assert split_names(value) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报讯（记者 张三 通讯员 李四）1月28日，县里召开会议。", ["张三", "李四"]),
        ("新华社北京1月29日电（记者张三、李四）国务院日前印发通知。", ["张三", "李四"]),
        ("（实习生王金茹对此亦有贡献）", []),
    ],
)
def test_bylines_in_text(line, names):
    assert names_in_byline(line) == names


def test_source_without_city_suffix():
    assert clean_source("新京报(北京)") == "新京报"


def test_seed_metaline_in_a_page():
    html = (
        "<html><head><title>全力以赴_禹州</title></head><body><h1>全力以赴</h1>"
        "<div class='info'><span>日期:</span><span>来源:禹州市融媒体中心</span>"
        "<span>收集编辑:禹州市融媒体中心</span></div>"
        "<div class='con'><p>新年伊始，禹州高新技术产业开发区处处涌动着热潮。</p>"
        "<p>企业陆续开工，冲劲十足忙生产。</p></div></body></html>"
    )
    record = extract_article(html.encode())
    assert (record.published_at, record.source, record.editor, record.author) == (
        None,
        "禹州市融媒体中心",
        "禹州市融媒体中心",
        [],
    )
