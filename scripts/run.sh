#!/usr/bin/env bash
# Serve ducha on 127.0.0.1:8000 with a Huey consumer beside it, in the foreground; Ctrl-C stops both.
# gunicorn (gunicorn.conf.py: cores + 1 sync workers, no Server banner) as in production; WhiteNoise
# serves the static files `make run` collected.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py run_huey --workers 2 --flush-locks &
HUEY_PID=$!
trap 'kill $HUEY_PID 2>/dev/null; wait $HUEY_PID 2>/dev/null' EXIT INT TERM
echo "ducha: http://127.0.0.1:8000/  (Huey consumer pid $HUEY_PID; Ctrl-C stops both)"
.venv/bin/gunicorn ducha.wsgi --config gunicorn.conf.py --bind 127.0.0.1:8000 --access-logfile -
