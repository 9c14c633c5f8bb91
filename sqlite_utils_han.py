"""The sqlite-utils plugin of rongmei: Chinese search in sqlite-utils as in Datasette.

Installed with the project (``[project.entry-points.sqlite_utils]`` in pyproject.toml), so
``sqlite-utils`` and ``sqlite_utils.Database`` load it everywhere in the project's venv:

- the SQL function ``han_fts_query(words)`` on every connection (archive.search.fts_query):
  ``sqlite-utils query archive.db "select id, title from articles_search where rowid in
  (select rowid from articles_search_fts where articles_search_fts match han_fts_query('开门红'))"``;
- searches of the archive's index (``sqlite-utils search archive.db articles_search 开门红``,
  ``db["articles_search"].search("开门红")``) run the words through han_fts_query, as the
  index was built: otherwise words of three characters or more find nothing, and
  traditional characters never meet simplified text.

sqlite-utils imports its plugins while it is itself being imported: this module imports
nothing of sqlite-utils or of the archive until a connection is prepared.
"""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("sqlite_utils")

#: The FTS table of the archive's Chinese index (archive/search.py).
INDEX = "articles_search_fts"
_patched = False


def han_fts_query(text: str | None) -> str:
    from archive.search import fts_query

    return fts_query(text or "")


def _search_sql(original):
    def search_sql(self, *args, **kwargs) -> str:
        sql = original(self, *args, **kwargs)
        if self.detect_fts() == INDEX:
            sql = sql.replace(f'"{INDEX}" match :query', f'"{INDEX}" match han_fts_query(:query)')
        return sql

    return search_sql


@hookimpl
def prepare_connection(conn) -> None:
    """sqlite-utils hook: han_fts_query on the connection; searches of the index use it."""
    global _patched
    conn.create_function("han_fts_query", 1, han_fts_query, deterministic=True)
    if not _patched:
        from sqlite_utils.db import Table

        Table.search_sql = _search_sql(Table.search_sql)
        _patched = True
