"""The house rules, checked: imports run downwards and in no circle, the pure packages
stay pure, no module grows past 400 lines, nobody edits sys.path.

The layers, bottom first (README, "How the code is laid out"): a module may import its own
package and the packages of lower layers, never one of its own layer or above.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS: dict[str, int] = {
    "core": 0,
    "scrapers.extract": 1,
    "sites": 2,
    "archive": 3,
    "webarchive": 3,  # WARC files: beside the archive library, knowing nothing of it
    "cluster": 4,
    "scrapers": 5,
    "pipelines": 5,
    "commands": 6,
    "plugins": 6,
    "settings": 0,  # the defaults, importing nothing
}
#: Packages that must not reach for the outside world (the network, a database, Scrapy).
PURE = {"core", "scrapers.extract", "sites"}
NOT_PURE = {"scrapy", "twisted", "sqlite3", "sqlite_utils", "redis", "scrapy_redis",
            "socket", "http", "urllib.request", "requests", "httpx", "aiohttp"}  # fmt: skip
#: ... and the archive library is no Scrapy and no Redis.
NOT_IN_ARCHIVE = {"scrapy", "twisted", "redis", "scrapy_redis"}
#: ... and the WARC library is no Scrapy, no Redis and no SQLite (it is handed plain data).
NOT_IN_WEBARCHIVE = NOT_IN_ARCHIVE | {"sqlite3", "sqlite_utils"}
MAX_LINES = 400
CHECKED = ("core", "scrapers", "sites", "archive", "webarchive", "cluster", "pipelines",
           "commands", "plugins")  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {"settings": ROOT / "settings.py"}
    for top in CHECKED:
        for path in sorted((ROOT / top).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


MODULES = project_modules()


def unit(module: str) -> str | None:
    """The layered package a module belongs to (its longest prefix in LAYERS)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return ".".join(parts[:n])
    return None


def imports(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for each import in a file; relative
    imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    guarded = set()  # under `if TYPE_CHECKING:`: never run
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` imports pkg.module (pkg itself is being imported
            # already, by whoever imported its submodule: not a cycle)
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            names = submodules if len(submodules) == len(node.names) else [base, *submodules]
        else:
            continue
        runs = id(node) in top_level and id(node) not in guarded
        found.extend((name, node.lineno, runs) for name in names)
    return found


def project_target(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def test_imports_run_downwards():
    wrong = []
    for module, path in MODULES.items():
        here = unit(module)
        for name, line, _ in imports(module, path):
            target = project_target(name)
            if target is None or unit(target) == here:
                continue
            there = unit(target)
            if there is None or LAYERS[there] >= LAYERS[here]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {here} imports {target}")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(wrong)


def test_no_import_cycles():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for name, _, runs in imports(module, path):
            target = project_target(name)
            if runs and target and target != module:
                graph[module].add(target)
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize(
    ("units", "forbidden"),
    [(PURE, NOT_PURE), ({"archive"}, NOT_IN_ARCHIVE), ({"webarchive"}, NOT_IN_WEBARCHIVE)],
)
def test_pure_packages_stay_pure(units, forbidden):
    wrong = []
    for module, path in MODULES.items():
        if unit(module) not in units:
            continue
        for name, line, _ in imports(module, path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)


def every_python_file() -> list[Path]:
    skip = {".venv", ".git", "fixtures", "site", "out"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_module_over_400_lines():
    long = []
    for path in every_python_file():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, "\n".join(long)


def test_nobody_edits_sys_path():
    edits = []
    for path in every_python_file():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and ast.unparse(node) == "sys.path":
                edits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not edits, "sys.path used at " + ", ".join(edits)


def test_every_layered_module_is_in_a_layer():
    assert all(unit(m) for m in MODULES), [m for m in MODULES if not unit(m)]
