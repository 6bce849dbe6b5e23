#!/usr/bin/env bash
# Adds a migration to a service's two migration sets (SQLite for embedded, PostgreSQL for production).
#   tools/add-migration.sh Drafting AddTemplates
#   tools/add-migration.sh tests/CrisisComms.Platform.Tests Initial Probe   (a test project's context)
# EF finds "the" model snapshot by file name anywhere in the project, so while one set is generated
# the other set's snapshot is moved aside, and the new snapshot is put in its own set's folder.
set -euo pipefail
service=${1:?service, e.g. Drafting}
name=${2:?migration name, e.g. AddTemplates}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
if [ -d "$service" ]; then
  project=${service%/}; root=$(basename "$project"); area=${3:?folder under the project, e.g. Probe}
else
  project=src/CrisisComms.$service; root=CrisisComms.$service; area=Persistence
fi
migrations=$project/$area/Migrations
stash=$(mktemp -d)
trap 'rm -rf "$stash"' EXIT
for provider in Sqlite Postgres; do
  other=$([ "$provider" = Sqlite ] && echo Postgres || echo Sqlite)
  lower=$(echo "$provider" | tr '[:upper:]' '[:lower:]')
  mkdir -p "$migrations/$provider"
  if ls "$migrations/$other"/*ModelSnapshot.cs >/dev/null 2>&1; then mv "$migrations/$other"/*ModelSnapshot.cs "$stash/"; fi
  dotnet ef migrations add "$name" \
    --project "$project" --startup-project "$project" \
    --output-dir "$area/Migrations/$provider" \
    --namespace "$root.$area.Migrations.$provider" \
    -- --provider "$lower"
  find "$project" -name '*ModelSnapshot.cs' -not -path "$migrations/$provider/*" -not -path '*/obj/*' \
    -exec mv {} "$migrations/$provider/" \;
  find "$project" -mindepth 1 -type d -empty -not -path '*/obj/*' -delete
  if ls "$stash"/*ModelSnapshot.cs >/dev/null 2>&1; then mv "$stash"/*ModelSnapshot.cs "$migrations/$other/"; fi
done
