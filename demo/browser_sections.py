"""The demo portal's two sections that need a browser: 政府信息公开 behind a JavaScript
check (demo/guarded.py) and 融媒看点, whose lists a script builds (demo/app_section.py).

They are not linked from the portal's home page, so a crawl of the demo portal never
needs the browser; they are crawled from their own start pages. Their facts go into
``browser.json`` beside ``expected.json`` (not served either), with the server's part:
which paths are guarded, which answers are JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

from demo import app_section, guarded

__all__ = ["FACTS", "sections", "write_sections"]

FACTS = "/browser.json"


def sections() -> tuple[dict[str, bytes], dict]:
    """The files of both sections (site path -> bytes, browser.json among them) and their facts."""
    files: dict[str, bytes] = {}
    facts: dict = {
        "server": {
            "guarded": [guarded.PREFIX],
            "json_prefixes": [app_section.API],
            "hidden": [FACTS],
        }
    }
    for key, module in (("guarded", guarded), ("app", app_section)):
        section_files, facts[key] = module.section()
        files.update(section_files)
    files[FACTS] = (json.dumps(facts, ensure_ascii=False, indent=1) + "\n").encode()
    return files, facts


HOME = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>颍川县人民政府</title></head>
<body><ul class="nav"><li><a href="/xxgk/index.html">政府信息公开</a></li>
<li><a href="/rmt/index.html">融媒看点</a></li></ul></body></html>
"""


def write_sections(outdir: Path) -> dict:
    """A folder that holds the two sections alone, with a home page linking both (for
    crawls of them alone); returns their facts."""
    from demo.build import write_files

    files, facts = sections()
    files["/index.html"] = HOME.encode()
    files["/robots.txt"] = b"User-agent: *\nDisallow: /search/\n"
    write_files(Path(outdir), files)
    return facts
