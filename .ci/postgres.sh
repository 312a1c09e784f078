#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: installs it from the machine's Debian packages when
# missing (plus postgresql-N-pgvector where the distribution has one), initialises a cluster in a
# temp dir as the `postgres` user (PostgreSQL refuses to run as root), starts it on 127.0.0.1 at a
# free port, creates a database and prints its URL on standard output (everything else goes to
# standard error):
#
#     KRINGMATCH_TEST_POSTGRES_URL="$(bash .ci/postgres.sh)"; export KRINGMATCH_TEST_POSTGRES_URL
#
# Sourcing it (`. .ci/postgres.sh`) exports KRINGMATCH_TEST_POSTGRES_URL as well. Idempotent: a run
# while its server is up only prints the URL again; `bash .ci/postgres.sh stop` stops the server.
# KRINGMATCH_PG_DIR (default: $TMPDIR/kringmatch-pg) holds the cluster, its log and its socket.

_kringmatch_pg() {
    set -euo pipefail
    local dir="${KRINGMATCH_PG_DIR:-${TMPDIR:-/tmp}/kringmatch-pg}"
    local db=kringmatch_test
    log() { echo "postgres.sh: $*" >&2; }

    # As root, run the server's programs as `postgres`; as anyone else, as oneself.
    as_pg() {
        if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
    }
    bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

    local bin
    bin="$(bindir)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        [ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed; run this as root once"; return 1; }
        log "installing PostgreSQL from the Debian packages"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        bin="$(bindir)"
    fi
    local major
    major="$(basename "$(dirname "$bin")")"
    if [ "$(id -u)" = 0 ] && ! dpkg -s "postgresql-$major-pgvector" >/dev/null 2>&1; then
        # Debian 13 ships postgresql-17-pgvector; Debian 12 has no pgvector package at all.
        if apt-cache show "postgresql-$major-pgvector" >/dev/null 2>&1; then
            log "installing postgresql-$major-pgvector"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-pgvector" >&2
        else
            log "no postgresql-$major-pgvector package on this distribution: pgvector stays off"
        fi
    fi

    if [ "${1:-}" = stop ]; then
        [ -f "$dir/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
        return 0
    fi

    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    # Local (socket) logins are trusted: the socket lives in $dir, which only its owner can enter.
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        log "initialising a cluster in $dir/data"
        python3 -c 'import secrets; print(secrets.token_hex(16))' >"$dir/password"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/password"
        chmod 600 "$dir/password"
        as_pg "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/password" >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; return 1; }
    fi
    local password port
    password="$(cat "$dir/password")"
    if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && [ -f "$dir/port" ]; then
        port="$(cat "$dir/port")"
        log "already running on 127.0.0.1:$port"
    else
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        log "starting on 127.0.0.1:$port"
        as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >&2 \
            || { tail -n 20 "$dir/server.log" >&2; return 1; }
        echo "$port" >"$dir/port"
    fi
    if ! as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        as_pg "$bin/createdb" -h "$dir" -p "$port" -U postgres "$db"
    fi
    KRINGMATCH_TEST_POSTGRES_URL="postgresql://postgres:$password@127.0.0.1:$port/$db"
    echo "$KRINGMATCH_TEST_POSTGRES_URL"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: keep the caller's shell options, export the URL.
    KRINGMATCH_TEST_POSTGRES_URL="$( (_kringmatch_pg "$@") )" && export KRINGMATCH_TEST_POSTGRES_URL
else
    _kringmatch_pg "$@"
fi
