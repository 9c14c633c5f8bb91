"""archive.alarms: the warnings, and the rows of a scaled-out run read as one crawl."""

from __future__ import annotations

from archive.alarms import runs, warnings

# started_at, status, pages, new, updated, unchanged, errors, lists, known_links, run
RUN = "2026-01-02T00:00:00+00:00"


def test_the_workers_of_a_run_are_one_crawl():
    rows = [
        ("2026-01-02T00:00:05+00:00", "finished", 30, 0, 0, 0, 1, 4, 0, RUN),  # joined late
        ("2026-01-02T00:00:01+00:00", "worker_lost", None, 12, 0, 0, 0, 2, 0, RUN),
        ("2026-01-02T00:00:00+00:00", "finished", 40, 20, 1, 0, 0, 6, 3, RUN),
        ("2026-01-01T00:00:00+00:00", "finished", 50, 30, 0, 0, 0, 6, 0, None),
    ]
    merged = runs(rows)
    assert merged == [
        ("2026-01-02T00:00:00+00:00", "finished", 70, 32, 1, 0, 1, 12, 3),
        ("2026-01-01T00:00:00+00:00", "finished", 50, 30, 0, 0, 0, 6, 0),
    ]
    # Alone, the worker that read only lists would look like a portal that changed.
    assert warnings(runs(rows[:1]))
    assert warnings(merged) == []


def test_local_crawls_stay_one_row_each():
    rows = [
        ("2026-01-03T00:00:00+00:00", "failed", 3, 0, 0, 0, 3, 0, 0, None),
        ("2026-01-02T00:00:00+00:00", "failed", 3, 0, 0, 0, 3, 0, 0, None),
    ]
    merged = runs(rows)
    assert len(merged) == 2
    assert warnings(merged) == ["the last 2 crawls failed or mostly failed"]
