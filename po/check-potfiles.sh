#!/usr/bin/env bash
# A meson test (suite data): po/POTFILES.in names only files that exist (or the
# dialtone-pot target breaks) and every file with translatable strings in the given
# source dirs (relative to SOURCE_ROOT, not recursive).
#   check-potfiles.sh SOURCE_ROOT DIR...
set -uo pipefail
root=${1:?usage: $0 SOURCE_ROOT DIR...}
shift
cd "$root" || exit 1

listed=$(grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in)
rc=0
for f in $listed; do
    if [ ! -f "$f" ]; then
        echo "po/POTFILES.in lists $f, which does not exist"
        rc=1
    fi
done
for dir in "$@"; do
    for f in "$dir"/*.c "$dir"/*.cc "$dir"/*.ui; do
        [ -f "$f" ] || continue
        if grep -q -E '(^|[^A-Za-z0-9_])(N_|C_|NC_|_)\(|translatable="yes"' "$f" &&
            ! grep -qx -F "$f" <<<"$listed"; then
            echo "$f has translatable strings but is not in po/POTFILES.in"
            rc=1
        fi
    done
done
exit $rc
