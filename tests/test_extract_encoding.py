"""Charsets: declared, undeclared and wrongly declared."""

from __future__ import annotations

import pytest

from scrapers.extract.encoding import decode_html
from tests.fixture_cases import load_cases

TEXT = "禹州市融媒体中心：新年伊始，高新区处处涌动着热潮。堃喆"  # 堃喆 are GBK, not GB2312


def page(charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>标题</title></head><body><p>{TEXT * 5}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (page("gb2312").encode("gbk"), None, "gb18030"),  # GB2312 declared, GBK served
        (page("gbk").encode("gb18030"), None, "gb18030"),
        (page("utf-8").encode("gbk"), None, "gb18030"),  # wrongly declared
        (page("gb2312").encode("utf-8"), None, "utf-8"),  # wrongly declared the other way
        (page().encode("gbk"), None, "gb18030"),  # undeclared
        (page().encode("utf-8"), None, "utf-8"),
        (page().encode("gbk"), "text/html; charset=utf-8", "gb18030"),  # wrong header
        (page().encode("utf-8"), "text/html; charset=GBK", "utf-8"),
    ],
)
def test_charset(body, content_type, expected):
    text, encoding = decode_html(body, content_type)
    assert encoding == expected
    assert TEXT in text
    assert "\ufffd" not in text


def test_big5_declared_in_header_only():
    text = "金門縣環保局號召淨灘，兩小時清出四百公斤海漂垃圾。這個國家的人們"
    body = f"<html><body><p>{text * 3}</p></body></html>".encode("big5")
    decoded, encoding = decode_html(body, "text/html; charset=big5")
    assert encoding.startswith("big5")
    assert text in decoded


def test_big5_undeclared():
    text = "金門縣環保局號召淨灘，兩小時清出四百公斤海漂垃圾。這個國家的人們在這裡工作與生活。"
    body = f"<html><body><p>{text * 3}</p></body></html>".encode("big5")
    decoded, encoding = decode_html(body)
    assert encoding.startswith("big5")
    assert text in decoded


def test_bom_wins():
    body = "\ufeff".encode() + page("gbk").encode("utf-8")
    text, encoding = decode_html(body)
    assert encoding == "utf-8"
    assert TEXT in text


def test_truncated_in_the_middle_of_a_character_still_decodes():
    body = page("gbk").encode("gbk")
    cut = body[: body.index("堃".encode("gbk")) + 1]
    text, encoding = decode_html(cut)
    assert encoding == "gb18030"
    assert "禹州市融媒体中心" in text


@pytest.mark.parametrize(
    "case", [c for c in load_cases() if c.name.startswith("cx163-")], ids=lambda c: c.name
)
def test_raw_163_pages_decode_without_mojibake(case):
    text, encoding = decode_html(case.page.read_bytes(), case.headers.get("Content-Type"))
    assert encoding == "gb18030"
    assert "\ufffd" not in text
