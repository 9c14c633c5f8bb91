"""Datasette plugin: Chinese search-box queries for the unigram + bigram index.

Rewrites the ``_search`` and ``_search_<column>`` query-string parameters with
:func:`archive.search.fts_query` before Datasette sees them, so a search for 禹州市 runs as
the bigram phrase ``"禹州 州市"``. Datasette 0.65.5 then applies ``escape_fts``, which keeps
quoted phrases and quotes bare words: the meaning is unchanged. With ``_searchmode=raw`` in
the query string, :func:`archive.search.fts_query_raw` rewrites only the Han runs and the
user's FTS5 operators stay. Both rewrites are fixed points, so the rewritten query that
Datasette shows in the search box, pagination links and hidden form fields is not changed
again. Every other request passes through untouched.

    datasette archive.db -m datasette-metadata.yml --plugins-dir plugins
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote_plus, unquote_plus

from datasette import hookimpl

from archive.search import EMPTY_QUERY, fts_query, fts_query_raw

ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


def is_search_param(key: str) -> bool:
    """Is ``key`` a Datasette search parameter (``_search``, ``_search_<column>``)?

    >>> [is_search_param(k) for k in ("_search", "_search_body_tokens", "_searchmode", "q")]
    [True, True, False, False]
    """
    return key == "_search" or key.startswith("_search_")


def rewrite_search(value: str, raw: bool = False) -> str | None:
    """The search text Datasette should run for what the user typed; ``None`` to drop it.

    A blank box (only spaces and quotes) is no search: Datasette 0.65.5 would run
    ``MATCH ''``, an FTS5 syntax error (HTTP 400), so the parameter is dropped and every
    row shows. Other queries without words stay as typed: ``escape_fts`` makes them a
    phrase without tokens, which matches nothing.

    >>> rewrite_search("禹州市")
    '"禹州 州市"'
    >>> rewrite_search('禹州市 OR 经济', raw=True)
    '"禹州 州市" OR 经济'
    >>> rewrite_search("！"), rewrite_search(' "" ')
    ('！', None)
    """
    if not value.replace('"', " ").strip():
        return None
    if raw:
        return fts_query_raw(value)
    query = fts_query(value)
    return value if query == EMPTY_QUERY else query


def rewrite_query_string(query_string: bytes) -> bytes:
    """Rewrite the search parameters of a raw query string; other bytes stay as they were.

    Blank search parameters are removed (see :func:`rewrite_search`).

    >>> from urllib.parse import unquote_plus
    >>> unquote_plus(rewrite_query_string(b"_search=%E7%A6%B9%E5%B7%9E%E5%B8%82&_sort=id").decode())
    '_search="禹州 州市"&_sort=id'
    >>> rewrite_query_string(b"_search=%E7%A6%B9%E5%B7%9E&_size=5")
    b'_search=%E7%A6%B9%E5%B7%9E&_size=5'
    >>> rewrite_query_string(b"_search=+&_size=5")
    b'_size=5'
    """
    parts = query_string.decode("latin-1").split("&")
    raw = "_searchmode=raw" in parts
    out = []
    for part in parts:
        key, sep, value = part.partition("=")
        if sep and is_search_param(unquote_plus(key)):
            text = unquote_plus(value, errors="replace")
            new = rewrite_search(text, raw)
            if new is None:
                continue
            if new != text:
                part = f"{key}={quote_plus(new)}"
        out.append(part)
    return "&".join(out).encode("latin-1")


def wrap_app(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: HTTP requests with a search parameter get a rewritten query string."""

    async def search_rewriter(scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        query_string = scope.get("query_string") or b""
        if scope.get("type") == "http" and b"_search" in query_string:
            scope = dict(scope, query_string=rewrite_query_string(query_string))
        await app(scope, receive, send)

    return search_rewriter


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    """Datasette hook: wrap the whole app in :func:`wrap_app`."""
    return wrap_app
