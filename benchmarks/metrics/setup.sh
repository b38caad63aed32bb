#!/usr/bin/env bash
# A separate venv for the metrics benchmark: django-prometheus (the peer) beside the foundation-health
# of this checkout with its metrics extra. Never a dependency of the packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/_bootstrap.sh"
"$UV" venv -q --clear --python 3.13 "$here/.venv"  # anew each time: the checkout's package as it is now
"$UV" pip install -q --python "$here/.venv/bin/python" "django>=6.1,<6.2" django-prometheus \
    "$ROOT/packages/foundation_health[metrics]"
