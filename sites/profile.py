"""The site profile: its dataclasses, and loading and checking sites/NAME.toml.

Example (sites/demo.toml, the demo portal, has the same shape)::

    name = "yuzhou"                       # the file name
    name_zh = "禹州市融媒体中心"
    start_urls = ["https://www.yuzhou.gov.cn/"]
    allowed_domains = ["yuzhou.gov.cn"]
    every = "6h"
    render = false                        # true: every page in the browser (scrapers.render)

    [region]
    province = "河南省"
    city = "许昌市"
    county = "禹州市"

    [politeness]
    download_delay = 2.0

    [selectors]
    title = "h1.art-title"
    body = "//div[@id='zoom']"

The keys a profile may have are the fields of these dataclasses: a key is added by adding
a field, and a misspelt one is refused with the file and the key named.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from core.durations import parse_duration
from scrapers.extract import BadSelector, SelectorSet, jpage_list

SITES_DIR = Path(__file__).resolve().parent


class ProfileError(ValueError):
    """A site profile that is missing, malformed or has bad values."""


@dataclass(frozen=True)
class Region:
    """Where the portal's county or city is: stored with the site in the archive."""

    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class Politeness:
    """Per-portal overrides of the crawl's politeness settings (sites.politeness)."""

    download_delay: float | None = None  # DOWNLOAD_DELAY, seconds
    concurrency: float | None = None  # CONCURRENT_REQUESTS_PER_DOMAIN
    autothrottle_target: float | None = None  # AUTOTHROTTLE_TARGET_CONCURRENCY


@dataclass(frozen=True)
class SiteProfile:
    name: str
    name_zh: str = ""
    start_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()  # regular expressions of article URLs
    list_patterns: tuple[str, ...] = ()  # regular expressions of list URLs
    # Hanweb dataproxy lists to read from the first record on: the endpoint with the
    # column's parameters as its query (…/dataproxy.jsp?webid=1&columnid=9&unitid=7)
    jpage_lists: tuple[str, ...] = ()
    region: Region = field(default_factory=Region)
    selectors: SelectorSet = field(default_factory=SelectorSet.empty)
    politeness: Politeness = field(default_factory=Politeness)
    every: str | None = None  # how often crawlall crawls it: "6h", "1d" ...
    allow_private: bool = False  # may the crawl go to loopback and private addresses
    # A digital edition's issues to crawl: those of the newest this many days (the
    # newest issue's day counts as one); unset: EDITION_DAYS (0: every issue it offers).
    edition_days: int | None = None
    render: bool = False  # load every page in the browser (scrapers.render)

    @property
    def base_url(self) -> str | None:
        return self.start_urls[0] if self.start_urls else None

    @cached_property
    def domains(self) -> list[str]:
        """The registered domains of allowed_domains (www.x.gov.cn -> x.gov.cn), so that a
        portal's other hosts (m., news.) are its own too."""
        import tldextract  # its public-suffix list ships with it: no network

        extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        hosts = self.allowed_domains
        return list(dict.fromkeys(extract(h).top_domain_under_public_suffix or h for h in hosts))

    @cached_property
    def start_hosts(self) -> set[str]:
        """The hosts of the start URLs: the user asked for these, even on 127.0.0.1."""
        return {urlsplit(u).hostname for u in self.start_urls}

    @property
    def every_delta(self):
        """`every` as a timedelta (checked when the profile loaded), or None."""
        return parse_duration(self.every) if self.every else None


def _convert(hint, value, where: str, key: str):
    """A TOML value as the dataclass field's type wants it, or ProfileError."""
    if typing.get_origin(hint) is types.UnionType and type(None) in typing.get_args(hint):
        (hint,) = (a for a in typing.get_args(hint) if a is not type(None))  # X | None
    if is_dataclass(hint) or hint is SelectorSet:
        if not isinstance(value, dict):
            raise ProfileError(f"{where}: [{key}] must be a table")
        if hint is SelectorSet:
            try:
                return SelectorSet.from_mapping(value)
            except (BadSelector, ValueError) as exc:
                raise ProfileError(f"{where}: {exc}") from exc
        return _build(hint, value, f"{where} [{key}]")
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ProfileError(f"{where}: {key} must be a list of non-empty strings")
        return tuple(v.strip() for v in value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ProfileError(f"{where}: {key} must be true or false, not {value!r}")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{where}: {key} must be a whole number >= 0, not {value!r}")
        return value
    if hint is float:
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{where}: {key} must be a number >= 0, not {value!r}")
        return value
    if not isinstance(value, str):
        raise ProfileError(f'{where}: {key} must be a string such as "6h", not {value!r}'
                           if key == "every" else f"{where}: {key} must be a string, not {value!r}")  # fmt: skip
    return value


def _build(cls, data: dict, where: str):
    """A dataclass from a TOML table: its keys are the dataclass's fields, nothing else."""
    hints = typing.get_type_hints(cls)
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ProfileError(
            f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(known)})"
        )
    return cls(**{key: _convert(hints[key], value, where, key) for key, value in data.items()})


def parse_profile(data: dict, path: Path) -> SiteProfile:
    """Check a profile's TOML data; every bad value raises ProfileError naming the file."""
    data = {"name": path.stem, **data}
    profile = _build(SiteProfile, data, str(path))
    if profile.name != path.stem:
        raise ProfileError(f"{path}: name {profile.name!r} must equal the file name {path.stem!r}")
    for url in profile.start_urls:
        if problem := check_url(url):
            raise ProfileError(f"{path}: start URL {url!r} is not an http(s) URL: {problem}")
    for key in ("article_patterns", "list_patterns"):
        for pattern in getattr(profile, key):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ProfileError(
                    f"{path}: {key} entry {pattern!r} is not a regular expression: {exc}"
                ) from exc
    for url in profile.jpage_lists:
        if problem := check_url(url):
            raise ProfileError(
                f"{path}: jpage_lists entry {url!r} is not an http(s) URL: {problem}"
            )
        if jpage_list(url) is None:
            raise ProfileError(
                f"{path}: jpage_lists entry {url!r} names no column (webid, columnid, unitid)"
            )
    if profile.every is not None:
        try:
            parse_duration(profile.every)
        except ValueError as exc:
            raise ProfileError(f"{path}: every: {exc}") from exc
    if not profile.allowed_domains:
        hosts = (urlsplit(u).hostname for u in profile.start_urls)
        domains = tuple(dict.fromkeys(h for h in hosts if h))
        profile = replace(profile, allowed_domains=domains)
    return profile


def load_profile(name: str, sites_dir: Path | str = SITES_DIR) -> SiteProfile:
    """Load sites/NAME.toml. Raises ProfileError with a one-line reason."""
    if not name or "/" in name or name.startswith("."):
        raise ProfileError(f"bad site name {name!r}")
    path = Path(sites_dir) / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(profile_names(sites_dir)) or "none"
        raise ProfileError(f"no site profile {path} (known sites: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    return parse_profile(data, path)


def profile_names(sites_dir: Path | str = SITES_DIR) -> list[str]:
    return sorted(p.stem for p in Path(sites_dir).glob("*.toml"))


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+$|^[0-9a-fA-F:.]+$")


def check_url(url: str) -> str | None:
    """Why a start URL cannot be crawled, or None: an http(s) URL with a host name (or an
    address) and a port that is a number.

    >>> check_url("http://www.x.gov.cn/"), check_url("http://exa mple.gov.cn/")
    (None, "its host 'exa mple.gov.cn' is not a host name")
    >>> check_url("http://127.0.0.1:abc/"), check_url("https://[::1/")
    ("its port is not a number: 'abc'", 'Invalid IPv6 URL')
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        detail = str(exc)
        if detail.startswith("Port could not be cast"):
            return f"its port is not a number: {url.split('://', 1)[-1].split('/', 1)[0].rsplit(':', 1)[-1]!r}"
        return detail
    if parts.scheme not in ("http", "https"):
        return "it is not an http(s) URL"
    if not host:
        return "it has no host"
    if not _HOST.match(host) or " " in url.strip():
        return f"its host {host!r} is not a host name"
    return None


def profile_from_url(url: str) -> SiteProfile:
    """The profile of a portal given by its start URL alone (-a url=): named after its host."""
    if problem := check_url(url):
        raise ProfileError(f"-a url= must be an http(s) URL, not {url!r}: {problem}")
    parts = urlsplit(url)
    return SiteProfile(
        name=parts.netloc.lower(), start_urls=(url,), allowed_domains=(parts.hostname,)
    )


def profile_or_fallback(name: str, sites_dir: Path | str, base_url: str | None) -> SiteProfile:
    """The site's profile, or one made from what the archive knows of it (its base URL)."""
    try:
        return load_profile(name, sites_dir)
    except ProfileError:
        host = urlsplit(base_url or f"http://{name}/").hostname or name
        return SiteProfile(
            name=name, start_urls=(base_url,) if base_url else (), allowed_domains=(host,)
        )
