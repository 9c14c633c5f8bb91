"""The archive: a SQLite file of articles, with everything a crawl learnt about them.

A small library under the commands, the pipelines and Datasette, with no Scrapy and no
Redis in it. Open an archive with :func:`open_archive` (every user of the database goes
through it: WAL, a busy timeout, foreign keys, the schema migrated); then

- :mod:`archive.entries` writes what a crawl yields (:func:`write_entry`), through
  :mod:`archive.articles` and :mod:`archive.crawls`;
- :mod:`archive.queries` holds every read;
- :mod:`archive.search` is the Chinese full-text index, :mod:`archive.stories` the
  grouping of reprints into stories, :mod:`archive.reprints` the rule for one article per
  text and site;
- :mod:`archive.migrations` is the schema, as append-only migrations with literal DDL.
"""

from .database import ArchiveError, open_archive
from .entries import write_entry
from .migrations import migrate

__all__ = ["ArchiveError", "migrate", "open_archive", "write_entry"]
