# OpenMASH: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PORT ?= 8000
TEST_ENV := SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	OPENMASH_HTTPS=false OPENMASH_STATIC_MANIFEST=false OPENMASH_MFA_REQUIRED=true
PYTEST_ARGS ?=

.PHONY: run test test-clocks api-conformance lint format bench install clean pm4py-venv cin-validator

# Running needs only the runtime dependencies; tests, lint and benchmarks add the dev extras.
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(DEV_STAMP)

# pm4py (the journey map's reference, tests/insights/test_journey_pm4py.py) pins versions that
# clash with ours: it gets its own environment, which the test runs through a subprocess.
PM4PY_VENV := .venv-pm4py
PM4PY_STAMP := $(PM4PY_VENV)/.installed
$(PM4PY_STAMP):
	test -x $(PM4PY_VENV)/bin/python || $(PYTHON) -m venv $(PM4PY_VENV)
	$(PM4PY_VENV)/bin/python -m pip install --quiet 'pm4py==2.7.23.11'
	touch $@

pm4py-venv: $(PM4PY_STAMP)

# The DfE CIN census validator (csc-validator-be-cin) in a virtual environment of its own: its pins
# clash with ours (pandas 1.5 needs numpy<2; its CLI imports pytest). tests/returns/test_cin_validator.py
# runs it on the census of generated data (docs/returns.md, "CIN census").
CIN_VALIDATOR := .venv-cin-validator
cin-validator: $(CIN_VALIDATOR)/.installed

$(CIN_VALIDATOR)/.installed:
	test -x $(CIN_VALIDATOR)/bin/python || $(PYTHON) -m venv $(CIN_VALIDATOR)
	$(CIN_VALIDATOR)/bin/python -m pip install --quiet "csc-validator-be-cin==0.1.13" "numpy<2" pytest
	touch $@

run: $(RUN_STAMP)
	scripts/ensure_pdf_libs.sh
	OPENMASH_DEMO=1 PORT=$(PORT) scripts/run_demo.sh

test: $(DEV_STAMP) $(PM4PY_STAMP) $(CIN_VALIDATOR)/.installed
	scripts/ensure_chromium.sh
	scripts/ensure_pdf_libs.sh
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The tests marked `clock` once at each awkward "now" in tests/clock.py (a Saturday night, 16:59 on
# a bank holiday eve, the night the clocks go back).
test-clocks: $(DEV_STAMP)
	scripts/ensure_chromium.sh
	OPENMASH_AWKWARD_NOWS=1 $(TEST_ENV) $(BIN)/pytest -n 2 -m clock $(PYTEST_ARGS)

# schemathesis sends every API operation generated requests with two keys and fails on any 5xx or
# anything the OpenAPI schema does not declare (tests/api/test_conformance.py). A few minutes.
api-conformance: $(DEV_STAMP)
	OPENMASH_CONFORMANCE=1 $(TEST_ENV) $(BIN)/pytest -n 2 -q tests/api/test_conformance.py $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/check_gates.py
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(DEV_STAMP)
	scripts/bench.sh

clean:
	rm -rf $(VENV) $(PM4PY_VENV) $(CIN_VALIDATOR) var/*.sqlite3* var/staticfiles
