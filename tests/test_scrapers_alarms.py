"""scrapers.alarms: an alarm e-mail arrives, once, for a portal whose layout changed
between two crawls; a site not crawled for twice its schedule is mailed about by crawlall.
Against a local SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import shutil
import sqlite3
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import FAST, _free_port, scrapy_command


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def mail_settings(port: int) -> tuple[str, ...]:
    return ("-s", "MAIL_HOST=127.0.0.1", "-s", f"MAIL_PORT={port}",
            "-s", "ALARM_MAIL_TO=desk@example.org")  # fmt: skip


@pytest.fixture
def changing_portal(static_server):
    """The demo portal served from a folder the test can rewrite (a layout change)."""
    from demo.build import build

    base, folder = static_server
    build(folder / "site")
    for item in (folder / "site").iterdir():
        shutil.move(str(item), folder)
    return base, folder


def test_a_layout_change_is_mailed_once(changing_portal, smtp, tmp_path_factory):
    base, folder = changing_portal
    inbox, port = smtp
    archive = tmp_path_factory.mktemp("archive") / "a.db"
    args = ("crawl", "portal", "-a", f"url={base}/", "-s", f"ARCHIVE={archive}",
            "-s", "CONTACT=t@example.org", *mail_settings(port), *FAST)  # fmt: skip
    first = scrapy_command(*args)
    assert first.returncode == 0, first.stderr[-2000:]
    assert inbox.messages == []  # a healthy crawl raises nothing
    # The portal moves its lists into a script-built app: no link an old crawl can read.
    for page in folder.rglob("*"):
        if page.is_file():
            page.unlink() if page.suffix in (".xml", ".txt") else page.write_bytes(
                b"<html><head><title>\xe9\xa2\x8d\xe5\xb7\x9d</title></head>"
                b'<body><div id="app"></div><script src="/app.js"></script></body></html>'
            )
    second = scrapy_command(*args)
    assert second.returncode == 0
    assert "ALARM 127.0.0.1" in second.stderr and "changed its layout" in second.stderr
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.1)
    [mail] = inbox.messages
    assert mail["To"] == "desk@example.org" and "alarm" in mail["Subject"]
    assert "has the portal changed its layout?" in mail.get_payload()
    third = scrapy_command(*args)  # still broken: raised already, not mailed again
    assert third.returncode == 0 and len(inbox.messages) == 1
    with sqlite3.connect(archive) as db:
        rows = db.execute("select kind, mailed_at is not null, cleared_at from alarms").fetchall()
    assert rows == [("layout_changed", 1, None)]


def test_a_site_not_crawled_for_twice_its_schedule(smtp, tmp_path):
    from archive import open_archive

    inbox, port = smtp
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "a.toml").write_text('start_urls = ["http://127.0.0.1:9/"]\nevery = "1h"\n', "utf-8")
    db = open_archive(str(tmp_path / "a.db"))
    site = db["sites"].insert({"name": "a", "base_url": "http://127.0.0.1:9/"}).last_pk
    db["crawls"].insert({"site_id": site, "started_at": "2026-01-01T00:00:00+00:00",
                         "status": "finished", "finish_reason": "finished", "pages": 9})  # fmt: skip
    db.conn.commit()
    db.close()
    proc = scrapy_command(
        "crawlall", "-s", f"ARCHIVE={tmp_path / 'a.db'}", "-s", f"SITES_DIR={sites}",
        "-s", f"LOCKS_DIR={tmp_path / 'locks'}", "-s", "RETRY_TIMES=0", *mail_settings(port),
    )  # fmt: skip
    # The portal is down: the crawl fails (exit 1), and the stale site is mailed about.
    assert proc.returncode == 1
    [mail] = inbox.messages
    assert "no completed crawl since 2026-01-01 00:00 UTC" in mail.get_payload()


def test_no_mail_without_a_recipient(smtp, tmp_path):
    from scrapy.settings import Settings

    from archive.alarms import Alarm
    from scrapers.alarms import send

    inbox, port = smtp
    settings = Settings({"MAIL_HOST": "127.0.0.1", "MAIL_PORT": port, "ALARM_MAIL_TO": []})
    assert not send(settings, [Alarm("a", "stale", "x")], "a.db")
    assert inbox.messages == []
