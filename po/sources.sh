#!/usr/bin/env bash
# sources.sh - lists the source files whose strings people read (relative
# to the repository root): the clients and the shared library.
set -euo pipefail
cd "$(dirname "$0")/.."
find client common -name '*.c' | LC_ALL=C sort
