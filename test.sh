#!/usr/bin/env bash
# Runs every test of PgHa, with its own set-up: on a fresh machine (as root) it installs the system
# packages the tests use, then runs `dotnet test` over the solution and prints one summary line,
# "N passed, N failed, N skipped", summed over all test projects. Exits non-zero on any failure.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Watch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# kubectl drives the compatibility tests; it comes from the machine image or from Debian's packages.
if ! command -v kubectl >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing kubectl" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client) >&2 ||
    echo "test.sh: could not install kubectl; tests that need it will say so" >&2
fi

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test PgHa.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "${#trx_files[@]}" = 0 ] && [ "$status" = 0 ]; then
  echo "test.sh: no test results were written" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" != 0 ] && [ "$status" = 0 ]; then
  status=1
fi
exit "$status"
