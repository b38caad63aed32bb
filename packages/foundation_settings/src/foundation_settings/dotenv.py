"""A strict reader for ``.env`` files.

Lines are ``NAME=value``, optionally prefixed with ``export``; ``#`` starts a comment line or, after
whitespace, a comment at the end of an unquoted value. Values may be single-quoted (taken literally)
or double-quoted (``\\n``, ``\\"`` and ``\\\\`` escapes). Nothing is interpolated: ``$`` is an
ordinary character. A line that fits none of this is an error naming the file and line; the value is
never echoed, since it may be a secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "$": "$"}


@dataclass
class DotEnv:
    label: str
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_dotenv(path: Path, encoding: str = "utf-8") -> DotEnv:
    try:
        text = path.read_text(encoding=encoding)
    except FileNotFoundError:
        return DotEnv(path.name)
    except (OSError, UnicodeDecodeError) as exc:
        return DotEnv(path.name, errors=[f"{path.name}: cannot be read ({exc.__class__.__name__})"])
    return parse_dotenv(text, path.name)


def parse_dotenv(text: str, label: str) -> DotEnv:
    """Parse the text of a ``.env`` file; ``label`` names it in error messages."""
    result = DotEnv(label)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, rest = line.partition("=")
        name = name.strip()
        if not sep or not _NAME.fullmatch(name):
            result.errors.append(f"{label} line {number}: expected NAME=value")
            continue
        try:
            result.values[name] = _parse_value(rest.strip())
        except ValueError as exc:
            result.errors.append(f"{label} line {number}: {name}: {exc}")
    return result


def _parse_value(text: str) -> str:
    if not text:
        return ""
    quote = text[0]
    if quote == "'":
        end = text.find("'", 1)
        if end < 0:
            raise ValueError("single quote is not closed")
        _only_comment_after(text[end + 1 :])
        return text[1:end]
    if quote == '"':
        out: list[str] = []
        i = 1
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text):
                out.append(_ESCAPES.get(text[i + 1], "\\" + text[i + 1]))
                i += 2
                continue
            if char == '"':
                _only_comment_after(text[i + 1 :])
                return "".join(out)
            out.append(char)
            i += 1
        raise ValueError("double quote is not closed")
    # Unquoted: an inline comment needs whitespace before '#', so 'abc#def' keeps its '#'.
    match = re.search(r"\s#", text)
    return (text[: match.start()] if match else text).strip()


def _only_comment_after(rest: str) -> None:
    rest = rest.strip()
    if rest and not rest.startswith("#"):
        raise ValueError("unexpected text after the closing quote")
