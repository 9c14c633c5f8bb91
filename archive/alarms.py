"""What needs a person's look, read from a site's crawls: the rules behind `scrapy report`'s
warnings and the alarm e-mails (scrapers/alarms.py).

- ``layout_changed``: the last crawl read pages but found no article, new or known;
- ``failing``: the last FAILING_RUNS crawls (or more) failed or lost half their pages;
- ``error_rate``: the last crawl's pages failed more often than the threshold;
- ``dates_missing``: most of the last crawl's new articles have no date, where the site's
  earlier articles mostly had one (its pages changed, or a profile selector broke);
- ``stale``: the site has not been crawled to the end for `stale_factor` times its
  `every`.

An alarm is raised once (table ``alarms``) and cleared when its rule no longer holds, so
that cron mails it once, not every half hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core.clock import now

from . import queries

if TYPE_CHECKING:
    from sqlite_utils import Database

FAILING_RUNS = 2  # this many failed crawls in a row is a warning
#: What a crawl must have read for its error rate or dates to say anything.
_MIN_PAGES, _MIN_ARTICLES = 10, 4


@dataclass(frozen=True)
class Thresholds:
    error_rate: float = 0.2  # share of a crawl's pages that failed (ALARM_ERROR_RATE)
    undated_share: float = 0.5  # share of new articles without a date (ALARM_UNDATED_SHARE)
    stale_factor: float = 2.0  # times `every` without a completed crawl (ALARM_STALE_FACTOR)


@dataclass(frozen=True)
class Alarm:
    site: str
    kind: str
    message: str
    id: int | None = None  # its row in the alarms table


def runs(rows: list[tuple]) -> list[tuple]:
    """Crawls (queries.site_crawls rows) as runs: the rows of the workers of one
    scaled-out run (same `run`) become one, their counts added; it finished if one of
    its workers finished."""
    merged: dict[object, list] = {}
    for n, (*row, run) in enumerate(rows):
        key = run or ("row", n)
        if key not in merged:
            merged[key] = list(row)
            continue
        into = merged[key]
        into[0] = min(into[0], row[0])
        if row[1] == "finished":
            into[1] = "finished"
        for i in range(2, len(row)):
            into[i] = (into[i] or 0) + (row[i] or 0)
    return [tuple(row) for row in merged.values()]


def crawl_alarms(crawls: list[tuple], thresholds: Thresholds = Thresholds()) -> list[tuple]:
    """(kind, message) of what the site's crawls (runs, newest first) say needs a look."""
    found = []
    failed = 0
    for _, status, pages, _new, _updated, _unchanged, errors, *_ in crawls:
        if status == "finished" and not (pages and errors and errors >= pages / 2):
            break
        failed += 1
    if failed >= FAILING_RUNS:
        found.append(("failing", f"the last {failed} crawls failed or mostly failed"))
    last = crawls[0]
    found_nothing = not any(last[3:6]) and not (last[8] or 0)
    if last[1] == "finished" and (last[2] or 0) > 1 and found_nothing:
        found.append((
            "layout_changed",
            "the last crawl read pages but found no article, new or known: "
            "has the portal changed its layout?",
        ))  # fmt: skip
    pages, errors = last[2] or 0, last[6] or 0
    if failed < FAILING_RUNS and pages >= _MIN_PAGES and errors / pages > thresholds.error_rate:
        found.append((
            "error_rate",
            f"the last crawl lost {errors} of {pages} pages ({errors / pages:.0%}, "
            f"more than {thresholds.error_rate:.0%})",
        ))  # fmt: skip
    return found


def warnings(crawls: list[tuple]) -> list[str]:
    """Why a site needs a look, from its crawls (newest first): the messages."""
    return [message for _, message in crawl_alarms(crawls)]


def dates_alarm(db: Database, site_id: int, thresholds: Thresholds) -> tuple | None:
    """(kind, message) when dates went missing on the last crawl's new articles."""
    shares = queries.dated_shares(db, site_id)
    if shares is None:
        return None
    new, new_undated, before, before_undated = shares
    if new < _MIN_ARTICLES or before < _MIN_ARTICLES:
        return None
    if new_undated / new > thresholds.undated_share >= before_undated / before:
        return (
            "dates_missing",
            f"{new_undated} of the last crawl's {new} new articles have no date, where "
            f"{before - before_undated} of the {before} before had one",
        )
    return None


def stale_alarm(
    last_completed: datetime | None, every: timedelta, at: datetime, thresholds: Thresholds
) -> tuple | None:
    """(kind, message) when the site was not crawled to the end for too long."""
    limit = every * thresholds.stale_factor
    if last_completed is not None and at - last_completed <= limit:
        return None
    since = f"since {last_completed:%Y-%m-%d %H:%M} UTC" if last_completed else "ever"
    return ("stale", f"no completed crawl {since}: more than {thresholds.stale_factor:g} "
                     f"times its schedule (every {every})")  # fmt: skip


def site_alarms(db: Database, site_id: int, thresholds: Thresholds) -> list[tuple]:
    """(kind, message) of everything the site's crawls say, stale aside."""
    crawls = runs(queries.site_crawls(db, site_id))
    found = crawl_alarms(crawls, thresholds) if crawls else []
    if dates := dates_alarm(db, site_id, thresholds):
        found.append(dates)
    return found


def record(
    db: Database, site_id: int, site: str, found: list[tuple], kinds: tuple[str, ...]
) -> list[Alarm]:
    """Raise what was found and is not raised yet, clear the site's raised alarms of the
    kinds checked that were not found again; returns the alarms raised now (to mail).
    The caller holds the transaction."""
    raised = queries.open_alarms(db, site_id)
    at = now()
    new = []
    for kind, message in found:
        if kind not in raised:
            alarm_id = db.execute(
                "insert into alarms (site_id, kind, message, raised_at) values (?, ?, ?, ?)",
                [site_id, kind, message, at],
            ).lastrowid
            new.append(Alarm(site, kind, message, alarm_id))
    for kind, alarm_id in raised.items():
        if kind in kinds and kind not in {k for k, _ in found}:
            db.execute("update alarms set cleared_at = ? where id = ?", [at, alarm_id])
    return new


def mailed(db: Database, alarms: list[Alarm]) -> None:
    """Note that these alarms were mailed."""
    at = now()
    db.conn.executemany(
        "update alarms set mailed_at = ? where id = ?", [(at, a.id) for a in alarms if a.id]
    )


#: The kinds site_alarms checks (a crawl's end clears only these).
CRAWL_KINDS = ("failing", "layout_changed", "error_rate", "dates_missing")
