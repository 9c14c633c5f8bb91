"""Bad arguments and bad site profiles: one clear error line each, never a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import scrapy_command


@pytest.fixture
def bad_sites(tmp_path):
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "nourls.toml").write_text('start_urls = "http://x.gov.cn/"\n', "utf-8")
    (folder / "badsel.toml").write_text('[selectors]\ntitle = "//h1[["\n', "utf-8")
    (folder / "badtoml.toml").write_text("name = \n", "utf-8")
    (folder / "badpolite.toml").write_text('[politeness]\nconcurrency = "lots"\n', "utf-8")
    (folder / "badpattern.toml").write_text('article_patterns = ["(unclosed"]\n', "utf-8")
    return folder


CASES = [
    (("crawl", "portal", "-a", "url=notaurl"), "must be an http(s) URL"),
    (("crawl", "portal"), "give exactly one of"),
    (("crawl", "portal", "-a", "url=http://x.gov.cn/", "-a", "sight=x"), "unknown spider argument"),
    (("crawl", "portal", "-a", "site=missing"), "no site profile"),
    (("crawl", "portal", "-a", "site=nourls"), "start_urls must be a list"),
    (("crawl", "portal", "-a", "site=badsel"), "is not valid XPath"),
    (("crawl", "portal", "-a", "site=badtoml"), "not valid TOML"),
    (("crawl", "portal", "-a", "site=badpolite"), "must be a number"),
    (("crawl", "portal", "-a", "site=badpattern"), "is not a regular expression"),
    (
        ("crawl", "portal", "-a", "url=http://x.gov.cn/", "-s", "ARCHIVE=/no/such/dir/a.db"),
        "no such folder",
    ),
    (
        ("crawl", "portal", "-a", "url=http://x.gov.cn/", "-s", "REDIS_URL=redis://127.0.0.1:1/0"),
        "REDIS_URL='redis://127.0.0.1:1/0': cannot use it",
    ),
    (
        ("crawl", "portal", "-a", "url=http://x.gov.cn/", "-s", "REDIS_URL=mysql://x"),
        "cannot use it",
    ),
    (("crawlall", "-s", "REDIS_URL=redis://127.0.0.1:1/0"), "cannot use it"),
    (("archive-writer",), "REDIS_URL is not set"),
    (("archive-writer", "-s", "REDIS_URL=redis://127.0.0.1:1/0"), "cannot use it"),
    (("archive-writer", "--until-idle", "soon"), "not a duration"),
    (("extract", "--site", "badsel", "x.html"), "is not valid XPath"),
    (("recheck", "--older-than", "soon"), "not a duration"),
    (("report", "--since", "eventually"), "not a duration"),
    (("crawl", "portl"), "no spider 'portl' (did you mean portal?)"),
    (("crawl", "recheck"), "runs through its own command: scrapy recheck"),
    (("crawl",), "give one spider"),
    (("summry",), "unknown command 'summry' (did you mean summary?)"),
    (("summary", "--bogus"), "unknown option --bogus"),
    (("summary", "extra"), "takes no arguments"),
    (("stories", "--top", "x"), "invalid int value: 'x'"),
    (("report", "--since"), "expected one argument"),
    (
        ("crawl", "portal", "-a", "url=http://x.gov.cn/", "-s", "DOWNLOAD_DELAY"),
        "use -s NAME=VALUE",
    ),
    (("summary", "-s", "ARCHIVE=/no/such/archive.db"), "no archive at /no/such/archive.db"),
    (("reextract", "-s", "ARCHIVE=/no/such/archive.db"), "no archive at /no/such/archive.db"),
]


@pytest.mark.parametrize(("args", "message"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_one_clear_line(bad_sites, args, message):
    proc = scrapy_command(*args, "-s", f"SITES_DIR={bad_sites}")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
