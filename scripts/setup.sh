#!/usr/bin/env bash
# Set up harvest on a fresh Debian machine (run as root, from anywhere).
#
#   bash scripts/setup.sh          .venv/ with harvest and everything the main job needs
#   bash scripts/setup.sh --test   the same, plus test and check tools (the dev extra: pytest,
#                                  ruff, mypy, ...) and the system packages the tests drive for
#                                  real: Chromium (browser tests), LibreOffice (the deck must
#                                  open), poppler (PDF pages to PNG), PostgreSQL (the team
#                                  server: the tests start a throw-away cluster of their own)
#
# Python packages are pinned by constraints.txt (pyproject.toml keeps the library's ranges).
# Regenerate it (newest releases in those ranges): rm -rf /tmp/pins && python3 -m venv /tmp/pins && /tmp/pins/bin/pip install -e ".[all,dev]" && /tmp/pins/bin/pip freeze --exclude-editable > constraints.txt
#
# Safe to run again: it only adds what is missing, and moves packages to their pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
case "$mode" in
  run) extras="[all]" ;;
  --test) extras="[all,dev]" ;;
  *) echo "usage: bash scripts/setup.sh [--test]" >&2; exit 2 ;;
esac

# System packages the chosen mode needs that this machine lacks.
packages=(fonts-dejavu-core)
python3 -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)
if [ "$mode" = "--test" ]; then
  packages+=(chromium libreoffice-impress poppler-utils postgresql fonts-crosextra-carlito openssl)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".${extras}"
echo "setup: ready ($(.venv/bin/harvest --version))"
