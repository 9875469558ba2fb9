#!/usr/bin/env bash
# Fails when the committed schema, error catalogue or SDK code is stale: regenerates them all,
# then asks git whether anything changed.
set -euo pipefail
cd "$(dirname "$0")/.."

GENERATED=(apps/server/schema.graphql apps/server/error-codes.json packages/sdk/src/generated)

pnpm exec turbo run codegen --output-logs=errors-only
if ! git diff --exit-code --stat -- "${GENERATED[@]}" ||
  [ -n "$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")" ]; then
  echo "check-generated: the files above are stale; run 'pnpm codegen' and commit the result" >&2
  exit 1
fi
echo "check-generated: schema and generated SDK code are up to date"
