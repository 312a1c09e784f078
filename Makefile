# Kringmatch: `make run` (set up + serve the demo network), `make test` (set up + run the tests).
VENV ?= .venv
PY := $(VENV)/bin/python
# A CPU build of torch 2.13.0 lies in /opt/wheels on the project's machines; never pull the CUDA one.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test check format bench screenshot

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(FIND_LINKS) -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install kringmatch with its dev tools

run: $(VENV)/.installed  ## serve the web page and API with the demo network on http://127.0.0.1:8000 (API docs at /docs)
	$(VENV)/bin/kringmatch serve --demo --db kringmatch-demo.db --host $(HOST) --port $(PORT)

test: $(VENV)/.installed  ## run the whole test suite (real models; sets up chromium + PostgreSQL when it can)
	@eval "$$(bash .ci/services.sh)"; status=0; $(PY) -m pytest -q || status=$$?; \
	KRINGMATCH_TEST_POSTGRES_URL="$${KRINGMATCH_TEST_POSTGRES_URL:-}" bash .ci/services.sh --report; exit $$status

screenshot: $(VENV)/.installed  ## refresh docs/buyer-view.png and docs/inbox-*.png (headless Chromium, see tests/web)
	bash .ci/browser.sh
	KRINGMATCH_UPDATE_SCREENSHOT=1 $(PY) -m pytest -q tests/web/test_pages.py -k dutch_question
	KRINGMATCH_UPDATE_SCREENSHOT=1 $(PY) -m pytest -q tests/web/test_introductions.py -k supplier_accepts

check: $(VENV)/.installed  ## ruff + mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy matcher models store api evaluation

format: $(VENV)/.installed  ## ruff format + fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
