# Xuefa — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install lint migrate demo static serve messages bench bench-rush names-model clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The background worker (tasks_worker: queued jobs and the periodic clock) runs beside the
# server and stops with it.
serve:
	@echo "Xuefa: http://127.0.0.1:$(PORT)  (demo accounts in README.md); worker: manage.py tasks_worker"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py tasks_worker & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## make run: set everything up and serve the site with demo content.
run: demo static serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make test: set everything up, lint, check, and run the whole suite.
test: install lint
	DJANGO_SETTINGS_MODULE=xuefa.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=xuefa.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

## make messages: refresh the translation catalogues (needs GNU gettext).
messages: install
	for app in site accounts records courses quizzes case_library study_sessions search reports jobs ops; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore 'migrations/*' >/dev/null); \
	done
	$(PY) manage.py compilemessages --ignore .venv >/dev/null

bench: install
	$(PY) bench/run.py

## make names-model: retrain the anonymiser's person-name model from bench/anonymiser/train/.
names-model: install
	$(PY) bench/anonymiser/train_names.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results

## make bench-rush: the exam-rush benchmark (1,000 officials, gunicorn + PostgreSQL + Redis on
## this machine; minutes, never part of make test). FAULT=kill-worker|restart-redis|pg-terminate.
bench-rush: install
	$(PY) bench/rush/run.py --officials $${OFFICIALS:-1000} --fault $${FAULT:-none}
