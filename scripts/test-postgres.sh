#!/usr/bin/env bash
# Run the test suite on PostgreSQL when one is reachable; under CI it must be.
set -uo pipefail
PY=$1; URL=$2; shift 2
if ! $PY - "$URL" <<'PYEOF'
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL not reachable at {url}: {error}", file=sys.stderr)
    sys.exit(1)
PYEOF
then
  if [ -n "${CI:-}" ]; then
    echo "CI is set: PostgreSQL is required." >&2
    exit 1
  fi
  echo "Skipping the PostgreSQL run (no server). Set DATABASE_URL or start PostgreSQL 15." >&2
  exit 0
fi
DATABASE_URL="$URL" exec $PY -m pytest "$@"
