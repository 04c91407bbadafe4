#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and drops the ones reported as removed (RS0017). Review the diff afterwards.
# Usage: eng/update-public-api.sh src/PgHa.Testing
set -euo pipefail
project=${1:?usage: eng/update-public-api.sh <project dir>}
unshipped="$project/PublicAPI.Unshipped.txt"
log=$(dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
added=$(grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$log" | sort -u || true)
removed=$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API, but is either not public or could not be found)" <<<"$log" | sort -u || true)
{
  grep -v '^#nullable' "$unshipped" || true
  [ -n "$added" ] && printf '%s\n' "$added"
} | sort -u | { if [ -n "$removed" ]; then grep -vxF -f <(printf '%s\n' "$removed"); else cat; fi; } > "$unshipped.tmp"
{ echo '#nullable enable'; cat "$unshipped.tmp"; } > "$unshipped"
rm -f "$unshipped.tmp"
echo "$(grep -c . <<<"$added" || true) added, $(grep -c . <<<"$removed" || true) removed in $unshipped"
