# Quick start: `make run` serves the dashboard, `make test` runs every test.
# Both build .venv from the hashed lock file first, with nothing but python3 on the machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: data-check run test check lint bench load browser nginx serve-replicas load-replicas dictionary report site serve-site load-site clean

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

# The same launch command as the container and the replicas (deploy/launch.py), with the file watcher
# on, so an edit reruns the page.
run: $(STAMP)
	$(BIN)/python -m deploy.launch --port $(PORT) --watch

# Browser tests drive Debian's chromium; install it when it is missing and we may (root).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium not found and not root: browser tests will be skipped (they fail under CI=true)"; fi

# The scale-out recipe runs Debian's nginx; install it when it is missing and we may (root).
nginx:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's nginx-light for the scale-out recipe"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	else echo "nginx not found and not root: proxy tests will be skipped (they fail under CI=true)"; fi

test: $(STAMP) browser nginx
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

check: lint test

# The runtime packages alone, as `pip install` gives a user (no hypothesis, which pandera imports when
# present): bench_reader times validation under it as well as under .venv. Pinned by version from
# requirements.txt, fetched from the package index; the lock's hashes guard .venv, which the tests use.
RUNTIME := .venv-runtime
$(RUNTIME)/.installed: requirements.txt
	$(PYTHON) -m venv $(RUNTIME)
	$(RUNTIME)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	touch $@

# Speed and memory: validation against plain read_csv (both environments) and frictionless; the dashboard
# against a floor; the static edition against the dashboard, the floor and a bare Plotly.react page.
bench: $(STAMP) $(RUNTIME)/.installed browser nginx
	$(BIN)/python -m bench.bench_reader --python $(BIN)/python --python $(RUNTIME)/bin/python
	$(BIN)/python -m bench.bench_cli
	$(BIN)/python -m bench.bench_dashboard
	$(BIN)/python -m bench.bench_site

# The static edition: every page, feed, sitemap, downloads and preview images, into $(SITE) (replaced whole).
# BASE_URL is the address it will be served at (default: ledger/site/site.toml or $$LEDGER_SITE_URL).
SITE ?= site
site: $(STAMP) browser
	$(BIN)/python -m ledger site $(SITE) $(if $(BASE_URL),--base-url $(BASE_URL))

# nginx serves the built site on 127.0.0.1:$(SITE_PORT) with the recipe in deploy/static.py, until Ctrl-C.
# 8000 is the base URL ledger/site/site.toml sets, so the site's absolute addresses point here.
SITE_PORT ?= 8000
serve-site: site nginx
	$(BIN)/python -m deploy.static $(SITE) --port $(SITE_PORT)

# nginx serves the built site on loopback to READERS concurrent readers (bounded asyncio client); JSON summary.
READERS ?= 1000
load-site: site nginx
	$(BIN)/python -m bench.site_load $(SITE) --readers $(READERS)

# 10 simultaneous headless readers for 60 s against one local server; results in bench/out/load.json.
load: $(STAMP) browser
	$(BIN)/python -m bench.load --sessions 10 --seconds 60

# N Streamlit replicas behind nginx on 127.0.0.1:$(PORT), sticky by cookie, websockets passed on.
N ?= 3
serve-replicas: $(STAMP) nginx
	$(BIN)/python -m deploy.replicas --replicas $(N) --port $(PORT)

# Starts N replicas and nginx, drives PER_REPLICA readers per replica for 60 s through the proxy; JSON
# summary. CLIENT=ws: protocol-level readers (bench/wsload.py); CLIENT=browser: headless Chromium, 2 each.
CLIENT ?= ws
PER_REPLICA ?= $(if $(filter browser,$(CLIENT)),2,10)
load-replicas: $(STAMP) browser nginx
	$(BIN)/python -m bench.load_replicas --client $(CLIENT) --replicas $(N) \
		--sessions $$(( $(N) * $(PER_REPLICA) )) --seconds 60

dictionary: $(STAMP)
	$(BIN)/python -m ledger dictionary

report: $(STAMP)
	$(BIN)/python -m ledger report

# The curators' check (the data-check workflow runs it on every pull request touching data/).
BASE ?= origin/main
data-check: $(STAMP)
	$(BIN)/python tools/data_check.py --base $(BASE)

clean:
	rm -rf $(VENV) $(RUNTIME) .pytest_cache .ruff_cache .hypothesis test-artifacts
