# Sourced by scripts/test: what the suite needs outside the checkout, checked before anything runs so
# that a missing piece stops the run at once with one line saying what to install.
#
# Outside the checkout the suite only reads: the interpreters, redis-server, PostgreSQL and
# Chromium. It writes nowhere but the checkout, uv's download cache (~/.cache/uv unless
# UV_CACHE_DIR is set) and, the first time, npm's cache while fetching axe-core into .tools/npm/.

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
    command -v chromium >/dev/null 2>&1 ||
        missing+=("chromium is not on PATH: the browser tests drive Debian's Chromium (Debian: apt-get install chromium)")
    [ -f "$ROOT/.tools/npm/node_modules/axe-core/axe.min.js" ] || command -v npm >/dev/null 2>&1 ||
        missing+=("npm is not installed: it fetches axe-core into .tools/npm/ once, for the accessibility tests (Debian: apt-get install npm)")
    if [ ${#missing[@]} -gt 0 ]; then
        printf 'scripts/test: %s\n' "${missing[@]}" >&2
        return 1
    fi
}

# axe-core, from the npm registry, kept in .tools/npm/.
ensure_axe() {
    if [ ! -f "$ROOT/.tools/npm/node_modules/axe-core/axe.min.js" ]; then
        echo "==> Installing axe-core from the npm registry into .tools/npm/"
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools/npm" "axe-core@^4.10" >/dev/null
    fi
    export FOUNDATION_AXE_JS="$ROOT/.tools/npm/node_modules/axe-core/axe.min.js"
}
