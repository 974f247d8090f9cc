"""What the chapters show of dnn stays the math: one contract line per function, short bodies.

The counts come from tests/shown_lines.py (run it for the table). Before the contracts moved
into dnn/_validate.py the 20 shown functions had 161 code lines, 63 of them input checks.
"""

import ast
import inspect
import textwrap

import pytest
import shown_lines

import dnn

TABLE = shown_lines.table()
CORE = ["activations", "linear", "network", "cost", "update", "gradcheck"]


def test_the_chapters_show_twenty_functions():
    assert len(TABLE) == 20, [row[0] for row in TABLE]


@pytest.mark.parametrize("name, shown, code, checks", TABLE, ids=[row[0] for row in TABLE])
def test_each_shown_body_has_at_most_one_checking_line(name, shown, code, checks):
    assert checks <= 1, f"{name}: {checks} lines of input checking"


def test_the_shown_bodies_total_under_130_code_lines():
    assert sum(row[2] for row in TABLE) < 130


def test_the_teaching_core_is_under_600_lines():
    lines = sum(len(inspect.getsource(getattr(dnn, m)).splitlines()) for m in CORE)
    assert lines < 600, lines


@pytest.mark.parametrize("name", [row[0] for row in TABLE if "DeepNeural" not in row[0]])
def test_the_contract_line_names_the_function(name):
    """The first statement after the docstring calls require.<the function's own name>."""
    func = ast.parse(textwrap.dedent(inspect.getsource(shown_lines.resolve(name)))).body[0]
    first = func.body[1]
    calls = [n for n in ast.walk(first) if isinstance(n, ast.Call)]
    assert any(
        isinstance(c.func, ast.Attribute)
        and getattr(c.func.value, "id", "") == "require"
        and c.func.attr == func.name
        for c in calls
    ), f"{name}: first statement is {ast.unparse(first)!r}"


def test_the_counter_sees_a_check():
    """The counter itself can fail: an if-raise block and a require call are both counted."""

    def example(x):
        """Doc."""
        x = require.example(x)  # noqa: F821
        if x < 0:
            raise ValueError("no")
        return x

    assert shown_lines.count(example) == (6, 4, 3)  # 6 lines; 4 of code, 3 checking


def test_the_counter_sees_a_check_inside_a_with_block():
    def example(x):
        """Doc."""
        with open("f") as f:  # noqa: F841
            x = require.example(x)  # noqa: F821
            return x

    assert shown_lines.count(example) == (5, 3, 1)  # the with line is code, not a check
