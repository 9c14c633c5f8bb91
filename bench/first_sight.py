"""First-sight score: extraction on labelled pages no rule was ever tuned to.

A batch is the fixture folders whose meta.json says `"batch": BATCH`. A page of it that
still holds a PENDING file has never been run through the extractor: its first scoring is
the honest figure for pages nobody tuned to, so it is taken once, appended to the history
file bench/first_sight.md, and only then (with --release) is PENDING removed and the page
used like any other fixture.

    python -m bench.first_sight sight1              # score the batch's PENDING pages, record
    python -m bench.first_sight sight1 --release    # ... then remove their PENDING files
    python -m bench.first_sight sight1 --all --dry  # rescore the whole batch, record nothing

Figures per system (rongmei, and trafilatura and GNE where installed), with the scorer of
../shared/eval/score_extraction.py: title, date correct / wrong, author, source, editor,
body P/R/F1; and, for rongmei only (the anchors give no such fields): related links recall
and precision, breadcrumbs, is_article and document_date.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import subprocess
import sys

from bench.extract import OUT, ROOT, field_figures, invented_dates, score, write_ground_truth
from tests.fixture_cases import Case, load_cases

HISTORY = ROOT / "bench" / "first_sight.md"
ANCHORS = ("trafilatura", "gne")
FIGURES = (
    ("pages", "pages scored"),
    ("title_acc", "title"),
    ("date_correct", "date correct"),
    ("date_wrong", "date wrong"),
    ("date_invented", "date given where none is labelled (pages)"),
    ("author_acc", "author"),
    ("source_acc", "source"),
    ("editor_acc", "editor"),
    ("body_p", "body P"),
    ("body_r", "body R"),
    ("body_f1", "body F1"),
    ("snippets_ok", "body with/without snippets"),
    ("related_recall", "related links recall"),
    ("related_precision", "related links precision"),
    ("breadcrumbs_acc", "breadcrumbs"),
    ("breadcrumbs_invented", "breadcrumbs given where none is labelled (pages)"),
    ("is_article_acc", "is_article"),
    ("document_date_acc", "document_date"),
)
HEADER = """# First-sight scores

Each entry scores labelled pages the first time the extractor ever runs on them (their
fixture folders held PENDING), before any rule is changed for them: the figure for pages
nobody tuned to. Appended by `python -m bench.first_sight BATCH`; never edited by hand.
Compare with the tuned figures of `make bench-extract` (README, Extraction).
"""


def batch_cases(batch: str, only_pending: bool) -> list[Case]:
    cases = []
    for case in load_cases(pending=True):
        meta = json.loads((case.page.parent / "meta.json").read_text("utf-8"))
        if meta.get("batch") == batch and (case.pending or not only_pending):
            cases.append(case)
    return cases


def revision() -> str:
    """The code's git revision, marked when code (not fixtures) differs from it."""
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", ".", ":!tests/fixtures", ":!bench/first_sight.md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    return f"{rev}+uncommitted" if dirty else rev


def run(cases: list[Case]) -> dict:
    out = OUT / "first_sight"
    out.mkdir(parents=True, exist_ok=True)
    gold = out / "gold.jsonl"
    n = write_ground_truth(gold, cases)
    systems = ["project", *(a for a in ANCHORS if importlib.util.find_spec(a))]
    results = {}
    for system in systems:
        r = score(system, gold) if n else {}
        r["date_invented"] = invented_dates(system, gold) if n else 0
        r["pages"] = n
        results[system] = r
    results["project"].update(field_figures(cases))
    results["project"]["pages"] = len(cases)
    return results


def render(batch: str, cases: list[Case], results: dict, first: bool) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    kind = "first sight" if first else "rescore (not first sight)"
    names = ["rongmei" if s == "project" else s for s in results]
    lines = [
        f"## {now}: batch {batch}, {len(cases)} pages, {kind}, code {revision()}",
        "",
        "| figure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key, label in FIGURES:
        cells = []
        for system in results:
            value = results[system].get(key)
            cells.append("–" if value is None else str(round(value, 3)))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    counts = {**results["project"].get("n", {}), **results["project"].get("n_fields", {})}
    lines += [
        "",
        "Pages counted per figure (rongmei): "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        + ". Article pages for the anchors and the scorer: "
        + f"{results['project'].get('n', {}).get('body', 0)}.",
        "",
        "Pages: " + ", ".join(c.name for c in cases) + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_sight", description=__doc__)
    parser.add_argument("batch", help='the meta.json "batch" of the pages to score')
    parser.add_argument("--all", action="store_true", help="also pages already released")
    parser.add_argument("--dry", action="store_true", help="print, append nothing")
    parser.add_argument("--release", action="store_true", help="remove PENDING once recorded")
    args = parser.parse_args(argv)
    cases = batch_cases(args.batch, only_pending=not args.all)
    if not cases:
        print(f"no {'' if args.all else 'PENDING '}pages of batch {args.batch!r}", file=sys.stderr)
        return 2
    first = all(c.pending for c in cases)
    entry = render(args.batch, cases, run(cases), first)
    print(entry)
    if args.dry:
        return 0
    history = HISTORY.read_text("utf-8") if HISTORY.exists() else HEADER
    HISTORY.write_text(history.rstrip("\n") + "\n\n" + entry, "utf-8")
    if args.release:
        for case in cases:
            (case.page.parent / "PENDING").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
