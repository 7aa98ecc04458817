"""gunicorn's settings for ducha (read from the working directory: `gunicorn ducha.wsgi`).

gunicorn names itself and its version in a Server header on every answer and has no setting to stop it;
the header tells an attacker which exploits to try, so it is dropped here."""

import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


if getattr(wsgi.Response.default_headers, "__name__", "") != "_headers_without_server":
    wsgi.Response.default_headers = _headers_without_server
