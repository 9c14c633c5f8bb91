"""Peak memory of a process and all its descendants (Scrapy, Playwright's driver,
Chromium's processes), sampled from /proc while it runs: Scrapy's memusage/max counts its
own process only. Each process counts its proportional set size (PSS: pages shared by n
processes count 1/n in each), so Chromium's processes, which share most of their pages, are
not counted many times over as a sum of RSS would."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

__all__ = ["run_sampled"]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def tree_rss(pid: int) -> tuple[int, set[str]]:
    """Bytes (PSS) of ``pid`` and its descendants, and the names of their programs."""
    tree, todo, total, names = _children(), [pid], 0, set()
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024
            names.add(Path(f"/proc/{p}/comm").read_text().strip())
        except (OSError, IndexError):
            continue
        todo.extend(tree.get(p, ()))
    return total, names


def run_sampled(command: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, int, set[str]]:
    """Run ``command``; return it, the peak PSS of its process tree and every program seen."""
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )
    peak, seen = 0, set()

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            rss, names = tree_rss(proc.pid)
            peak = max(peak, rss)
            seen.update(names)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    return subprocess.CompletedProcess(command, proc.returncode, out, err), peak, seen
