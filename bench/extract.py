"""Extraction benchmark: accuracy and speed of rongmei against trafilatura and GNE.

Builds a ground-truth file from the hand-checked fixtures (tests/fixtures/extract/*/),
runs ../shared/eval/score_extraction.py for the three systems side by side, then times
extraction per page in this process and on a generated 20 MB page.

    make bench-extract          # or: .venv/bin/python -m bench.extract
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from scrapers.extract import ExtractionError, extract_article
from scrapers.extract.encoding import decode_html
from tests.fixture_cases import Case, load_cases

ROOT = Path(__file__).resolve().parent.parent

SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"
OUT = ROOT / "bench" / "out"
TARGETS = {"body_f1": 0.93, "date_correct": 0.92, "author_acc": 0.80, "title_acc": 0.95}


def write_ground_truth(path: Path, cases: list | None = None) -> int:
    """The scorer's ground-truth file for `cases` (all scored fixtures by default): one line
    per article page that has a labelled body."""
    rows = []
    for case in load_cases() if cases is None else cases:
        exp = case.expected
        if not exp["is_article"] or not exp.get("body"):
            continue
        date = (exp.get("published_at") or "")[:10] or None
        rows.append(
            {
                "id": case.name,
                "html": os.path.relpath(case.page, path.parent),
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
    """The scorer's figures for `system` on `gt`; its predictions go to pred-<system>.jsonl
    beside `gt`."""
    cmd = [
        sys.executable,
        str(SCORER),
        str(gt),
        "--system",
        system,
        "--project",
        str(ROOT),
        "--dump",
        str(gt.parent / f"pred-{system}.jsonl"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        sys.exit(f"scorer failed for {system}:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def invented_dates(system: str, gold: Path | None = None) -> int:
    """Pages whose labelled date is null but the system gave one (the scorer skips them)."""
    gold = gold or OUT / "gold.jsonl"
    preds = [json.loads(line) for line in (gold.parent / f"pred-{system}.jsonl").open("rb")]
    gt = [json.loads(line) for line in gold.open(encoding="utf-8")]
    return sum(1 for g, p in zip(gt, preds, strict=True) if not g["date"] and p.get("published_at"))


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def field_figures(cases: list[Case]) -> dict:
    """The fields the shared scorer does not score, read in process (with the page's URL)."""
    is_article, crumbs, crumbs_invented, doc_dates = [], [], 0, []
    related_hits = related_labelled = related_given = 0
    for case in cases:
        want = case.expected
        got = extract_article(case.page.read_bytes(), case.url, case.headers)
        is_article.append(got.is_article == want["is_article"])
        if not want["is_article"]:
            continue
        if want.get("breadcrumbs"):
            crumbs.append(
                [_norm(c) for c in got.breadcrumbs] == list(map(_norm, want["breadcrumbs"]))
            )
        elif got.breadcrumbs:
            crumbs_invented += 1
        labelled = {(_norm(r["title"]), r["url"]) for r in want.get("related") or []}
        given = {(_norm(r.get("title")), r.get("url")) for r in got.related}
        related_hits += len(labelled & given)
        related_labelled += len(labelled)
        related_given += len(given)
        if want.get("document_date"):
            doc_dates.append(
                (getattr(got, "document_date", None) or "")[:10] == want["document_date"]
            )
    figures = {
        "is_article_acc": _share(is_article),
        "breadcrumbs_acc": _share(crumbs),
        "breadcrumbs_invented": crumbs_invented,
        "related_recall": round(related_hits / related_labelled, 3) if related_labelled else None,
        "related_precision": round(related_hits / related_given, 3) if related_given else None,
        "document_date_acc": _share(doc_dates),
    }
    figures["n_fields"] = {
        "is_article": len(is_article),
        "breadcrumbs": len(crumbs),
        "related_labelled": related_labelled,
        "related_given": related_given,
        "document_date": len(doc_dates),
    }
    return figures


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


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


def browser_tree(text: str):
    """The tree a browser builds (HTML5 parsing: html5lib through beautifulsoup4), as lxml
    elements, comments dropped as libxml2's parse drops them."""
    from bs4 import BeautifulSoup
    from lxml import etree
    from lxml.html import soupparser

    root = soupparser.fromstring(text, beautifulsoup=BeautifulSoup, features="html5lib")
    # A comment before <html> leaves the document wrapped in another root.
    root = root.find("html") if root.find("html") is not None else root
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


def browser_reparse() -> dict:
    """Whether a browser-conformant parse (beautifulsoup4 + html5lib) reads any labelled
    page better than libxml2's: body F1 and the exact fields of each page both ways, and
    the time of each. Needs beautifulsoup4 and html5lib (requirements-dev.txt)."""
    from scrapers.extract.article import page_object
    from scrapers.extract.document import comment_fields, page_of_tree
    from tests.test_extract_fixtures import EXACT_FIELDS, body_f1

    better, worse, f1_lib, f1_html5, t_lib, t_html5 = [], [], [], [], [], []
    for case in load_cases():
        if not case.expected["is_article"]:
            continue
        raw = case.page.read_bytes()
        start = time.perf_counter()
        lib = extract_article(raw, case.url, case.headers)
        t_lib.append(time.perf_counter() - start)
        start = time.perf_counter()
        text, encoding = decode_html(raw, case.headers.get("Content-Type"))
        tree = browser_tree(text)
        html5 = page_object(page_of_tree(tree, case.url, None, comment_fields(text)), encoding)
        html5 = html5.to_article()
        t_html5.append(time.perf_counter() - start)
        f1_lib.append(body_f1(lib.body or "", case.body))
        f1_html5.append(body_f1(html5.body or "", case.body))
        fields = [f for f in EXACT_FIELDS[1:] if f in case.expected]
        right_lib = sum(getattr(lib, f) == case.expected[f] for f in fields)
        right_html5 = sum(getattr(html5, f) == case.expected[f] for f in fields)
        gain = (f1_html5[-1] - f1_lib[-1]) + 0.1 * (right_html5 - right_lib)
        if gain > 0.005:
            better.append(case.name)
        elif gain < -0.005:
            worse.append(case.name)
    return {
        "pages": len(f1_lib),
        "body_f1_libxml2": round(statistics.mean(f1_lib), 4),
        "body_f1_html5": round(statistics.mean(f1_html5), 4),
        "better_with_html5": better,
        "worse_with_html5": worse,
        "median_ms_libxml2": round(statistics.median(t_lib) * 1000, 2),
        "median_ms_html5": round(statistics.median(t_html5) * 1000, 2),
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
    report["fields"] = field_figures(load_cases())
    if all(importlib.util.find_spec(m) for m in ("bs4", "html5lib")):
        report["browser_reparse"] = browser_reparse()
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
    if fields := report.get("fields"):
        rows.append(
            f"Fields the scorer does not score (rongmei, {fields['n_fields']['is_article']} pages): "
            f"related links recall {fields['related_recall']}, precision "
            f"{fields['related_precision']}; breadcrumbs {fields['breadcrumbs_acc']} "
            f"({fields['breadcrumbs_invented']} pages given a trail they do not have); "
            f"is_article {fields['is_article_acc']}; document_date {fields['document_date_acc']}."
        )
    if reparse := report.get("browser_reparse"):
        rows.append(
            f"Browser-conformant re-parse (beautifulsoup4 + html5lib) of the {reparse['pages']} "
            f"article pages: body F1 {reparse['body_f1_html5']} against libxml2's "
            f"{reparse['body_f1_libxml2']}; read better: {len(reparse['better_with_html5'])} "
            f"pages {reparse['better_with_html5']}, worse: {len(reparse['worse_with_html5'])}; "
            f"median {reparse['median_ms_html5']} ms a page against {reparse['median_ms_libxml2']} ms."
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
