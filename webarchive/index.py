"""The CDXJ index of a WARC file (the index format of pywb and of Common Crawl), written
by cdxj-indexer (Webrecorder's indexer, built on warcio): one line per capture, sorted by
SURT key and time, with the offset and length of its record in the file."""

from __future__ import annotations

import warnings
from pathlib import Path

with warnings.catch_warnings():
    # cdxj-indexer imports Py3AMF (for Flash requests), which imports pkg_resources: a
    # deprecation warning on every command's stderr, about nothing rongmei uses.
    warnings.simplefilter("ignore", UserWarning)
    from cdxj_indexer.main import CDXJIndexer


def index_path(warc: str | Path) -> Path:
    """Where the index of a WARC file goes: beside it, .warc.gz or .warc replaced by .cdxj.

    >>> str(index_path("out/demo.warc.gz")), str(index_path("demo.warc"))
    ('out/demo.cdxj', 'demo.cdxj')
    """
    warc = Path(warc)
    stem = warc.name.removesuffix(".gz").removesuffix(".warc")
    return warc.with_name(f"{stem}.cdxj")


def write_index(warc: str | Path, out: str | Path | None = None) -> Path:
    """Index a WARC file into out (default: index_path); returns the index's path."""
    out = Path(out) if out else index_path(warc)
    CDXJIndexer(output=str(out), inputs=[str(warc)], sort=True).process_all()
    return out
