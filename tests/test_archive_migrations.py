"""archive.migrations: the schema, applied once, in order, each migration whole."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from archive import migrate, open_archive
from archive.migrations import migrations


def test_a_new_archive_has_every_migration_once(tmp_path):
    db = open_archive(tmp_path / "a.db")
    applied = [r[0] for r in db.execute("select name from _sqlite_migrations order by id")]
    assert applied == [m.name for m in migrations._migrations]
    assert migrate(db) == []  # nothing pending the second time
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert {"articles", "crawls", "stories", "story_reprints", "writer_state"} <= set(
        db.table_names() + db.view_names()
    )


def test_an_old_archive_is_brought_up_to_date_and_its_stories_backfilled(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m008_stories")  # an archive of an earlier version
    db.execute("insert into sites (id, name) values (1, 'x')")
    body = "县里召开经济运行分析会，部署全年重点工作，会议要求各乡镇抓好项目建设和招商引资。" * 4
    for n in (1, 2):
        db.execute(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash)"
            " values (?, ?, ?, 1, '标题', ?, 'h')",
            [n, f"http://x.cn/{n}", f"x.cn/{n}", body + ("" if n == 1 else "（完）")],
        )
    db.conn.commit()
    names = [m.name for m in migrations._migrations]
    assert migrate(db) == names[names.index("m008_stories") :]
    assert db.execute("select count(*) from stories where article_count = 2").fetchone() == (1,)


def test_a_failed_migration_leaves_nothing_behind(tmp_path, monkeypatch):
    db = sqlite_utils.Database(tmp_path / "a.db")
    migrations.apply(db, stop_before="m009_scaled_out_crawls")
    db.execute("create table writer_state (queue text)")  # m009 will fail on it
    db.conn.commit()
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert "token" not in db["crawls"].columns_dict  # m009 rolled back whole
    assert "m009_scaled_out_crawls" not in [
        r[0] for r in db.execute("select name from _sqlite_migrations")
    ]
