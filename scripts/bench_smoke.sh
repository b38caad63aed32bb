#!/usr/bin/env bash
# Runs every benchmark under benchmarks/ once, as small as it goes, so that none of them rots: a
# benchmark that no longer runs fails this script. The figures it prints are not budgets (a smoke
# run is too short to mean anything); see each benchmark's README for the real runs.
#
#   scripts/bench_smoke.sh
source "$(dirname "$0")/_bootstrap.sh"
set +e
py="$ROOT/.venv/bin/python"
failed=()
bench() {
    local name="$1"
    shift
    echo "==> benchmarks/$name (smoke)"
    if "$@"; then
        echo "--> benchmarks/$name: ran"
    else
        echo "--> benchmarks/$name: FAILED"
        failed+=("$name")
    fi
}

bench startup "$py" benchmarks/startup/run.py --quick
bench settings "$py" benchmarks/settings/run.py --runs 1
bench llm "$py" benchmarks/llm/run.py --rounds 1 --calls 20
bench llm_stream "$py" benchmarks/llm_stream/run.py --streams 2 --chunks 3 --interval 0.05 --answers 1
bench ui "$py" benchmarks/ui/run.py --rounds 1 --renders 2 --buttons 100
bench load bash benchmarks/load/run.sh 4 1
bench metrics bash -c 'benchmarks/metrics/setup.sh >/dev/null &&
    benchmarks/metrics/.venv/bin/python benchmarks/metrics/run.py --rounds 1 --requests 50'
bench health bash -c 'benchmarks/health/setup.sh >/dev/null &&
    benchmarks/health/.venv/bin/python benchmarks/health/run.py --rounds 1 --seconds 1'

if [ ${#failed[@]} -gt 0 ]; then
    printf 'benchmark that no longer runs: %s\n' "${failed[@]}"
    exit 1
fi
