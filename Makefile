# The one entry point. `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Three test workers on two cores: the suite often waits (browsers, live servers, retries with
# backoff), and with two workers the CPU was busy only about 55% of a CI run (2026-11-28: the
# PostgreSQL + Redis pass took 291 s with three workers, 335-356 s with two).
PYTEST_WORKERS ?= 3
export DJANGO_SETTINGS_MODULE ?= atheneum.config.settings.local

.PHONY: run test install lint format messages makemessages migrate demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

messages: install
	$(BIN)/pybabel -q compile -f --statistics -d src/atheneum/locale -D django

migrate: messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: lint messages
	mkdir -p var
	DJANGO_SETTINGS_MODULE=atheneum.config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=atheneum.config.settings.test $(BIN)/python -m atheneum.config.check_translations
	DJANGO_SETTINGS_MODULE=atheneum.config.settings.test $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

makemessages: install
	cd src/atheneum && ../../$(BIN)/django-admin makemessages --no-obsolete --no-location $(foreach l,ar zh_Hans fr de ru es sv,-l $(l)) --ignore=static/vendor/*

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/schedule.py
	$(BIN)/python bench/team_overview.py
	$(BIN)/python bench/learning_coaching.py
	$(BIN)/python bench/xapi.py

# Load test (locust) of a realistic mix against a large dataset. Needs PostgreSQL, and the data:
#   DATABASE_URL=postgres://... $(BIN)/python manage.py seed_scale [--members 2000]
# Never part of `make test`; see bench/load.py (BENCH_USERS, BENCH_SECONDS).
.PHONY: bench-load
bench-load: install
	$(BIN)/pip install -q -r requirements-bench.lock
	$(BIN)/python bench/load.py

# Known vulnerabilities in the pinned lock file. Needs PyPI's per-release JSON API or OSV; with
# --strict a package that cannot be checked fails the run instead of passing silently.
.PHONY: audit
audit: install
	$(BIN)/pip install -q pip-audit==2.10.1
	$(BIN)/pip-audit --strict --disable-pip --no-deps -r requirements.lock --progress-spinner off

clean:
	rm -rf var .pytest_cache
