"""The production profile, served over plain HTTP on loopback for the browser tests.

Everything is `config.settings.prod` as deployed (CSP, secure cookies, WhiteNoise's manifest
storage, DEBUG off); only the folder collectstatic writes to comes from the test, so that a run
never touches the checkout's own `staticfiles/`, and the URLs add one view that fails (a 500 page).
"""

from __future__ import annotations

import os

from config.settings.prod import *  # noqa: F403

STATIC_ROOT = os.environ["FOUNDATION_TEST_STATIC_ROOT"]
ROOT_URLCONF = "tests.loopback.urls"
