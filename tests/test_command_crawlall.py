"""`scrapy crawlall` crawls the sites that are due, once each; `scrapy report` watches."""

from __future__ import annotations

import sqlite3

from scrapers.scheduling import SiteLock
from tests.conftest import FAST, scrapy_command


def profiles(folder, base: str) -> None:
    folder.mkdir()
    for name, every in (("a", "6h"), ("b", "6h"), ("c", None)):
        line = f'every = "{every}"\n' if every else ""
        (folder / f"{name}.toml").write_text(f'start_urls = ["{base}/"]\n{line}', "utf-8")


def test_crawlall_runs_due_sites_once(demo_portal, tmp_path):
    base, _, _ = demo_portal
    sites, archive, locks = tmp_path / "sites", tmp_path / "a.db", tmp_path / "locks"
    profiles(sites, base)
    common = (
        "-s",
        f"ARCHIVE={archive}",
        "-s",
        f"SITES_DIR={sites}",
        "-s",
        f"LOCKS_DIR={locks}",
        *FAST,
    )
    held = SiteLock(locks, "b")
    assert held.acquire()  # as if another run were crawling b right now
    first = scrapy_command("crawlall", *common)
    held.release()
    assert first.returncode == 0, first.stderr[-2000:]
    assert "a: crawling (never crawled)" in first.stdout
    assert "b: due, but being crawled already" in first.stdout
    assert "c: not due (no `every` in its profile)" in first.stdout
    with sqlite3.connect(archive) as db:
        assert db.execute(
            "select s.name, count(*) from crawls c join sites s on s.id = c.site_id group by 1"
        ).fetchall() == [("a", 1)]
    second = scrapy_command("crawlall", *common)
    assert "a: not due (next crawl after" in second.stdout
    assert "b: crawling (never crawled)" in second.stdout
    report = scrapy_command("report", "--since", "1d", "-s", f"ARCHIVE={archive}")
    assert report.returncode == 0
    assert report.stdout.splitlines()[0].startswith("a: last crawl")
    assert "59 new articles" in report.stdout


def test_report_flags_failing_and_silent_sites(tmp_path):
    from archive import open_archive

    db = open_archive(str(tmp_path / "a.db"))
    for name in ("broken", "silent"):
        db["sites"].insert({"name": name})
    rows = [
        (1, "2030-01-01T00:00:00+00:00", "failed", 3, 0, 3, 0),
        (1, "2030-01-02T00:00:00+00:00", "failed", 3, 0, 3, 0),
        (2, "2030-01-02T00:00:00+00:00", "finished", 40, 0, 0, 0),
    ]
    for site_id, started, status, pages, new, errors, known in rows:
        db["crawls"].insert(
            {
                "site_id": site_id,
                "started_at": started,
                "status": status,
                "pages": pages,
                "articles_new": new,
                "articles_updated": 0,
                "articles_unchanged": 0,
                "errors": errors,
                "known_links": known,
            }
        )
    db.close()
    out = scrapy_command("report", "-s", f"ARCHIVE={tmp_path / 'a.db'}").stdout
    assert "WARNING: the last 2 crawls failed or mostly failed" in out
    assert "has the portal changed its layout?" in out


def test_crawlall_on_two_machines_shares_each_due_site(demo_portal, redis_prefix, tmp_path):
    """Scaled out: every worker machine runs crawlall; the site's last run start is in
    Redis, and a machine that finds a site's run going joins it."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    base, _, _ = demo_portal
    url, prefix = redis_prefix
    sites, archive = tmp_path / "sites", tmp_path / "a.db"
    sites.mkdir()
    (sites / "a.toml").write_text(f'start_urls = ["{base}/"]\nevery = "6h"\n', "utf-8")
    (sites / "c.toml").write_text(f'start_urls = ["{base}/"]\n', "utf-8")
    redis_args = ("-s", f"REDIS_URL={url}", "-s", f"REDIS_PREFIX={prefix}")
    common = (*redis_args, "-s", f"SITES_DIR={sites}", "-s", "REDIS_HEARTBEAT=1", *FAST)

    def machine(n: int) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawlall", *common,
             "-s", f"LOCKS_DIR={tmp_path / f'locks{n}'}", "-s", "DOWNLOAD_DELAY=0.05"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    machines = [machine(1), machine(2)]
    outs = [m.communicate(timeout=180) for m in machines]
    for m, (out, err) in zip(machines, outs, strict=True):
        assert m.returncode == 0, err[-2000:]
        assert "a: crawling (" in out
        assert "c: not due (no `every` in its profile)" in out
    writer = scrapy_command("archive-writer", "--until-idle", "1s", *redis_args,
                            "-s", f"ARCHIVE={archive}")  # fmt: skip
    assert writer.returncode == 0, writer.stderr[-2000:]
    with sqlite3.connect(archive) as db:
        assert db.execute("select count(*), count(distinct url_key) from articles").fetchone() == (
            59,
            59,
        )
        assert db.execute("select count(*) from crawls").fetchone() == (2,)
    again = scrapy_command("crawlall", *common, "-s", f"LOCKS_DIR={tmp_path / 'locks3'}")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "a: not due (next crawl after" in again.stdout
    report = scrapy_command("report", "-s", f"ARCHIVE={archive}")
    assert "1 crawls, 59 new articles" in report.stdout  # the two workers' run is one crawl
    assert "WARNING" not in report.stdout
