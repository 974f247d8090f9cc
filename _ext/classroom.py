"""The classroom materials: what the chapters become for students and for nbgrader.

The chapters (`chapters/NN_name.ipynb`) are the single source. From them:

- `index_chapters` reads every chapter's number (its file name), title, labelled equations,
  exercises and section targets, in the order the book numbers them (Sphinx numbers labelled
  equations and exercises per chapter, see _ext/chapter_numbers.py);
- `for_jupyterlab` rewrites a student notebook for JupyterLab + jupyterlab-myst, which sees one
  notebook at a time: every `{eq}`, `{ref}` and `{doc}` becomes text with the book's number
  and, across chapters, the chapter's name and a link; each labelled display equation and each
  exercise carries its book number (`:enumerator: 6.3`, a {math} directive for equations);
- `hide_exercised_source` replaces a `show_source` cell of a function that an exercise asks
  for by a note naming that exercise;
- `assignment_notebook` writes the nbgrader source notebook of a chapter (`make assignments`):
  solution cells for the code, an autograded test cell per check (the check with
  `strict=True`, so a wrong function raises AssertionError with the verdict), a manually graded
  answer cell per derive and explore exercise whose content, the worked solution and the
  rubric, is the answer key; points and rubrics come from _ext/classroom.yml.

As a Sphinx extension (in _config.yml) it also: drops the nbgrader `### BEGIN/END SOLUTION`
lines from the code the HTML book shows, offers a chapter's student notebook in the page's
download menu next to the notebook with solutions, and renders the rubric table of the
instructor's guide (directive `classroom-rubric`).

Command line: `python _ext/classroom.py assignments chapters/*.ipynb --out _build/nbgrader`.
"""

import argparse
import copy
import re
import sys
from functools import cache
from pathlib import Path

import nbformat
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUBRIC_FILE = HERE / "classroom.yml"

CHAPTER_FILE = re.compile(r"^(\d+)_\w+$")
EQ_LABEL = re.compile(r"\$\$[ \t]*\(([\w-]+)\)")
TARGET = re.compile(r"^\(([\w-]+)\)=[ \t]*\n+(#+)[ \t]+(.+)$", re.M)
EX_START = re.compile(r"^(`{3,}|:{3,})\{exercise-start\}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)", re.M)
LABEL_OPT = re.compile(r"^:label:[ \t]*([\w-]+)", re.M)
# an exercise that is neither (chapter 8's "Find the bugs") is written and graded as an explore
KIND = re.compile(r"\*\*(Implement|Derive|Explore)\*\*")
ROLE = re.compile(r"\{(eq|ref|numref|doc)\}`([^`]*)`")
EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
SHOW_SOURCE = re.compile(r"(?:show_source|getsource)\(dnn\.([\w.]+)\)")
DEF = re.compile(r"^def (\w+)\(", re.M)
CHECK_CALL = re.compile(r"\bdnn\.checks\.(check_\w+)\((\w+)\)(?:\s*;)?")
SOLUTION_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.M)
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.M)


# ------------------------------------------------------------------ the book's numbers


def chapter_number(stem):
    match = CHAPTER_FILE.match(stem)
    return int(match.group(1)) if match else None


def _title(text):
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else None


@cache
def _index(chapters_dir):
    chapters_dir = Path(chapters_dir)
    chapters, labels = {}, {}
    for path in sorted(chapters_dir.glob("*.md")):
        chapters[path.stem] = {"number": None, "title": _title(path.read_text()), "ext": ".md"}
        for target, _, heading in TARGET.findall(path.read_text()):
            labels[target] = {"kind": "section", "stem": path.stem, "text": heading.strip()}
    for path in sorted(chapters_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        n = chapter_number(path.stem)
        chapters[path.stem] = {"number": n, "title": _title(text), "ext": ".ipynb"}
        for i, label in enumerate(EQ_LABEL.findall(text), 1):
            labels[label] = {"kind": "eq", "stem": path.stem, "number": f"{n}.{i}"}
        for i, match in enumerate(EX_START.finditer(text), 1):
            label = LABEL_OPT.search(match.group(2)).group(1)
            body = text[match.end() : match.end() + 400]
            kind = KIND.search(body)
            labels[label] = {
                "kind": "exercise",
                "stem": path.stem,
                "number": f"{n}.{i}",
                "task": kind.group(1).lower() if kind else "explore",
            }
        for target, _, heading in TARGET.findall(text):
            labels[target] = {
                "kind": "section",
                "stem": path.stem,
                "text": re.sub(r"\s*\{[^}]*\}`[^`]*`", "", heading).strip(),
            }
    return chapters, labels


def index_chapters(chapters_dir=ROOT / "chapters"):
    """({stem: {number, title, ext}}, {label: {kind, stem, number | text, task}})."""
    return _index(str(Path(chapters_dir).resolve()))


def chapter_name(stem, chapters):
    info = chapters[stem]
    if info["number"] is None:
        return f"*{info['title']}*"
    return f"Chapter {info['number']}, *{info['title']}*"


def _link(stem, chapters, label=None, book_url=None):
    """Where a student notebook points for another chapter: the HTML book if its address is
    known, otherwise the sibling notebook (the student notebooks sit in one folder)."""
    info = chapters[stem]
    if book_url:
        anchor = f"#{label}" if label else ""
        return f"{book_url.rstrip('/')}/chapters/{stem}.html{anchor}"
    if info["ext"] == ".ipynb":
        return f"{stem}.ipynb"
    return None


def _ref_text(role, content, here, chapters, labels, book_url=None):
    explicit = EXPLICIT.match(content)
    text, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content)
    if role == "doc":
        stem = Path(target).name
        if stem not in chapters:
            return None
        name = text or chapter_name(stem, chapters)
        url = _link(stem, chapters, book_url=book_url)
        return f"[{name}]({url})" if url else name
    info = labels.get(target)
    if info is None:
        return None
    if info["kind"] == "eq":
        shown = text or f"({info['number']})"
    elif info["kind"] == "exercise":
        shown = text or f"Exercise {info['number']}"
    else:
        shown = text or info["text"]
    if info["stem"] == here:
        return f"[{shown}](#{target})" if info["kind"] != "eq" else shown
    anchor = f"equation-{target.lower()}" if info["kind"] == "eq" else target.lower()
    url = _link(info["stem"], chapters, anchor, book_url)
    where = chapter_name(info["stem"], chapters)
    return f"{shown} in [{where}]({url})" if url else f"{shown} in {where}"


# ------------------------------------------------------------------ JupyterLab copies


def published_url(config=ROOT / "_config.yml"):
    """The published book's address, `html: baseurl:` of _config.yml (None if unset): the
    student notebooks then link other chapters to its pages instead of the sibling notebooks."""
    try:
        return (yaml.safe_load(Path(config).read_text()).get("html") or {}).get("baseurl") or None
    except OSError:
        return None


def for_jupyterlab(nb, stem, chapters_dir=ROOT / "chapters", book_url=None):
    """Rewrite the markdown of a student notebook so JupyterLab shows the book's numbers and
    no unresolved reference: returns a new notebook."""
    chapters, labels = index_chapters(chapters_dir)
    book_url = book_url or published_url()
    nb = copy.deepcopy(nb)

    def role(match):
        text = _ref_text(match.group(1), match.group(2), stem, chapters, labels, book_url)
        return match.group(0) if text is None else text

    def equation(match):
        indent, body, label = match.group(1), match.group(2), match.group(3)
        info = labels.get(label)
        if info is None or info["stem"] != stem:
            return match.group(0)
        # a {math} directive with the book's number as its enumerator: jupyterlab-myst
        # shows "(6.3)" and every equation of the notebook keeps its label as a target
        lines = [line.strip() for line in body.strip().split("\n")]
        return "\n".join(
            indent + line
            for line in [
                "```{math}",
                f":label: {label}",
                f":enumerator: {info['number']}",
                *lines,
                "```",
            ]
        )

    def unnumbered(match):
        indent, body = match.group(1), match.group(2)
        lines = [line.strip() for line in body.strip().split("\n")]
        return "\n".join(
            indent + line for line in ["```{math}", ":enumerated: false", *lines, "```"]
        )

    def exercise(match):
        head, options = match.group(0), match.group(2)
        label = LABEL_OPT.search(options)
        info = labels.get(label.group(1)) if label else None
        if info is None or ":enumerator:" in options:
            return head
        return head + f":enumerator: {info['number']}\n"

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = ROLE.sub(role, cell.source)
        text = re.sub(
            r"^([ \t]*)\$\$((?:(?!\$\$).)*?)\$\$[ \t]*\(([\w-]+)\)",
            equation,
            text,
            flags=re.S | re.M,
        )
        # the book numbers labelled equations only; jupyterlab-myst would number every one
        text = re.sub(
            r"^([ \t]*)\$\$((?:(?!\$\$).)+?)\$\$[ \t]*$", unnumbered, text, flags=re.S | re.M
        )
        cell.source = EX_START.sub(exercise, text)
    return nb


def exercised_functions(chapters_dir=ROOT / "chapters"):
    """{function name: exercise label} for every function an implement exercise asks for."""
    chapters, labels = index_chapters(chapters_dir)
    found = {}
    for stem, info in chapters.items():
        if info["ext"] != ".ipynb":
            continue
        nb = nbformat.read(Path(chapters_dir) / f"{stem}.ipynb", as_version=4)
        for ex in exercises(nb):
            if labels[ex["label"]]["task"] == "implement":
                for i in ex["solution"]:
                    if nb.cells[i].cell_type == "code":
                        for name in DEF.findall(nb.cells[i].source):
                            found[name] = ex["label"]
    return found


def source_lines(name, min_length=16):
    """The code lines of dnn's own `name` (not its signature, docstring or comments)."""
    import inspect

    import dnn

    fn = getattr(dnn, name, None)
    if fn is None:
        return set()
    doc = inspect.getdoc(fn) or ""
    lines = set()
    for line in inspect.getsource(fn).split("\n")[1:]:
        code = line.split("#")[0].strip()
        if len(code) >= min_length and code not in doc and not code.startswith(('"""', 'r"""')):
            lines.add(code)
    return lines


def _flat(text):
    """Text with its code marks dropped and whitespace collapsed: prose may wrap a code line."""
    return " ".join(text.replace("`", " ").split())


def hide_exercised_source(nb, chapters_dir=ROOT / "chapters"):
    """Replace each cell showing the source of an exercised function by a note, and drop the
    prose that walks through that source line by line (it quotes the answer)."""
    chapters, labels = index_chapters(chapters_dir)
    exercised = exercised_functions(chapters_dir)
    secrets = {" ".join(line.split()) for name in exercised for line in source_lines(name)}
    inside = {i for ex in exercises(nb) for i in [ex["cell"], *ex["solution"], *ex["answers"]]}
    nb = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(nb.cells):
        if (
            cell.cell_type == "markdown"
            and i not in inside
            and any(line in cell.source or line in _flat(cell.source) for line in secrets)
        ):
            continue  # e.g. "Line by line: ..." under the hidden code
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        names = [n for n in SHOW_SOURCE.findall(cell.source) if n.split(".")[-1] in exercised]
        if not names:
            cells.append(cell)
            continue
        notes = []
        for name in names:
            label = exercised[name.split(".")[-1]]
            where = labels[label]
            notes.append(
                f"The code of `dnn.{name}` is not shown here: Exercise "
                f"{where['number']} ({chapter_name(where['stem'], chapters)}) asks you "
                f"to write it. The book's full edition shows it, with the solutions."
            )
        note = nbformat.v4.new_markdown_cell("\n\n".join(notes))
        note.metadata["tags"] = ["exercise-source-hidden"]
        cells.append(note)
    nb.cells = cells
    return nb


# ------------------------------------------------------------------ exercises of a chapter


def exercises(nb):
    """The exercises of a chapter notebook, in order: for each, its label, the index of the
    exercise cell, the indices of its solution cells (between the solution fences, fences
    included), its check cells and its answer cells."""
    found, current, inside = [], None, False
    for i, cell in enumerate(nb.cells):
        source = cell.source
        if cell.cell_type == "markdown" and EX_START.search(source):
            label = LABEL_OPT.search(EX_START.search(source).group(2)).group(1)
            current = {"label": label, "cell": i, "solution": [], "checks": [], "answers": []}
            found.append(current)
            continue
        if current is None:
            continue
        if cell.cell_type == "markdown" and re.match(r"^#{1,2} ", source):
            current = None
            continue
        if cell.cell_type == "markdown" and SOLUTION_START.search(source):
            inside = True
        if inside:
            current["solution"].append(i)
            if cell.cell_type == "markdown" and SOLUTION_END.search(source):
                inside = False
            continue
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and (CHECK_CALL.search(source) or "exercise-check" in tags):
            current["checks"].append(i)
        elif "answer" in tags:
            current["answers"].append(i)
    return found


# ------------------------------------------------------------------ nbgrader source


@cache
def rubric():
    return yaml.safe_load(RUBRIC_FILE.read_text())


def _nbgrader(cell, grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade_id": grade_id,
        "solution": solution,
        "grade": grade,
        "locked": locked,
        "schema_version": 3,
    }
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def _strip_fences(text):
    """The markdown of a solution without its {solution-start}/{solution-end} fences."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        fence = SOLUTION_START.match(lines[i]) or SOLUTION_END.match(lines[i])
        if fence:
            i += 1
            while i < len(lines) and lines[i].strip() != fence.group(1):
                i += 1
        else:
            out.append(lines[i])
        i += 1
    return "\n".join(out).strip("\n")


def test_cell_source(check_source):
    """The autograded form of a check cell: the same check, with strict=True."""
    source = CHECK_CALL.sub(
        lambda m: f"dnn.checks.{m.group(1)}({m.group(2)}, strict=True)", check_source
    ).replace("  # prints the verdict", "  # a wrong function raises, with the verdict")
    if "strict=True" not in source:  # a hand-written check (chapter 9): it sets `failures`
        source += (
            '\nassert not failures, "; ".join(failures)  # autograded: a failure '
            "raises with the verdict"
        )
    return source


def assignment_notebook(nb, stem, chapters_dir=ROOT / "chapters"):
    """The nbgrader source notebook of the chapter `nb` (nbformat v4), for `stem`."""
    chapters, labels = index_chapters(chapters_dir)
    points = rubric()
    found = exercises(nb)
    by_cell = {}
    for ex in found:
        for i in ex["solution"]:
            by_cell[i] = ("solution", ex)
        for i in ex["checks"]:
            by_cell[i] = ("check", ex)
        for i in ex["answers"]:
            by_cell[i] = ("answer", ex)
    cells = []
    for i, cell in enumerate(nb.cells):
        role, ex = by_cell.get(i, (None, None))
        label = ex["label"] if ex else None
        if role is None:
            cells.append(copy.deepcopy(cell))
            continue
        spec = points.get(label)
        if spec is None:
            raise ValueError(f"{stem}: exercise {label} has no entry in {RUBRIC_FILE.name}")
        if role == "solution":
            if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
                new = nbformat.v4.new_code_cell(cell.source)
                cells.append(_nbgrader(new, f"{label}-code-{i}", solution=True))
            # the rest of a solution (its fences, prose, unmarked code) is the answer key
            # of the written exercise: it goes into the answer cell below
        elif role == "check":
            fn = CHECK_CALL.search(cell.source)
            defined = [n for j in ex["solution"] for n in DEF.findall(nb.cells[j].source)]
            name = fn.group(2) if fn else defined[0]  # a hand-written check: its function
            new = nbformat.v4.new_code_cell(test_cell_source(cell.source))
            cells.append(
                _nbgrader(
                    new,
                    f"{label}-test-{name}",
                    grade=True,
                    locked=True,
                    points=spec["points"][name]
                    if isinstance(spec["points"], dict)
                    else spec["points"],
                )
            )
        elif role == "answer":
            key = "\n\n".join(
                _strip_fences(nb.cells[j].source)
                for j in ex["solution"]
                if nb.cells[j].cell_type == "markdown"
            )
            key = "\n\n".join(part for part in key.split("\n\n") if part.strip())
            lines = "\n".join(f"- {item}" for item in spec.get("rubric", []))
            text = (
                f"**Answer key, Exercise {labels[label]['number']}** ({spec['points']} "
                f"points, graded by hand)\n\nRubric:\n\n{lines}\n\nWorked solution:\n\n{key}"
            )
            new = nbformat.v4.new_markdown_cell(text)
            cells.append(
                _nbgrader(new, f"{label}-answer", solution=True, grade=True, points=spec["points"])
            )
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata}
    for j, cell in enumerate(out.cells):
        cell["id"] = f"cell-{j}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    out = hide_exercised_source(out, chapters_dir)
    out = for_jupyterlab(out, stem, chapters_dir)
    nbformat.validate(out)
    return out


def write_assignments(paths, out_dir):
    """Write `out_dir/source/<stem>/<stem>.ipynb` for every chapter with exercises, and the
    course's nbgrader_config.py."""
    out_dir = Path(out_dir)
    written = []
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        if not exercises(nb):
            continue
        target = out_dir / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(assignment_notebook(nb, path.stem, path.parent), target)
        written.append(target)
    (out_dir / "nbgrader_config.py").write_text(
        "# nbgrader course folder written by `make assignments` (_ext/classroom.py).\n"
        "# Run nbgrader from this folder (the course root).\n"
        "c = get_config()  # noqa: F821\n"
        "# an autograded cell runs the chapter's code: give a slow machine time\n"
        "c.ExecutePreprocessor.timeout = 600\n"
    )
    return written


# ------------------------------------------------------------------ Sphinx hooks


def _strip_nbgrader_markers(app, doctree):
    """The HTML book shows the solution code without nbgrader's marker lines."""
    from docutils import nodes

    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if "BEGIN SOLUTION" not in text and "END SOLUTION" not in text:
            continue
        kept = [
            line
            for line in text.split("\n")
            if not re.match(r"^\s*###\s*(BEGIN|END) SOLUTION\s*$", line)
        ]
        new = "\n".join(kept)
        block.children = [nodes.Text(new)]
        block["rawsource"] = new if "rawsource" in block else new


def _download_menu(app, pagename, templatename, context, doctree):
    """Chapter pages: the download menu offers the student notebook next to the notebook
    with solutions, each labelled."""
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"]
    source = Path(app.srcdir, pagename + ".ipynb")
    if not groups or not source.exists():
        return
    buttons = groups[0]["buttons"]
    notebook = next((b for b in buttons if str(b.get("url", "")).endswith(".ipynb")), None)
    if notebook is None:
        return
    text = source.read_text()
    if "BEGIN SOLUTION" not in text and "{solution-start}" not in text:
        if "{exercise-start}" in text:  # the student edition: its notebooks are the student ones
            notebook["text"] = ".ipynb (student notebook)"
            notebook["tooltip"] = "Download the student notebook (no solutions)"
        return
    notebook["text"] = ".ipynb (with solutions)"
    notebook["tooltip"] = "Download the notebook with the solutions"
    pathto = context["pathto"]
    buttons.insert(
        buttons.index(notebook) + 1,
        {
            "type": "link",
            "url": pathto(f"student/{Path(pagename).name}.ipynb", 1),
            "text": ".ipynb (student, no solutions)",
            "icon": "fas fa-user-graduate",
            "tooltip": "Download the student notebook: exercises without solutions",
            "label": "download-student-notebook-button",
        },
    )


def _escape(text):
    """Rubric words as literal text in a Markdown table."""
    return re.sub(r"([\\`*_\[\]<>|{}$#])", r"\\\1", text)


def _rubric_directive():
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StringList

    class RubricDirective(Directive):
        """The points and the rubric of every exercise, from _ext/classroom.yml."""

        has_content = False

        def run(self):
            chapters, labels = index_chapters()
            rows = [
                "| Exercise | Task | Points | What earns the points |",
                "| --- | --- | ---: | --- |",
            ]
            for label, spec in rubric().items():
                info = labels[label]
                pts = spec["points"]
                total = sum(pts.values()) if isinstance(pts, dict) else pts
                words = "; ".join(map(_escape, spec.get("rubric", []))) or (
                    "autograded: the check passes ("
                    + ", ".join(f"{k}: {v}" for k, v in pts.items())
                    + ")"
                    if isinstance(pts, dict)
                    else "autograded: the check passes"
                )
                rows.append(
                    f"| {{ref}}`Exercise {info['number']} <{label}>` | "
                    f"{info['task']} | {total} | {words} |"
                )
            node_list = StringList(rows, source="classroom.yml")
            from docutils import nodes

            container = nodes.container()
            self.state.nested_parse(node_list, self.content_offset, container)
            return container.children

    return RubricDirective


def setup(app):
    app.connect("doctree-read", _strip_nbgrader_markers)
    app.connect("html-page-context", _download_menu, priority=502)
    app.add_directive("classroom-rubric", _rubric_directive())
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Classroom materials from the chapters.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assignments", help="nbgrader source notebooks")
    a.add_argument("notebooks", nargs="+", type=Path)
    a.add_argument("--out", type=Path, default=Path("_build/nbgrader"))
    args = parser.parse_args(argv)
    for path in write_assignments(args.notebooks, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
