"""Web archive files: WARC (ISO 28500) and its CDXJ index, through warcio and cdxj-indexer.

The archive's raw pages in the form web archives keep, replay (pywb, ReplayWeb.page) and
exchange: captures written as WARC records (:mod:`webarchive.records`), files rotated by
size while a crawl goes (:mod:`webarchive.rotating`), any tool's WARC files read back
(:mod:`webarchive.reading`), and the CDXJ index beside a file (:mod:`webarchive.index`).
Nothing of the format is written here by hand. No Scrapy, no SQLite: the commands, the
crawl's recorder and the archive writer hand it plain data.
"""

from .export import export_captures
from .index import index_path, write_index
from .reading import HttpCapture, RecordInfo, WarcError, load, scan
from .records import SAME_ARTICLE_PROFILE, Capture, WarcFile, archive_time, warc_date
from .rotating import RotatingWarcFiles

__all__ = [
    "SAME_ARTICLE_PROFILE",
    "Capture",
    "HttpCapture",
    "RecordInfo",
    "RotatingWarcFiles",
    "WarcError",
    "WarcFile",
    "archive_time",
    "export_captures",
    "index_path",
    "load",
    "scan",
    "warc_date",
    "write_index",
]
