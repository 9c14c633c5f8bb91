"""Field selectors from a site profile: an XPath or CSS selector per field.

A selector that matches nothing falls back to the generic rule and is named in the
record's ``selector_misses``, so that a broken profile shows up in the archive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from core.text import clean_text, text_of

FIELDS = ("title", "published_at", "source", "author", "editor", "body", "breadcrumbs")


class BadSelector(ValueError):
    """A profile selector that is neither valid XPath nor valid CSS."""


def _compile(field_name: str, expr: str) -> etree.XPath:
    expr = expr.strip()
    if expr.startswith(("/", "(", "./")):
        try:
            return etree.XPath(expr)
        except etree.XPathSyntaxError as exc:
            raise BadSelector(f"selector for {field_name!r} is not valid XPath: {expr!r}") from exc
    try:
        return CSSSelector(expr)
    except SelectorError as exc:
        raise BadSelector(f"selector for {field_name!r} is not valid CSS: {expr!r}") from exc


@dataclass(frozen=True)
class SelectorSet:
    """Compiled selectors, keyed by field name."""

    compiled: Mapping[str, etree.XPath] = field(default_factory=dict)
    spec: tuple[tuple[str, str], ...] = ()  # the expressions, as plain data

    @classmethod
    def empty(cls) -> SelectorSet:
        return cls({})

    @classmethod
    def from_mapping(cls, selectors: Mapping[str, str]) -> SelectorSet:
        """Compile {field: selector}; unknown fields and bad selectors raise ValueError.

        >>> SelectorSet.from_mapping({"title": "h1.art-title"}).names()
        ['title']
        >>> import pickle
        >>> pickle.loads(pickle.dumps(SelectorSet.from_mapping({"body": "//div"}))).names()
        ['body']
        >>> SelectorSet.from_mapping({"tittle": "h1"})
        Traceback (most recent call last):
        ...
        ValueError: unknown field in selectors: 'tittle' (known: title, published_at, source, author, editor, body, breadcrumbs)
        """
        for name in selectors:
            if name not in FIELDS:
                raise ValueError(
                    f"unknown field in selectors: {name!r} (known: {', '.join(FIELDS)})"
                )
            if not isinstance(selectors[name], str) or not selectors[name].strip():
                raise ValueError(f"selector for {name!r} must be a non-empty string")
        return cls(
            {name: _compile(name, expr) for name, expr in selectors.items()},
            tuple(sorted(selectors.items())),
        )

    def __reduce__(self):
        # Compiled selectors do not pickle; the expressions do, and compile again.
        return SelectorSet.from_mapping, (dict(self.spec),)

    def names(self) -> list[str]:
        return list(self.compiled)

    def _match(self, root, name: str, misses: list[str]) -> list:
        selector = self.compiled.get(name)
        if selector is None:
            return []
        try:
            found = selector(root)
        except etree.XPathEvalError:
            found = []
        if not isinstance(found, list):
            found = [found]
        found = [f for f in found if (clean_text(f) if isinstance(f, str) else True)]
        if not found:
            misses.append(name)
        return found

    def element(self, root, name: str, misses: list[str]) -> etree._Element | None:
        found = [f for f in self._match(root, name, misses) if isinstance(f, etree._Element)]
        return found[0] if found else None

    def texts(self, root, name: str, misses: list[str]) -> list[str]:
        out = []
        for item in self._match(root, name, misses):
            text = clean_text(item if isinstance(item, str) else text_of(item))
            if text:
                out.append(text)
        return out

    def text(self, root, name: str, misses: list[str]) -> str | None:
        return " ".join(self.texts(root, name, misses)) or None
