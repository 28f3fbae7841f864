# Two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-eng tesseract-ocr-osd fonts-dejavu-core chromium
TESSDATA_OK := $(shell for d in /usr/share/tesseract-ocr/5/tessdata /usr/share/tesseract-ocr/4.00/tessdata /usr/share/tessdata; do \
	[ -f $$d/rus.traineddata ] && [ -f $$d/kaz.traineddata ] && [ -f $$d/osd.traineddata ] && echo yes && break; done)

.DEFAULT_GOAL := help
.PHONY: help setup system-deps venv demo test test-unit test-integration console-screenshot lint format schemas \
	stack-up stack-down clean bench bench-sweep bench-venv

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

setup: system-deps venv ## Install everything the service, the demo and the tests need

system-deps: ## Tesseract with Russian and Kazakh, the DejaVu fonts, Chromium for the console test (apt)
ifeq ($(TESSDATA_OK),yes)
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-dejavu-core; }
else
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES)
endif
	@# The console's browser test drives Debian's Chromium (playwright, no browser download).
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

venv: $(VENV)/.installed ## The virtualenv in .venv with the project installed in it

$(VENV)/.installed: pyproject.toml
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[stack,test]'
	touch $@

demo: setup ## Start the local stack, run the sample documents through, print the verdicts
	$(VENV)/bin/idp demo

test: setup ## Unit and integration tests on the real local stack
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: setup ## Unit tests only
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-integration: setup ## Integration tests only
	$(PY) -m pytest tests/integration $(PYTEST_ARGS)

console-screenshot: setup ## Re-take docs/console.png: the operator console in headless Chromium
	IDP_CONSOLE_SCREENSHOT=docs/console.png $(PY) -m pytest \
		tests/integration/test_console_browser.py -k recent_requests $(PYTEST_ARGS)

BENCH_ARGS ?=
BENCH_OUT ?= .idp/bench/result.json

bench-venv: $(VENV)/.bench-installed

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[stack,test,bench]'
	touch $@

bench: setup bench-venv ## Benchmarks on their own local stack: JSON in .idp/bench/result.json, a summary
	$(VENV)/bin/idp bench --out $(BENCH_OUT) $(BENCH_ARGS)

bench-sweep: setup bench-venv ## Throughput against concurrency: .idp/bench/sweep.json and docs/throughput.png
	$(VENV)/bin/idp bench sweep --png docs/throughput.png $(BENCH_ARGS)

lint: venv ## ruff, and mypy on the service's packages
	$(VENV)/bin/ruff check stream processors schemas sinks tests
	$(VENV)/bin/python -m mypy -p stream -p processors -p schemas -p sinks

format: venv ## ruff format
	$(VENV)/bin/ruff format stream processors schemas sinks tests

schemas: venv ## Regenerate the JSON Schema files from the models
	$(PY) -m schemas.jsonschema

stack-up: venv ## Start the embedded local stack and print its settings
	$(VENV)/bin/idp stack up

stack-down: venv ## Stop the embedded local stack
	$(VENV)/bin/idp stack down

clean: stack-down ## Stop the stack and remove local state
	rm -rf .idp .pytest_cache
