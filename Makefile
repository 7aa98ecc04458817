# ducha — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := ducha.settings
# Tests run Huey tasks inline.
test-sqlite test-postgres: export HUEY_IMMEDIATE := 1
PG_URL ?= postgresql://postgres@127.0.0.1:5432/ducha

.PHONY: run test lint check test-sqlite test-postgres install browser clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: install
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py load_demo
	bash scripts/run.sh

# Debian's chromium for the browser tests (never `playwright install`: no network for it), Debian's CJK
# fonts so that pages, screenshots and documents show Chinese rather than empty boxes, and Pango, which
# WeasyPrint lays the PDF documents out with.
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . && /sbin/ldconfig -p | grep -q libpangoft2-1.0 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check --fail-level ERROR
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install browser
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install browser
	bash scripts/test-postgres.sh $(PY) "$(PG_URL)" $(PYTEST_ARGS)

test: lint check test-sqlite test-postgres

clean:
	rm -rf $(VENV) node_modules var/static
