"""Crawl benchmark: the full pipeline against a bare spider, on a generated portal.

    make bench-crawl            # or: .venv/bin/python -m bench.crawl [--articles 10000]

Serves bench/portal_server.py on 127.0.0.1, crawls it once with bench/bare_spider.py
(follows the same links, nothing else) and once with `scrapy crawl portal` into a fresh
archive, in the same run, and compares pages per second. Also reports peak RSS (Scrapy's
memusage/max) and the time the archive pipeline spent writing (archive/write_seconds),
to show whether writes hold the crawl back.

With ``--render N`` it also crawls a portal of N articles twice, as it is and with every
page rendered in Chromium (a profile with ``render = true``), and compares pages per second
and the peak memory (PSS) of the whole process tree (Scrapy, Playwright's driver,
Chromium).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.portal_server import make_server
from bench.tree_rss import run_sampled

ROOT = Path(__file__).resolve().parent.parent

SPEED = (
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=INFO",
    "-s",
    "MEMUSAGE_ENABLED=True",
)
STAT = re.compile(r"'([\w/]+)': ([\d.]+)")


def run(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", *args, *SPEED], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    stats = {k: float(v) for k, v in STAT.findall(proc.stderr)}
    pages = stats.get("response_received_count", 0)
    return {
        "pages": int(pages),
        "seconds": round(stats["elapsed_time_seconds"], 2),
        "pages_per_second": round(pages / stats["elapsed_time_seconds"], 1),
        "peak_rss_mb": round(stats.get("memusage/max", 0) / 2**20, 1),
        "archive_write_seconds": round(stats.get("archive/write_seconds", 0), 2),
    }


def rendering(articles: int) -> dict:
    """The same crawl of a portal of ``articles`` articles, plain and with every page
    rendered: pages/s and the peak RSS of the process tree."""
    server = make_server(articles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        sites = Path(folder)
        (sites / "rendered.toml").write_text(f'start_urls = ["{url}"]\nrender = true\n')
        (sites / "plain.toml").write_text(f'start_urls = ["{url}"]\n')
        for name in ("plain", "rendered"):
            command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={name}",
                       "-s", f"SITES_DIR={sites}", "-s", f"ARCHIVE={sites / name}.db", *SPEED,
                       "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]  # fmt: skip
            proc, peak, programs = run_sampled(command, cwd=ROOT)
            if proc.returncode:
                sys.exit(proc.stderr[-3000:])
            stats = {k: float(v) for k, v in STAT.findall(proc.stderr)}
            pages = stats.get("response_received_count", 0)
            out[name] = {
                "pages": int(pages),
                "rendered": int(stats.get("render/pages", 0)),
                "seconds": round(stats["elapsed_time_seconds"], 2),
                "pages_per_second": round(pages / stats["elapsed_time_seconds"], 1),
                "peak_pss_mb_tree": round(peak / 2**20, 1),
                "chromium_ran": any("chrom" in p for p in programs),
            }
    server.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--render", type=int, default=0, metavar="N",
                        help="also compare a crawl of N articles rendered in Chromium")  # fmt: skip
    args = parser.parse_args()
    if args.render:
        report = rendering(args.render)
        print(json.dumps(report, indent=2))
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        (ROOT / "bench" / "out" / "crawl-render.json").write_text(json.dumps(report, indent=2))
        if report["plain"]["chromium_ran"]:
            sys.exit("TARGET MISSED: the plain crawl started a browser")
        if not args.articles:
            return
    server = make_server(args.articles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "bench.db"
        bare = run(
            "runspider",
            str(ROOT / "bench" / "bare_spider.py"),
            "-a",
            f"url={url}",
            "-s",
            "ITEM_PIPELINES={}",
        )
        full = run("crawl", "portal", "-a", f"url={url}", "-s", f"ARCHIVE={archive}")
        with sqlite3.connect(archive) as db:
            full["articles"] = db.execute("select count(*) from articles").fetchone()[0]
    server.shutdown()
    ratio = full["pages_per_second"] / bare["pages_per_second"]
    report = {
        "articles_generated": args.articles,
        "bare": bare,
        "full": full,
        "ratio": round(ratio, 3),
        "write_share": round(full["archive_write_seconds"] / full["seconds"], 3),
    }
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "crawl.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    failures = []
    if ratio < 0.7:
        failures.append(f"full pipeline at {ratio:.0%} of the bare spider's pages/s (< 70%)")
    if full["peak_rss_mb"] > 400:
        failures.append(f"peak RSS {full['peak_rss_mb']} MB > 400 MB")
    if full["articles"] != args.articles:
        failures.append(f"{full['articles']} of {args.articles} articles archived")
    for failure in failures:
        print("TARGET MISSED:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
