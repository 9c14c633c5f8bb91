"""The README's examples, run as written against a crawl of the demo portal (the way
sqlite-utils' test_docs.py and Scrapy's Sybil keep docs honest).

Every ```sh line is run with bash in a folder holding the archive as archive.db (and a
saved page.html), except what needs machines the tests do not have (crawls of portals on
the internet, Redis hosts, apt-get): those are checked, not run: the crawl's arguments as
`scrapy crawl` checks them, a make target with `make -n`. Every ```python block runs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
from datetime import datetime

import pytest
from scrapy.utils.project import get_project_settings

from commands.crawl import check_portal_arguments
from core.clock import CHINA
from tests.conftest import FAST, ROOT, scrapy_command
from tests.fixture_cases import FIXTURES

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(sh|python)\n(.*?)```", README, re.S)
#: Programs of lines that need what a test machine has not got: they are left alone.
ELSEWHERE = {
    "apt-get",
    "export",
    "redis-cli",
    "systemctl",
    "python3",
    "wb-manager",
    "wayback",
    "cdxt",
}  # pywb, and CDX servers on the internet


def sh_lines() -> list[str]:
    lines = []
    for lang, body in BLOCKS:
        if lang == "sh":
            lines += [ln.split("  #", 1)[0].strip() for ln in body.splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


@pytest.fixture(scope="module")
def folder(demo_portal, tmp_path_factory):
    """A folder as a user's checkout looks after make demo: archive.db, .venv, a page."""
    base = demo_portal[0]
    work = tmp_path_factory.mktemp("readme")
    sites = tmp_path_factory.mktemp("sites")
    (sites / "demo.toml").write_text(
        (ROOT / "sites" / "demo.toml").read_text("utf-8").replace("http://127.0.0.1:8765", base),
        encoding="utf-8",
    )
    proc = scrapy_command(
        "crawl", "portal", "-a", "site=demo", "-s", f"SITES_DIR={sites}",
        "-s", f"ARCHIVE={work / 'archive.db'}", *FAST,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    (work / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(FIXTURES / "seed-yuzhou" / "input.html", work / "page.html")
    (work / "saved").mkdir()
    shutil.copy(FIXTURES / "cms-trs-gov" / "input.html", work / "saved" / "a.html")
    return work


def run(line: str, folder) -> subprocess.CompletedProcess:
    env = {"PATH": f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin", "SCRAPY_SETTINGS_MODULE": "settings",
           "HOME": str(folder)}  # fmt: skip
    if "PYTHONPATH" in os.environ:  # the checkout under test, where the venv is shared
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return subprocess.run(
        ["bash", "-c", line], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def kind(line: str) -> str:
    words = shlex.split(line)
    program = words[0].rsplit("/", 1)[-1]
    if program == "scrapy" and words[1] == "import-warc" and "demo.warc.gz" not in line:
        return "elsewhere"  # files a researcher has (the export of the demo's runs)
    if program in ELSEWHERE or "REDIS_URL" in line or "/srv/" in line:
        return "elsewhere"
    if program == "make":
        return "make"
    if program == "scrapy" and words[1] == "crawl":
        return "crawl"
    if program == "scrapy" and words[1] == "extract" and "https://" in line:
        return "elsewhere"  # fetches a page of a portal on the internet
    return "run"


@pytest.mark.parametrize("line", [ln for ln in sh_lines() if kind(ln) == "run"])
def test_the_shell_examples_run(line, folder):
    proc = run(line, folder)
    assert proc.returncode == 0, (line, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() or "sqlite3" in line, line


@pytest.mark.parametrize("line", [ln for ln in sh_lines() if kind(ln) == "crawl"])
def test_the_crawl_examples_would_start(line):
    words = shlex.split(line)[3:]
    spargs = dict(w.split("=", 1) for w in words[1::2] if words[words.index(w) - 1] == "-a")
    settings = get_project_settings()
    for name, value in (w.split("=", 1) for w in words[1::2] if words[words.index(w) - 1] == "-s"):
        settings.set(name, value, priority="cmdline")
    check_portal_arguments(spargs, settings)  # raises for what `scrapy crawl` would refuse


@pytest.mark.parametrize("line", [ln for ln in sh_lines() if kind(ln) == "make"])
def test_the_make_examples_are_targets(line):
    words = shlex.split(line)
    proc = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("block", [b for lang, b in BLOCKS if lang == "python"])
def test_the_python_examples_run(block, folder, monkeypatch):
    monkeypatch.chdir(folder)
    page_bytes = (FIXTURES / "cms-trs-gov" / "input.html").read_bytes()
    exec(compile(block, "README.md", "exec"), {"page_bytes": page_bytes})


def test_grouping_by_published_day_is_the_beijing_day(folder):
    with sqlite3.connect(folder / "archive.db") as db:
        rows = db.execute("select published_at, published_day from articles").fetchall()
    assert rows and all(day for at, day in rows if at)
    for published_at, day in rows:
        when = datetime.fromisoformat(published_at)
        beijing = (when.astimezone(CHINA) if when.tzinfo else when).date().isoformat()
        assert day == beijing, (published_at, day)


def test_every_example_is_checked_one_way_or_another():
    kinds = {kind(ln) for ln in sh_lines()}
    assert kinds <= {"run", "crawl", "make", "elsewhere"}
    assert sum(kind(ln) == "run" for ln in sh_lines()) >= 15
