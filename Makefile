# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run serve test test-fast services-start services-stop services-status browser clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests (no browser is downloaded by a test tool).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py ensure_admin
	@echo "Site : http://localhost:$(PORT)/ (Grenoble : http://grenoble.localhost:$(PORT)/)  Administration : http://localhost:$(PORT)/admin/"
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

services-start:
	bash scripts/services.sh start

services-stop:
	bash scripts/services.sh stop

services-status:
	bash scripts/services.sh status

# The whole suite, on the real PostgreSQL, Elasticsearch and Redis servers the project starts.
test: setup browser services-start
	eval "$$(bash scripts/services.sh env)" && $(PY) -m pytest $(PYTEST_ARGS)

# Quick loop while developing: SQLite and the database search backend, no browser.
test-fast: setup
	env -u DATABASE_URL -u ELASTICSEARCH_URL $(PY) -m pytest -m "not postgres and not elasticsearch and not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules collected_static .pytest_cache
