#!/usr/bin/env bash
# Runs the PgHa demo with its own set-up. Today it walks through the seed's routing mechanism on
# the embedded API server; the elector, router and real PostgreSQL join it as those parts land.
# Extra arguments go to the demo (e.g. ./demo.sh api-server --kubeconfig kubeconfig).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec dotnet run -c Release --project samples/PgHa.Demo -- "$@"
