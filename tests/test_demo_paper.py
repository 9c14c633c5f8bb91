"""demo.paper, the demo's digital edition (数字报), and its crawl end to end: every issue
reached (through 上一期 and 往期回顾), every article archived once with its edition
fields, and the issue window."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo.paper import build_paper
from scrapers.extract.cms import edition_day
from tests.conftest import FAST, scrapy_command


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def crawl(base: str, archive: Path, *extra: str):
    proc = scrapy_command(
        "crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}", *FAST, *extra
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def test_the_edition_is_served_as_founder_publishes_it(demo_paper):
    base, facts, _ = demo_paper
    home = fetch(base + "/")
    assert "<a " not in home and "window.location.href" in home  # sent on by script only
    assert len(facts["issues"]) == 5 and facts["latest_issue"] == facts["issues"][-1]["date"]
    for issue in facts["issues"]:
        assert 3 <= len(issue["pages"]) <= 4
        for page in issue["pages"]:
            assert edition_day(base + page["url"]) == ("page", issue["date"])
            html = fetch(base + page["url"])
            assert f"第{page['no']}版：{page['name']}" in html and "往期回顾" in html
            assert all(f'href="{url}"' in html for url in page["articles"])
    kinds = {(a["kicker"] is not None, a["subtitle"] is not None) for a in facts["articles"]}
    assert kinds == {(True, True), (True, False), (False, True), (False, False)}
    essays = [a for a in facts["articles"] if a["paragraphs"][0] == a["paragraphs"][0]]
    assert any(fetch(base + a["url"]).count("□ ") for a in essays)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(base + "/expected.json", timeout=10)


def test_the_build_is_deterministic(demo_paper, tmp_path):
    build_paper(tmp_path / "again")
    first, again = Path(demo_paper[2]), tmp_path / "again"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)


@pytest.fixture(scope="module")
def paper_crawl(demo_paper, tmp_path_factory):
    base, facts, _ = demo_paper
    archive = tmp_path_factory.mktemp("paper") / "archive.db"
    return base, facts, archive, crawl(base, archive)


def test_every_edition_article_is_archived_once_with_its_fields(paper_crawl):
    base, facts, archive, proc = paper_crawl
    with sqlite3.connect(archive) as db:
        rows = db.execute(
            "select url, kicker, title, subtitle, edition_date, page_no, page_name,"
            " published_at, date_source, author, body from articles"
        ).fetchall()
        sections = dict(db.execute("select section, count(*) from articles group by 1"))
        errors = db.execute("select url, reason from fetch_errors").fetchall()
        dropped = db.execute("select url, reason from dropped").fetchall()
    assert len(rows) == len({r[0] for r in rows}) == facts["article_count"] == 29
    expected = {base + a["url"]: a for a in facts["articles"]}
    for url, kicker, title, subtitle, day, no, name, published, source, author, body in rows:
        want = expected[url]
        assert (kicker, title, subtitle) == (want["kicker"], want["title"], want["subtitle"])
        assert (day, no, name) == (want["edition_date"], want["page_no"], want["page_name"])
        assert (published, source) == (want["published_at"], "edition")
        assert json.loads(author) == want["author"], url
        assert all(p in body for p in want["paragraphs"])
        assert not any(h and h in body for h in (kicker, subtitle))
    assert errors == [] and dropped == []  # content_ID.htm?div=-1 is not fetched again
    pages = {}
    for a in facts["articles"]:  # the page a newspaper article is printed on is its section
        pages[a["page_name"]] = pages.get(a["page_name"], 0) + 1
    assert sections == pages
    # The issues before the one whose 上一期 is no link came through 往期回顾 and the
    # month's period.xml (that of the month before is not there: no error).
    assert "'portal/edition/calendars': 2" in proc.stderr
    assert any(a["edition_date"] < facts["no_previous_link"] for a in facts["articles"])


def test_the_issue_window(demo_paper, tmp_path):
    base, facts, _ = demo_paper
    archive = tmp_path / "archive.db"
    proc = crawl(base, archive, "-s", "EDITION_DAYS=3")  # 03-10 and 03-08, not 03-06
    with sqlite3.connect(archive) as db:
        days = dict(db.execute("select edition_date, count(*) from articles group by 1"))
    want = {}
    for a in facts["articles"]:
        if a["edition_date"] >= "2023-03-08":
            want[a["edition_date"]] = want.get(a["edition_date"], 0) + 1
    assert days == want and set(want) == {"2023-03-08", "2023-03-10"}
    assert "portal/edition/outside_window" in proc.stderr


def test_a_second_crawl_fetches_no_article_again(paper_crawl):
    base, facts, archive, _ = paper_crawl
    proc = crawl(base, archive)
    assert "'response_received_count': 7" in proc.stderr  # the first asked for 53
    assert "'portal/articles'" not in proc.stderr  # only the edition's pages, as lists
    assert "'portal/known_skipped'" in proc.stderr and "'portal/paging_stopped'" in proc.stderr
    # The lists of issues are not read again: new issues come through 上一期.
    assert "'portal/calendars_skipped'" in proc.stderr
    assert "portal/edition/calendars" not in proc.stderr
    with sqlite3.connect(archive) as db:
        assert db.execute("select count(*) from articles").fetchone() == (facts["article_count"],)
