"""demo.city: the demo's second portal, which reprints a county story under its own
headline, section and date; crawled beside the county's, the two are one story."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

from demo.city import build_city, reprinted
from scrapers.extract.cms import ARTICLE_URL
from tests.conftest import FAST, scrapy_command


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_the_reprint_is_a_county_story_a_day_later(demo_portal, demo_city):
    county, (_, city, _) = demo_portal[1], demo_city
    (reprint,) = [a for a in city["articles"] if a["reprint_of"]]
    original = next(a for a in county["articles"] if a["url"] == reprint["reprint_of"])
    assert original == reprinted(county)
    assert reprint["paragraphs"] == original["paragraphs"]
    assert reprint["title"] != original["title"] and reprint["title"].startswith("颍川县：")
    assert reprint["breadcrumbs"][-1] != original["breadcrumbs"][-1]
    assert reprint["published_at"] > original["published_at"]
    assert reprint["source"] == county["site"]
    # The city's own stories are none of the county's.
    county_text = {p for a in county["articles"] for p in a["paragraphs"]}
    own = [a for a in city["articles"] if not a["reprint_of"]]
    assert own and not any(set(a["paragraphs"]) & county_text for a in own)


def test_every_article_is_listed_and_served(demo_city):
    base, facts, _ = demo_city
    home = fetch(base + "/index.html")
    for article in facts["articles"]:
        assert ARTICLE_URL.search(article["url"]), article["url"]  # EmpireCMS's shape
        assert f'href="{article["url"]}"' in home
        page = fetch(base + article["url"])
        assert article["paragraphs"][0] in page and f"来源：{article['source']}" in page
    try:
        urllib.request.urlopen(base + "/expected.json", timeout=10)
        raise AssertionError("the facts are served")
    except urllib.error.HTTPError as error:
        assert error.code == 404


def test_the_build_is_deterministic(demo_portal, demo_city, tmp_path):
    build_city(tmp_path / "again", demo_portal[1])
    first, again = Path(demo_city[2]), tmp_path / "again"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert json.loads((again / "expected.json").read_text())["article_count"] == len(
        demo_city[1]["articles"]
    )


def test_crawled_beside_the_county_the_reprint_is_a_story(demo_portal, demo_city, tmp_path):
    archive = tmp_path / "archive.db"
    for base in (demo_portal[0], demo_city[0]):
        proc = scrapy_command("crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}",
                              *FAST)  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
    (reprint,) = [a for a in demo_city[1]["articles"] if a["reprint_of"]]
    with sqlite3.connect(archive) as db:
        rows = db.execute(
            "select o.url, r.url, r.title, r.section, r.published_at, s.delay_hours"
            " from story_reprints s join articles o on o.id = s.origin_article_id"
            " join articles r on r.id = s.reprint_article_id"
        ).fetchall()
    (row,) = rows
    assert row[:5] == (
        demo_portal[0] + reprint["reprint_of"],
        demo_city[0] + reprint["url"],
        reprint["title"],
        reprint["breadcrumbs"][-1],
        reprint["published_at"],
    )
    assert 24 < row[5] < 30  # a day and a few hours after the county published it
