"""Datasette plugin: ``articles`` cells that read well.

On an article's own page (``/<db>/articles/<id>``) the body is shown as its paragraphs (one
per line), the URL as a link to the original, ``story_id`` as links to the story's articles
and to its reprints (the ``story_reprints`` saved query), and the JSON lists (authors,
breadcrumbs, images) as text and links. In the table view the body is cut to
:data:`TABLE_BODY_CHARS` characters, so a page of 50 articles stays readable.

Datasette 0.65.5 does not pass the request to ``render_cell``, so an ASGI wrapper keeps the
path of the request being served in a context variable (:data:`REQUEST_PATH`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]

#: Characters of the body shown in the table view.
TABLE_BODY_CHARS = 120
#: The path of the HTTP request being served ("" outside one).
REQUEST_PATH: ContextVar[str] = ContextVar("rongmei_request_path", default="")


def paragraphs(body: str) -> Markup:
    """The body as HTML paragraphs, one per non-blank line.

    >>> print(paragraphs("第一段。\\n\\n  <第二段>  "))
    <div class="article-body"><p>第一段。</p><p>&lt;第二段&gt;</p></div>
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    inner = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return Markup(f'<div class="article-body">{inner}</div>')


def shorten(text: str, limit: int = TABLE_BODY_CHARS) -> str:
    """The text on one line, cut to ``limit`` characters.

    >>> shorten("第一段。\\n第二段。", 6)
    '第一段。 第…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def external_link(url: str, label: str | None = None) -> Markup:
    """A link to a page outside Datasette (opens in a new tab, sends no referrer)."""
    return Markup(
        f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"{escape(label or url)}</a>"
    )


def json_list(value: str) -> list | None:
    """The JSON list in a cell, or None when it is not one."""
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return None
    return parsed if isinstance(parsed, list) else None


def render_images(value: str) -> Markup | None:
    """Image links with their captions (``[{url, caption}]``)."""
    images = json_list(value)
    if not images:
        return None
    items = []
    for image in images:
        if isinstance(image, dict) and image.get("url"):
            caption = image.get("caption") or image["url"].rsplit("/", 1)[-1]
            items.append(f"<li>{external_link(image['url'], caption)}</li>")
    return Markup(f"<ul>{''.join(items)}</ul>") if items else None


def render_story(datasette: Any, database: str, story_id: int) -> Markup:
    """Links to a story's articles and to its reprints (the saved query)."""
    articles = datasette.urls.table(database, "articles") + f"?story_id={story_id}"
    reprints = datasette.urls.query(database, "story_reprints") + f"?story_id={story_id}"
    return Markup(
        f'<a href="{escape(articles)}">报道 {story_id} 的全部文章 · story {story_id}: its articles</a>'
        f' · <a href="{escape(reprints)}">转载与时差 · reprints and delays</a>'
    )


def on_row_page(datasette: Any, database: str, table: str) -> bool:
    """Is the request being served the page of one row of ``table``?"""
    path = REQUEST_PATH.get()
    prefix = datasette.urls.table(database, table) + "/"
    return path.startswith(prefix) and "/" not in path[len(prefix) :].strip("/")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Datasette hook: how the cells of ``articles`` are shown."""
    if table != "articles" or value is None or value == "":
        return None
    if not on_row_page(datasette, database, table):
        if column == "body" and isinstance(value, str):
            return shorten(value)
        return None
    if column == "body" and isinstance(value, str):
        return paragraphs(value)
    if column == "url" and isinstance(value, str):
        return Markup(f"{external_link(value)} ↗ 原文 · original")
    if column == "story_id" and isinstance(value, int):
        return render_story(datasette, database, value)
    if column in ("author", "breadcrumbs") and isinstance(value, str):
        items = json_list(value)
        if items is not None:
            return (
                " › ".join(str(i) for i in items)
                if column == "breadcrumbs"
                else "、".join(str(i) for i in items)
            )
    if column == "images" and isinstance(value, str):
        return render_images(value)
    return None


def wrap_app(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: remember the path of each HTTP request for :func:`render_cell`."""

    async def remember_path(scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        raw = scope.get("raw_path")
        path = raw.decode("latin-1").split("?", 1)[0] if raw else quote(scope.get("path", ""))
        token = REQUEST_PATH.set(path)
        try:
            await app(scope, receive, send)
        finally:
            REQUEST_PATH.reset(token)

    return remember_path


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    """Datasette hook: wrap the app in :func:`wrap_app`."""
    return wrap_app
