"""Datasette plugin: the archive's table settings, for any archive file name.

Datasette keys metadata by database name (the file's stem), so a datasette-metadata.yml
written for archive.db would not apply to other.db. This plugin gives every database the
same table settings: `articles` searchable through the Chinese search index, and the
tables of raw pages and search tokens hidden.
"""

from __future__ import annotations

from datasette import hookimpl

HIDDEN = ("pages", "articles_search", "_sqlite_migrations")

TABLES = {
    "articles": {
        "fts_table": "articles_search_fts",
        "fts_pk": "id",
    },
    **{name: {"hidden": True} for name in HIDDEN},
}


@hookimpl
def get_metadata(datasette, key, database, table):
    names = [database] if database else [n for n in datasette.databases if n != "_internal"]
    return {"databases": {name: {"tables": TABLES} for name in names}}
