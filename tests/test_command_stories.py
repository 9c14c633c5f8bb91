"""scrapy stories: rebuild and list, through a subprocess as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive import open_archive

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "今年，颍川县计划新改建农村公路120公里，实施危桥改造8座，安装安全防护设施30公里，进一步完善县乡村三级路网。\n"
    "县交通运输局实行“一路一档”管理，对每个项目明确责任人和完工时限，施工期间派驻质量监督人员全程盯守，确保工程质量。\n"
    "目前，全县已实现所有具备条件的行政村通硬化路、通客车，城乡公交一体化覆盖率达到100%。"
)
OTHER = (
    "小麦进入抽穗扬花期，也是病虫害防控的关键窗口期。3月2日，颍川县召开小麦“一喷三防”工作推进会，对统防统治工作进行再部署。\n"
    "今年，县财政安排专项资金1200万元，对全县小麦实施“一喷三防”全覆盖，重点防控条锈病、赤霉病和蚜虫，同时防干热风、防早衰。"
)


def scrapy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "stories", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def archive(tmp_path) -> str:
    path = str(tmp_path / "archive.db")
    db = open_archive(path)
    rows = [
        (1, 1, "颍川县农村公路建设提速", TEXT, "2024-03-05T09:00:00+08:00"),
        (2, 2, "农村公路建设提速增效", "来源：颍川融媒\n" + TEXT, "2024-03-05T15:30:00+08:00"),
        (3, 2, "小麦一喷三防", OTHER, "2024-03-06"),
    ]
    with db.atomic():
        db.execute("insert into sites (id, name) values (1, 'yingchuan'), (2, 'xuchang')")
        db.conn.executemany(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash,"
            " published_at) values (?, 'u' || ?, 'u' || ?, ?, ?, ?, '', ?)",
            [(i, i, i, site, title, body, when) for i, site, title, body, when in rows],
        )
    db.conn.close()
    return path


def test_rebuild_prints_counts(archive):
    result = scrapy("--rebuild", "-s", f"ARCHIVE={archive}")
    assert result.returncode == 0, result.stderr
    assert "articles: 3" in result.stdout
    assert "stories: 2" in result.stdout
    assert "stories with reprints: 1 (2 articles; largest 2)" in result.stdout


def test_list_prints_the_largest_stories(archive):
    assert scrapy("--rebuild", "-s", f"ARCHIVE={archive}").returncode == 0
    result = scrapy("-s", f"ARCHIVE={archive}")
    assert result.returncode == 0, result.stderr
    assert (
        "story 1: 2 articles on 2 sites, first 2024-03-05T09:00:00+08:00 by yingchuan:"
        " 颍川县农村公路建设提速" in result.stdout
    )


def test_a_fresh_archive_has_its_story_tables_and_no_story(tmp_path):
    path = str(tmp_path / "fresh.db")
    db = open_archive(path)  # the migrations create the story tables
    db.conn.close()
    result = scrapy("-s", f"ARCHIVE={path}")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("content", [None, b"not a database at all" * 100])
def test_bad_or_missing_archive_is_one_line_and_exit_2(tmp_path, content):
    path = tmp_path / "archive.db"
    if content is not None:
        path.write_bytes(content)
    result = scrapy("--rebuild", "-s", f"ARCHIVE={path}")
    assert result.returncode == 2
    assert result.stderr.startswith("scrapy stories: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
