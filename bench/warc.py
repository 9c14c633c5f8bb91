"""WARC benchmark: crawl a generated portal with WARC files written as it goes, export the
archive's pages as WARC, and import both back into fresh archives; pages per second each.

    .venv/bin/python -m bench.warc [--articles 10000]

Times are wall clock of each `scrapy` command, its start-up (about 1.5 s) included.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.crawl import SPEED
from bench.portal_server import make_server

ROOT = Path(__file__).resolve().parent.parent


def scrapy(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return time.perf_counter() - started, proc.stdout + proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    server = make_server(args.articles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory(prefix="rongmei-bench-warc-") as folder:
        out = Path(folder)
        crawl_db, warcs = out / "crawl.db", out / "warcs"
        seconds, log = scrapy("crawl", "portal", "-a", f"url={base}", "-s", f"ARCHIVE={crawl_db}",
                              *SPEED, "-s", "WARC_ENABLED=True", "-s", f"WARC_DIR={warcs}")  # fmt: skip
        pages = int(re.search(r"'response_received_count': (\d+)", log).group(1))
        with sqlite3.connect(crawl_db) as db:
            stored = db.execute("select count(*) from pages").fetchone()[0]
        rows = [("crawl, WARC files written as it goes", pages, seconds)]
        export = out / "export.warc.gz"
        seconds, _ = scrapy("export-warc", str(export), "-s", f"ARCHIVE={crawl_db}")
        rows.append(("export-warc (stored pages)", stored, seconds))
        seconds, _ = scrapy("import-warc", str(export), "-s", f"ARCHIVE={out / 'a.db'}")
        rows.append(("import-warc of the export", stored, seconds))
        files = sorted(map(str, warcs.iterdir()))
        seconds, _ = scrapy("import-warc", *files, "-s", f"ARCHIVE={out / 'b.db'}")
        rows.append(("import-warc of the crawl's WARC files", pages, seconds))
        size = export.stat().st_size + sum(Path(f).stat().st_size for f in files)
    server.shutdown()
    print(f"{args.articles} articles; WARC files {size / 2**20:.0f} MB in all")
    print("| | pages | seconds | pages/s |\n|---|---|---|---|")
    for name, n, secs in rows:
        print(f"| {name} | {n:,} | {secs:.1f} | {n / secs:.1f} |")


if __name__ == "__main__":
    main()
