"""The messages that workers of a scaled-out crawl send the archive writer through Redis.

A message is a dict: ``id`` (unique, so that a replay is recognised), ``kind`` ("open",
"item", "drop", "alias" or "close"), ``crawl`` (the token of the worker's crawl) and the
kind's fields; items (core.items dataclasses) travel as plain JSON, raw page bytes in
base64, the whole zlib-compressed. JSON, not pickle: a message read from the network can
describe data but never run code.

>>> from core.items import FetchFailure
>>> failure = FetchFailure("demo", "http://x.cn/1.html", 500, "HTTP 500", "2026-01-01")
>>> message = {"id": "1", "crawl": "c", "kind": "item", "item": item_to_wire(failure)}
>>> decode(encode(message)) == message
True
>>> item_from_wire(item_to_wire(failure)) == failure
True
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import asdict, fields

from core.clock import now
from core.items import ARCHIVED, Alias, Article, CrawledArticle, Dropped, Entry, PageCapture

ITEM_TYPES = {cls.__name__: cls for cls in ARCHIVED}
KINDS = {"open", "item", "drop", "alias", "close"}
#: The fields of the entries that are messages of their own kind, by name on the wire.
ENTRY_KINDS = {"drop": Dropped, "alias": Alias}


class WireError(ValueError):
    """A message that is not one this version of rongmei wrote."""


def encode(message: dict) -> bytes:
    return zlib.compress(json.dumps(message, ensure_ascii=False).encode("utf-8"), 3)


def decode(data: bytes) -> dict:
    try:
        message = json.loads(zlib.decompress(data).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"not a rongmei message: {exc}") from exc
    if not isinstance(message, dict):
        raise WireError(f"not a rongmei message: a {type(message).__name__}")
    if message.get("kind") not in KINDS:
        raise WireError(f"not a rongmei message: kind {message.get('kind')!r}"[:200])
    if not isinstance(message.get("id"), str) or not isinstance(message.get("crawl"), str):
        raise WireError("not a rongmei message: no id or crawl token")
    return message


def item_to_wire(item) -> dict:
    """An item as JSON-ready data."""
    name = type(item).__name__
    if name not in ITEM_TYPES:
        raise WireError(f"cannot send a {name} to the archive writer")
    data = asdict(item)
    if isinstance(item, CrawledArticle):
        data["body"] = base64.b64encode(item.body).decode("ascii")
        for page in data["later_pages"]:
            page["body"] = base64.b64encode(page["body"]).decode("ascii")
    return {"type": name, "fields": data}


def item_from_wire(data: dict):
    """The item item_to_wire described."""
    try:
        cls = ITEM_TYPES[data["type"]]
        values = dict(data["fields"])
        if cls is CrawledArticle:
            values["article"] = Article(**_known(Article, values["article"]))
            values["body"] = base64.b64decode(values["body"])
            values["later_pages"] = tuple(
                PageCapture(**{**page, "body": base64.b64decode(page["body"])})
                for page in values.get("later_pages") or ()
            )
        return cls(**_known(cls, values))
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"not an item: {exc!r}"[:200]) from exc


def _known(cls, values: dict) -> dict:
    """The values of the fields cls has: a newer worker's extra fields are left out."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in values.items() if k in names}


def entry_message(entry: Entry) -> tuple[str, dict]:
    """The kind and fields of the message that carries an archive entry."""
    for kind, cls in ENTRY_KINDS.items():
        if isinstance(entry, cls):
            return kind, asdict(entry)
    return "item", {"item": item_to_wire(entry)}


def message_entry(message: dict) -> Entry:
    """The archive entry an item, drop or alias message carries."""
    kind = message["kind"]
    if kind == "item":
        return item_from_wire(message["item"])
    if kind == "drop":  # a drop message may leave its time to the writer
        return Dropped(message.get("url"), message["reason"], message.get("detail") or "",
                       message.get("at") or now())  # fmt: skip
    if kind == "alias":
        values = _known(Alias, message)
        return Alias(**{**values, "seen_at": values.get("seen_at") or now()})
    raise WireError(f"a {kind} message carries no entry")
