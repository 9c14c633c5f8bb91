"""Captures as WARC records (ISO 28500:2017, WARC/1.1), written by warcio.

A :class:`Capture` is one HTTP response as rongmei knows it: the URL, the status, the
headers and the body as received, and when. What the archive does not keep is rebuilt and
said so: the ``pages`` table keeps the status code but not the status line, so the
protocol (HTTP/1.1) and the reason phrase (``OK``) are rebuilt; a body that Scrapy
decompressed, or that came chunked, no longer matches the ``Content-Length`` or
``Transfer-Encoding`` it came with, so those are corrected and the received values kept as
``X-Archive-Orig-*`` headers (the prefix pywb uses for the same purpose). Each response
record names what was rebuilt in its ``Rongmei-Rebuilt`` field (a field of rongmei's own:
readers ignore fields they do not know), and the warcinfo record explains it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: Not one of the standard revisit profiles (identical-payload-digest, server-not-modified):
#: the archive knows that a re-fetch read as the same article, not that its bytes were the
#: same (README, "Web archives").
SAME_ARTICLE_PROFILE = "urn:x-rongmei:revisit:same-article"
WARC_VERSION = "1.1"
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "rongmei:warc-record")


@dataclass(frozen=True)
class Capture:
    """One HTTP response: what rongmei received, and when (ISO 8601, UTC)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str
    protocol: str | None = None  # "HTTP/1.1" when the crawl saw it; None: not kept

    def record_id(self, kind: str = "response") -> str:
        """A record ID derived from the capture, so that a capture exported twice is one
        record, and a revisit can refer to it from another file."""
        return f"<urn:uuid:{uuid.uuid5(_IDS, f'{kind} {self.url} {self.fetched_at}')}>"


def warc_date(when: str) -> str:
    """An archive time (ISO 8601 with an offset) as a WARC-Date, in UTC.

    >>> warc_date("2026-12-01T22:54:08+00:00"), warc_date("2026-12-02T06:54:08.5+08:00")
    ('2026-12-01T22:54:08Z', '2026-12-01T22:54:08.500000Z')
    """
    moment = datetime.fromisoformat(when).astimezone(UTC)
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def archive_time(date: str) -> str:
    """A WARC-Date as the archive keeps times (UTC, to the second).

    >>> archive_time("2019-05-04T03:02:01Z"), archive_time("2019-05-04T03:02:01.123456Z")
    ('2019-05-04T03:02:01+00:00', '2019-05-04T03:02:01+00:00')
    >>> archive_time("2019-05-04")
    '2019-05-04T00:00:00+00:00'
    """
    moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def http_headers(capture: Capture) -> tuple[StatusAndHeaders, list[str]]:
    """The HTTP header block of a capture, and the names of the parts that were rebuilt.

    >>> block, rebuilt = http_headers(Capture("http://x.cn/", 200,
    ...     [("Content-Length", "6632"), ("Content-Type", "text/html")], b"<p>", "2026-01-01"))
    >>> block.protocol, block.statusline, block.headers, rebuilt
    ('HTTP/1.1', '200 OK', [('Content-Length', '3'), ('Content-Type', 'text/html'), ('X-Archive-Orig-Content-Length', '6632')], ['protocol', 'reason', 'content-length'])
    """
    rebuilt = [] if capture.protocol else ["protocol"]
    try:
        reason = HTTPStatus(capture.status).phrase
    except ValueError:
        reason = "Unknown"
    rebuilt.append("reason")  # Scrapy never keeps the reason phrase a server sent
    headers, kept = [], []
    for name, value in capture.headers:
        low = name.lower()
        if low == "transfer-encoding":  # the body was de-chunked before anyone kept it
            kept.append((f"X-Archive-Orig-{name}", value))
            rebuilt.append("transfer-encoding")
        elif low == "content-length" and value.strip() != str(len(capture.body)):
            headers.append((name, str(len(capture.body))))
            kept.append((f"X-Archive-Orig-{name}", value))
            rebuilt.append("content-length")
        else:
            headers.append((name, value))
    block = StatusAndHeaders(
        f"{capture.status} {reason}", headers + kept, protocol=capture.protocol or "HTTP/1.1"
    )
    return block, rebuilt


def _fields(pairs: list[tuple[str, str]]) -> BytesIO:
    """An application/warc-fields block (the format of warcinfo and metadata records)."""
    return BytesIO("".join(f"{k}: {v}\r\n" for k, v in pairs if v).encode("utf-8"))


class WarcFile:
    """Records into one WARC stream (gzip: one member per record, as the standard says)."""

    def __init__(self, stream: BinaryIO, *, gzip: bool = True) -> None:
        self.stream = stream
        self.writer = WARCWriter(stream, gzip=gzip, warc_version=WARC_VERSION)

    def warcinfo(self, filename: str, fields: dict[str, str]) -> str:
        record = self.writer.create_warcinfo_record(filename, fields)
        self.writer.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def response(self, capture: Capture, *, record_id: str | None = None, **extra: str) -> str:
        """A response record (block and payload digests computed by warcio); extra: more
        WARC fields (Rongmei-Crawl ...). Returns its record ID."""
        block, rebuilt = http_headers(capture)
        fields = {"WARC-Date": warc_date(capture.fetched_at), "Rongmei-Rebuilt": ", ".join(rebuilt)}
        fields["WARC-Record-ID"] = record_id or capture.record_id()
        record = self.writer.create_warc_record(
            capture.url,
            "response",
            payload=BytesIO(capture.body),
            length=len(capture.body),
            http_headers=block,
            warc_headers_dict={**fields, **extra},
        )
        self.writer.write_record(record)
        return fields["WARC-Record-ID"]

    def metadata(self, capture: Capture, pairs: list[tuple[str, str]]) -> str:
        """A metadata record about a capture's response record (WARC-Refers-To)."""
        payload = _fields(pairs)
        record_id = capture.record_id("metadata")
        record = self.writer.create_warc_record(
            capture.url,
            "metadata",
            payload=payload,
            length=len(payload.getvalue()),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id,
                "WARC-Date": warc_date(capture.fetched_at),
                "WARC-Refers-To": capture.record_id(),
                "WARC-Concurrent-To": capture.record_id(),
            },
        )
        self.writer.write_record(record)
        return record_id

    def revisit(self, capture: Capture, at: str) -> str:
        """A revisit record: the capture's URL fetched again at `at` and read as the same
        article (SAME_ARTICLE_PROFILE). No payload digest: nobody kept those bytes."""
        again = Capture(capture.url, capture.status, [], b"", at)
        record_id = again.record_id("revisit")
        record = self.writer.create_warc_record(
            capture.url,
            "revisit",
            warc_headers_dict={
                "WARC-Record-ID": record_id,
                "WARC-Date": warc_date(at),
                "WARC-Profile": SAME_ARTICLE_PROFILE,
                "WARC-Refers-To": capture.record_id(),
                "WARC-Refers-To-Target-URI": capture.url,
                "WARC-Refers-To-Date": warc_date(capture.fetched_at),
            },
        )
        self.writer.write_record(record)
        return record_id
