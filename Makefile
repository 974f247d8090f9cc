# Two commands for a new user: `make book` and `make test`.
# Each creates the virtual environment (.venv) and installs requirements.txt the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
CHROMIUM ?= /usr/bin/chromium
# The notebooks' matrices are small: BLAS threads cost more than they give on 2 cores.
# (Their outputs do not depend on it; the benchmarks use the default threads.)
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: fuzz book test lint test-unit test-notebooks test-book test-student test-classroom browser execute student student-book assignments clean venv

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

## make test: formatting and lint, package tests, nbval over every chapter, the book build,
## the browser test, the student edition, the classroom materials (nbgrader, JupyterLab)
test: lint test-unit test-notebooks test-book test-student test-classroom

## make lint: ruff format --check and ruff check over the Python of the repository
LINTED := dnn tests _ext benchmarks data
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)

# Tests marked browser (Chromium) or book (they read the built book) run in test-book and
# test-student, after the build; slow ones only with `pytest -m slow`.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests

test-notebooks: $(STAMP)
	$(if $(NOTEBOOKS),$(ONE_THREAD) $(BIN)/python -m pytest -q --nbval $(NOTEBOOKS) --nbval-sanitize-with nbval_sanitize.cfg,@echo "no notebooks yet")

test-book: book browser
	$(BIN)/python -m pytest -q -m browser tests/test_browser.py

# The browser test drives Debian's Chromium; install it when we can (root with apt-get).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser test needs Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; fi; }

## make execute: re-run every chapter notebook in place from a clean kernel and store its outputs
execute: $(STAMP)
	$(ONE_THREAD) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False \
	  --ClearMetadataPreprocessor.enabled=True \
	  --ClearMetadataPreprocessor.preserve_cell_metadata_mask='["tags", "jupyter"]' \
	  --ClearMetadataPreprocessor.preserve_nb_metadata_mask='["kernelspec", "language_info"]' \
	  $(NOTEBOOKS)
	$(BIN)/python _ext/merge_streams.py $(NOTEBOOKS)

## make fuzz: the long hostile-file run (2,000 mutated model files and 2,000 mutated data sets,
## each loaded in a child process under 2 GiB and 20 s); `make test` runs a short one
fuzz: $(STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest -q -m slow -s tests/test_files_hostile.py

## make student: student copies of every chapter notebook (solutions replaced by stubs) in student/
student: $(STAMP)
	$(BIN)/python _ext/student.py $(NOTEBOOKS) --out student

## make student-book: the student edition of the HTML book, without any solution,
## built from the student copies into _build/student/_build/html
STUDENT_SRC := _build/student-src
student-book: $(STAMP)
	rm -rf $(STUDENT_SRC) _build/student
	mkdir -p $(STUDENT_SRC)/chapters
	cp -r _config.yml _toc.yml _ext images dnn $(wildcard references.bib) $(STUDENT_SRC)/
	cp -r chapters/*.md chapters/images $(STUDENT_SRC)/chapters/
	# the instructor's guide holds the rubric: not for students
	rm $(STUDENT_SRC)/chapters/instructor_guide.md
	$(BIN)/python -c 'import yaml, sys; p = sys.argv[1]; toc = yaml.safe_load(open(p)); \
	  toc["parts"] = [part for part in toc["parts"] if all(c["file"] != "chapters/instructor_guide" \
	  for c in part["chapters"])]; yaml.safe_dump(toc, open(p, "w"), sort_keys=False)' $(STUDENT_SRC)/_toc.yml
	$(BIN)/python _ext/student.py $(NOTEBOOKS) --keep-outputs --for-book --out $(STUDENT_SRC)/chapters
	$(BIN)/jupyter-book build $(STUDENT_SRC) -W -n --keep-going --path-output _build/student

test-student: student-book
	$(BIN)/python -m pytest -q -m book tests/test_student_edition.py

## make assignments: nbgrader source notebooks, one assignment per chapter with exercises,
## in _build/nbgrader/source/<chapter>/<chapter>.ipynb (see chapters/instructor_guide.md)
assignments: $(STAMP)
	rm -rf _build/nbgrader/source
	$(BIN)/python _ext/classroom.py assignments $(NOTEBOOKS) --out _build/nbgrader

# nbgrader 0.9.6 installs cleanly beside the pinned requirements (TOOLCHAIN.md): into .venv,
# only for the classroom test and for instructors.
NBGRADER := $(VENV)/.nbgrader
$(NBGRADER): $(STAMP)
	$(BIN)/python -m pip install -q nbgrader==0.9.6
	touch $@

## make test-classroom: real nbgrader generates, autogrades and gives feedback on the
## assignments; the student materials hold no solution; JupyterLab shows the book's numbers
test-classroom: book assignments student-book browser $(NBGRADER)
	$(ONE_THREAD) $(BIN)/python -m pytest -q -m 'book or browser' tests/test_classroom.py tests/test_jupyterlab.py

clean:
	rm -rf _build
