# Sourced by scripts/test: the browser tests' dependencies, from the registries the project uses.
# Debian's Chromium (never a browser download), and from the npm registry, kept in .tools/: axe-core,
# and Bootstrap 5 for the test of foundation-ui's components inside a Bootstrap page.
ensure_browser_deps() {
    if ! command -v chromium >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "==> Installing Debian's chromium for the browser tests"
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        else
            echo "!! chromium is not installed and cannot be installed here; browser tests will be skipped" >&2
        fi
    fi
    if { [ ! -f "$ROOT/.tools/npm/node_modules/axe-core/axe.min.js" ] ||
        [ ! -f "$ROOT/.tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css" ]; } &&
        command -v npm >/dev/null 2>&1; then
        echo "==> Installing axe-core and Bootstrap from the npm registry into .tools/npm/"
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools/npm" "axe-core@^4.10" "bootstrap@^5.3" >/dev/null
    fi
    if [ -f "$ROOT/.tools/npm/node_modules/axe-core/axe.min.js" ]; then
        export FOUNDATION_AXE_JS="$ROOT/.tools/npm/node_modules/axe-core/axe.min.js"
    fi
    if [ -f "$ROOT/.tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css" ]; then
        export FOUNDATION_BOOTSTRAP_CSS="$ROOT/.tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css"
    fi
}
