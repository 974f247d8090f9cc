"""The classroom materials, with real nbgrader 0.9.6 (`make test-classroom` installs it):
`make assignments` writes sources that nbgrader accepts, releases that hold no solution, and
tests that grade right; the student notebooks, the student edition and the release never
show the source of a function an exercise asks for; the book's numbers are the ones the
notebooks carry."""

import html
import inspect
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
from test_student import EXERCISE_CHAPTERS, solution_lines

import dnn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import classroom  # noqa: E402
import student  # noqa: E402

pytestmark = pytest.mark.book  # reads _build: make test-classroom builds what it needs
SOURCE = ROOT / "_build" / "nbgrader"
HTML = ROOT / "_build" / "html"
EDITION = ROOT / "_build" / "student" / "_build" / "html"
BIN = Path(sys.executable).parent
STEMS = [p.stem for p in EXERCISE_CHAPTERS]

# One wrong function per chosen chapter: (region of the answer key to replace, wrong code,
# the function the check runs, the grade_id that must lose its points, how to check it here).
WRONG = {
    "03_cost": (
        "def cost(",
        """\
    Y = Y.astype(AL.dtype)
    with np.errstate(divide="ignore"):
        logs = Y * np.maximum(np.log(AL), -100.0) + (1 - Y) * np.maximum(np.log1p(-AL), -100.0)
    J = -np.sum(logs)  # the planted mistake: no / m
    if lambd > 0:
        L = len(parameters) // 2
        J = J + lambd / (2 * AL.shape[1]) * sum(
            np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L + 1))
    return float(J)
""",
        "check_cost",
    ),
    "04_backward_activations": (
        "def relu_backward(",
        "    return dA * (cache.Z >= 0)\n",
        "check_relu_backward",
    ),
    "09_training": (
        "def confusion_table(",
        "    Y_hat = model.predict(X)\n    C = np.zeros((2, 2),"
        " dtype=np.int64)\n    for j in (0, 1):\n        for k in (0, 1):\n"
        "            C[k, j] = np.count_nonzero((Y == j) & (Y_hat == k))\n"
        "    return C\n",
        None,
    ),
}


def nbgrader(*args, cwd):
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    return subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def with_wrong_function(nb, start, body):
    """The answer key with the solution region of the function `start` replaced by `body`."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and start in cell.source:
            head, rest = cell.source.split(start, 1)
            region = re.compile(r"(    ### BEGIN SOLUTION\n).*?(    ### END SOLUTION)", re.S)
            fn, n = region.subn(lambda m: m.group(1) + body + m.group(2), rest, count=1)
            assert n == 1
            cell.source = head + start + fn
            return nb
    raise AssertionError(f"no cell defines {start}")


# Two course folders, graded side by side (two cores): chapter 9's training takes about as long
# to run as all the other chapters together. Each folder's nbgrader commands take every
# assignment in it at once ("*"), one process each instead of one per chapter.
HEAVY = {"09_training"}
GROUPS = [g for g in ([s for s in STEMS if s in HEAVY], [s for s in STEMS if s not in HEAVY]) if g]


def grade_group(root, stems):
    """Generate, submit (for each chapter: the key, the untouched release, one wrong function),
    autograde and give feedback for the chapters `stems`, in one course folder (one gradebook).
    Returns {stem: {step: the nbgrader run that did the step for that chapter}}."""
    generated = nbgrader("generate_assignment", "*", cwd=root)
    result = {stem: {"generated": generated} for stem in stems}
    submitted = []
    for stem in stems:
        release = root / "release" / stem / f"{stem}.ipynb"
        if not release.exists():
            continue
        key = nbformat.read(root / "source" / stem / f"{stem}.ipynb", as_version=4)
        submissions = {"key": key, "blank": nbformat.read(release, as_version=4)}
        if stem in WRONG:
            start, body, _ = WRONG[stem]
            submissions["wrong"] = with_wrong_function(key, start, body)
        for who, nb in submissions.items():
            (root / "submitted" / who / stem).mkdir(parents=True)
            nbformat.write(nb, root / "submitted" / who / stem / f"{stem}.ipynb")
        submitted.append(stem)
    if not submitted:
        return result
    graded = nbgrader("autograde", "*", "--create", cwd=root)
    for stem in submitted:
        result[stem]["graded"] = graded
    if WRONG.keys() & set(submitted):
        feedback = nbgrader("generate_feedback", "*", "--student", "wrong", cwd=root)
        for stem in WRONG.keys() & set(submitted):
            result[stem]["feedback"] = feedback
    return result


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    if not (SOURCE / "source").is_dir():
        pytest.fail(f"no nbgrader source at {SOURCE}: run `make assignments` first")
    if not (BIN / "nbgrader").exists():
        pytest.fail("nbgrader is not installed: run `make test-classroom`")
    top = tmp_path_factory.mktemp("courses")
    roots, folders = {}, []
    for n, stems in enumerate(GROUPS):
        folder = top / f"course{n}"
        for stem in stems:
            roots[stem] = folder
            shutil.copytree(SOURCE / "source" / stem, folder / "source" / stem)
        shutil.copy(SOURCE / "nbgrader_config.py", folder)
        folders.append((folder, stems))
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = {}
        for part in pool.map(lambda group: grade_group(*group), folders):
            done.update(part)
    return {
        "roots": roots,
        **{k: {s: done[s].get(k) for s in STEMS} for k in ("generated", "graded", "feedback")},
    }


def grades(root, stem, student_id):
    """{grade_id: (auto_score, max_score)} of the autograded cells, as nbgrader stored them."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(stem, stem, student_id)
        return {
            g.name: (g.auto_score, g.max_score) for g in notebook.grades if g.cell_type == "code"
        }


@pytest.mark.parametrize("stem", STEMS)
def test_generate_assignment_accepts_every_chapter(course, stem):
    result = course["generated"][stem]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Solution region detected" not in result.stdout + result.stderr


@pytest.mark.parametrize("stem", STEMS)
def test_release_holds_no_solution_nor_written_answer(course, stem):
    release = course["roots"][stem] / "release" / stem / f"{stem}.ipynb"
    text = release.read_text()
    chapter = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
    secrets = solution_lines(chapter)
    assert len(secrets) >= 3
    leaked = [line for line in secrets if line in text]
    assert not leaked, f"{stem}: solution lines in the release: {leaked[:3]}"
    rubric = classroom.rubric()
    for label, spec in rubric.items():
        for item in spec.get("rubric", []):
            assert item not in text, f"{stem}: the rubric of {label} is in the release"
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "{solution-start}",
        "{solution-end}",
        "Answer key",
        "Worked solution",
    ):
        assert marker not in text, f"{stem}: {marker!r} in the release"
    nb = nbformat.read(release, as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    tests = [m for m in meta if m.get("grade") and not m.get("solution")]
    answers = [m for m in meta if m.get("grade") and m.get("solution")]
    assert tests and all(m["points"] > 0 and m["locked"] for m in tests)
    n_written = sum(
        1
        for lab, info in classroom.index_chapters()[1].items()
        if info["stem"] == stem and info.get("task") in ("derive", "explore")
    )
    assert len(answers) == n_written >= 2
    assert all(m["points"] > 0 for m in answers)


@pytest.mark.parametrize("stem", STEMS)
def test_autograde_key_full_release_zero(course, stem):
    result = course["graded"][stem]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    key, blank = (
        grades(course["roots"][stem], stem, "key"),
        grades(course["roots"][stem], stem, "blank"),
    )
    assert key and all(score == top > 0 for score, top in key.values()), key
    assert set(blank) == set(key) and all(score == 0 for score, _ in blank.values()), blank


@pytest.mark.parametrize("stem", sorted(WRONG))
def test_one_wrong_function_loses_exactly_its_test(course, stem):
    start, body, check = WRONG[stem]
    name = start[4:-1]
    got, key = (
        grades(course["roots"][stem], stem, "wrong"),
        grades(course["roots"][stem], stem, "key"),
    )
    lost = {gid for gid, (score, top) in got.items() if score != top}
    assert lost == {gid for gid in key if gid.endswith(f"-test-{name}")}, got
    assert all(got[gid][0] == 0 for gid in lost)
    # the verdict is in the feedback: the one the check prints for that function, run here
    assert course["feedback"][stem].returncode == 0, course["feedback"][stem].stderr[-2000:]
    page = course["roots"][stem] / "feedback" / "wrong" / stem / f"{stem}.html"
    shown = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    if check is None:  # chapter 9's hand-written check
        verdict = "FAIL: transposed"
    else:
        namespace = {"np": __import__("numpy"), "dnn": dnn}
        src = (
            f"import numpy as np\nimport dnn\n{start}"
            + {"cost": "AL, Y, parameters=None, lambd=0.0):\n", "relu_backward": "dA, cache):\n"}[
                name
            ]
            + body
        )
        exec(src, namespace)
        out = io.StringIO()
        with redirect_stdout(out):
            getattr(dnn.checks, check)(namespace[name])
        verdict = out.getvalue().strip().splitlines()[0]
        assert verdict.startswith("✗")
    assert verdict in shown, f"{stem}: the feedback does not show {verdict!r}"


def test_validate_shows_the_verdict(course, tmp_path):
    stem = "03_cost"
    wrong = course["roots"][stem] / "submitted" / "wrong" / stem / f"{stem}.ipynb"
    result = nbgrader("validate", str(wrong), cwd=course["roots"][stem])
    assert "Success! Your notebook passes all the tests." not in result.stdout
    assert "AssertionError" in result.stdout and "cost" in result.stdout
    assert "m times too large" in result.stdout or "✗ cost" in result.stdout, result.stdout[-2000:]


# ------------------------------------------------------------------ answers not given away


# Lines that every chapter's own code writes, not answers: (line, why it is allowed).
GENERIC = {
    "for l in range(1, L + 1))": "the loop over the layers, in many of the chapters' cells",
    "Y = Y.astype(AL.dtype)": "the cast the chapters' own experiments make",
    "for l in range(1, L + 1):": "the loop over the layers, in many of the chapters' cells",
    "return A, caches": "forward's return, which Exercise 2.1 itself states",
    "m = A_prev.shape[1]": "the number of examples, read this way by the book's own code",
}


def exercised_source_lines(min_length=16):
    """{name: lines} of dnn's own implementation of every function an exercise asks for, as
    dnn/ holds them now: the code lines, not the signature, docstring or comments."""
    found = {}
    for name in classroom.exercised_functions():
        fn = getattr(dnn, name, None)
        if fn is None:  # chapter 9's confusion_table is not part of dnn
            continue
        doc = inspect.getdoc(fn) or ""
        lines = set()
        for line in inspect.getsource(fn).split("\n")[1:]:
            code = line.split("#")[0].strip()
            if len(code) >= min_length and code not in doc and not code.startswith('"""'):
                lines.add(code)
        found[name] = lines - set(GENERIC)
    assert {"cost", "linear_backward", "backward", "forward"} <= set(found)
    assert all(found.values()), found
    return found


def _plain(text):
    """Visible text of HTML, whitespace collapsed and Sphinx's smart quotes undone."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.translate(str.maketrans("‘’“”", "''\"\"")).split())


def _notebook_text(path):
    """A notebook's sources and outputs as one text (then matched with whitespace collapsed,
    so a code line that the prose wraps still counts)."""
    nb = nbformat.read(path, as_version=4)
    parts = [c.source for c in nb.cells]
    parts += [
        str(o.get("text", "")) + str(o.get("data", {}).get("text/markdown", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    ]
    return "\n".join(parts)


def _flat(text):
    return " ".join(text.replace("`", " ").split())


def _leaks(texts):
    lines = exercised_source_lines()
    flat = {where: _flat(text) for where, text in texts.items()}
    return sorted(
        {
            (name, line, where)
            for name, group in lines.items()
            for line in group
            for where, text in flat.items()
            if _flat(line) in text
        }
    )


def test_the_full_chapters_do_show_the_sources():
    """The search can fail: the chapters with solutions show dnn's code."""
    texts = {p.name: _notebook_text(p) for p in EXERCISE_CHAPTERS}
    leaked = {name for name, _, _ in _leaks(texts)}
    assert {"cost", "linear_backward", "backward", "update_parameters"} <= leaked


def test_student_notebooks_show_no_exercised_source(tmp_path):
    written = student.write_student_notebooks(EXERCISE_CHAPTERS, tmp_path)
    texts = {p.name: _notebook_text(p) for p in written}
    assert not _leaks(texts), _leaks(texts)[:5]
    names = "|".join(exercised_source_lines())
    shows = re.compile(rf"(?:show_source|getsource)\(dnn\.(?:\w+\.)?(?:{names})\b")
    assert not [name for name, text in texts.items() if shows.search(text)]
    notes = sum(t.count("asks you to write it") for t in texts.values())
    assert notes >= 8


def test_student_edition_shows_no_exercised_source():
    if not (EDITION / "index.html").exists():
        pytest.fail(f"no student edition at {EDITION}: run `make student-book` first")
    texts = {
        str(p.relative_to(EDITION)): _plain(p.read_text(errors="ignore"))
        for p in EDITION.rglob("*")
        if p.is_file() and p.suffix in {".html", ".ipynb", ".js", ".txt", ".md"}
    }
    assert len(texts) > 10
    assert not _leaks(texts), _leaks(texts)[:5]


def test_release_shows_no_exercised_source(course):
    texts = {
        p.name: _notebook_text(p)
        for root in set(course["roots"].values())
        for p in (root / "release").rglob("*.ipynb")
    }
    assert len(texts) == len(STEMS)
    assert not _leaks(texts), _leaks(texts)[:5]


# ------------------------------------------------------------------ in the book


def test_check_cells_show_the_verdict_only():
    for path in EXERCISE_CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or "dnn.checks.check_" not in cell.source:
                continue
            assert len(re.findall(r"dnn\.checks\.check_\w+\(", cell.source)) == 1, cell.source
            assert not [o for o in cell.outputs if o.output_type == "execute_result"], (
                f"{path.name}: {cell.source!r} shows a value under its verdict"
            )
            printed = "".join(o.get("text", "") for o in cell.outputs)
            assert printed.startswith("✓"), (path.name, printed)


def test_written_exercises_have_an_answer_cell():
    for path in EXERCISE_CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        labels = classroom.index_chapters()[1]
        for ex in classroom.exercises(nb):
            if labels[ex["label"]]["task"] in ("derive", "explore"):
                assert ex["answers"], f"{path.name}: {ex['label']} has no answer cell"
                assert "Your answer here" in nb.cells[ex["answers"][0]].source


def _book_page(stem):
    page = HTML / "chapters" / f"{stem}.html"
    if not page.exists():
        pytest.fail(f"no book at {HTML}: run `make book` first")
    return page.read_text()


@pytest.mark.parametrize("stem", STEMS)
def test_book_numbers_are_the_notebooks_numbers(stem):
    """The numbers the student notebooks carry (classroom.index_chapters) are the book's."""
    page = _book_page(stem)
    _, labels = classroom.index_chapters()
    mine = {lab: info for lab, info in labels.items() if info["stem"] == stem}
    for label, info in mine.items():
        if info["kind"] == "eq":
            found = re.search(
                rf'id="equation-{label.lower()}".{{0,4000}}?class="eqno">\(([\d.]+)\)', page, re.S
            )
            assert found and found.group(1) == info["number"], (label, info["number"])
        elif info["kind"] == "exercise":
            found = re.search(rf'id="{label}".{{0,600}}?Exercise ([\d.]+)', page, re.S)
            assert found and found.group(1) == info["number"], (label, info["number"])
    n = classroom.chapter_number(stem)
    assert f'<span class="section-number">{n}. </span>' in page


@pytest.mark.parametrize("stem", STEMS)
def test_book_hides_the_nbgrader_markers_and_offers_the_student_notebook(stem):
    page = _book_page(stem)
    assert "BEGIN SOLUTION" not in page and "END SOLUTION" not in page
    assert ".ipynb (with solutions)" in page
    assert f'href="../student/{stem}.ipynb"' in page and ".ipynb (student, no solutions)" in page
    assert (HTML / "student" / f"{stem}.ipynb").exists()


def test_zip_says_how_to_install():
    with zipfile.ZipFile(HTML / "student" / "student-notebooks.zip") as z:
        names = z.namelist()
        readme = z.read("student-notebooks/README.md").decode()
    assert {f"student-notebooks/{p.name}" for p in EXERCISE_CHAPTERS} <= set(names)
    assert "backprop-from-scratch" in readme and "pip install -r requirements.txt" in readme
    assert "pip install ." in readme and "do not `pip install dnn`" in readme
    pyproject = (ROOT / "pyproject.toml").read_text()
    if 'name = "backprop-from-scratch"' not in pyproject:
        pytest.xfail("pyproject.toml does not name the distribution backprop-from-scratch yet")


def test_student_edition_has_no_rubric():
    if not (EDITION / "index.html").exists():
        pytest.fail(f"no student edition at {EDITION}: run `make student-book` first")
    assert not (EDITION / "chapters" / "instructor_guide.html").exists()
    text = "".join(_plain(p.read_text(errors="ignore")) for p in EDITION.rglob("*.html"))
    items = [item for spec in classroom.rubric().values() for item in spec.get("rubric", [])]
    assert len(items) == 8 * 4 + 9 * 3 and not [item for item in items if item in text]


def test_guide_is_in_the_book_with_its_rubric():
    page = _plain((HTML / "chapters" / "instructor_guide.html").read_text())
    assert "the full edition contains the solutions" in page and "_sources/" in page
    for label, spec in classroom.rubric().items():
        for item in spec.get("rubric", []):
            assert item in page, f"the guide does not show the rubric of {label}: {item}"
