# Sourced by the scripts in this folder: makes the supported interpreters visible and provides uv.
# Needs only a Python 3.10 to 3.13 on PATH. Installs into the checkout only (.tools/ and .venv/);
# uv keeps the packages it downloads in its cache (~/.cache/uv, or UV_CACHE_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# pyenv keeps each interpreter in its own folder; put the supported ones on PATH so that uv and tox
# find python3.10 ... python3.13 whatever PYENV_VERSION says.
if command -v pyenv >/dev/null 2>&1; then
    pyenv_root="$(pyenv root)"
    for minor in 3.10 3.11 3.12 3.13; do
        best="$(ls -d "$pyenv_root"/versions/"$minor".* 2>/dev/null | sort -V | tail -n 1 || true)"
        if [ -n "$best" ] && [ -x "$best/bin/python$minor" ]; then
            PATH="$best/bin:$PATH"
        fi
    done
    export PATH
fi

# Prefer the newest supported interpreter for the workspace environment.
PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
        PYTHON="$(command -v "$candidate")"
        break
    fi
done
if [ -z "$PYTHON" ]; then
    echo "Foundation needs Python 3.10 to 3.13 on PATH (python3.13 ... python3.10 or python3); none was found." >&2
    exit 1
fi
export UV_PYTHON="$PYTHON"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv"

if [ ! -x "$ROOT/.tools/bin/uv" ]; then
    echo "==> Installing uv into .tools/"
    "$PYTHON" -m venv "$ROOT/.tools" || {
        echo "Could not create .tools/ with $PYTHON -m venv (Debian: apt-get install python3-venv)." >&2
        exit 1
    }
    "$ROOT/.tools/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir "uv>=0.9,<1"
fi
UV="$ROOT/.tools/bin/uv"

sync_workspace() {
    "$UV" sync --all-packages --locked --quiet "$@"
}
