"""Masking of secret values: one function used by errors, reports and the log filter."""

from __future__ import annotations

import re
import threading

__all__ = ["MASK", "is_secret_name", "mask_text", "register_secret"]

MASK = "********"
_MIN_LENGTH = 6

# The same spirit as Django's SafeExceptionReporterFilter.hidden_settings, plus DSN and credentials.
_SECRET_NAME = re.compile(
    r"API|TOKEN|KEY|SECRET|PASS|SIGNATURE|CREDENTIAL|PRIVATE|DSN", re.IGNORECASE
)
# scheme://user:password@host -> keep the user, hide the password (or a lone token before @).
_URL_USERINFO = re.compile(
    r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://(?:[^:@/\s]*:)?)(?P<secret>[^@/\s]+)(?=@)"
)
_KEY_VALUE = re.compile(
    r"(?P<head>\b[\w-]*(?:password|passwd|secret|token|api[_-]?key|signature)[\w-]*\b[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<secret>[^\s\"'&,;]+)",
    re.IGNORECASE,
)

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None


def is_secret_name(name: str) -> bool:
    """Whether a variable or setting name looks like it holds a secret."""
    return bool(_SECRET_NAME.search(name))


def register_secret(value: str | None) -> None:
    """Remember a secret value so that it is masked wherever it appears later."""
    global _pattern
    if not value or len(value) < _MIN_LENGTH:
        return
    with _lock:
        if value in _secrets:
            return
        _secrets.add(value)
        ordered = sorted(_secrets, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(s) for s in ordered))


def mask_text(text: str) -> str:
    """Mask known secret values, URL passwords and `password=...`-like pairs in text."""
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    if "://" in text:
        text = _URL_USERINFO.sub(lambda m: m.group("head") + MASK, text)
    return _KEY_VALUE.sub(lambda m: m.group("head") + MASK, text)
