"""A portal is one site in the archive, whether it was crawled by URL or by a profile."""

from __future__ import annotations

import json
import re
import sqlite3

from tests.conftest import FAST, scrapy_command


def crawl(archive, *args: str):
    proc = scrapy_command("crawl", "portal", *args, "-s", f"ARCHIVE={archive}", *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def stat(proc, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", proc.stderr)
    return int(found.group(1)) if found else 0


def profile(folder, base: str):
    folder.mkdir(exist_ok=True)
    (folder / "yingchuan.toml").write_text(
        f'name_zh = "颍川县融媒体中心"\nstart_urls = ["{base}/"]\n\n'
        '[region]\nprovince = "河南省"\ncity = "许昌市"\ncounty = "颍川县"\n',
        encoding="utf-8",
    )
    return folder


def sites(archive) -> list[tuple]:
    with sqlite3.connect(archive) as db:
        return db.execute(
            "select s.name, s.county, count(a.id) from sites s left join articles a "
            "on a.site_id = s.id group by s.id order by s.id"
        ).fetchall()


def test_a_profile_takes_over_the_site_a_url_crawl_made(demo_portal, tmp_path):
    base, facts, _ = demo_portal
    archive = tmp_path / "a.db"
    crawl(archive, "-a", f"url={base}/")
    articles = facts["article_count"] - 1  # the reprint is an alias
    host = base.split("//", 1)[1]
    assert sites(archive) == [(host, None, articles)]
    folder = profile(tmp_path / "sites", base)
    second = crawl(archive, "-a", "site=yingchuan", "-s", f"SITES_DIR={folder}")
    assert sites(archive) == [("yingchuan", "颍川县", articles)]
    assert stat(second, "portal/articles") == 0  # incremental: only lists were read
    assert stat(second, "portal/known_skipped") > 0
    # A crawl by URL of the profile's portal now joins the profile's site.
    crawl(archive, "-a", f"url={base}/")
    assert sites(archive) == [("yingchuan", "颍川县", articles)]
    with sqlite3.connect(archive) as db:
        runs = db.execute("select site_id, status, dropped_by_reason from crawls").fetchall()
    assert len(runs) == 3 and {r[0] for r in runs} == {1}
    assert all(r[1] == "finished" for r in runs)
    assert json.loads(runs[1][2] or "{}").get("DuplicateBody", 0) == 0
