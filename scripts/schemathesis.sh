#!/usr/bin/env bash
# schemathesis against the live API: a fresh SQLite database in a temporary folder with a small
# demo region (demo_load, with `make demo`'s variables), a real server (gunicorn) on a free port
# (127.0.0.1:8100-8199), a client of the demo's local team of Dordrecht holding every scope (so
# the handover and figures endpoints answer, not only refuse), then `schemathesis run` on the
# served schema with the checks below and a bounded number of examples (a few minutes at most).
# Fails on any 5xx, on any answer, status, content type or header that does not match the schema.
# The server and the temporary folder are removed whatever happens.
#   BIN=.venv/bin scripts/schemathesis.sh [extra schemathesis options]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
# SCHEMATHESIS_MAX_EXAMPLES sets the examples per operation.
EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-25}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance
CHECKS=$CHECKS,response_schema_conformance,response_headers_conformance

tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

export KZ_DATA_DIR="$tmp" DATABASE_URL="sqlite:///$tmp/schemathesis.sqlite3"
export KZ_DEBUG=1 KZ_DEMO_FIXED_OTP=1
# schemathesis sends thousands of calls: the rate limit would answer most of them with 429.
export KZ_API_RATE=1000000/min

echo "-- migrate and load the demo into $tmp"
"$BIN/python" manage.py migrate --no-input -v 0
"$BIN/python" manage.py demo_load --reports 30 --advice 5 >"$tmp/demo.log"

# The client, and the ids of its organisation's handovers (so that half of the calls on a
# handover reach a real one: its answer is checked against the schema too).
read -r token handovers < <("$BIN/python" manage.py shell -c '
from ketenzicht.api.scopes import Scope
from ketenzicht.api.services import api_client_create
from ketenzicht.casework.models import Handover
from ketenzicht.organisations.models import Organisation, OrganisationKind
team = Organisation.objects.filter(
    kind=OrganisationKind.LOCAL_TEAM, municipality__code="GM0505"
).order_by("pk").first()
client, token = api_client_create(
    name="schemathesis", organisation=team, client_id="schemathesis", scopes=Scope.values
)
ids = list(Handover.objects.filter(organisation=team).values_list("pk", flat=True)[:20])
print(token, ",".join(map(str, ids)) or "1")
' | tail -n 1)
cat >"$tmp/schemathesis.toml" <<TOML
[dictionaries.handovers]
values = [$handovers]

[parameters]
"path.handover_id" = { dictionary = "handovers", probability = 0.5 }
TOML

port=$("$BIN/python" - <<'PY'
import socket
for port in range(8100, 8200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
else:
    raise SystemExit("no free port in 8100-8199")
PY
)
base="http://127.0.0.1:$port"

echo "-- server on $base"
"$BIN/gunicorn" ketenzicht.wsgi:application --bind "127.0.0.1:$port" --workers 1 \
    --threads 4 --worker-class gthread --access-logfile /dev/null >"$tmp/server.log" 2>&1 &
server=$!

echo "-- schemathesis ($CHECKS, at most $EXAMPLES examples per operation)"
status=0
"$BIN/schemathesis" --config-file "$tmp/schemathesis.toml" run "$base/api/v1/schema" \
    --header "Authorization: Bearer $token" \
    --checks "$CHECKS" \
    --max-examples "$EXAMPLES" \
    --phases examples,coverage,fuzzing \
    --seed 20261204 \
    --workers 1 \
    --request-timeout 20 \
    --wait-for-schema 60 \
    --no-color "$@" || status=$?
if [ "$status" -ne 0 ]; then
    echo "-- the server's log:"
    tail -n 60 "$tmp/server.log"
fi
exit "$status"
