"""What Redis says of a site: the URL keys of its archived articles (as the archive writer
published them) and whether a run of it is going on."""

from __future__ import annotations

from datetime import datetime

from .connection import worker_ttl
from .keys import SiteKeys


def known_keys(server, prefix: str, site: str) -> set[str]:
    """URL keys of the site's archived articles, as the archive writer published them."""
    return {k.decode() for k in server.sscan_iter(SiteKeys(prefix, site).known, count=10_000)}


def run_state(server, prefix: str, site: str, heartbeat: float) -> tuple[bool, datetime | None]:
    """Whether a run of the site has live workers now, and when its last run started."""
    keys = SiteKeys(prefix, site)
    seconds, micros = server.time()  # the clock the workers' heartbeats use
    live = server.zcount(keys.workers, seconds + micros / 1e6 - worker_ttl(heartbeat), "+inf") > 0
    started = server.get(keys.started)
    return live, datetime.fromisoformat(started.decode()) if started else None
