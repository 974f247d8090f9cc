# Two commands for a new user: `make book` and `make test`.
# Each creates the virtual environment (.venv) and installs requirements.txt the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
CHROMIUM ?= /usr/bin/chromium

.PHONY: book test test-unit test-notebooks test-book browser execute student student-book clean venv

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

## make book: build the HTML book into _build/html (warnings are errors)
book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

## make test: package tests, nbval over every chapter, the book build, the browser test
test: test-unit test-notebooks test-book

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests --ignore=tests/test_browser.py

test-notebooks: $(STAMP)
	$(if $(NOTEBOOKS),$(BIN)/python -m pytest -q --nbval $(NOTEBOOKS) --nbval-sanitize-with nbval_sanitize.cfg,@echo "no notebooks yet")

test-book: book browser
	$(BIN)/python -m pytest -q tests/test_browser.py

# The browser test drives Debian's Chromium; install it when we can (root with apt-get).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser test needs Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; fi; }

## make execute: re-run every chapter notebook in place from a clean kernel and store its outputs
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False \
	  --ClearMetadataPreprocessor.enabled=True \
	  --ClearMetadataPreprocessor.preserve_cell_metadata_mask='["tags"]' \
	  --ClearMetadataPreprocessor.preserve_nb_metadata_mask='["kernelspec", "language_info"]' \
	  $(NOTEBOOKS)

clean:
	rm -rf _build
