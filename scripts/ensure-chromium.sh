#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed: the browser tests drive it through playwright-core,
# which cannot download a browser of its own here.
set -euo pipefail

if command -v chromium >/dev/null; then
  echo "ensure-chromium: $(chromium --version 2>/dev/null || echo chromium) is installed"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: chromium is missing and apt-get is not available; install Chromium first" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null || { echo "ensure-chromium: install failed" >&2; exit 1; }
echo "ensure-chromium: $(chromium --version 2>/dev/null || echo chromium) installed"
