# Two commands for a new user: `make book` and `make test`.
# Each creates the virtual environment (.venv) and installs requirements.txt the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# nbgrader, installed into .venv for the classroom test (defined here: `test` names it)
NBGRADER := $(VENV)/.nbgrader
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM   # the browser test and _ext/book_pdf.py read it
# The notebooks' matrices are small: BLAS threads cost more than they give on 2 cores.
# (Their outputs do not depend on it; the benchmarks use the default threads.)
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: fuzz book test test-stages pdf-stage run-book run-pdf run-student run-classroom run-jupyterlab lint test-unit test-notebooks test-book test-student test-pdf test-classroom browser axe pdf serve execute student student-book assignments clean venv

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

## make test: formatting and lint, package tests, nbval over every chapter, the PDF, the book
## build, the browser test (with axe-core), the student edition, the classroom materials
## (nbgrader, JupyterLab). The stages run two at a time (two cores), each one's output shown
## whole when it ends; the HTML book is built once, by `make pdf`, and read by every stage.
test: $(STAMP) browser axe $(NBGRADER)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-stages

# The stages of `make test`, the longest chain first (the single-page build, its print, the
# HTML book, then the browser test). The builds write separate folders: _build/html with
# _build/.doctrees (pdf, which also builds _build/singlehtml), _build/student (student-book),
# _build/nbgrader (assignments). Each run-* stage is the test-* target of the same name
# without its build prerequisites (pdf-stage builds the PDF and the HTML book).
test-stages: run-book run-classroom run-pdf run-jupyterlab test-notebooks test-unit run-student lint
run-book: pdf-stage
	$(BIN)/python -m pytest -q -m browser tests/test_browser.py
run-pdf: pdf-stage
	$(BIN)/python -m pytest -q -m book tests/test_pdf.py
run-student: student-book
	$(BIN)/python -m pytest -q -m book tests/test_student_edition.py
run-classroom: pdf-stage assignments student-book
	$(ONE_THREAD) $(BIN)/python -m pytest -q -m 'book or browser' tests/test_classroom.py
run-jupyterlab:
	$(ONE_THREAD) $(BIN)/python -m pytest -q -m browser tests/test_jupyterlab.py

## make lint: ruff format --check and ruff check over the Python of the repository
LINTED := dnn tests _ext benchmarks data
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED) chapters
	$(BIN)/ruff check $(LINTED)

# Tests marked browser (Chromium) or book (they read the built book) run in test-book and
# test-student, after the build; slow ones only with `pytest -m slow`.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests

# nbval re-executes the notebooks with other kernels than the ones that stored their outputs
# (`make execute` uses the machine's own): on x86-64, OpenBLAS's Haswell kernel and NumPy's loops
# without AVX-512 (NumPy 2.4 dispatches them as X86_V4, AVX512_ICL, AVX512_SPR). An output that depends on the CPU (digits of rounding noise) fails here, not
# on a reader's laptop.
OTHER_KERNELS := $(if $(filter x86_64,$(shell uname -m)),OPENBLAS_CORETYPE=Haswell NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR")
test-notebooks: $(STAMP)
	$(if $(NOTEBOOKS),$(ONE_THREAD) $(OTHER_KERNELS) $(BIN)/python -m pytest -q --nbval $(NOTEBOOKS) --nbval-sanitize-with nbval_sanitize.cfg,@echo "no notebooks yet")

test-book: book browser axe
	$(BIN)/python -m pytest -q -m browser tests/test_browser.py

## make pdf: the whole book as one PDF, _build/pdf/backprop-from-scratch.pdf: the single-page
## build printed by Chromium once MathJax has typeset it; then the HTML book, which links it
PDF := _build/pdf/backprop-from-scratch.pdf
define BUILD_PDF
	$(BIN)/jupyter-book build . --builder custom --custom-builder singlehtml -W -n --keep-going
	$(BIN)/python _ext/book_pdf.py _build/singlehtml $(PDF) --chromium $(CHROMIUM)
	$(BIN)/jupyter-book build . -W -n --keep-going
endef
pdf: $(STAMP) browser
	$(BUILD_PDF)
# the same inside `make test`, which has checked for Chromium before: with no prerequisite
# left to run, make -j2 starts it first (it heads the longest chain)
pdf-stage:
	$(BUILD_PDF)

test-pdf: pdf
	$(BIN)/python -m pytest -q -m book tests/test_pdf.py

# axe-core (accessibility rules) for the browser test, from npm at the version package-lock.json pins.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	  else echo "The browser test needs npm (Node.js) for axe-core: sudo apt-get install npm"; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## make serve: serve the built book on http://127.0.0.1:8000 (search and its excerpts need http)
PORT ?= 8000
serve:
	@test -f _build/html/index.html || { echo "No book yet: run make book first"; exit 1; }
	@echo "The book is at http://127.0.0.1:$(PORT)/ (Ctrl+C stops the server)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

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
	  --ClearMetadataPreprocessor.preserve_cell_metadata_mask='["tags", "mystnb", "jupyter"]' \
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
	cp -r _config.yml _toc.yml _ext _static _templates images dnn $(wildcard references.bib) $(STUDENT_SRC)/
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
$(NBGRADER): $(STAMP)
	$(BIN)/python -m pip install -q nbgrader==0.9.6
	touch $@

## make test-classroom: real nbgrader generates, autogrades and gives feedback on the
## assignments; the student materials hold no solution; JupyterLab shows the book's numbers
test-classroom: book assignments student-book browser $(NBGRADER)
	$(ONE_THREAD) $(BIN)/python -m pytest -q -m 'book or browser' tests/test_classroom.py tests/test_jupyterlab.py

clean:
	rm -rf _build
