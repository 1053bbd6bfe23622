#!/usr/bin/env bash
# run.sh - one command on a fresh machine: install dependencies, build, and
# start the whole system on its embedded default (see scripts/start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/start.sh
