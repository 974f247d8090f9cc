"""Student copies of the chapter notebooks (_ext/student.py): valid, runnable, and without
any of the solutions."""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import student  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
EXERCISE_CHAPTERS = [p for p in CHAPTERS if "BEGIN SOLUTION" in p.read_text()]


def _solution_parts(nb):
    """Split a solution notebook's text into (inside solutions, everything else)."""
    inside, outside, state = [], [], False
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type == "markdown" and "{solution-start}" in text:
            state = True
        in_region = state or "BEGIN SOLUTION" in text
        if cell.cell_type == "code" and "BEGIN SOLUTION" in text:
            region = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S)
            inside.extend(region)
            outside.append(re.sub(r"### BEGIN SOLUTION\n.*?### END SOLUTION", "", text, flags=re.S))
        else:
            (inside if in_region else outside).append(text)
        for output in cell.get("outputs", []):
            (inside if in_region else outside).append(json.dumps(output))
        if cell.cell_type == "markdown" and "{solution-end}" in text:
            state = False
    return "\n".join(inside), "\n".join(outside)


def solution_lines(nb, min_length=30):
    """Lines of the solutions that appear nowhere else in the chapter nor in dnn's source:
    if one of them turns up in a student file, a solution leaked."""
    inside, outside = _solution_parts(nb)
    elsewhere = outside + "".join(p.read_text() for p in (ROOT / "dnn").glob("*.py"))
    lines = {line.strip() for line in inside.split("\n")}
    return sorted(
        line
        for line in lines
        if len(line) >= min_length and line not in elsewhere and "{solution" not in line
    )


@pytest.mark.parametrize("path", EXERCISE_CHAPTERS, ids=lambda p: p.stem)
def test_student_copy_is_valid_and_has_no_solution(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    (target,) = student.write_student_notebooks([path], tmp_path)
    text = target.read_text()
    copy = nbformat.read(target, as_version=4)
    nbformat.validate(copy)
    secrets = solution_lines(nb)
    assert len(secrets) >= 3, f"{path.name}: too few distinctive solution lines to test with"
    leaked = [line for line in secrets if line in text]
    assert not leaked, f"{path.name}: solution text in the student copy: {leaked[:3]}"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "{solution-start}", "{solution-end}"):
        assert marker not in text
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in copy.cells
        if c.cell_type == "code"
    )
    assert all(
        set(c.metadata) <= {"tags", "mystnb"} and "attachments" not in c for c in copy.cells
    )  # mystnb: a figure's alt text and caption
    assert set(copy.metadata) <= {"kernelspec", "language_info"}
    stubs = sum(c.source.count("raise NotImplementedError()") for c in copy.cells)
    assert stubs == nb_regions(nb)
    # the exercises themselves are still there for the student
    assert text.count("{exercise-start}") == nb_text(nb).count("{exercise-start}") >= 3


def nb_regions(nb):
    return sum(c.source.count("### BEGIN SOLUTION") for c in nb.cells if c.cell_type == "code")


def nb_text(nb):
    return "\n".join(c.source for c in nb.cells)


def test_unbalanced_markers_are_an_error():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\ny = 2")]
    )
    with pytest.raises(student.MarkerError, match="never closed"):
        student.student_notebook(nb, name="t.ipynb")
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{solution-start} ex-a\n:class: dropdown\n```\nsecret")
    ]
    with pytest.raises(student.MarkerError, match="solution-start"):
        student.student_notebook(nb, name="t.ipynb")


def test_stub_keeps_indentation_and_code_around_it():
    source = (
        'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return 2 * x\n'
        "    ### END SOLUTION\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    out = student.student_notebook(nb).cells[0].source
    assert (
        out == 'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
    )


def test_student_notebook_runs_to_the_first_exercise(tmp_path):
    from nbclient import NotebookClient

    path = next(p for p in EXERCISE_CHAPTERS if "05_" in p.name)
    (target,) = student.write_student_notebooks([path], tmp_path)
    nb = nbformat.read(target, as_version=4)
    NotebookClient(
        nb,
        timeout=120,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    first_exercise = next(i for i, c in enumerate(nb.cells) if "{exercise-start}" in c.source)
    errors = [
        (i, o)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    # every cell before the first exercise runs cleanly
    assert all(i > first_exercise for i, _ in errors), errors
    # the first check tells the student, kindly, that there is nothing to check yet
    check = next(c for c in nb.cells[first_exercise:] if "dnn.checks.check_" in c.source)
    printed = "".join(o.get("text", "") for o in check.outputs)
    assert "not implemented yet" in printed and not any(
        o.output_type == "error" for o in check.outputs
    )
    # the only errors anywhere are the stubs' own NotImplementedError
    for i, output in errors:
        assert output.ename == "NotImplementedError", (i, output.ename, output.evalue)
        assert "raise NotImplementedError()" in nb.cells[i].source


def test_student_copies_carry_the_books_numbers_and_names(tmp_path):
    """JupyterLab sees one notebook: no MyST role is left to resolve, every exercise and
    labelled equation carries the book's number, other chapters are named and linked."""
    import classroom

    _, labels = classroom.index_chapters()
    for target in student.write_student_notebooks(EXERCISE_CHAPTERS, tmp_path):
        nb = nbformat.read(target, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert not re.findall(r"\{(?:eq|ref|numref|doc)\}`", text), target.name
        mine = {k: v for k, v in labels.items() if v["stem"] == target.stem}
        for label, info in mine.items():
            if info["kind"] == "exercise":
                assert f":label: {label}\n:enumerator: {info['number']}\n" in text
        assert "](0" in text or target.stem == "02_forward"  # a link to another chapter
    nb = nbformat.read(ROOT / "chapters" / "06_backprop.ipynb", as_version=4)
    lab = classroom.for_jupyterlab(nb, "06_backprop", book_url="https://example.org/book/")
    text = "\n".join(c.source for c in lab.cells)
    assert (
        "(2.2) in [Chapter 2, *Forward propagation, a recap*]"
        "(https://example.org/book/chapters/02_forward.html#equation-eq-linear-forward)" in text
    )
