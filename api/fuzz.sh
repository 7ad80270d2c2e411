#!/usr/bin/env bash
# Fuzz the API with schemathesis against its own OpenAPI schema, on a freshly seeded
# database (the demo), with tokens for several roles. Fails on any server error (5xx) or
# any response that does not match the schema; for FUZZ_CONTRACT_ROLES also on a schema-valid
# body refused with 400 or a schema-invalid one accepted (api/schemathesis.toml, which lists
# the operations that do not agree yet). Used by `make test-api-fuzz` (and CI); prints its time.
#
#   FUZZ_EXAMPLES=20 FUZZ_ROLES="regisseur wijkagent" api/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
ST=${ST:-.venv/bin/schemathesis}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
PORT=${FUZZ_PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
EXAMPLES=${FUZZ_EXAMPLES:-8}
# Server errors, the response shape, and the contract: schema-valid bodies accepted (only 401/403/404/409
# for who the caller is or the state of the process), schema-invalid bodies refused (api/schemathesis.toml).
# FUZZ_CONTRACT_ROLES: the roles fuzzed with the contract checks too (the others: server errors and shape).
BASIC_CHECKS=not_a_server_error,response_schema_conformance
CONTRACT_CHECKS=$BASIC_CHECKS,positive_data_acceptance,negative_data_rejection
CONTRACT_ROLES=${FUZZ_CONTRACT_ROLES:-""}  # not yet in CI: api/schemathesis.toml and docs/api.md
STARTED=$SECONDS
ROLES=${FUZZ_ROLES:-"regisseur coordinator wijkagent jongerenwerker burgemeester privacy buurgemeente"}
WORK=$(mktemp -d -t ga-fuzz-XXXXXX)
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A throw-away SQLite database, whatever DATABASE_URL the caller has: fuzzing writes a lot.
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export MEDIA_ROOT="$WORK/media"
export API_RATE_LIMIT="100000/min"
export GROEPSAANPAK_ENV=development DEBUG=0 DEMO_MODE=1
unset CSRF_TRUSTED_ORIGINS

echo "== fuzz: database and demo data"
"$PY" manage.py migrate --noinput -v0
# FUZZ_SEED: another seeding command (run with this database), e.g. while the demo is being reworked.
if [ -n "${FUZZ_SEED:-}" ]; then eval "$FUZZ_SEED"; else "$PY" manage.py demo >/dev/null; fi

echo "== fuzz: server on 127.0.0.1:$PORT"
"$GUNICORN" groepsaanpak.wsgi -b "127.0.0.1:$PORT" -w 2 --timeout 120 \
  --access-logfile /dev/null --error-logfile - >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
SCHEMA="http://127.0.0.1:$PORT/api/v1/schema/?format=json"
for _ in $(seq 1 60); do
  "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2).close()" "$SCHEMA" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
# Load the privacy guard once before the clock starts (Deduce takes a few seconds per process).
"$PY" - "$PORT" <<'PYEOF'
import json, subprocess, sys, urllib.request
key = subprocess.run([sys.executable, "manage.py", "create_api_token", "regisseur", "--name", "warm-up", "--days", "1"],
                     check=True, capture_output=True, text=True).stdout.strip()
for _ in range(4):
    request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/v1/privacy/scan", data=json.dumps({"text": "warm"}).encode(),
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
PYEOF

status=0
for role in $ROLES; do
  token=$("$PY" manage.py create_api_token "$role" --name fuzz --days 1)
  CHECKS=$BASIC_CHECKS
  case " $CONTRACT_ROLES " in *" $role "*) CHECKS=$CONTRACT_CHECKS ;; esac
  echo "== fuzz: $role ($CHECKS)"
  if ! "$ST" --config-file api/schemathesis.toml run "$SCHEMA" \
      --header "Authorization: Bearer $token" \
      --checks "$CHECKS" \
      --phases examples,coverage,fuzzing \
      --max-examples "$EXAMPLES" \
      --workers 1 \
      --seed 20260101 \
      --request-timeout 60 \
      --suppress-health-check all \
      --warnings off \
      --no-color; then
    status=1
  fi
done

if grep -qE "Traceback|Internal Server Error" "$WORK/server.log"; then
  echo "== fuzz: the server logged tracebacks:"
  cat "$WORK/server.log"
  status=1
fi
[ "$status" -eq 0 ] && echo "== fuzz: no server errors, every response matches the schema, valid data accepted and invalid data refused"
echo "== fuzz: $((SECONDS - STARTED)) s"
exit "$status"
