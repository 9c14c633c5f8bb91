"""Generate the offline demo portal of 颍川县融媒体中心 (a fictional county media centre).

    python -m demo.build [OUTDIR]        # from the project root; default demo/site

writes a static portal (home page, three sections in the page and URL styles of TRS WCM,
Hanweb and DedeCMS, the last one encoded in GBK, robots.txt, sitemap.xml, rss.xml) and
``expected.json``, the facts a crawl of it must reproduce. The output is deterministic:
the same code always writes the same bytes. ``python -m demo.serve`` serves it.

demo/plan.py decides what the portal holds, demo/pages/ renders it, demo/facts.py states
what a crawl must find; this module encodes and writes it all.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from demo.browser_sections import sections as browser_sections
from demo.facts import GENERATOR, JPAGE_RECORDS, collect
from demo.pages import dedecms, feeds, hanweb, home, lists, scripted, seed, trs
from demo.plan import Portal, plan
from demo.portal import SECTIONS, Article

__all__ = ["build", "main", "prepare", "write_files"]

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "site"


def prepare(outdir: Path) -> None:
    """Empty a previous build in ``outdir``; refuse to touch a folder that is not one."""
    if outdir.exists() and any(outdir.iterdir()):
        marker = outdir / "expected.json"
        try:
            ours = json.loads(marker.read_text("utf-8")).get("generator") == GENERATOR
        except (OSError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise SystemExit(f"{outdir}: not empty and not a demo build; refusing to overwrite")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)


def article_page(portal: Portal, arts: list[Article], i: int) -> str:
    """The page of ``arts[i]`` (its section's articles, oldest first) in its CMS's style."""
    art, hot = arts[i], portal.hot
    if art.kind == "seed":
        return seed.article_page(art, hot, portal.newest)
    if art.section.cms == "TRS WCM":
        return trs.article_page(art, hot)
    if art.section.cms == "Hanweb":
        return hanweb.article_page(art, hot)
    prev = arts[i - 1] if i > 0 else None
    nxt = arts[i + 1] if i + 1 < len(arts) else None
    return dedecms.article_page(art, hot, prev, nxt)


def render(portal: Portal) -> dict[str, bytes]:
    """Every file of the site but expected.json: site path -> encoded bytes."""
    files: dict[str, bytes] = {}

    def put(path: str, text: str, encoding: str = "utf-8") -> None:
        files[path] = text.encode(encoding)  # strict: a character GBK lacks is an error

    hot, newest = portal.hot, portal.newest
    put("/index.html", home.home_page(portal.sections, newest, hot))
    put("/404.html", home.not_found_page())
    for sec in SECTIONS:
        entries, urls = portal.entries(sec), portal.list_pages(sec)
        arts = portal.sections[sec.key]
        featured = next((a.page_urls[1] for a in reversed(arts) if a.pages > 1), None)
        for p, url in enumerate(urls, start=1):
            if sec.pager == "jpage":
                page = scripted.jpage_column(sec, entries, hot)
            elif sec.pager == "createPageHTML":
                page = scripted.create_page_list(sec, p, len(urls), entries, hot, featured)
            else:
                page = lists.list_page(sec, p, len(urls), entries, hot)
            put(url, page, sec.encoding)
        if sec.pager == "jpage":
            put(JPAGE_RECORDS, json.dumps(scripted.jpage_records(entries), ensure_ascii=False))
        for i, art in enumerate(arts):
            put(art.url, article_page(portal, arts, i), sec.encoding)
            for n, url in enumerate(art.page_urls[1:], start=2):
                put(url, trs.article_page(art, hot, n), sec.encoding)
    put("/robots.txt", feeds.ROBOTS)
    put("/sitemap.xml", feeds.sitemap(portal.in_sitemap))
    put("/rss.xml", feeds.rss(newest))
    files.update(portal.documents)
    return files


def build(outdir: Path = DEFAULT_OUT) -> dict[str, Any]:
    """Write the portal into ``outdir`` and return the facts of ``expected.json``."""
    outdir = Path(outdir)
    portal = plan()
    prepare(outdir)
    files = render(portal)
    facts = collect(portal, files)
    files.update(browser_sections()[0])  # not linked from the home page: browser.json
    files["/expected.json"] = (json.dumps(facts, ensure_ascii=False, indent=1) + "\n").encode()
    write_files(outdir, files)
    return facts


def write_files(outdir: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (site path -> bytes) under ``outdir``."""
    for path, data in files.items():
        target = outdir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    facts = build(args.outdir)
    # The committed copy of the facts; deterministic, so unchanged unless the generator is.
    (HERE / "expected.json").write_bytes((args.outdir / "expected.json").read_bytes())
    print(
        f"wrote {facts['article_count']} articles of {len(SECTIONS)} sections to {args.outdir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
