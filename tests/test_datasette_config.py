"""Datasette on a crawled demo archive, configured as `make browse` runs it."""

from __future__ import annotations

import asyncio
import html
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from datasette_dashboards import replace_opts_in_query

from archive.search import ensure_search_tables, rebuild_search
from plugins.archive_metadata import HIDDEN, QUERIES
from plugins.article_view import shown_time
from tests.conftest import FAST, ROOT, scrapy_command

PLUGINS = ROOT / "plugins"
METADATA = ROOT / "datasette-metadata.yml"
#: Parameters for saved queries that have some.
PARAMS = {"search": {"q": "经济"}, "failed_crawls": {"days": "36500"}}


def enrich(path: Path, city: str) -> None:
    """Add what a first crawl lacks: a removed and a revised article, a failed crawl (of
    the city portal, site ``city``)."""
    db = sqlite_utils.Database(path)
    site = db.execute("select id from sites where name = ?", [city]).fetchone()[0]
    removed, revised = (r[0] for r in db.execute("select id from articles order by id limit 2"))
    db.execute(
        "update articles set removed_at = '2024-01-01T00:00:00+00:00', removed_status = 404,"
        " removed_reason = 'HTTP 404' where id = ?",
        [removed],
    )
    db["article_versions"].insert(
        {"article_id": revised, "version": 1, "title": "旧标题", "body": "旧正文",
         "fetched_at": "2024-01-02T00:00:00+00:00", "changed": '["title", "body"]'}
    )  # fmt: skip
    db["crawls"].insert(
        {"site_id": site, "started_at": "2024-01-03T00:00:00+00:00", "status": "interrupted",
         "finish_reason": "shutdown", "pages": 10, "errors": 9}
    )  # fmt: skip
    db.close()


@pytest.fixture(scope="module")
def city(demo_city) -> str:
    """The site name of the demo's city portal, crawled by URL (its host)."""
    return demo_city[0].removeprefix("http://")


@pytest.fixture(scope="module")
def archive(demo_portal, demo_city, city, tmp_path_factory) -> Path:
    """A crawl of the demo's county portal and then of its city portal (one of whose
    articles reprints a county story), enriched (:func:`enrich`)."""
    path = tmp_path_factory.mktemp("browse") / "archive.db"
    for base in (demo_portal[0], demo_city[0]):
        proc = scrapy_command("crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={path}",
                              *FAST)  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
    enrich(path, city)
    return path


def make_datasette(*paths: Path) -> Datasette:
    """Datasette as `make browse` builds it."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return Datasette(
        [str(p) for p in paths],
        metadata=metadata,
        plugins_dir=str(PLUGINS),
        template_dir=str(PLUGINS / "templates"),
    )


@pytest.fixture(scope="module")
def ds(archive) -> Datasette:
    return make_datasette(archive)


def get(ds: Datasette, path: str):
    """GET in-process (no pytest-asyncio here: one event loop per request)."""
    return asyncio.run(ds.client.get(path))


def sql(archive: Path, query: str, *args) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        return conn.execute(query, args).fetchall()


def test_configuration_loads(ds):
    plugins = {p["name"] for p in get(ds, "/-/plugins.json").json()}
    assert {"archive_metadata.py", "article_view.py", "han_search.py"} <= plugins
    assert "datasette-dashboards" in plugins
    assert get(ds, "/-/metadata.json").json()["title"].startswith("rongmei")
    assert get(ds, "/").status_code == 200


def test_make_browse_runs_datasette_with_the_configuration(archive, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(archive, other)
    dry = subprocess.run(
        ["make", "-n", "browse", f"ARCHIVE={other}", "PORT=8002"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in dry.splitlines() if "datasette " in x)
    assert str(other) in line and "--port 8002" in line
    assert "--plugins-dir plugins" in line and "-m datasette-metadata.yml" in line
    command = [
        *line.split(),
        "--get",
        "/other/articles.json?_shape=array&_size=max&_search=" + quote("颍川"),
    ]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    expected = sql(archive, "select id from articles where title || body like '%颍川%'")
    assert sorted(r["id"] for r in json.loads(proc.stdout)) == sorted(r[0] for r in expected)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_saved_query_runs_and_finds_rows(ds, name):
    params = "".join(f"&{k}={quote(v)}" for k, v in PARAMS.get(name, {}).items())
    response = get(ds, f"/archive/{name}.json?_shape=objects{params}")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data.get("ok", True), data
    assert data["rows"], name
    assert get(ds, f"/archive/{name}?{params}").status_code == 200


def test_saved_queries_are_listed(ds):
    listed = {q["name"] for q in get(ds, "/archive.json").json()["queries"]}
    assert listed == set(QUERIES)


def test_saved_queries_with_blank_parameters(ds):
    for name in QUERIES:
        response = get(ds, f"/archive/{name}.json?_shape=objects")
        assert response.status_code == 200, (name, response.text)


def test_story_reprints_query_shows_the_delay(ds, archive, city):
    rows = get(ds, "/archive/story_reprints.json?_shape=array").json()
    assert len(rows) == 1
    assert rows[0]["reprint_site"] == city and rows[0]["delay_hours"] > 0
    story = rows[0]["story_id"]
    one = get(ds, f"/archive/story_reprints.json?_shape=array&story_id={story}").json()
    assert one == rows
    assert get(ds, "/archive/story_reprints.json?_shape=array&story_id=99999").json() == []


def test_ranked_search_query(ds, archive):
    expected = {
        r[0] for r in sql(archive, "select id from articles where title || body like '%经济%'")
    }
    rows = get(ds, "/archive/search.json?_shape=array&q=" + quote("经济")).json()
    assert {r["id"] for r in rows} == expected
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    with_body = [r for r in rows if "【经济】" in r["snippet"]]
    assert with_body and all(len(r["snippet"]) < 130 for r in rows)
    three = get(ds, "/archive/search.json?_shape=array&q=" + quote("颍川县 经济")).json()
    assert three and {r["id"] for r in three} <= expected


@pytest.mark.parametrize("word", ["颍川", "经济"])
def test_search_box_finds_a_two_character_word(ds, archive, word):
    expected = sql(
        archive,
        "select id, title from articles where title || body like ? order by id",
        f"%{word}%",
    )
    assert expected
    rows = get(ds, f"/archive/articles.json?_shape=array&_size=max&_search={quote(word)}").json()
    assert sorted((r["id"], r["title"]) for r in rows) == expected
    page = get(ds, f"/archive/articles?_size=max&_search={quote(word)}")
    assert page.status_code == 200
    assert f'value="{word}"' in page.text
    # Each title links to its article's page.
    shown = re.findall(
        r'<td class="col-title[^"]*"><a href="/archive/articles/\d+">([^<]*)</a></td>', page.text
    )
    assert sorted(html.unescape(t) for t in shown) == sorted(title for _, title in expected)


def test_hidden_tables_are_hidden(ds, archive):
    tables = {t["name"]: t["hidden"] for t in get(ds, "/archive.json").json()["tables"]}
    present = set(HIDDEN) & set(tables)
    assert {"pages", "articles_search", "articles_search_fts", "story_bands"} <= present
    assert all(tables[name] for name in present)
    assert not tables["articles"] and not tables["stories"]
    page = get(ds, "/archive").text
    for name in present:
        assert f'href="/archive/{name}"' not in page


def test_facets_sort_and_descriptions(ds, city):
    data = get(ds, "/archive/articles.json?_size=1").json()
    assert set(data["facet_results"]) == {
        "site_id", "source", "section", "published_month", "published_day"
    }  # fmt: skip
    assert "sorted by published_at descending" in data["human_description_en"]
    sites = {r["label"] for r in data["facet_results"]["site_id"]["results"]}
    assert len(sites) == 2 and city in sites  # the crawl names its site by host
    page = get(ds, "/archive/articles").text
    assert "文章：每篇文章一行" in page and "Articles: one row per article" in page
    assert 'data-column-description="来源 · source (the 来源 line)"' in page


def test_article_page_has_paragraphs_and_links(ds, archive):
    article_id, url, body, story = sql(
        archive,
        "select id, url, body, story_id from articles where story_id in"
        " (select story_id from story_reprints) order by id limit 1",
    )[0]
    page = get(ds, f"/archive/articles/{article_id}")
    assert page.status_code == 200
    title = sql(archive, "select title from articles where id = ?", article_id)[0][0]
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in page.text
    text = page.text.split('<div class="body">')[1].split("</div>")[0]
    paragraphs = [html.unescape(p) for p in re.findall(r"<p>([^<]*)</p>", text)]
    assert paragraphs == [line.strip() for line in body.splitlines() if line.strip()]
    assert len(paragraphs) > 1
    assert f'<a href="{url}" target="_blank"' in page.text
    assert f'href="/archive/story_reprints?story_id={story}"' in page.text
    other = sql(
        archive, "select id from articles where story_id = ? and id != ?", story, article_id
    )
    assert other and all(f'href="/archive/articles/{o}"' in page.text for (o,) in other)
    assert f'href="/archive/articles/{article_id}?_full=1"' in page.text
    full = get(ds, f"/archive/articles/{article_id}?_full=1")  # Datasette's own row page
    assert full.status_code == 200 and '<td class="col-body' in full.text


def test_table_view_truncates_bodies(ds, archive):
    longest = sql(archive, "select max(length(body)) from articles")[0][0]
    page = get(ds, "/archive/articles?_size=max").text
    cells = re.findall(r'<td class="col-body[^"]*">([^<]*)</td>', page)
    assert cells and max(len(c) for c in cells) <= 121 < longest
    assert "<p>" not in page.split("<tbody>")[1].split("</tbody>")[0]


def test_dashboard_of_articles_over_time(ds, archive, city, demo_city):
    page = get(ds, "/-/dashboards/archive")
    assert page.status_code == 200 and "articles over time" in page.text
    config = ds.plugin_config("datasette-dashboards")["archive"]
    for chart in config["charts"].values():
        query = replace_opts_in_query(chart["query"], {})
        rows = get(ds, f"/archive.json?_shape=array&sql={quote(query)}").json()
        assert (
            rows
            and sum(r["articles"] for r in rows)
            == sql(archive, "select count(*) from articles where published_at is not null")[0][0]
        )
    one = replace_opts_in_query(config["charts"]["per-day"]["query"], {"site": city})
    rows = get(ds, f"/archive.json?_shape=array&sql={quote(one)}&site={quote(city)}").json()
    assert sum(r["articles"] for r in rows) == demo_city[1]["article_count"]


def test_minimal_archive_still_browses(tmp_path):
    """Settings name only columns a database has: an archive with articles(id, title, body)."""
    path = tmp_path / "mini.db"
    db = sqlite_utils.Database(path)
    db["articles"].insert({"id": 1, "title": "禹州钧瓷", "body": "钧瓷文化节开幕。"}, pk="id")
    ensure_search_tables(db)
    rebuild_search(db)
    db.close()
    mini = make_datasette(path)
    data = get(mini, "/mini/articles.json?_search=" + quote("钧瓷")).json()
    assert data["rows"] and data["facet_results"] == {}
    assert get(mini, "/mini/articles").status_code == 200
    assert {q["name"] for q in get(mini, "/mini.json").json()["queries"]} == set()
    assert get(mini, "/mini/story_reprints").status_code == 404
    assert get(mini, "/-/dashboards").status_code == 200


def test_article_page_shows_the_reprints_merged_into_it(ds, archive):
    ((article_id, url, title, section, published_at),) = sql(
        archive,
        "select u.article_id, u.url, u.title, u.section, u.published_at from article_urls u"
        " join articles a on a.id = u.article_id where u.url_key != a.url_key"
        " and u.page is null",
    )
    assert title and section and published_at  # the demo's reprint, merged as an alias
    page = get(ds, f"/archive/articles/{article_id}").text
    merged = page.split('<section class="aliases">')[1].split("</section>")[0]
    assert html.escape(title, quote=False) in merged and section in merged
    # Its date as a reader reads it: Beijing time, to the minute.
    assert shown_time(published_at) in merged and f'href="{html.escape(url)}"' in merged


def test_article_page_shows_attachments_recorded_by_the_crawl(ds, archive):
    rows = sql(archive, "select article_id, text, type from attachments order by article_id, id")
    assert len(rows) == 4  # the demo's government pages link four documents
    article_id = rows[0][0]
    page = get(ds, f"/archive/articles/{article_id}").text
    shown = page.split('<section class="attachments">')[1].split("</section>")[0]
    for _, text, kind in (r for r in rows if r[0] == article_id):
        assert html.escape(text, quote=False) in shown and kind in shown
    assert "已下载" not in shown  # recorded, not downloaded (ATTACHMENTS_DOWNLOAD off)


def test_an_edition_article_page_shows_its_headings_page_and_downloads(tmp_path):
    from dataclasses import replace

    from archive import articles
    from tests.conftest import archive_with_crawl, make_article_item, ready

    db, site, crawl = archive_with_crawl(tmp_path)
    item = make_article_item("http://epaper.x.cn/html/2023-03/05/content_11.htm")
    pdf = {"url": "http://epaper.x.cn/a.pdf", "text": "实施方案", "file_name": "a.pdf",
           "type": "pdf", "size": 20480, "sha1": "ab" * 20, "path": "full/ab.pdf",
           "fetched_at": "2023-03-05T01:00:00+00:00"}  # fmt: skip
    article = replace(item.article, kicker="聚焦春耕备耕", subtitle="——农技人员下沉一线",
                      edition_date="2023-03-05", page_no="02", page_name="综合",
                      attachments=[pdf])  # fmt: skip
    articles.write_article(db, ready(replace(item, article=article)), site, crawl,
                           keep_pages=False)  # fmt: skip
    db.conn.commit()
    db.close()
    page = get(make_datasette(tmp_path / "a.db"), "/a/articles/1").text
    assert '<p class="kicker">聚焦春耕备耕</p>' in page
    assert '<p class="subtitle">——农技人员下沉一线</p>' in page
    assert "2023-03-05 期 · 第02版：综合" in page
    shown = page.split('<section class="attachments">')[1].split("</section>")[0]
    assert "实施方案" in shown and "20 KB" in shown and "full/ab.pdf" in shown
