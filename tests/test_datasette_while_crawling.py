"""Datasette reading the archive while a crawl writes it never sees "database is locked"."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from datasette.app import Datasette

from tests.conftest import ROOT


def test_reads_during_a_crawl(demo_portal, tmp_path):
    base, _, _ = demo_portal
    archive = tmp_path / "live.db"
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "portal",
            "-a",
            f"url={base}/",
            "-s",
            f"ARCHIVE={archive}",
            "-s",
            "DOWNLOAD_DELAY=0.02",
            "-s",
            "ARCHIVE_BATCH_SIZE=2",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    async def read_while_crawling() -> tuple[int, list[str]]:
        while not archive.exists():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # let the schema be created
        ds = Datasette(
            [str(archive)],
            plugins_dir=str(ROOT / "plugins"),
            template_dir=str(ROOT / "plugins" / "templates"),
        )
        reads, problems = 0, []
        while crawl.poll() is None:
            for path in (
                "/live/articles.json?_size=5",
                "/live/articles.json?_search=颍川",
                "/live/crawls.json",
            ):
                response = await ds.client.get(path)
                reads += 1
                if response.status_code != 200 or "locked" in response.text:
                    problems.append(f"{path}: {response.status_code} {response.text[:200]}")
            await asyncio.sleep(0.01)
        return reads, problems

    reads, problems = asyncio.run(read_while_crawling())
    assert crawl.wait() == 0, crawl.stderr.read()[-2000:]
    assert reads > 20
    assert problems == []
