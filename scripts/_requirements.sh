# Sourced by scripts/test: what the suite needs outside the checkout, checked before anything runs so
# that a missing piece stops the run at once with one line saying what to install.
#
# Outside the checkout the suite only reads: the interpreters, redis-server, PostgreSQL, MariaDB and
# Chromium, wrk and valgrind. It writes nowhere but the checkout, uv's download cache (~/.cache/uv
# unless UV_CACHE_DIR is set) and, the first time, npm's cache while fetching axe-core and Bootstrap
# into .tools/npm/. It installs nothing system-wide: on CI, .ci/run installs the Debian packages
# first.

# The Python minors the selected tox envs run on (every env unless TOX_ENVS names some).
needed_pythons() {
    if [ -n "${TOX_ENVS:-}" ]; then
        tr ',' '\n' <<<"$TOX_ENVS" | sed -nE 's/^py3([0-9]+)-.*/3.\1/p' | sort -u
    else
        printf '%s\n' 3.10 3.11 3.12 3.13
    fi
}

port_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

check_test_requirements() {
    local missing=()
    local minor
    for minor in $(needed_pythons); do
        command -v "python$minor" >/dev/null 2>&1 ||
            missing+=("python$minor is not on PATH: the matrix tests on it (install it, e.g. \`pyenv install $minor\`, or pick envs with TOX_ENVS)")
    done
    command -v redis-server >/dev/null 2>&1 ||
        missing+=("redis-server is not installed: tests start private Redis servers (Debian: apt-get install redis-server)")
    port_answers "${TEST_PG_PORT:-5432}" ||
        missing+=("PostgreSQL does not answer on 127.0.0.1:${TEST_PG_PORT:-5432}: tests create their own databases there as user postgres, no password (start it, or set TEST_PG_PORT)")
    if [ -z "${FOUNDATION_TEST_QUICK:-}" ] || [[ "${TOX_ENVS:-}" == *mariadb* ]]; then
        port_answers "${TEST_MARIADB_PORT:-3306}" ||
            missing+=("MariaDB does not answer on 127.0.0.1:${TEST_MARIADB_PORT:-3306}: the -mariadb envs create their own databases there as user root, no password (start it, or set TEST_MARIADB_PORT)")
    fi
    # scripts/test --quick runs no benchmark and no browser.
    if [ -z "${FOUNDATION_TEST_QUICK:-}" ]; then
        check_full_run_tools
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        printf 'scripts/test: %s\n' "${missing[@]}" >&2
        return 1
    fi
}

check_full_run_tools() {
    command -v wrk >/dev/null 2>&1 ||
        missing+=("wrk is not installed: the benchmarks' smoke run drives gunicorn with it (Debian: apt-get install wrk)")
    command -v valgrind >/dev/null 2>&1 ||
        missing+=("valgrind is not installed: the start-up benchmarks count instructions with it (Debian: apt-get install valgrind)")
    command -v chromium >/dev/null 2>&1 ||
        missing+=("chromium is not on PATH: the browser tests drive Debian's Chromium (Debian: apt-get install chromium)")
    { [ -f "$ROOT/.tools/npm/node_modules/axe-core/axe.min.js" ] &&
        [ -f "$ROOT/.tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css" ]; } ||
        command -v npm >/dev/null 2>&1 ||
        missing+=("npm is not installed: it fetches axe-core and Bootstrap into .tools/npm/ once, for the browser tests (Debian: apt-get install npm)")
}

# From the npm registry, kept in .tools/npm/: axe-core for the accessibility tests, and Bootstrap 5
# for the test of foundation-ui's components inside a Bootstrap page.
ensure_npm_tools() {
    local axe="$ROOT/.tools/npm/node_modules/axe-core/axe.min.js"
    local bootstrap="$ROOT/.tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css"
    if [ ! -f "$axe" ] || [ ! -f "$bootstrap" ]; then
        echo "==> Installing axe-core and Bootstrap from the npm registry into .tools/npm/"
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools/npm" "axe-core@^4.10" "bootstrap@^5.3" >/dev/null
    fi
    export FOUNDATION_AXE_JS="$axe" FOUNDATION_BOOTSTRAP_CSS="$bootstrap"
}
