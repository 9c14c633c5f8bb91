"""Every fixture page: the fields a reader checked, and the body."""

from __future__ import annotations

import collections
import re
import unicodedata

import pytest

from scrapers.extract import extract_article
from tests.fixture_cases import load_cases

CASES = load_cases(pending=True)
EXACT_FIELDS = (
    "is_article",
    "title",
    "published_at",
    "document_date",
    "source",
    "author",
    "editor",
    "breadcrumbs",
)
MIN_BODY_F1 = 0.9


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def body_f1(got: str, want: str) -> float:
    """F1 of character 4-gram multisets, as ../shared/eval/score_extraction.py scores."""

    def grams(text: str) -> collections.Counter:
        t = _norm(text)
        return collections.Counter(t[i : i + 4] for i in range(max(len(t) - 3, 0)))

    g, w = grams(got), grams(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def _params():
    for case in CASES:
        for field in (*EXACT_FIELDS, "related", "body"):
            if field not in case.expected and field != "body":
                continue
            marks = []
            if case.pending:
                marks.append(pytest.mark.skip(reason="first-sight page not yet scored"))
            if field in case.known_gaps:
                marks.append(pytest.mark.xfail(reason=case.known_gaps[field], strict=True))
            yield pytest.param(case, field, id=f"{case.name}-{field}", marks=marks)


_RECORDS: dict[str, object] = {}


def _record(case):
    if case.name not in _RECORDS:
        _RECORDS[case.name] = extract_article(case.page.read_bytes(), case.url, case.headers)
    return _RECORDS[case.name]


@pytest.mark.parametrize(("case", "field"), list(_params()))
def test_field(case, field):
    record = _record(case)
    want = case.expected
    if not want["is_article"] and field not in ("is_article",):
        pytest.skip("only is_article is defined for a page that is not an article")
    if field == "body":
        assert body_f1(record.body, case.body) >= MIN_BODY_F1
        body = _norm(record.body)
        assert [s for s in want.get("body_with", []) if _norm(s) not in body] == []
        assert [s for s in want.get("body_without", []) if _norm(s) in body] == []
    elif field == "related":
        assert [(r["title"], r["url"]) for r in record.related] == [
            (r["title"], r["url"]) for r in want["related"]
        ]
    elif field in ("title", "source", "editor"):
        # Compared as ../shared/eval/score_extraction.py does: NFKC, whitespace aside.
        got = getattr(record, field)
        assert (got is None, _norm(got)) == (want[field] is None, _norm(want[field]))
    else:
        assert getattr(record, field) == want[field]


def test_enough_labelled_real_pages():
    real = [c for c in CASES if c.name.startswith(("gne-", "cx163-"))]
    assert len(real) >= 40
