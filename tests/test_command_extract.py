"""`scrapy extract`: one JSON line per input, in order; errors as lines; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT
from tests.fixture_cases import FIXTURES


def scrapy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_files_in_order_with_errors_as_lines(tmp_path):
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    seed = FIXTURES / "seed-yuzhou" / "input.html"
    dede = FIXTURES / "cms-dede-gbk" / "input.html"
    proc = scrapy("extract", str(seed), str(tmp_path / "missing.html"), str(binary), str(dede))
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert [r.get("file") for r in rows] == [
        str(seed),
        str(tmp_path / "missing.html"),
        str(binary),
        str(dede),
    ]
    assert rows[0]["title"] == "全力以赴拼经济抓投资 奋力冲刺“开门红”"
    assert rows[1]["error"].startswith("cannot read")
    assert rows[2]["error"] == "not HTML: a PNG image"
    assert rows[3]["encoding"] == "gb18030"


def test_all_good_inputs_exit_zero():
    proc = scrapy(
        "extract",
        str(FIXTURES / "cms-trs-gov" / "input.html"),
        "--url",
        "http://www.youxian.gov.cn/zwgk/xwzx/202301/t20230129_1.html",
    )
    assert proc.returncode == 0
    row = json.loads(proc.stdout)
    assert row["url"] == "http://www.youxian.gov.cn/zwgk/xwzx/202301/t20230129_1.html"
    assert row["is_article"] is True


def test_urls_are_fetched_through_scrapy(static_server):
    base, folder = static_server
    (folder / "a.html").write_bytes((FIXTURES / "cms-dede-gbk" / "input.html").read_bytes())
    proc = scrapy("extract", f"{base}/a.html", f"{base}/gone.html", "-s", "ROBOTSTXT_OBEY=False")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["url"] for r in rows] == [f"{base}/a.html", f"{base}/gone.html"]
    assert rows[0]["is_article"] is True
    assert rows[1]["error"] == "HTTP 404"
    assert proc.returncode == 1


def test_unknown_site_is_one_clear_line():
    proc = scrapy("extract", "--site", "no_such_portal", "x.html")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "no site profile" in proc.stderr


def test_no_arguments_is_a_usage_error():
    proc = scrapy("extract")
    assert proc.returncode == 2


def test_a_page_over_the_element_limit_is_an_error_line(tmp_path):
    from tests.hostile_pages import dense_page

    page = tmp_path / "dense.html"
    page.write_bytes(dense_page(100_000))
    proc = scrapy("extract", str(page), "-s", "EXTRACT_MAX_ELEMENTS=500")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert "more than the limit of 500 (EXTRACT_MAX_ELEMENTS)" in row["error"]
    assert scrapy("extract", str(page)).returncode == 0
