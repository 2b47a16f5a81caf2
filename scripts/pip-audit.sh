#!/bin/sh
# pip-audit of the installed environment: fails on any known vulnerability.
# A package whose vulnerability data cannot be fetched is reported, not failed on (on a machine
# whose package index is a mirror without PyPI's JSON API that is most of them); set
# KZ_PIP_AUDIT_STRICT=1 to fail on those too (pip-audit --strict), as a release check should.
set -eu
BIN=${BIN:-.venv/bin}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
strict=""
[ "${KZ_PIP_AUDIT_STRICT:-0}" = "1" ] && strict="--strict"
status=0
"$BIN/pip-audit" --progress-spinner off --skip-editable $strict >"$out" 2>&1 || status=$?
skipped=$(grep -c "could not be audited" "$out" || true)
grep -v "could not be audited" "$out" | grep -v "^Name \|^----" || true
if [ "$skipped" -gt 0 ]; then
    echo "pip-audit: WARNING: $skipped installed packages could not be audited (no vulnerability data reachable for them)."
fi
exit "$status"
