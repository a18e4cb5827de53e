#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine with Python 3.11, then runs them all.
# Used as-is by .ci/run. Browser tests need Debian's chromium (Playwright cannot download one here).
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests need Debian's chromium (Playwright cannot download one here); the screenshots
# they save need a CJK font to show the Chinese pages.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# (grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE
# and pipefail would call the font missing on every run)
fc-list 2>/dev/null | grep -i "wenquanyi\|wqy" >/dev/null || missing+=(fonts-wqy-zenhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest -q "$@"
