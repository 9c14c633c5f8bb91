"""Site profiles: one TOML file per portal in sites/, loaded into frozen dataclasses.

A profile is data only: where a portal starts, which domains are its own, which URLs are
articles or lists, selectors for fields the generic extractor gets wrong, how often to
crawl it, and how politely (sites.politeness applies that to a crawl's settings).
"""

from .profile import (
    SITES_DIR,
    Politeness,
    ProfileError,
    Region,
    SiteProfile,
    check_url,
    load_profile,
    parse_profile,
    profile_from_url,
    profile_names,
    profile_or_fallback,
)

__all__ = [
    "SITES_DIR",
    "Politeness",
    "ProfileError",
    "Region",
    "SiteProfile",
    "check_url",
    "load_profile",
    "parse_profile",
    "profile_from_url",
    "profile_names",
    "profile_or_fallback",
]
