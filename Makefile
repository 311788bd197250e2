# Quick start: `make run` serves the dashboard, `make test` runs every test.
# Both build .venv from the hashed lock file first, with nothing but python3 on the machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test check lint bench load browser dictionary report clean

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.headless true

# Browser tests drive Debian's chromium; install it when it is missing and we may (root).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium not found and not root: browser tests will be skipped (they fail under CI=true)"; fi

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

check: lint test

# Speed and memory: the CLI against pandas.read_csv, the dashboard against a bare Streamlit floor.
bench: $(STAMP) browser
	$(BIN)/python bench/bench_cli.py
	$(BIN)/python bench/bench_dashboard.py

# 10 simultaneous headless readers for 60 s against one local server; results in bench/out/load.json.
load: $(STAMP) browser
	$(BIN)/python bench/load.py --sessions 10 --seconds 60

dictionary: $(STAMP)
	$(BIN)/python -m ledger dictionary

report: $(STAMP)
	$(BIN)/python -m ledger report

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts
