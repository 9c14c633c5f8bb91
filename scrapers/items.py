"""The article record that extraction produces and the pipelines archive."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    """One page read as an article. Field names are the archive's column names."""

    url: str | None
    is_article: bool
    encoding: str | None = None
    title: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    date_source: str = "none"
    source: str | None = None
    author: list[str] = field(default_factory=list)
    editor: str | None = None
    breadcrumbs: list[str] = field(default_factory=list)
    body: str | None = None
    images: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    # Profile selectors that matched nothing on this page (the generic rule was used).
    selector_misses: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
