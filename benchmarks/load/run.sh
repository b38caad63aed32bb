#!/usr/bin/env bash
# 50 concurrent users for 30 s on the example's home page: gunicorn (2 sync workers, this machine
# has 2 cores) with production settings, SQLite, Redis on 127.0.0.1:6379 (LOAD_REDIS_URL), static
# files collected. Only 127.0.0.1 is used; everything started here is stopped at the end. Needs wrk
# (apt-get install wrk).
#   benchmarks/load/run.sh [connections] [seconds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
connections="${1:-50}"
seconds="${2:-30}"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DJANGO_SETTINGS_MODULE=config.settings.prod
export SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
# SQLite (the production profile refuses it unless told) and the machine's Redis for the cache.
export DATABASE_URL="sqlite:///$work/load.sqlite3" ALLOW_SQLITE=true
export REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/12}"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false BEHIND_PROXY=false LOG_LEVEL=WARNING
cd "$root/example_project"
py="$root/.venv/bin/python"
"$py" manage.py migrate --no-input -v0
"$py" manage.py collectstatic --no-input -v0
"$root/.venv/bin/gunicorn" config.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null; wait "$gunicorn_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
echo "wrk -t2 -c$connections -d${seconds}s http://127.0.0.1:$port/ (gunicorn, 2 sync workers)"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/percentiles.lua" "http://127.0.0.1:$port/" | tail -n 1
