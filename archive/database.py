"""Opening an archive: the one way every user of the database connects to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .migrations import migrate

#: How long a writer waits for another one's transaction before it gives up (ms): Datasette
#: reading and a crawl writing share the file.
BUSY_TIMEOUT_MS = 30_000


class ArchiveError(Exception):
    """An archive that cannot be opened or read: damaged, not SQLite, not writable."""


def describe(path: str | Path, error: sqlite3.Error) -> str:
    """One line for what is wrong with an archive file."""
    text = str(error)
    if "malformed" in text:
        return f"{path} is damaged ({text}): restore it from a copy"
    if "not a database" in text:
        return f"{path} is not an archive ({text})"
    return f"{path}: {text}"


def open_archive(path: str | Path, *, read_only: bool = False) -> Database:
    """Open (creating it if needed) an archive, migrated to the current schema: WAL (readers
    never block the writer), a busy timeout, foreign keys on. With read_only, an existing
    archive as it is: nothing is created, migrated or written. ArchiveError (one line) for
    a file that is damaged, not SQLite or cannot be opened."""
    try:
        db = _open(path, read_only)
        db.execute("select count(*) from sqlite_master").fetchone()  # a damaged file fails here
        if not read_only:
            migrate(db)
    except sqlite3.Error as exc:
        raise ArchiveError(describe(path, exc)) from exc
    return db


def _open(path: str | Path, read_only: bool) -> Database:
    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        db = Database(sqlite3.connect(uri, uri=True, check_same_thread=False))
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return db
    db = Database(str(path))
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def insert_row(db: Database, table: str, row: dict, *, replace: bool = False) -> int:
    """INSERT a row with plain SQL (the crawl's hot path: sqlite-utils introspects the table
    on every call); returns its rowid."""
    verb = "insert or replace" if replace else "insert"
    names = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    return db.execute(f"{verb} into {table} ({names}) values ({values})", row).lastrowid
