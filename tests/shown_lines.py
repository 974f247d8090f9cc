"""Count what the book shows of `dnn`: for each function a chapter displays with
``dnn.show_source``, its shown lines, its code lines and, among them, its input-checking lines.

Run ``python tests/shown_lines.py [ROOT]`` for the table (ROOT: another checkout to count);
``tests/test_shown_source.py`` holds the budgets (at most one checking line per shown body,
under 130 code lines in all).

A code line is a line of the body that is not blank, not a comment and not the docstring. A
checking line is a code line of a statement that validates input: a call of a name in
``_validate`` (``require.x(...)``, ``check.x(...)``) or of a ``_check...`` helper, an ``if``
whose body raises, a loop made only of such statements, and any ``raise``.
"""

import ast
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and len(sys.argv) > 1:  # count another checkout
    ROOT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(ROOT))

import dnn  # noqa: E402

CHECKERS = ("require", "check", "_validate")  # the names the modules give _validate
CHECK_HELPERS = ("_float_array", "_float_dtype")  # checking helpers of the first version
SHOWN = re.compile(r"show_source\((dnn(?:\.\w+)+)\)")


def shown_names():
    """The dotted names ``dnn.x`` or ``dnn.Class.method`` that the chapters pass to show_source."""
    names = set()
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                names.update(SHOWN.findall("".join(cell["source"])))
    return sorted(names)


def resolve(dotted):
    obj = dnn
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _is_check(node):
    if isinstance(node, ast.Raise):
        return True
    if isinstance(node, ast.If):
        return any(isinstance(n, ast.Raise) for n in ast.walk(node))
    if isinstance(node, (ast.For, ast.While)):
        return all(_is_check(n) for n in node.body)
    if isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.Try)):
        return False  # a block is a check only as above; its inner statements are not looked at
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            f = call.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            owner = getattr(f.value, "id", "") if isinstance(f, ast.Attribute) else ""
            if owner in CHECKERS or name.startswith("_check") or name in CHECK_HELPERS:
                return True
    return False


def _statements(body):
    """The statements of a body, those inside a `with` block included (the block is not a
    check itself; a check inside it is)."""
    for node in body:
        if isinstance(node, ast.With):
            yield from _statements(node.body)
        else:
            yield node


def count(obj):
    """(shown lines, code lines, checking lines) of one function's source."""
    source = textwrap.dedent(inspect.getsource(obj))
    lines = source.splitlines()
    func = ast.parse(source).body[0]
    body = func.body
    skip = set()
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        skip.update(range(body[0].lineno, body[0].end_lineno + 1))
        body = body[1:]
    code = {
        i
        for node in body
        for i in range(node.lineno, node.end_lineno + 1)
        if i not in skip and lines[i - 1].strip() and not lines[i - 1].strip().startswith("#")
    }
    checks = {
        i
        for node in _statements(body)
        if _is_check(node)
        for i in range(node.lineno, node.end_lineno + 1)
        if i in code
    }
    return len(lines), len(code), len(checks)


def table():
    return [(name, *count(resolve(name))) for name in shown_names()]


if __name__ == "__main__":
    rows = table()
    print(f"{'function':45s} {'shown':>6s} {'code':>5s} {'checks':>6s}")
    for name, shown, code, checks in rows:
        print(f"{name:45s} {shown:6d} {code:5d} {checks:6d}")
    totals = [sum(r[i] for r in rows) for i in (1, 2, 3)]
    print(f"{f'total ({len(rows)} functions)':45s} {totals[0]:6d} {totals[1]:5d} {totals[2]:6d}")
