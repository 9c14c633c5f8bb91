"""`make demo`: build the demo portals (the county's, demo/build.py, the city's that
reprints one of its stories, demo/city.py, and the county newspaper's digital edition,
demo/paper.py), serve them on 127.0.0.1, crawl each into the archive with
`scrapy crawl portal -a site=...`, and print `scrapy summary`.

    python -m demo.run [--archive archive.db] [--port 8765] [--city-port 8766] [--paper-port 8767]
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from demo.build import build
from demo.city import build_city
from demo.paper import build_paper
from demo.serve import make_server

ROOT = Path(__file__).resolve().parent.parent  # scrapy.cfg is here: scrapy runs in it


def scrapy(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "scrapy", *args], cwd=ROOT)


@contextlib.contextmanager
def serving(root: Path, port: int) -> Iterator[None]:
    """Serve ``root`` on 127.0.0.1:``port`` while the block runs."""
    server = make_server(root, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def crawl(site: str, archive: str) -> int:
    return scrapy(
        "crawl", "portal", "-a", f"site={site}", "-s", f"ARCHIVE={archive}",
        "-s", "LOG_LEVEL=WARNING",
        "-s", "REDIS_URL=",  # the demo crawls on this machine, even where REDIS_URL is set
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default="archive.db")
    parser.add_argument("--port", type=int, default=8765, help="must match sites/demo.toml")
    parser.add_argument(
        "--city-port", type=int, default=8766, help="must match sites/demo-city.toml"
    )
    parser.add_argument(
        "--paper-port", type=int, default=8767, help="must match sites/demo-paper.toml"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rongmei-demo-") as folder:
        county, city, paper = (Path(folder) / name for name in ("county", "city", "paper"))
        build_city(city, build(county))
        build_paper(paper)
        with contextlib.ExitStack() as servers:
            for root, port in (
                (county, args.port),
                (city, args.city_port),
                (paper, args.paper_port),
            ):
                try:
                    servers.enter_context(serving(root, port))
                except OSError as exc:
                    print(
                        f"demo: cannot serve on 127.0.0.1:{port}: {exc.strerror} "
                        "(is another demo running?)",
                        file=sys.stderr,
                    )
                    return 2
            print(
                f"demo portals on http://127.0.0.1:{args.port}/ (county), "
                f"http://127.0.0.1:{args.city_port}/ (city) and "
                f"http://127.0.0.1:{args.paper_port}/ (the county's newspaper); "
                f"crawling them into {args.archive}"
            )
            for site in ("demo", "demo-city", "demo-paper"):
                if status := crawl(site, args.archive):
                    return status
    return scrapy("summary", "-s", f"ARCHIVE={args.archive}")


if __name__ == "__main__":
    sys.exit(main())
