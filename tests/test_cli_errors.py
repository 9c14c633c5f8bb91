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


CASES_URL = [
    ("url=http://exa mple.gov.cn/", "its host 'exa mple.gov.cn' is not a host name"),
    ("url=http://127.0.0.1:abc/", "its port is not a number: 'abc'"),
    ("url=https://[::1/", "Invalid IPv6 URL"),
]


@pytest.mark.parametrize(("arg", "message"), CASES_URL)
def test_a_start_url_that_cannot_be_crawled(arg, message, tmp_path):
    proc = scrapy_command("crawl", "portal", "-a", arg, "-s", f"ARCHIVE={tmp_path / 'a.db'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"scrapy crawl: error: -a url= must be an http(s) URL, not {arg[4:]!r}: {message}"
    ]
    assert not (tmp_path / "a.db").exists()  # nothing recorded as a finished crawl


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    """A copy of an archive truncated to half, as a full disk or a bad copy leaves one."""
    import os

    from archive.articles import write_article
    from tests.conftest import archive_with_crawl, make_article_item, ready

    folder = tmp_path_factory.mktemp("damaged")
    db, site, crawl = archive_with_crawl(folder)
    for n in range(40):
        item = make_article_item(f"http://www.x.gov.cn/a/{n}.html", body=f"第{n}篇。" * 200)
        write_article(db, ready(item), site, crawl, keep_pages=True)
    db.conn.commit()
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    path = folder / "a.db"
    os.truncate(path, path.stat().st_size // 2)
    return path


@pytest.mark.parametrize(
    "args",
    [("summary",), ("report",), ("reextract",), ("recheck",), ("stories",), ("crawlall",),
     ("crawl", "portal", "-a", "url=http://127.0.0.1:9/")],
    ids=lambda a: a[0],
)  # fmt: skip
def test_a_damaged_archive_is_one_line(damaged, args, tmp_path):
    proc = scrapy_command(*args, "-s", f"ARCHIVE={damaged}", "-s", f"SITES_DIR={tmp_path}")
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "is damaged (database disk image is malformed)" in lines[0]


@pytest.mark.parametrize(
    ("setting", "nearest"), [("ARCHVE", "ARCHIVE"), ("DOWNLOAD_DELAI", "DOWNLOAD_DELAY")]
)
def test_a_setting_nobody_reads_is_refused_with_the_nearest_name(setting, nearest, tmp_path):
    proc = scrapy_command("summary", "-s", f"{setting}={tmp_path / 'x.db'}")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"scrapy summary: error: unknown setting {setting} (did you mean {nearest}?): "
        "no component of rongmei or Scrapy reads it"
    )
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("command", "setting", "wanted"),
    [
        ("crawl", "EXTRACT_MAX_ELEMENTS=many", "a whole number"),
        ("crawl", "EDITION_DAYS=abc", "a whole number"),
        ("crawl", "ATTACHMENTS_DOWNLOAD=perhaps", "true or false"),
        ("summary", "DOWNLOAD_DELAY=slow", "a number"),
    ],
)
def test_a_setting_value_of_the_wrong_kind_is_one_line_before_anything_starts(
    command, setting, wanted, tmp_path
):
    archive = tmp_path / "a.db"
    args = ["portal", "-a", "url=http://127.0.0.1:9/"] if command == "crawl" else []
    proc = scrapy_command(command, *args, "-s", setting, "-s", f"ARCHIVE={archive}")
    name, value = setting.split("=")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"scrapy {command}: error: {name} must be {wanted}, not {value!r}"
    assert not archive.exists()


def test_summary_of_a_misspelt_archive_creates_nothing(tmp_path):
    proc = scrapy_command("summary", "-s", f"ARCHIVE={tmp_path / 'archive.bd'}")
    assert proc.returncode == 2 and "no archive at" in proc.stderr
    assert not (tmp_path / "archive.bd").exists()


def test_datasette_on_a_damaged_archive_is_one_line(damaged):
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import ROOT

    datasette = Path(sys.executable).with_name("datasette")
    proc = subprocess.run(
        [str(datasette), str(damaged), "--plugins-dir", "plugins", "--get", "/"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"datasette: error: {damaged} is damaged (database disk image is malformed): "
        "restore it from a copy"
    ]
