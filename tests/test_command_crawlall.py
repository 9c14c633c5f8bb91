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
    assert "76 new articles" in report.stdout


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
            76,
            76,
        )
        assert db.execute("select count(*) from crawls").fetchone() == (2,)
    again = scrapy_command("crawlall", *common, "-s", f"LOCKS_DIR={tmp_path / 'locks3'}")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "a: not due (next crawl after" in again.stdout
    report = scrapy_command("report", "-s", f"ARCHIVE={archive}")
    assert "1 crawls, 76 new articles" in report.stdout  # the two workers' run is one crawl
    assert "WARNING" not in report.stdout


def schedule(tmp_path, rows):
    """An archive with site a (every 6h) and these crawls rows: (started, kind, status,
    reason); sites/a.toml for it."""
    from archive import open_archive

    sites = tmp_path / "sites"
    sites.mkdir(exist_ok=True)
    (sites / "a.toml").write_text('start_urls = ["http://127.0.0.1:9/"]\nevery = "6h"\n', "utf-8")
    db = open_archive(str(tmp_path / "a.db"))
    site = db["sites"].insert({"name": "a", "base_url": "http://127.0.0.1:9/"}).last_pk
    for started, kind, status, reason in rows:
        db["crawls"].insert({"site_id": site, "started_at": started, "kind": kind,
                             "status": status, "finish_reason": reason, "pages": 5})  # fmt: skip
    db.conn.commit()
    db.close()
    return ("-s", f"ARCHIVE={tmp_path / 'a.db'}", "-s", f"SITES_DIR={sites}",
            "-s", f"LOCKS_DIR={tmp_path / 'locks'}")  # fmt: skip


def test_only_a_completed_crawl_moves_the_schedule(tmp_path):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    ago = lambda hours: (now - timedelta(hours=hours)).isoformat(timespec="seconds")  # noqa: E731
    common = schedule(tmp_path, [
        (ago(24), "crawl", "finished", "finished"),
        (ago(1), "crawl", "interrupted", "shutdown"),  # Ctrl-C: the site stays due
        (ago(0.5), "recheck", "finished", "finished"),  # never moves the schedule
    ])  # fmt: skip
    proc = scrapy_command("crawlall", "--dry-run", *common)
    assert proc.returncode == 0, proc.stderr
    assert (
        f"a: crawling (last completed crawl started {ago(24)[:16].replace('T', ' ')}" in proc.stdout
    )


def test_a_crawl_stopped_on_purpose_counts(tmp_path):
    from datetime import UTC, datetime, timedelta

    started = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    common = schedule(tmp_path, [(started, "crawl", "closespider_timeout", "closespider_timeout")])
    proc = scrapy_command("crawlall", "--dry-run", *common)
    assert "a: not due (next crawl after" in proc.stdout


def test_a_killed_crawl_is_not_shown_running(tmp_path):
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    common = schedule(tmp_path, [])
    code = (
        "from archive import open_archive, running; from archive.crawls import start_crawl;"
        f"db = open_archive({str(tmp_path / 'a.db')!r});"
        "cid = start_crawl(db, 1, '2030-01-01T00:00:00+00:00');"
        f"lock = running.hold({str(tmp_path / 'a.db')!r}, cid); db.conn.commit();"
        "print('running', flush=True); import time; time.sleep(60)"
    )
    crawl = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert crawl.stdout.readline().strip() == "running"
    report = scrapy_command("report", "-s", f"ARCHIVE={tmp_path / 'a.db'}")
    assert "running" in report.stdout  # alive: its lock is held
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()
    report = scrapy_command("report", "-s", f"ARCHIVE={tmp_path / 'a.db'}")
    assert "killed" in report.stdout and "running" not in report.stdout, report.stdout
    proc = scrapy_command("crawlall", "--dry-run", *common)
    assert "a: crawling (never crawled)" in proc.stdout  # a killed crawl did not complete
    with sqlite3.connect(tmp_path / "a.db") as db:
        assert db.execute("select status from crawls").fetchall() == [("killed",)]


def test_crawlall_says_so_in_its_exit_status_when_a_site_is_skipped(tmp_path):
    common = schedule(tmp_path, [])
    (tmp_path / "sites" / "broken.toml").write_text("every = 6\n", "utf-8")
    proc = scrapy_command("crawlall", "--dry-run", *common)
    assert proc.returncode == 1
    assert "broken: skipped" in proc.stderr and "a: crawling" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "scrapy crawlall: error: sites skipped: broken"
