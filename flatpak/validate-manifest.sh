#!/usr/bin/env bash
# Offline check of the Flatpak manifest (a meson test, suite 'data'): flatpak-builder must
# parse it without warnings, and every downloaded source must be pinned by a sha256.
# Exits 77 (skip) when flatpak-builder is not installed.
set -uo pipefail
manifest=${1:?usage: $0 MANIFEST}

if ! command -v flatpak-builder >/dev/null 2>&1; then
    echo "flatpak-builder is not installed (package flatpak-builder)"
    exit 77
fi

err=$(flatpak-builder --show-manifest "$manifest" 2>&1 >/dev/null)
rc=$?
if [ $rc != 0 ] || [ -n "$err" ]; then
    echo "flatpak-builder --show-manifest failed (exit $rc):"
    echo "$err"
    exit 1
fi

/usr/bin/python3 - "$manifest" <<'PY'
import json, re, sys

manifest = json.load(open(sys.argv[1]))
bad = []
for module in manifest['modules']:
    for source in module.get('sources', []):
        if 'url' in source and not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
            bad.append(f"{module['name']}: {source['url']} has no sha256")
for line in bad:
    print(line)
sys.exit(1 if bad else 0)
PY
