"""Reading WARC files made by any tool (rongmei, wget --warc-file, Webrecorder, Heritrix,
a Common Crawl extract, cdx-toolkit), gzip-compressed per record or not, with warcio.

:func:`scan` goes through a file once and says what each record is, without keeping a
payload; :func:`load` reads one HTTP response back by its offset, its body decoded of the
transfer and content encodings it was sent with (chunked, gzip, deflate, brotli).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .records import archive_time

#: Content encodings warcio's content_stream() decodes.
_DECODED = {"gzip", "x-gzip", "deflate", "br"}


class WarcError(Exception):
    """A file that is not a WARC (or ARC) file, or is cut short: one line."""


@dataclass(frozen=True)
class RecordInfo:
    """What :func:`scan` knows of one record, its payload left unread."""

    path: str
    offset: int
    kind: str  # WARC-Type: response, revisit, request, metadata, warcinfo, resource ...
    record_id: str | None
    url: str | None
    date: str | None  # ISO 8601, UTC, as the archive keeps times
    status: int | None = None  # HTTP responses and revisits that carry headers
    mime: str = ""  # the HTTP Content-Type, without parameters
    location: str | None = None
    refers_to: str | None = None  # WARC-Refers-To (metadata, revisit)
    profile: str | None = None  # WARC-Profile (revisit)
    fields: dict[str, str] = field(default_factory=dict)  # a warc-fields metadata block


@dataclass(frozen=True)
class HttpCapture:
    """One HTTP response read back from a WARC file."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str  # ISO 8601, UTC


def scan(path: str | Path) -> Iterator[RecordInfo]:
    """Every record of a file, in order. WarcError for a file warcio cannot read."""
    path = str(path)
    try:
        _check_start(path)
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            for record in records:
                if record.rec_type is None:  # what warcio makes of a record cut short
                    raise WarcError(f"{path}: not a readable WARC file (a record is cut short)")
                info = _info(path, record)  # before the offset: warcio reads to the end for it
                yield replace(info, offset=records.get_record_offset())
    except (ArchiveLoadFailed, EOFError, ValueError, OSError) as exc:
        raise WarcError(f"{path}: not a readable WARC file ({_reason(exc)})") from exc


def _check_start(path: str) -> None:
    """A WARC file starts with WARC/ (an ARC file with filedesc://), gzip-compressed or not:
    warcio would read other text as a record of a made-up ARC file."""
    with open(path, "rb") as stream:
        start = stream.read(4096)
    if start[:2] == b"\x1f\x8b":
        try:
            start = zlib.decompressobj(wbits=31).decompress(start, 64)
        except zlib.error as exc:
            raise WarcError(f"{path}: not a readable WARC file (bad gzip: {exc})") from exc
    if not start.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise WarcError(f"{path}: not a readable WARC file (it does not start with WARC/)")


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _info(path: str, record) -> RecordInfo:
    headers = record.rec_headers
    http = record.http_headers if record.rec_type in ("response", "revisit") else None
    status = mime = location = None
    if http is not None and http.statusline:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
        mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        location = http.get_header("Location")
    date = headers.get_header("WARC-Date")
    fields = {}
    if record.rec_type == "metadata" and "warc-fields" in (record.content_type or ""):
        fields = _read_fields(record.content_stream().read(65536))
    return RecordInfo(
        path=path,
        offset=-1,
        kind=record.rec_type,
        record_id=headers.get_header("WARC-Record-ID"),
        url=headers.get_header("WARC-Target-URI"),
        date=archive_time(date) if date else None,
        status=status,
        mime=mime or "",
        location=location,
        refers_to=headers.get_header("WARC-Refers-To"),
        profile=headers.get_header("WARC-Profile"),
        fields=fields,
    )


def _read_fields(block: bytes) -> dict[str, str]:
    """name: value lines (application/warc-fields); the first of a repeated name."""
    found: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            found.setdefault(name.strip().lower(), value.strip())
    return found


def load(path: str | Path, offset: int) -> HttpCapture:
    """The HTTP response of the record at an offset (from scan). WarcError if it is gone
    or is not one."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream, arc2warc=True)))
            if record.http_headers is None or record.rec_type not in ("response", "revisit"):
                raise WarcError(f"{path}@{offset}: not an HTTP response")
            body = record.content_stream().read()
            headers = record.rec_headers
            return HttpCapture(
                url=headers.get_header("WARC-Target-URI"),
                status=int(record.http_headers.get_statuscode()),
                headers=_decoded_headers(record.http_headers.headers),
                body=body,
                date=archive_time(headers.get_header("WARC-Date")),
            )
    except (ArchiveLoadFailed, EOFError, StopIteration, ValueError, OSError) as exc:
        raise WarcError(f"{path}@{offset}: {_reason(exc)}") from exc


def _decoded_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers of a body that content_stream() de-chunked and decompressed: without
    the encodings that no longer apply, as Scrapy leaves a response it decompressed.

    >>> _decoded_headers([("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"),
    ...                   ("Content-Type", "text/html")])
    [('Content-Type', 'text/html')]
    """
    return [
        (name, value)
        for name, value in headers
        if name.lower() != "transfer-encoding"
        and not (name.lower() == "content-encoding" and value.strip().lower() in _DECODED)
    ]
