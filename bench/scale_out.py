"""Scale-out benchmark: one worker against two, and the archive writer's rate, on Redis.

    make bench-scale-out      # or: .venv/bin/python -m bench.scale_out [--articles 3000]

Starts a private redis-server (Debian's redis-server must be installed) and the generated
portal of bench/portal_server.py on 127.0.0.1, with no download delay (the delay, shared
across workers, would otherwise set the pace, not the machines). Then:

1. one worker, then two workers, crawl the portal while nobody drains the item queue:
   pages per second of the crawl, and Redis memory per queued article;
2. `scrapy archive-writer` drains each queue into a fresh archive: articles per second,
   and every article archived exactly once.

On one machine the workers share its cores, so two workers show what a second process
buys there; on separate machines each brings its own.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

from bench.portal_server import make_server

ROOT = Path(__file__).resolve().parent.parent

SPEED = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
         "-s", "LOG_LEVEL=INFO", "-s", "REDIS_HEARTBEAT=1")  # fmt: skip
STAT = re.compile(r"'([\w/]+)': ([\d.]+)")


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (Debian: apt-get install redis-server)")
    port = 6400 + int(time.time()) % 500
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    sys.exit("redis-server did not start")


def crawl(url: str, redis_url: str, prefix: str, workers: int) -> dict:
    """`workers` processes crawl the portal into the item queue; pages/s of the whole."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={url}",
               "-s", f"REDIS_URL={redis_url}", "-s", f"REDIS_PREFIX={prefix}", *SPEED]  # fmt: skip
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        for _ in range(workers)
    ]
    logs = [p.communicate()[1] for p in procs]
    seconds = time.monotonic() - started
    if any(p.returncode for p in procs):
        sys.exit("\n".join(log[-2000:] for log in logs))
    stats = [dict(STAT.findall(log)) for log in logs]
    pages = sum(int(float(s.get("response_received_count", 0))) for s in stats)
    return {
        "workers": workers,
        "pages": pages,
        "pages_per_worker": [int(float(s.get("response_received_count", 0))) for s in stats],
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1),
    }


def drain(redis_url: str, prefix: str, archive: Path) -> dict:
    server = redis.Redis.from_url(redis_url)
    queued = server.llen(f"{prefix}:items")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "archive-writer", "--until-idle", "1s",
         "-s", f"ARCHIVE={archive}", "-s", f"REDIS_URL={redis_url}",
         "-s", f"REDIS_PREFIX={prefix}"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - started - 1  # less the idle second at the end
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    with sqlite3.connect(archive) as db:
        articles, distinct = db.execute(
            "select count(*), count(distinct url_key) from articles"
        ).fetchone()
    return {
        "messages": queued,
        "articles": articles,
        "distinct_articles": distinct,
        "seconds": round(seconds, 2),
        "articles_per_second": round(articles / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    portal = make_server(args.articles)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{portal.server_address[1]}/"
    report = {"articles_generated": args.articles, "runs": []}
    with tempfile.TemporaryDirectory() as folder:
        server_proc, redis_url = start_redis(Path(folder))
        server = redis.Redis.from_url(redis_url)
        try:
            for workers in (1, 2):
                prefix = f"bench{workers}"
                before = server.info("memory")["used_memory"]
                run = crawl(url, redis_url, prefix, workers)
                queued = server.llen(f"{prefix}:items")
                used = server.info("memory")["used_memory"] - before
                run["redis_kb_per_queued_message"] = round(used / max(1, queued) / 1024, 1)
                run["writer"] = drain(redis_url, prefix, Path(folder) / f"{prefix}.db")
                report["runs"].append(run)
        finally:
            server_proc.terminate()
            server_proc.wait()
    portal.shutdown()
    one, two = report["runs"]
    report["two_workers_speedup"] = round(two["pages_per_second"] / one["pages_per_second"], 2)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "scale_out.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    failures = [
        f"{run['workers']} worker(s): {run['writer']['distinct_articles']} distinct of "
        f"{run['writer']['articles']} archived, {args.articles} generated"
        for run in report["runs"]
        if not run["writer"]["articles"] == run["writer"]["distinct_articles"] == args.articles
    ]
    for failure in failures:
        print("TARGET MISSED:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
