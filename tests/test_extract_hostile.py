"""Bad input gets a clear error or a record, never an exception from deep inside."""

from __future__ import annotations

import random

import pytest

from scrapers.extract import ExtractionError, extract_article
from tests.fixture_cases import load_cases
from tests.hostile_pages import big_page, dense_page, truncated_page

SEED = next(c for c in load_cases() if c.name == "seed-yuzhou")
LIST = next(c for c in load_cases() if c.name == "list-page")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "not HTML: a PNG image"),
        (b"%PDF-1.7\n" + bytes(200), "not HTML: a PDF document"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "not HTML: gzip data"),
        (random.Random(1).randbytes(5000), "not HTML: binary data"),
        (b"just a line of plain text, no markup at all\n" * 10, "not HTML: no HTML tags"),
    ],
)
def test_not_html_is_a_clear_error(body, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract_article(body, "http://x.gov.cn/a.html")


def test_truncated_page_still_reads():
    record = extract_article(truncated_page(SEED.page.read_bytes(), 0.6), SEED.url)
    assert record.is_article
    assert record.title == SEED.expected["title"]
    assert record.body.startswith("新年伊始")


def test_page_without_body_or_head():
    html = "<title>县里开会</title><h1>县里开会</h1><p>发布时间：2023-02-01</p>" + (
        "<p>1月28日，县里召开经济运行分析会，部署全年重点工作。</p>" * 3
    )
    record = extract_article(html.encode("gbk"))
    assert record.is_article
    assert record.published_at == "2023-02-01"


def test_list_page_is_not_an_article():
    record = extract_article(LIST.page.read_bytes(), LIST.url, LIST.headers)
    assert record.is_article is False
    assert record.body is None


def test_twenty_megabyte_page():
    raw = big_page(20 * 1024 * 1024)
    assert len(raw) > 19 * 1024 * 1024
    record = extract_article(raw, "http://www.x.gov.cn/a/2023/0129/1.html")
    assert record.is_article
    assert record.published_at == "2023-01-29T10:21:00+08:00"
    assert record.body.count("\n") == 19


def nested(depth: int) -> bytes:
    paragraphs = "".join(f"<p>县里召开第{n}次会议，部署全年工作。</p>" for n in range(3))
    return f"<title>县里开会</title><body>{'<div>' * depth}{paragraphs}{'</div>' * depth}".encode()


def test_a_page_of_more_elements_than_the_limit_is_a_clear_error():
    raw = dense_page(200_000)  # some 4,400 elements
    with pytest.raises(
        ExtractionError, match=r"more than the limit of 1,000 \(EXTRACT_MAX_ELEMENTS\)"
    ):
        extract_article(raw, "http://www.example.gov.cn/a/2023/0129/1.html", max_elements=1000)
    article = extract_article(
        raw, "http://www.example.gov.cn/a/2023/0129/1.html", max_elements=10_000
    )
    assert article.is_article and article.title == "县里开会"


def test_dense_page_reads_as_its_article():
    """Shallow blocks are read in one step each: the article of a dense page is whole."""
    raw = dense_page(400_000)
    article = extract_article(raw, "http://www.example.gov.cn/a/2023/0129/1.html")
    paragraphs = article.body.split("\n")
    assert len(paragraphs) == raw.count(b"<p>")
    assert all(p.startswith("1月28日，县里召开节后第") for p in paragraphs)
    assert "栏目链接" not in article.body


def test_deep_nesting_reads_whole():
    record = extract_article(nested(1500))
    assert record.is_article
    assert record.body.count("部署全年工作") == 3


def test_nesting_past_the_parser_limit_is_an_error_not_a_silent_loss():
    with pytest.raises(ExtractionError, match="deeper than the parser's limit"):
        extract_article(nested(5000))


def mutate(raw: bytes, rng: random.Random) -> bytes:
    """A real page with bytes flipped, runs cut out and markup debris put in."""
    page = bytearray(raw)
    for _ in range(rng.randrange(1, 200)):
        if not page:
            break
        op, at = rng.randrange(3), rng.randrange(len(page))
        if op == 0:
            page[at] = rng.randrange(256)
        elif op == 1:
            del page[at : at + rng.randrange(1, 400)]
        else:
            page[at:at] = rng.choice(
                [b"<", b">", b"</div>", b"<p>", b"\x00", b"<!--", b"&#", b"\xff\xfe"]
            )
    return bytes(page)


def test_a_thousand_mutated_pages_never_raise_anything_else():
    rng = random.Random(2026)
    pages = [c.page.read_bytes() for c in load_cases()]
    outcomes = {"article": 0, "not article": 0, "error": 0}
    for _ in range(1000):
        try:
            record = extract_article(mutate(rng.choice(pages), rng), "http://x.gov.cn/a.html")
        except ExtractionError:
            outcomes["error"] += 1
            continue
        assert isinstance(record.is_article, bool)
        outcomes["article" if record.is_article else "not article"] += 1
    assert sum(outcomes.values()) == 1000
    # Damaged pages still mostly read: of those not refused as binary or empty, most are
    # articles (the fixtures include small pages, which a few hundred edits refuse more often).
    assert outcomes["article"] > outcomes["not article"]
