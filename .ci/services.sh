#!/usr/bin/env bash
# What `make test` needs besides Python: Debian's chromium (tests/web) and a PostgreSQL server
# on 127.0.0.1 (the PostgreSQL half of tests/store and the replica tests). Installs and starts
# them when it can (root or passwordless sudo, Debian packages), through .ci/browser.sh and
# .ci/postgres.sh. Prints shell assignments on standard output for the Makefile to `eval`
# (KRINGMATCH_TEST_POSTGRES_URL); everything else, including which suites will be skipped and
# the one command that enables them, goes to standard error.
#
#     eval "$(bash .ci/services.sh)"        # then run pytest
#     bash .ci/services.sh --report          # only say what will be skipped
#
# KRINGMATCH_TEST_SERVICES=0 installs and starts nothing (the suites that need them skip).
set -uo pipefail
cd "$(dirname "$0")/.."
say() { echo "services.sh: $*" >&2; }
can_admin() { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }
has_pg_binaries() { ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
install=1 report=0
[ "${1:-}" = --report ] && report=1
if [ "$report" = 1 ] || [ "${KRINGMATCH_TEST_SERVICES:-1}" = 0 ]; then
    install=0
fi
skipped=()

if [ ! -x /usr/bin/chromium ] && [ "$install" = 1 ] && can_admin && command -v apt-get >/dev/null; then
    bash .ci/browser.sh >&2 || say "could not install chromium"
fi
if [ ! -x /usr/bin/chromium ]; then
    skipped+=("browser tests (tests/web): no /usr/bin/chromium; enable: sudo bash .ci/browser.sh")
fi

url="${KRINGMATCH_TEST_POSTGRES_URL:-}"
if [ -z "$url" ] && [ "$install" = 1 ]; then
    if [ "$(id -u)" = 0 ] || has_pg_binaries; then
        url="$(bash .ci/postgres.sh)" || url=""
    elif can_admin && command -v apt-get >/dev/null; then
        url="$(sudo -E bash .ci/postgres.sh)" || url=""
    fi
fi
if [ -n "$url" ]; then
    [ "$report" = 1 ] || printf 'KRINGMATCH_TEST_POSTGRES_URL=%q; export KRINGMATCH_TEST_POSTGRES_URL\n' "$url"
else
    skipped+=("PostgreSQL tests (tests/store, replicas): no server; enable:"
        "    export KRINGMATCH_TEST_POSTGRES_URL=\"\$(sudo bash .ci/postgres.sh)\"")
fi

if [ ${#skipped[@]} -gt 0 ]; then
    say "these suites will be SKIPPED (the run is not the whole suite):"
    for line in "${skipped[@]}"; do say "  $line"; done
else
    say "chromium and PostgreSQL are ready: the whole suite runs"
fi
