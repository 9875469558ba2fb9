#!/usr/bin/env bash
# Builds the server exactly as the container image carries it, into OUT_DIR: the bundled entry
# points (bundle/server.mjs, bundle/migrate.mjs) and node_modules with only the packages that cannot
# be bundled. The Dockerfile's build stage runs this script; so do the tests, without Docker.
# Needs the workspace installed (scripts/bootstrap.sh). Start the result with
#   cd OUT_DIR && node bundle/server.mjs
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out="$(realpath -m "$1")"
cd "$(dirname "$0")/.."

pnpm exec turbo run build --filter=@kura/server-bundle... --output-logs=errors-only
rm -rf "$out"
# --legacy: deploy resolves from the workspace lockfile without injected workspace packages;
# --prod leaves out every devDependency, the workspace server sources included.
pnpm --filter @kura/server-bundle deploy --legacy --prod "$out" >/dev/null
echo "build-production: $out"
