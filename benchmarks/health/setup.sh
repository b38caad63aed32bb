#!/usr/bin/env bash
# A separate venv for the health benchmark: gunicorn, django-health-check, django-watchman and the
# foundation-health of this checkout. wrk comes from Debian (apt-get install wrk).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/_bootstrap.sh"
"$UV" venv -q --clear --python 3.13 "$here/.venv"  # anew each time: the checkout's package as it is now
"$UV" pip install -q --python "$here/.venv/bin/python" "django>=6.1,<6.2" gunicorn django-health-check \
    django-watchman "redis>=5" "psycopg[binary]" "$ROOT/packages/foundation_health"
