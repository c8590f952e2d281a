# OpenMASH: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
TEST_ENV := SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	OPENMASH_HTTPS=false OPENMASH_STATIC_MANIFEST=false OPENMASH_MFA_REQUIRED=true
PYTEST_ARGS ?=

.PHONY: run test test-unit test-e2e lint format bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	OPENMASH_DEMO=1 PORT=$(PORT) scripts/run_demo.sh

test: $(STAMP)
	scripts/ensure_chromium.sh
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	scripts/bench.sh

clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles
