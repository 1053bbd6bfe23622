#!/usr/bin/env bash
# sources.sh - lists the source files whose strings people read (relative
# to the repository root): the clients and the shared library, and the
# header whose option table every program shares (vc_config.h).
set -euo pipefail
cd "$(dirname "$0")/.."
{ find client common -name '*.c'; echo common/system/vc_config.h; } | LC_ALL=C sort
