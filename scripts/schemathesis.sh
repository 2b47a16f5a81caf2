#!/usr/bin/env bash
# Schemathesis against the live REST API: a test server (gunicorn) on a free port from 8100 with
# a small demo region in a fresh SQLite database, fuzzed through /api/v1/schema with the demo
# police token. Fails on any 5xx and on any answer that does not conform to the schema.
#   BIN=.venv/bin scripts/schemathesis.sh [extra schemathesis options]
# SCHEMATHESIS_MAX_EXAMPLES (default 60) sets the examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
DATA=$(mktemp -d /tmp/kz-schemathesis.XXXXXX)
PORT=$("$BIN/python" - <<'PY'
import socket
for port in range(8100, 8200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
)
export KZ_DATA_DIR="$DATA" KZ_DEBUG=0 KZ_API_RATE="" KZ_LOG_LEVEL=ERROR
unset DATABASE_URL
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$DATA"
}
trap cleanup EXIT

"$BIN/python" manage.py migrate --no-input -v0
"$BIN/python" manage.py demo_load --reports 30 --advice 5 -v0
PYTHONPATH=src "$BIN/gunicorn" ketenzicht.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers 2 --threads 4 --log-level warning &
SERVER=$!
echo "schemathesis: test server on 127.0.0.1:$PORT (demo data in $DATA)"

"$BIN/schemathesis" run "http://127.0.0.1:$PORT/api/v1/schema" \
    --header "Authorization: Bearer politie-zhz.demo-politie-token-2026" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-60}" \
    --wait-for-schema 60 \
    --seed 8 \
    "$@"
