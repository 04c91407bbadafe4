#!/usr/bin/env bash
# Runs every test of PgHa, with its own set-up: on a fresh machine (as root) it installs the system
# packages the tests use, then runs `dotnet test` over the solution and prints one summary line,
# "N passed, N failed, N skipped", summed over all test projects. Exits non-zero on any failure.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Watch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# System packages the tests drive: kubectl (compatibility tests), PostgreSQL 15 and Patroni (interop tests).
# As root they are installed from the distribution's packages when missing; otherwise the tests that need
# them skip and say why (under CI=true they fail instead).
missing=()
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v patroni >/dev/null 2>&1 || missing+=(patroni)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing ${missing[*]}" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 ||
    echo "test.sh: could not install ${missing[*]}; the tests that need them will say so" >&2
fi

# Each test project writes its TRX into its own TestResults folder (one shared folder lets projects that end in
# the same second overwrite each other's file).
rm -rf tests/*/TestResults
status=0
dotnet test PgHa.sln -c Release --logger "trx" --logger "console;verbosity=normal" "$@" || status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
trx_files=(tests/*/TestResults/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # Skipped tests are results with outcome NotExecuted; the counters leave them out.
  skipped=$((skipped + $({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" || true; } | wc -l)))
done
if [ "${#trx_files[@]}" = 0 ] && [ "$status" = 0 ]; then
  echo "test.sh: no test results were written" >&2
  status=1
fi
# Skipped tests say why (e.g. a missing package), never silently.
if [ "$skipped" != 0 ]; then
  for trx in "${trx_files[@]}"; do
    perl -0ne 'while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="NotExecuted"[^>]*>(.*?)<\/UnitTestResult>/gs) { my ($n, $b) = ($1, $2); my ($m) = $b =~ /<Message>(.*?)<\/Message>/s; print "skipped: $n: " . ($m // "no reason given") . "\n" }' "$trx" >&2 || true
  done
fi
# Failed tests are named again just above the summary, with the first lines of their message, so the tail of a
# long log says what broke.
if [ "$failed" != 0 ]; then
  for trx in "${trx_files[@]}"; do
    perl -0ne 'while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/gs) { my ($n, $b) = ($1, $2); my ($m) = $b =~ /<Message>(.*?)<\/Message>/s; $m //= "no message"; my @l = split /\n/, $m; print "failed: $n: " . join("\n  ", @l[0 .. ($#l < 5 ? $#l : 5)]) . "\n" }' "$trx" || true
  done
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" != 0 ] && [ "$status" = 0 ]; then
  status=1
fi
exit "$status"
