#!/usr/bin/env bash
# The whole test suite from a fresh clone: toolchain, dependencies, services, lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
bash scripts/check-generated.sh
pnpm lint
pnpm typecheck
pnpm test
