# Groepsaanpak — two commands: `make run` and `make test`. Everything else is set up on the way.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DEDUCE_CACHE_DIR ?= $(CURDIR)/.cache/deduce

.PHONY: run test test-api-fuzz test-browser test-postgres bench lint lock setup assets guard-cache migrate demo messages clean

run: setup migrate demo
	@echo ""
	@echo "Groepsaanpak draait op http://127.0.0.1:8000  (stoppen: Ctrl+C)"
	DEMO_MODE=1 $(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.stamp-base assets guard-cache messages

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.stamp-base: requirements/base.lock | $(VENV)/bin/python
	$(PIP) install -q -r requirements/base.lock
	touch $@

$(VENV)/.stamp-dev: requirements/dev.lock | $(VENV)/bin/python
	$(PIP) install -q -r requirements/dev.lock
	touch $@ $(VENV)/.stamp-base

assets: node_modules/.stamp
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Deduce builds an 83 MB lookup cache on first use (about a minute); do it during set-up.
guard-cache: $(DEDUCE_CACHE_DIR)/.stamp
$(DEDUCE_CACHE_DIR)/.stamp: | $(VENV)/.stamp-base
	@echo "Privacytoets voorbereiden (eenmalig, ongeveer een minuut)..."
	$(PY) -m privacy.guard --warm
	touch $@

messages: locale/en/LC_MESSAGES/django.mo
locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po | $(VENV)/.stamp-base
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

migrate: $(VENV)/.stamp-base
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py demo

# PYTEST_ARGS: e.g. "-n 2" to run the suite in two processes (pytest-xdist), as .ci/run does.
test: $(VENV)/.stamp-dev assets guard-cache messages
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(PYTEST_ARGS)

# schemathesis against /api/v1/schema/ on a fresh demo database, with tokens for several
# roles: fails on any server error or any response that does not match the schema.
test-api-fuzz: $(VENV)/.stamp-dev guard-cache messages
	bash api/fuzz.sh

test-browser: $(VENV)/.stamp-dev assets messages
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser tests/browser

# Benchmarks (issue 8): the privacy guard, the retention run (issue 17: 10,000 expired
# persons, target <= 60 s), the plan of approach as PDF (issue 20: target <= 2 s), then page times at small and city scale on SQLite
# and PostgreSQL under locust (bench/README.md). Choose with e.g. `make bench SCALES=small DBS=sqlite`;
# BENCH_DURATION (s per combination), BENCH_USERS and BENCH_WAIT tune the load.
SCALES ?= small city
DBS ?= sqlite postgres
BENCH_VENV := .cache/bench-venv

$(BENCH_VENV)/.stamp: requirements/bench.lock
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --upgrade pip
	$(BENCH_VENV)/bin/pip install -q -r requirements/bench.lock
	touch $@

bench: setup $(VENV)/.stamp-dev $(BENCH_VENV)/.stamp  # dev: Faker (via factory-boy) for generate_load_data
	$(PY) bench/guard_bench.py --out bench/guard.json
	$(PY) bench/retention_bench.py --out bench/retention.json
	$(PY) bench/documents_bench.py --out bench/documents.json
	$(PY) bench/run.py --scales $(SCALES) --dbs $(DBS)

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# Re-pin every Python dependency from pyproject.toml into the locks (needs the network).
lock:
	rm -rf /tmp/ga-lock && $(PYTHON) -m venv /tmp/ga-lock && /tmp/ga-lock/bin/pip install -q --upgrade pip
	/tmp/ga-lock/bin/pip install -q $$($(PYTHON) requirements/deps.py) && /tmp/ga-lock/bin/pip freeze > requirements/base.lock
	/tmp/ga-lock/bin/pip install -q $$($(PYTHON) requirements/deps.py --dev) && /tmp/ga-lock/bin/pip freeze > requirements/dev.lock
	rm -rf /tmp/ga-lock-bench && $(PYTHON) -m venv /tmp/ga-lock-bench && /tmp/ga-lock-bench/bin/pip install -q --upgrade pip
	/tmp/ga-lock-bench/bin/pip install -q $$($(PYTHON) requirements/deps.py --bench) && \
	  { head -2 requirements/bench.lock; /tmp/ga-lock-bench/bin/pip freeze; } > /tmp/ga-bench.lock && mv /tmp/ga-bench.lock requirements/bench.lock

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .cache
