"""Alarms that reach someone: the rules of archive.alarms, checked when a crawl ends (the
AlarmMail extension) and, for sites not crawled for too long, by `scrapy crawlall`; each
new alarm is logged as a warning and, with ALARM_MAIL_TO, e-mailed by SMTP through the
server Scrapy's MAIL_* settings name (MAIL_HOST, MAIL_PORT, MAIL_FROM, MAIL_USER,
MAIL_PASS, MAIL_TLS, MAIL_SSL).

Why not spidermon: its monitors see one crawl's stats, while two of these rules need the
site's history (dates that went missing compared with earlier articles, a site not
crawled for twice its schedule), and an alarm must be mailed once, not at every cron run,
which needs the archive; its SMTP action also refuses a server without a login, as a
local relay is. The rules are small, in archive/alarms.py, and the mail is stdlib smtplib.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive import alarms, open_archive, queries
from cluster import scaled_out

logger = logging.getLogger(__name__)


def thresholds(settings) -> alarms.Thresholds:
    return alarms.Thresholds(
        error_rate=settings.getfloat("ALARM_ERROR_RATE"),
        undated_share=settings.getfloat("ALARM_UNDATED_SHARE"),
        stale_factor=settings.getfloat("ALARM_STALE_FACTOR"),
    )


def message(settings, found: list[alarms.Alarm], archive: str) -> EmailMessage:
    sites = sorted({a.site for a in found})
    mail = EmailMessage()
    mail["From"] = settings.get("MAIL_FROM")
    mail["To"] = ", ".join(settings.getlist("ALARM_MAIL_TO"))
    mail["Subject"] = f"rongmei: {len(found)} alarm(s) for {', '.join(sites)}"
    lines = [f"{a.site}: {a.message} [{a.kind}]" for a in found]
    lines += ["", f"archive: {Path(archive).resolve()}", "more: scrapy report --since 7d"]
    mail.set_content("\n".join(lines) + "\n")
    return mail


def send(settings, found: list[alarms.Alarm], archive: str) -> bool:
    """Mail the alarms to ALARM_MAIL_TO; False (and an error in the log) if it failed."""
    if not found or not settings.getlist("ALARM_MAIL_TO"):
        return False
    client = smtplib.SMTP_SSL if settings.getbool("MAIL_SSL") else smtplib.SMTP
    try:
        with client(settings.get("MAIL_HOST"), settings.getint("MAIL_PORT"), timeout=30) as smtp:
            if settings.getbool("MAIL_TLS"):
                smtp.starttls()
            if settings.get("MAIL_USER"):
                smtp.login(settings.get("MAIL_USER"), settings.get("MAIL_PASS") or "")
            smtp.send_message(message(settings, found, archive))
    except (OSError, smtplib.SMTPException) as exc:
        logger.error("Alarm mail to %s not sent (next run tries again): %s",
                     settings.get("ALARM_MAIL_TO"), exc)  # fmt: skip
        return False
    return True


def check_site(settings, db, site_id: int, site: str, found: list[tuple], kinds) -> int:
    """Record what was found for a site, log what is new, mail what nobody was told of
    yet; returns how many alarms were raised now."""
    with db.atomic():
        new = alarms.record(db, site_id, site, found, kinds)
    for alarm in new:
        logger.warning("ALARM %s: %s", alarm.site, alarm.message)
    pending = [alarms.Alarm(site, k, m, i) for i, k, m in queries.unmailed_alarms(db, site_id)]
    if send(settings, pending, settings.get("ARCHIVE")):
        with db.atomic():
            alarms.mailed(db, pending)
    return len(new)


def check_stale(settings, db, profiles, at) -> int:
    """The stale rule for every profile with a schedule (scrapy crawlall, after its crawls)."""
    raised = 0
    for profile in profiles:
        if (
            not profile.every
            or (site := queries.site_of(db, profile.name, profile.base_url)) is None
        ):
            continue
        last = queries.last_completed_crawl(db, site[0])
        found = alarms.stale_alarm(last, profile.every_delta, at, thresholds(settings))
        raised += check_site(settings, db, site[0], site[1], [found] if found else [], ("stale",))
    return raised


class AlarmMail:
    """When a crawl of a portal ends, its site's alarms (archive.alarms)."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("ALARMS_ENABLED"):
            raise NotConfigured("ALARMS_ENABLED is False")
        if scaled_out(settings) or settings.get("ARCHIVE_SINK") != "sqlite":
            raise NotConfigured("the archive is the writer's: scrapy crawlall checks there")
        if getattr(crawler.spidercls, "crawl_kind", "crawl") != "crawl":
            raise NotConfigured("alarms come from crawls of a portal")
        extension = cls(crawler)
        # After the spider has closed and the archive pipeline has written the crawl.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def engine_stopped(self) -> None:
        settings, profile = self.crawler.settings, self.crawler.spider.profile
        path = settings.get("ARCHIVE")
        if not Path(path).is_file():
            return
        db = open_archive(path)
        try:
            site = queries.site_of(db, profile.name, profile.base_url)
            if site is None:
                return
            found = alarms.site_alarms(db, site[0], thresholds(settings))
            raised = check_site(settings, db, site[0], site[1], found, alarms.CRAWL_KINDS)
            self.crawler.stats.set_value("alarms/raised", raised)
        finally:
            db.close()
