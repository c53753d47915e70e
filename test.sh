#!/usr/bin/env bash
# ./test.sh — install the missing Debian packages (apt-get; sudo when not root), build into
# _build/, then run the whole test suite headless. Exits non-zero when anything fails.
# Extra arguments go to `meson test`, e.g. ./test.sh --suite unit
#   DT_BUILD_DIR (default _build), DT_MESON_OPTS (extra `meson setup` options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
. tools/deps.sh

dt_install_deps
dt_build
meson test -C "$dt_build_dir" --print-errorlogs "$@"
