"""Render django-cotton snippets the way the cotton loader does, and read the HTML back."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.template import Context, Template
from django_cotton.compiler_regex import CottonCompiler


def render(source: str, **context: Any) -> str:
    """Compile a snippet with ``<c-*>`` tags and render it with ``context``."""
    return Template(CottonCompiler().process(source)).render(Context(context))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


_GLUED = re.compile(r'="[^"]*"(?=[^\s>/])')


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag as (name, attributes); fails if any tag repeats an attribute, or runs an
    attribute into the next one with no space (a line break joined away in a template)."""
    glued = _GLUED.search(html)
    assert glued is None, (
        f"attributes run together at {html[glued.start() - 40 : glued.end() + 20]!r}"
    )
    parser = _Collector()
    parser.feed(html)
    result = []
    for name, attrs in parser.tags:
        keys = [k for k, _ in attrs]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        assert not duplicated, f"<{name}> repeats {duplicated} in {html!r}"
        result.append((name, dict(attrs)))
    return result


def first(html: str, name: str) -> dict[str, str | None]:
    """The attributes of the first ``<name>`` tag."""
    for tag, attrs in tags(html):
        if tag == name:
            return attrs
    raise AssertionError(f"no <{name}> in {html!r}")


def classes(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()
