"""gunicorn's settings for ducha (read from the working directory: `gunicorn ducha.wsgi`).

gunicorn names itself and its version in a Server header on every answer and has no setting to stop it;
the header tells an attacker which exploits to try, so it is dropped here."""

import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Chosen by measurement (bench/intake_http.py, README "Running in production"): ducha's requests spend their
# time in Python, so on a machine of N cores N + 1 single-threaded processes serve more than threads that
# share one interpreter lock (2 cores: 3 sync workers 122 complaints/s, 2 × 4 threads 102/s).
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1" if worker_class == "sync" else "4"))

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


if getattr(wsgi.Response.default_headers, "__name__", "") != "_headers_without_server":
    wsgi.Response.default_headers = _headers_without_server
