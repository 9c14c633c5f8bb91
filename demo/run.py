"""`make demo`: build the demo portal, serve it on 127.0.0.1, crawl it into the archive
with `scrapy crawl portal -a site=demo`, and print `scrapy summary`.

    python -m demo.run [--archive archive.db] [--port 8765]    # from the project root
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from demo.build import build
from demo.serve import make_server

ROOT = Path(__file__).resolve().parent.parent  # scrapy.cfg is here: scrapy runs in it


def scrapy(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "scrapy", *args], cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default="archive.db")
    parser.add_argument("--port", type=int, default=8765, help="must match sites/demo.toml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rongmei-demo-") as folder:
        build(Path(folder))
        try:
            server = make_server(Path(folder), "127.0.0.1", args.port)
        except OSError as exc:
            print(
                f"demo: cannot serve on 127.0.0.1:{args.port}: {exc.strerror} "
                "(is another demo running?)",
                file=sys.stderr,
            )
            return 2
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"demo portal on http://127.0.0.1:{args.port}/ ; crawling it into {args.archive}")
        try:
            status = scrapy(
                "crawl",
                "portal",
                "-a",
                "site=demo",
                "-s",
                f"ARCHIVE={args.archive}",
                "-s",
                "LOG_LEVEL=WARNING",
                "-s",
                "REDIS_URL=",  # the demo crawls on this machine, even where REDIS_URL is set
            )
        finally:
            server.shutdown()
            server.server_close()
    if status:
        return status
    return scrapy("summary", "-s", f"ARCHIVE={args.archive}")


if __name__ == "__main__":
    sys.exit(main())
