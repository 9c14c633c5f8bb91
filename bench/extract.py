"""Extraction benchmark: accuracy and speed of rongmei against trafilatura and GNE.

Builds a ground-truth file from the hand-checked fixtures (tests/fixtures/extract/*/),
runs ../shared/eval/score_extraction.py for the three systems side by side, then times
extraction per page in this process and on a generated 20 MB page.

    make bench-extract          # or: .venv/bin/python -m bench.extract
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scrapers.extract import ExtractionError, extract_article
from scrapers.extract.encoding import decode_html
from tests.fixture_cases import load_cases

ROOT = Path(__file__).resolve().parent.parent

SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"
OUT = ROOT / "bench" / "out"
TARGETS = {"body_f1": 0.93, "date_correct": 0.92, "author_acc": 0.80, "title_acc": 0.95}


def write_ground_truth(path: Path) -> int:
    rows = []
    for case in load_cases():
        exp = case.expected
        if not exp["is_article"] or not exp.get("body"):
            continue
        date = (exp.get("published_at") or "")[:10] or None
        rows.append(
            {
                "id": case.name,
                "html": str(Path("..", "..", case.page.relative_to(ROOT))),
                "url": case.url,
                "title": exp.get("title"),
                "date": date,
                "author": exp.get("author") or None,
                "source": exp.get("source"),
                "editor": exp.get("editor"),
                "body": case.body,
                "with": exp.get("body_with") or [],
                "without": exp.get("body_without") or [],
            }
        )
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return len(rows)


def score(system: str, gt: Path) -> dict:
    cmd = [
        sys.executable,
        str(SCORER),
        str(gt),
        "--system",
        system,
        "--project",
        str(ROOT),
        "--dump",
        str(OUT / f"pred-{system}.jsonl"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        sys.exit(f"scorer failed for {system}:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def invented_dates(system: str) -> int:
    """Pages whose labelled date is null but the system gave one (the scorer skips them)."""
    preds = [json.loads(line) for line in (OUT / f"pred-{system}.jsonl").open(encoding="utf-8")]
    gt = [json.loads(line) for line in (OUT / "gold.jsonl").open(encoding="utf-8")]
    return sum(1 for g, p in zip(gt, preds, strict=True) if not g["date"] and p.get("published_at"))


def timings() -> dict:
    import trafilatura

    ours, theirs = [], []
    for case in load_cases():
        raw = case.page.read_bytes()
        start = time.perf_counter()
        extract_article(raw, case.url, case.headers)
        ours.append(time.perf_counter() - start)
        text = decode_html(raw, case.headers.get("Content-Type"))[0]
        start = time.perf_counter()
        trafilatura.bare_extraction(text, with_metadata=True)
        theirs.append(time.perf_counter() - start)
    return {
        "pages": len(ours),
        "median_ms_rongmei": round(statistics.median(ours) * 1000, 2),
        "median_ms_trafilatura": round(statistics.median(theirs) * 1000, 2),
        "ratio": round(statistics.median(ours) / statistics.median(theirs), 3),
    }


def big_page_seconds(dense: bool = False, size: int = 20 * 1024 * 1024) -> tuple[int, float]:
    """Seconds to extract a 20 MB page: inline images and a big menu, or (dense) a page of
    some 200,000 paragraphs and links, the worst case for the per-element work (read here
    without the element limit, to show what the limit saves)."""
    from tests.hostile_pages import big_page, dense_page

    raw = dense_page(size) if dense else big_page(size)
    start = time.perf_counter()
    record = extract_article(raw, "http://www.example.gov.cn/a/2023/0129/1.html")
    assert record.is_article, "the 20 MB page should still read as an article"
    return len(raw), time.perf_counter() - start


def dense_page_refused(size: int = 20 * 1024 * 1024) -> dict:
    """The dense page under the crawl's EXTRACT_MAX_ELEMENTS: seconds to the clear failure;
    and the densest page the limit lets through (elements just under it): seconds to read."""
    import settings
    from tests.hostile_pages import dense_page

    url = "http://www.example.gov.cn/a/2023/0129/1.html"
    raw = dense_page(size)
    limit = settings.EXTRACT_MAX_ELEMENTS
    start = time.perf_counter()
    try:
        extract_article(raw, url, max_elements=limit)
    except ExtractionError as exc:
        refused, error = round(time.perf_counter() - start, 2), str(exc)
    else:
        raise AssertionError(f"the dense page was read under EXTRACT_MAX_ELEMENTS={limit}")
    elements = int(error.split(" elements")[0].split()[-1].replace(",", ""))
    under = dense_page(int(size * 0.95 * limit / elements))
    start = time.perf_counter()
    assert extract_article(under, url, max_elements=limit).is_article
    return {
        "limit": limit,
        "seconds": refused,
        "error": error,
        "read_bytes": len(under),
        "read_seconds": round(time.perf_counter() - start, 2),
    }


def corpus_charsets() -> dict:
    """Decode every raw GBK page of ../shared/corpus/cx163: none may come out as mojibake."""
    pages = sorted((ROOT.parent / "shared" / "corpus" / "cx163" / "html").glob("*.html"))
    bad = []
    for path in pages:
        text, encoding = decode_html(path.read_bytes())
        if encoding != "gb18030" or "\ufffd" in text:
            bad.append(path.name)
    return {"pages": len(pages), "not_clean": bad}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    gt = OUT / "gold.jsonl"
    n = write_ground_truth(gt)
    results = {s: score(s, gt) for s in ("project", "trafilatura", "gne")}
    for system, r in results.items():
        r["date_invented"] = invented_dates(system)
    speed = timings()
    size, big = big_page_seconds()
    dense_size, dense = big_page_seconds(dense=True)
    report = {
        "pages": n,
        "results": results,
        "speed": speed,
        "big_page": {"bytes": size, "seconds": round(big, 2)},
        "dense_page": {"bytes": dense_size, "seconds": round(dense, 2)},
        "dense_page_refused": dense_page_refused(),
        "charsets": corpus_charsets(),
    }
    (OUT / "extract.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print(render(report))
    ok = check(report)
    sys.exit(0 if ok else 1)


def render(report: dict) -> str:
    rows = ["| metric | rongmei | trafilatura | GNE |", "|---|---|---|---|"]
    keys = [
        "title_acc",
        "date_correct",
        "date_wrong",
        "date_invented",
        "author_acc",
        "source_acc",
        "editor_acc",
        "body_p",
        "body_r",
        "body_f1",
        "snippets_ok",
        "seconds",
    ]
    res = report["results"]
    for key in keys:
        rows.append(
            f"| {key} | "
            + " | ".join(str(res[s].get(key, "–")) for s in ("project", "trafilatura", "gne"))
            + " |"
        )
    sp, big = report["speed"], report["big_page"]
    rows.append("")
    rows.append(
        f"{report['pages']} labelled article pages. Median extraction time per page "
        f"({sp['pages']} pages, in process): rongmei {sp['median_ms_rongmei']} ms, "
        f"trafilatura {sp['median_ms_trafilatura']} ms (ratio {sp['ratio']}). "
        f"A {big['bytes'] / 2**20:.0f} MB page: {big['seconds']} s "
        f"(a {report['dense_page']['bytes'] / 2**20:.0f} MB page of 200,000 paragraphs and "
        f"links: {report['dense_page']['seconds']} s without the element limit; under "
        f"EXTRACT_MAX_ELEMENTS={report['dense_page_refused']['limit']:,} it is refused in "
        f"{report['dense_page_refused']['seconds']} s, and the densest page it lets through, "
        f"{report['dense_page_refused']['read_bytes'] / 2**20:.1f} MB, is read in "
        f"{report['dense_page_refused']['read_seconds']} s). "
        f"Raw GBK pages of corpus/cx163 decoded without mojibake: "
        f"{report['charsets']['pages'] - len(report['charsets']['not_clean'])}"
        f"/{report['charsets']['pages']}."
    )
    return "\n".join(rows)


def check(report: dict) -> bool:
    ours = report["results"]["project"]
    failures = [f"{k} {ours.get(k)} < {v}" for k, v in TARGETS.items() if ours.get(k, 0) < v]
    if ours.get("date_wrong", 1) > 0.03:
        failures.append(f"date_wrong {ours['date_wrong']} > 0.03")
    for anchor in ("trafilatura", "gne"):
        other = report["results"][anchor]
        for key in ("title_acc", "date_correct", "author_acc", "body_f1"):
            if ours.get(key, 0) <= other.get(key, 0):
                failures.append(f"{key} not ahead of {anchor}")
    if report["speed"]["ratio"] > 1 / 3:
        failures.append(f"median time ratio {report['speed']['ratio']} > 1/3")
    if report["charsets"]["not_clean"] or not report["charsets"]["pages"]:
        failures.append(f"cx163 pages not decoded cleanly: {report['charsets']}")
    if report["big_page"]["seconds"] >= 5:
        failures.append("20 MB page took 5 s or more")
    refused = report["dense_page_refused"]
    if max(refused["seconds"], refused["read_seconds"]) >= 4:
        failures.append("the dense page, refused or read under the limit, took 4 s or more")
    for failure in failures:
        print("TARGET MISSED:", failure)
    return not failures


if __name__ == "__main__":
    main()
