"""The texts of the demo portal, read from the data files in ``demo/texts/``.

The files are plain TOML (read with the standard library's ``tomllib``); this module only
loads them and gives the values the names the generator uses. ``demo/texts/topics.toml``
says which ``{slots}`` the templates may use.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent / "texts"


def load(name: str) -> dict[str, Any]:
    """The table of ``demo/texts/<name>.toml``."""
    with (TEXTS / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _topic(table: dict[str, Any]) -> dict[str, Any]:
    # TOML has no tuples; the ranges were (lo, hi) pairs before they moved to a data file.
    return {**table, "nums": {name: tuple(pair) for name, pair in table["nums"].items()}}


_site = load("site")
SITE_NAME: str = _site["site_name"]
SITE_SHORT: str = _site["site_short"]
COUNTY: str = _site["county"]
ADDRESS: str = _site["address"]
PHONE: str = _site["phone"]
ICP: str = _site["icp"]
HOST_ORG: str = _site["host_org"]

_places = load("places")
TOWNS: list[str] = _places["towns"]
VILLAGES: list[str] = _places["villages"]
COMPANIES: list[str] = _places["companies"]

_people = load("people")
REPORTERS: list[str] = _people["reporters"]
CORRESPONDENTS: list[str] = _people["correspondents"]
EDITORS: list[str] = _people["editors"]

_seed = load("seed")
SEED_TITLE: str = _seed["title"]
SEED_SOURCE: str = _seed["source"]
SEED_PARAGRAPHS: list[str] = _seed["paragraphs"]

TOPICS: list[dict[str, Any]] = [_topic(t) for t in load("topics")["topic"]]
GENERIC: list[str] = load("generic")["sentences"]
SECTION_SOURCES: dict[str, list[str]] = load("sources")

_specials = load("specials")
REPRINT_TITLE: str = _specials["reprint_title"]
BROKEN_LINK_TITLE: str = _specials["broken_link_title"]
ERROR_500_TITLE: str = _specials["error_500_title"]
