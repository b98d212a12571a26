# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make        set up, run every notebook at full size, render them, print the claims table
#   make test   set up, lint, unit tests, every notebook at smoke size
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NUMBA_CACHE_DIR := $(CURDIR)/build/numba-cache
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all setup notebooks html claims test lint unit lab bench clean help

all: $(STAMP) ## set up, run every notebook (full), render HTML, print claims
	@status=0; \
	  $(BIN)/python -m tools.nbrun --set full --out build/notebooks || status=1; \
	  $(BIN)/python -m tools.site || status=1; \
	  $(BIN)/python -m tools.claims_table results || status=1; \
	  exit $$status

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[notebooks,dev]'
	@touch $@

setup: $(STAMP) ## create .venv from pyproject.toml (rebuilt when pyproject changes)

notebooks: $(STAMP) ## execute every notebook with full parameters -> build/notebooks, results/
	$(BIN)/python -m tools.nbrun --set full --out build/notebooks

html: $(STAMP) ## render executed notebooks and the claims table -> build/html
	@ls build/notebooks/*.ipynb > /dev/null 2>&1 || $(BIN)/python -m tools.nbrun --set full
	$(BIN)/python -m tools.site

claims: $(STAMP) ## print the claims table from results/*.json (fails if any claim failed)
	$(BIN)/python -m tools.claims_table results

lint: $(STAMP) ## ruff on code, tests and notebooks
	$(BIN)/ruff check .

unit: $(STAMP) ## unit tests only (no notebooks)
	$(BIN)/python -m pytest -m "not notebook" -q

test: lint ## set up, lint, unit tests, every notebook at smoke size
	@$(BIN)/python -m pytest -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treating as failure"; exit 1; fi; \
	  exit $$rc

bench: $(STAMP) ## performance benchmarks -> results/bench.json
	$(BIN)/python -m hoplib.bench

lab: $(STAMP) ## JupyterLab; open the .py notebooks as notebooks (jupytext)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

clean: ## remove build products (keeps .venv)
	rm -rf build results .pytest_cache .hypothesis
