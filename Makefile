# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run serve serve-prod backup restore test test-fast services-start services-stop services-status browser clean

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

# The demo signs in across its three host names through the portal (README « Connexion unique »).
run: export NETWORK_ACCOUNT_URL ?= http://reseau.localhost:$(PORT)
run: export NETWORK_ACCOUNT_INTERNAL_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py ensure_login_clients
	$(PY) manage.py ensure_admin
	@echo "Site : http://localhost:$(PORT)/ (Grenoble : http://grenoble.localhost:$(PORT)/, portail du réseau : http://reseau.localhost:$(PORT)/)  Administration : http://localhost:$(PORT)/admin/"
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

# The production stack on this machine: gunicorn, production settings, WhiteNoise, against
# the PostgreSQL, Elasticsearch and Redis of scripts/services.sh (HTTP on localhost: no
# HTTPS redirect; browsers accept secure cookies from http://localhost).
serve-prod: setup
	eval "$$(bash scripts/services.sh env)" && \
	export DJANGO_SETTINGS_MODULE=cms.settings.production \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	  WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://localhost:$(PORT)}" \
	  DEFAULT_FROM_EMAIL="$${DEFAULT_FROM_EMAIL:-Echosciences <noreply@localhost>}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SERVE_MEDIA="$${SERVE_MEDIA:-1}" && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	echo "Site : http://localhost:$(PORT)/  Santé : http://localhost:$(PORT)/healthz" && \
	$(VENV)/bin/gunicorn cms.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# A backup of the database and media (scripts/backup.sh); `make restore DIR=backups/…`.
backup:
	bash scripts/backup.sh backup $(DIR)

restore:
	bash scripts/backup.sh restore $(DIR)

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
