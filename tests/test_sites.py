"""Site profiles: loading, validation, and selectors that fall back when they miss."""

from __future__ import annotations

import re

import pytest

from scrapers.extract import extract_article
from sites import ProfileError, load_profile, profile_names
from tests.conftest import ROOT
from tests.fixture_cases import FIXTURES

PROFILE = """
name = "demo_county"
name_zh = "示例县融媒体中心"
start_urls = ["http://www.example-county.gov.cn/"]

[region]
province = "河南省"
county = "示例县"

[selectors]
title = "h1.nothing-like-this"
source = "//span[@class='src']/text()"
"""


def write(tmp_path, text: str, name: str = "demo_county"):
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_profile(tmp_path):
    profile = load_profile("demo_county", write(tmp_path, PROFILE))
    assert profile.name_zh == "示例县融媒体中心"
    assert profile.allowed_domains == ("www.example-county.gov.cn",)
    assert profile.selectors.names() == ["title", "source"]
    assert profile_names(tmp_path) == ["demo_county"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "other"\n', "must equal the file name"),
        ('start_urls = "http://x.cn"\n', "start_urls must be a list"),
        ('start_urls = ["ftp://x.cn"]\n', "is not an http"),
        ("colour = 3\n", "unknown key(s) colour"),
        ("[selectors]\ntittle = 'h1'\n", "unknown field in selectors: 'tittle'"),
        ("[selectors]\ntitle = '//h1[['\n", "is not valid XPath"),
        ("[selectors]\ntitle = 'h1 >> p'\n", "is not valid CSS"),
        ("[politeness]\ndownload_delay = -1\n", "must be a number >= 0"),
        ("edition_days = -1\n", "edition_days must be a whole number >= 0"),
        ('edition_days = "7"\n', "edition_days must be a whole number >= 0"),
        ("name = \n", "not valid TOML"),
        (
            'jpage_lists = ["http://x.cn/module/web/jpage/dataproxy.jsp?columnid=9"]\n',
            "names no column",
        ),
        ('jpage_lists = ["x.cn/dataproxy.jsp"]\n', "jpage_lists entry"),
    ],
)
def test_bad_profiles_give_one_clear_reason(tmp_path, text, message):
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_profile("demo_county", write(tmp_path, text))


def test_missing_profile_names_the_known_ones(tmp_path):
    write(tmp_path, PROFILE)
    with pytest.raises(ProfileError, match=r"known sites: demo_county"):
        load_profile("nope", tmp_path)


def test_selectors_win_and_misses_are_counted(tmp_path):
    profile = load_profile("demo_county", write(tmp_path, PROFILE))
    page = (FIXTURES / "seed-yuzhou" / "input.html").read_bytes()
    page = page.replace(b"</h1>", b"</h1><span class='src'>profile source</span>", 1)
    record = extract_article(page, None, None, profile.selectors)
    assert record.source == "profile source"
    assert record.title == "全力以赴拼经济抓投资 奋力冲刺“开门红”"  # generic rule after a miss
    assert record.selector_misses == ["title"]


def test_the_readme_example_profile_loads(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Adding a portal.*?```toml\n(.*?)```", readme, re.S).group(1)
    name = re.search(r'^name = "(\w+)"', block, re.M).group(1)
    profile = load_profile(name, write(tmp_path, block, name))
    assert profile.start_urls and profile.region.county
    assert profile.politeness.download_delay is not None
    assert profile.selectors.names()


def test_every_key_a_profile_may_have_is_a_field_of_its_dataclasses(tmp_path):
    text = PROFILE.replace("[region]", 'allow_private = true\nevery = "6h"\n\n[region]')
    profile = load_profile("demo_county", write(tmp_path, text))
    assert profile.allow_private and profile.every_delta.total_seconds() == 6 * 3600
    with pytest.raises(ProfileError, match=r"\[region\]: unknown key\(s\) town"):
        load_profile(
            "demo_county", write(tmp_path, PROFILE.replace("[region]", '[region]\ntown = "x"'))
        )
    with pytest.raises(ProfileError, match="every: not a duration"):
        load_profile("demo_county", write(tmp_path, 'every = "often"\n' + PROFILE))
