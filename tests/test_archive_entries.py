"""archive.entries: what each kind of entry does to the archive, and the reprint rule at
write time (what the archive writer of a scaled-out crawl, and a crawl finding a reprint of
an article an earlier crawl archived, rely on)."""

from __future__ import annotations

from collections import Counter

import pytest

from archive import open_archive, write_entry
from archive.crawls import CrawlRecord, ensure_site, start_crawl
from core.items import Alias, CheckResult, Dropped, FetchFailure, ListDate
from tests.conftest import make_article_item


class Stats(Counter):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


@pytest.fixture
def crawl(tmp_path):
    db = open_archive(tmp_path / "a.db")
    site = ensure_site(db, "x")
    record = CrawlRecord(site, start_crawl(db, site, "2023-02-01T00:00:00+00:00"))
    return db, record


def write(db, record, entry, stats=None) -> str:
    with db.atomic():
        return write_entry(
            db, entry, record, keep_pages=False, stats=Stats() if stats is None else stats
        )


def test_an_archived_body_under_another_url_is_an_alias(crawl):
    db, record = crawl
    first = make_article_item("http://www.x.gov.cn/a/1.html", body="同一篇。\n正文。")
    assert write(db, record, first) == "new"
    stats = Stats()
    again = make_article_item("http://www.x.gov.cn/b/9.html", body="同一篇。 正文。")
    assert write(db, record, again, stats) == "reprint"
    assert db.execute("select count(*) from articles").fetchone() == (1,)
    assert db.execute("select url from article_urls order by url").fetchall() == [
        ("http://www.x.gov.cn/a/1.html",),
        ("http://www.x.gov.cn/b/9.html",),
    ]
    assert db.execute("select reason from dropped").fetchall() == [("DuplicateBody",)]
    assert record.counts.dropped == {"DuplicateBody": 1} and stats["archive/reprints"] == 1
    # The article itself, fetched again, is unchanged, not a reprint of itself.
    assert write(db, record, first) == "unchanged"


def test_a_reprint_keeps_its_own_headline_section_and_date(crawl):
    db, record = crawl
    write(db, record, make_article_item("http://www.x.gov.cn/a/1.html", body="同一篇。"))
    reprint = make_article_item("http://www.x.gov.cn/b/9.html", body="同一篇。",
                                title="转载：县里开会", breadcrumbs=["首页", "要闻"],
                                published_at="2023-01-30")  # fmt: skip
    assert write(db, record, reprint) == "reprint"
    # Met again later, through a page that gives it less, it keeps what it had.
    write(db, record, Alias("http://www.x.gov.cn/b/9.html", "x.gov.cn/a/1.html", "t"))
    row = db.execute(
        "select title, section, published_at from article_urls where url like '%/b/9.html'"
    ).fetchone()
    assert row == ("转载：县里开会", "要闻", "2023-01-30")


def test_the_same_text_on_another_site_is_its_own_article(crawl):
    db, record = crawl
    write(db, record, make_article_item("http://www.x.gov.cn/a/1.html", site="x"))
    other = ensure_site(db, "y")
    elsewhere = CrawlRecord(other, start_crawl(db, other, "2023-02-01T00:00:00+00:00"))
    assert (
        write(db, elsewhere, make_article_item("http://www.y.gov.cn/a/1.html", site="y")) == "new"
    )


def test_every_kind_of_entry(crawl):
    db, record = crawl
    url = "http://www.x.gov.cn/a/1.html"
    write(db, record, make_article_item(url, published_at=None))
    assert write(db, record, ListDate("x", url, "2023-01-20", "2023-01-20")) == "list_date"
    assert write(db, record, CheckResult("x", url, True, 404, "HTTP 404", "t")) == "removed"
    failure = FetchFailure("x", "http://www.x.gov.cn/gone.html", 404, "HTTP 404", "t")
    assert write(db, record, failure) == "fetch_error"
    assert write(db, record, Dropped(url, "NotAnArticle", "a list", "t")) == "dropped"
    alias = Alias("http://m.x.gov.cn/a/1.html?from=timeline", "x.gov.cn/a/1.html", "t")
    assert write(db, record, alias) == "alias"
    row = db.execute("select published_at, removed_status from articles").fetchone()
    assert row == ("2023-01-20", 404)
    assert (record.counts.errors, record.counts.dropped) == (1, {"NotAnArticle": 1})
    with pytest.raises(TypeError, match="not an archive entry"):
        write(db, record, object())


def test_a_list_date_moves_the_origin_of_the_story(crawl):
    db, record = crawl
    text = ("今年，颍川县计划新改建农村公路120公里，实施危桥改造8座，安装安全防护设施30公里，"
            "进一步完善县乡村三级路网。\n县交通运输局实行“一路一档”管理，对每个项目明确责任人和"
            "完工时限，施工期间派驻质量监督人员全程盯守，确保工程质量。\n目前，全县已实现所有具备"
            "条件的行政村通硬化路、通客车，城乡公交一体化覆盖率达到100%。")  # fmt: skip
    write(db, record, make_article_item("http://www.x.gov.cn/a/1.html", body=text,
                                        published_at="2024-03-05"))  # fmt: skip
    other = ensure_site(db, "y")
    elsewhere = CrawlRecord(other, start_crawl(db, other, "2024-03-06T00:00:00+00:00"))
    undated = make_article_item("http://www.y.gov.cn/b/2.html", body=text + "（完）", site="y",
                                published_at=None)  # fmt: skip
    write(db, elsewhere, undated)
    origin = "select a.url, s.first_published_at from stories s join articles a on a.id = s.first_article_id"
    assert db.execute(origin).fetchone() == ("http://www.x.gov.cn/a/1.html", "2024-03-05")
    write(db, elsewhere, ListDate("y", undated.url, "2024-03-01", "2024-03-01"))
    assert db.execute(origin).fetchone() == ("http://www.y.gov.cn/b/2.html", "2024-03-01")
