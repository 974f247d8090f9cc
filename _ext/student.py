"""Student copies of the chapter notebooks: every solution removed, stubs where code is asked for.

Command line (`make student` runs it):

    python _ext/student.py chapters/*.ipynb --out student/

In each notebook:
- every gated solution (from a ```{solution-start} fence to the fence closing
  {solution-end}) is removed, text and code alike, except the code cells that hold
  nbgrader markers: in those, each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region
  becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the same indentation,
  as nbgrader's ClearSolutions writes it;
- a markdown region between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  becomes ``YOUR ANSWER HERE``;
- outputs and execution counts are cleared (``--keep-outputs`` keeps those of the cells
  that are neither stubs nor exercise checks: the student edition of the HTML book
  shows the chapters' figures; an exercise's check cell, one that calls
  ``dnn.checks.check_...`` or is tagged ``exercise-check``, loses its verdict), and only
  the ``tags`` of each cell and the notebook's
  kernelspec and language_info are kept, so no solution survives in metadata or
  attachments.
Unbalanced markers raise an error naming the notebook and the cell.
Then (_ext/classroom.py) a cell that shows the source of a function an exercise asks for is
replaced by a note naming that exercise, and, unless the copy is for the student edition of
the HTML book (``--for-book``), the references and numbers are rewritten for JupyterLab, which
sees one notebook at a time: the book's "Exercise 6.1" and "(6.3)", other chapters by name.
The zip of the student notebooks holds a README that says how to install what they need.

As a Sphinx extension (listed in _config.yml), it writes the student notebooks of every
chapter into the built book's ``student/`` folder, with a zip of them all, so the HTML
book offers them for download.
"""

import argparse
import re
import sys
import zipfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import classroom  # noqa: E402

CODE_BEGIN = re.compile(r"^(\s*)###\s*BEGIN SOLUTION\s*$")
CODE_END = re.compile(r"^\s*###\s*END SOLUTION\s*$")
MD_BEGIN = re.compile(r"^\s*<!--\s*BEGIN SOLUTION\s*-->\s*$")
MD_END = re.compile(r"^\s*<!--\s*END SOLUTION\s*-->\s*$")
SOLUTION_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}")
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}")
CHECK_CELL = re.compile(r"\bdnn\.checks\.check_\w+\(")


class MarkerError(ValueError):
    pass


def _replace_regions(lines, begin, end, stub, where):
    out, inside = [], False
    for line in lines:
        if begin.match(line):
            if inside:
                raise MarkerError(f"{where}: BEGIN SOLUTION inside another solution region")
            inside = True
            indent = begin.match(line).group(1) if begin.groups else ""
            out.extend(indent + s for s in stub)
        elif end.match(line):
            if not inside:
                raise MarkerError(f"{where}: END SOLUTION without a BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkerError(f"{where}: BEGIN SOLUTION is never closed by END SOLUTION")
    return out


def _strip_gated(text, state, where):
    """Drop the lines of gated solutions from a markdown cell; `state` carries across cells."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        fence = SOLUTION_START.match(line) or SOLUTION_END.match(line)
        if SOLUTION_START.match(line):
            if state["inside"]:
                raise MarkerError(f"{where}: solution-start inside another solution")
            state["inside"] = True
        if fence:
            closing = fence.group(1)
            i += 1  # skip the directive's options and its closing fence
            while i < len(lines) and lines[i].strip() != closing:
                i += 1
            if SOLUTION_END.match(line):
                if not state["inside"]:
                    raise MarkerError(f"{where}: solution-end without solution-start")
                state["inside"] = False
        elif not state["inside"]:
            out.append(line)
        i += 1
    return "\n".join(out).strip("\n")


def student_notebook(nb, keep_outputs=False, name="notebook"):
    """Return a student copy of the notebook `nb` (nbformat v4); `nb` is not modified."""
    cells, state = [], {"inside": False}
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        source = cell.source
        if cell.cell_type == "code":
            marked = any(CODE_BEGIN.match(line) for line in source.split("\n"))
            if state["inside"] and not marked:
                continue  # solution code without markers: nothing of it goes to students
            lines = _replace_regions(
                source.split("\n"),
                CODE_BEGIN,
                CODE_END,
                ["# YOUR CODE HERE", "raise NotImplementedError()"],
                where,
            )
            new = nbformat.v4.new_code_cell("\n".join(lines))
            is_check = CHECK_CELL.search(source) or "exercise-check" in cell.metadata.get(
                "tags", []
            )
            if keep_outputs and not marked and not is_check:
                new.outputs, new.execution_count = cell.outputs, cell.execution_count
        else:
            text = _strip_gated(source, state, where)
            if cell.cell_type == "markdown":
                text = "\n".join(
                    _replace_regions(
                        text.split("\n"), MD_BEGIN, MD_END, ["YOUR ANSWER HERE"], where
                    )
                )
            if not text.strip():
                continue
            new = (
                nbformat.v4.new_markdown_cell(text)
                if cell.cell_type == "markdown"
                else nbformat.v4.new_raw_cell(text)
            )
        if "tags" in cell.metadata:
            new.metadata["tags"] = list(cell.metadata["tags"])
        if "mystnb" in cell.metadata:  # a figure's alt text and caption (no solution in them)
            new.metadata["mystnb"] = cell.metadata["mystnb"]
        cells.append(new)
    if state["inside"]:
        raise MarkerError(f"{name}: a solution-start is never closed by solution-end")
    student = nbformat.v4.new_notebook(cells=cells)
    student.metadata = {
        k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata
    }
    for i, cell in enumerate(student.cells):  # stable ids, unrelated to the solution notebook's
        cell["id"] = f"cell-{i}"
    nbformat.validate(student)
    return student


def student_copy(path, keep_outputs=False, for_book=False, chapters_dir=None):
    """The student notebook of the chapter at `path`: solutions out, exercised sources hidden,
    and (unless `for_book`) references and numbers as the book shows them, for JupyterLab."""
    path = Path(path)
    chapters_dir = Path(chapters_dir or path.parent)
    nb = student_notebook(nbformat.read(path, as_version=4), keep_outputs, path.name)
    nb = classroom.hide_exercised_source(nb, chapters_dir)
    if not for_book:
        nb = classroom.for_jupyterlab(nb, path.stem, chapters_dir)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.validate(nb)
    return nb


def write_student_notebooks(paths, out_dir, keep_outputs=False, for_book=False):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in map(Path, paths):
        target = out_dir / path.name
        nbformat.write(student_copy(path, keep_outputs, for_book), target)
        written.append(target)
    return written


README = """# Backprop from Scratch: the student notebooks

One notebook per chapter, with the exercises and without their solutions. Each implement
exercise ends with a check cell that tells you, in words, whether your function is right.

## Install

The notebooks import the package `dnn` that comes with the book. Its distribution name is
`backprop-from-scratch` (the `dnn` on PyPI is an unrelated project: do not `pip install dnn`).
From a copy of the book's repository, in a fresh virtual environment (Python 3.11 or newer):

    python -m venv .venv
    . .venv/bin/activate             # Windows: .venv\\Scripts\\activate
    pip install -r requirements.txt  # everything: dnn itself, NumPy, JupyterLab, jupyterlab-myst

or, for the package and its own dependencies only, `pip install .` in the repository.
Then start JupyterLab in this folder (`jupyter lab`) and open a chapter. jupyterlab-myst
(in requirements.txt) renders the book's MyST: equations, exercises and references.

In class, your instructor may hand out the same chapters as nbgrader assignments instead.
"""


def write_zip(written, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("student-notebooks/README.md", README)
        for path in written:
            z.write(path, f"student-notebooks/{path.name}")


# --- as a Sphinx extension: student notebooks offered for download by the built book ---


def _build_finished(app, exc):
    if exc is not None or app.builder.format != "html":
        return
    chapters = sorted(Path(app.srcdir, "chapters").glob("*.ipynb"))
    out = Path(app.outdir) / "student"
    written = write_student_notebooks(chapters, out)
    (out / "README.md").write_text(README)
    write_zip(written, out / "student-notebooks.zip")


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write student copies of chapter notebooks.")
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("student"), help="output folder")
    parser.add_argument(
        "--keep-outputs",
        action="store_true",
        help="keep the outputs of the chapters' own cells (for the student HTML book)",
    )
    parser.add_argument(
        "--for-book",
        action="store_true",
        help="keep the MyST references for Sphinx (the student edition's source)",
    )
    args = parser.parse_args(argv)
    try:
        for path in write_student_notebooks(
            args.notebooks, args.out, args.keep_outputs, args.for_book
        ):
            print(path)
    except MarkerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
