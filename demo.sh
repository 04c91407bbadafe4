#!/usr/bin/env bash
# Runs the PgHa demo with its own set-up: the embedded Kubernetes API server, the operator and three members
# with real PostgreSQL 15 (installed here with apt when missing and run as root; without it the members are
# simulated, and the demo says so), a client writing through the master Service, and three failovers.
# Extra arguments go to the demo (e.g. ./demo.sh --check --ttl 5, ./demo.sh walkthrough, ./demo.sh --help).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -x /usr/lib/postgresql/15/bin/postgres ] && [ -z "${PGHA_POSTGRES_BIN:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "demo.sh: installing postgresql-15" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15) >&2 ||
    echo "demo.sh: could not install postgresql-15; the demo runs with simulated members" >&2
fi

exec dotnet run -c Release --project samples/PgHa.Demo -- "$@"
