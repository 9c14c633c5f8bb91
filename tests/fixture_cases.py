"""Extraction fixtures: tests/fixtures/extract/<case>/ with input.html, meta.json and
expected.json (see tests/fixtures/LABELLING.md). Shared by the tests and bench/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


@dataclass(frozen=True)
class Case:
    name: str
    page: Path
    url: str | None
    headers: dict
    expected: dict
    # Fields this case is known to get wrong, with the reason: tested as strict xfail.
    known_gaps: dict
    # A first-sight page (its folder holds PENDING): labelled by reading it, not yet scored.
    pending: bool = False

    @property
    def body(self) -> str:
        body = self.expected.get("body") or ""
        return "\n".join(body) if isinstance(body, list) else body


def load_cases(root: Path = FIXTURES, pending: bool = False) -> list[Case]:
    """The labelled cases; first-sight pages not yet scored only when `pending` is true, so
    that no benchmark or test runs an extractor on them before their first scoring."""
    cases = []
    for folder in sorted(p for p in root.iterdir() if (p / "expected.json").is_file()):
        if (folder / "PENDING").exists() and not pending:
            continue
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        cases.append(
            Case(
                name=folder.name,
                page=folder / "input.html",
                url=meta.get("url"),
                headers=meta.get("headers") or {},
                expected=json.loads((folder / "expected.json").read_text("utf-8")),
                known_gaps=meta.get("known_gaps") or {},
                pending=(folder / "PENDING").exists(),
            )
        )
    return cases
