# One entry point for people and CI. Every target builds .venv first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# The browser the e2e tests drive (tests/e2e/conftest.py looks for the same path).
CHROMIUM := /usr/bin/chromium

.PHONY: install run test test-fast lint chromium e2e-browser postgresql bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The e2e tests drive Debian's Chromium; Playwright's own browser download is not used.
# `make chromium` installs it (as root) or says how to; it fails when it cannot.
chromium:
	@[ -x $(CHROMIUM) ] || { \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "chromium is not installed and this is not root: run 'sudo apt-get install -y chromium' (the e2e tests need $(CHROMIUM))" >&2; \
	    exit 1; \
	  fi; \
	  apt-get update && apt-get install -y chromium; \
	}

# For `make test`: as root (CI) a missing Chromium is installed; as another user the
# e2e tests are skipped instead (pytest lists them as skipped, with the reason).
e2e-browser:
	@if [ -x $(CHROMIUM) ] || [ "$$(id -u)" = 0 ]; then \
	  $(MAKE) --no-print-directory chromium; \
	else \
	  echo "note: $(CHROMIUM) is missing and this is not root, so the e2e tests will be skipped; to run them: sudo apt-get install -y chromium" >&2; \
	fi

# The storage tests run against SQLite and against a throwaway PostgreSQL cluster they
# start from Debian's binaries (tests/unit/storage/postgres.py). `make postgresql` installs
# them as root (CI) when missing; as another user the PostgreSQL tests are skipped instead.
postgresql:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update && apt-get install -y postgresql; \
	else \
	  echo "note: PostgreSQL is not installed and this is not root, so the PostgreSQL storage tests will be skipped; to run them: sudo apt-get install -y postgresql" >&2; \
	fi

test: lint e2e-browser postgresql
	$(BIN)/python -m pytest

# The lint, the unit and the app tests: no browser, no server.
test-fast: lint
	$(BIN)/python -m pytest -m "not e2e"

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts bench/out
