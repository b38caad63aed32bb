from __future__ import annotations

from collections.abc import Iterator

import pytest

from foundation_settings import masking


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    yield
    masking.forget_secrets()
