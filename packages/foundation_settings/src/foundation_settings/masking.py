"""Keep secret values out of errors, reports and log lines.

Three rules, applied everywhere the package prints or logs something:

- a value whose *name* looks secret (``SECRET``, ``PASSWORD``, ``TOKEN``, ``API_KEY``...) is masked;
- the password inside any URL (``postgres://user:***@host/db``) is masked;
- every value registered as secret (by the settings readers, or found in Django's settings) is
  replaced wherever it appears inside a longer text.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

MASK = "********"

# Django's SafeExceptionReporterFilter pattern, plus names that commonly carry credentials.
SECRET_NAME = re.compile(
    r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|CREDENTIAL|PRIVATE|DSN|COOKIE", re.IGNORECASE
)
# scheme://user:password@host -> keep the user, hide the password.
_URL_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]+)(?=@)")
# ?token=...&pw=... in a URL or a logged path.
_SECRET_QUERY = re.compile(
    r"(?P<head>[?&](?:[^=&\s]*(?:token|secret|password|passwd|pwd|key|signature|code|auth|"
    r"credential|session)[^=&\s]*|pw|pass|sig|otp|jwt|sid)=)(?P<value>[^&\s#\"]+)",
    re.IGNORECASE,
)
# Path segments that carry a token: Django's password-reset token (base36 timestamp, hex hash),
# and long runs of letters and digits (signed ids, magic links, keys), but not a long slug made of
# words ("2024-annual-report").
_RESET_TOKEN = re.compile(r"(?<=/)[0-9a-z]{1,13}-[0-9a-f]{20,}(?=[/?#\s\"]|$)")
_LONG_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_.:=-]{32,}(?=[/?#\s\"]|$)")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _mask_segment(match: re.Match[str]) -> str:
    segment = match.group()
    parts = re.split(r"[-_.:]", segment)
    if sum(c.isdigit() for c in segment) < 3 or any(_WORD.fullmatch(p) for p in parts):
        return segment
    return MASK


# Values shorter than this are not replaced inside other text: too many false hits.
MIN_REGISTERED_LENGTH = 6

_lock = threading.Lock()
_registered: set[str] = set()
_pattern: re.Pattern[str] | None = None


# Names that match SECRET_NAME but configure something rather than hold a secret: their values
# (a cache's KEY_PREFIX "example", a cookie's name) must not be masked wherever they appear.
NOT_SECRET_SUFFIXES = (
    "_PREFIX",
    "PREFIX",
    "_NAME",
    "_FUNCTION",
    "_BACKEND",
    "_CLASS",
    "_PATH",
    "_DOMAIN",
    "_AGE",
    "_HTTPONLY",
    "_SECURE",
    "_SAMESITE",
    "_HEADER",
    "_URL_NAME",
    "_VALIDATORS",
    "_HASHERS",
)


def is_secret_name(name: str) -> bool:
    upper = name.upper()
    if upper.endswith(NOT_SECRET_SUFFIXES):
        return False
    return bool(SECRET_NAME.search(name))


def register_secret(*values: str | None) -> None:
    """Remember values that must never appear in output, e.g. a password read from the environment."""
    global _pattern
    added = {v for v in values if isinstance(v, str) and len(v) >= MIN_REGISTERED_LENGTH}
    if not added - _registered:
        return
    with _lock:
        _registered.update(added)
        _pattern = None


def registered_secrets() -> frozenset[str]:
    return frozenset(_registered)


def forget_secrets() -> None:
    """Drop every registered value (tests)."""
    global _pattern
    with _lock:
        _registered.clear()
        _pattern = None


def _registered_pattern() -> re.Pattern[str] | None:
    global _pattern
    if _pattern is None and _registered:
        with _lock:
            # Longest first, so a secret that contains another is masked whole.
            alternatives = sorted(_registered, key=len, reverse=True)
            _pattern = re.compile("|".join(re.escape(v) for v in alternatives))
    return _pattern


def mask_text(text: str) -> str:
    """Mask URL passwords, secret query parameters and registered secret values in free text."""
    if not text:
        return text
    pattern = _registered_pattern()
    if pattern is not None:
        text = pattern.sub(MASK, text)
    if "://" in text:
        text = _URL_USERINFO.sub(lambda m: m.group("head") + MASK, text)
    if "=" in text:
        text = _SECRET_QUERY.sub(lambda m: m.group("head") + MASK, text)
    if "/" in text:
        text = _LONG_SEGMENT.sub(_mask_segment, _RESET_TOKEN.sub(MASK, text))
    return text


def mask_path(path: str) -> str:
    """A request path for a log line: token-like segments and registered secrets masked."""
    return mask_text(path)


def mask_value(name: str, value: Any) -> Any:
    """Mask a setting or variable for display: by its name, then by its content."""
    if isinstance(value, dict):
        return {k: mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_value(name, v) for v in value)
    if value in (None, "", True, False) or isinstance(value, (int, float)):
        return value
    if is_secret_name(name) and not _is_harmless_url(value):
        return MASK
    if isinstance(value, str):
        return mask_text(value)
    return value


def _is_harmless_url(value: Any) -> bool:
    """A URL without credentials under a secret-sounding name (e.g. OLLAMA_HOST_KEY_URL) may show."""
    if not isinstance(value, str) or "://" not in value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.password is None and not _SECRET_QUERY.search(value)


def safe_url(value: str) -> str:
    """A URL for an error message: scheme, host and port only, never credentials, path or query."""
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable URL>"
    scheme = parts.scheme or "<no scheme>"
    return f"{scheme}://{host}{port}" if host else f"{scheme}://..."


def secrets_in_settings(settings: Any, names: Iterable[str]) -> set[str]:
    """Secret values found in Django settings: secret-named strings and URL passwords."""
    found: set[str] = set()

    def visit(name: str, value: Any, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(value, str):
            if is_secret_name(name) and not _is_harmless_url(value):
                found.add(value)
            if "://" in value:
                try:
                    password = urlsplit(value).password
                except ValueError:
                    password = None
                if password:
                    found.add(password)
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(str(key), item, depth + 1)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(name, item, depth + 1)

    with warnings.catch_warnings():
        # Reading every setting touches deprecated ones (Django 6.1's EMAIL_*), which warn.
        warnings.simplefilter("ignore")
        for name in names:
            if name.isupper():
                visit(name, getattr(settings, name, None))
    return {v for v in found if len(v) >= MIN_REGISTERED_LENGTH}
