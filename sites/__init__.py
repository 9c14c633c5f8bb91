"""Site profiles: one TOML file per portal in sites/, loaded into frozen dataclasses.

A profile is data only: where a portal starts, which domains are its own, which URLs are
articles or lists, selectors for fields the generic extractor gets wrong, and politeness
overrides. Example (sites/yuzhou.toml)::

    name = "yuzhou"
    name_zh = "禹州市融媒体中心"
    start_urls = ["https://www.yuzhou.gov.cn/"]
    allowed_domains = ["yuzhou.gov.cn"]

    [region]
    province = "河南省"
    city = "许昌市"
    county = "禹州市"

    [selectors]
    title = "h1.art-title"
    body = "//div[@id='zoom']"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scrapers.extract.selectors import BadSelector, SelectorSet

SITES_DIR = Path(__file__).resolve().parent

_TOP_KEYS = {
    "name",
    "name_zh",
    "start_urls",
    "allowed_domains",
    "article_patterns",
    "list_patterns",
    "region",
    "selectors",
    "politeness",
    "every",
}
_REGION_KEYS = {"province", "city", "county"}
_POLITENESS_KEYS = {"download_delay", "concurrency", "autothrottle_target"}


class ProfileError(ValueError):
    """A site profile that is missing, malformed or has bad values."""


@dataclass(frozen=True)
class SiteProfile:
    name: str
    name_zh: str = ""
    start_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    list_patterns: tuple[str, ...] = ()
    region: dict = field(default_factory=dict)
    selectors: SelectorSet = field(default_factory=SelectorSet.empty)
    politeness: dict = field(default_factory=dict)
    every: str | None = None
    allow_private: bool = False  # may the crawl go to loopback and private addresses

    @property
    def base_url(self) -> str | None:
        return self.start_urls[0] if self.start_urls else None


def _strings(data: dict, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{path}: {key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _check_keys(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ProfileError(f"{where}: unknown key(s) {', '.join(unknown)}")


def parse_profile(data: dict, path: Path) -> SiteProfile:
    """Validate a profile's TOML data; every bad value raises ProfileError with its path."""
    _check_keys(data, _TOP_KEYS, str(path))
    name = data.get("name", path.stem)
    if name != path.stem:
        raise ProfileError(f"{path}: name {name!r} must equal the file name {path.stem!r}")
    start_urls = _strings(data, "start_urls", path)
    for url in start_urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ProfileError(f"{path}: start URL {url!r} is not an http(s) URL")
    domains = _strings(data, "allowed_domains", path) or tuple(
        dict.fromkeys(urlsplit(u).hostname for u in start_urls if urlsplit(u).hostname)
    )
    region = data.get("region", {})
    politeness = data.get("politeness", {})
    selectors = data.get("selectors", {})
    for key, table in (("region", region), ("politeness", politeness), ("selectors", selectors)):
        if not isinstance(table, dict):
            raise ProfileError(f"{path}: [{key}] must be a table")
    _check_keys(region, _REGION_KEYS, f"{path} [region]")
    _check_keys(politeness, _POLITENESS_KEYS, f"{path} [politeness]")
    for key, value in politeness.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{path}: politeness {key} must be a number >= 0, not {value!r}")
    try:
        compiled = SelectorSet.from_mapping(selectors)
    except (BadSelector, ValueError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    for key in ("article_patterns", "list_patterns"):
        for pattern in _strings(data, key, path):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ProfileError(
                    f"{path}: {key} entry {pattern!r} is not a regular expression: {exc}"
                ) from exc
    every = data.get("every")
    if every is not None and not isinstance(every, str):
        raise ProfileError(f'{path}: every must be a string such as "6h"')
    return SiteProfile(
        name=name,
        name_zh=str(data.get("name_zh", "")),
        start_urls=start_urls,
        allowed_domains=domains,
        article_patterns=_strings(data, "article_patterns", path),
        list_patterns=_strings(data, "list_patterns", path),
        region=dict(region),
        selectors=compiled,
        politeness=dict(politeness),
        every=every,
        allow_private=bool(data.get("allow_private", False)),
    )


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
