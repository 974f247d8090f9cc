"""Every number the prose of chapters 1-9 states is printed by a cell or justified."""

import json

import prose_audit as audit
import pytest

CHECKED = audit.CHAPTERS


def test_the_audit_covers_chapters_1_to_9():
    assert [p.name[:2] for p in CHECKED] == [f"0{i}" for i in range(1, 10)]


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: p.name)
def test_every_stated_number_is_printed_or_justified(path):
    assert audit.unprinted(path) == []


def _notebook(tmp_path, prose, printed):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": prose},
            {
                "cell_type": "code",
                "metadata": {},
                "source": "print(J)",
                "execution_count": 1,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": printed}],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "99_scratch.ipynb"
    path.write_text(json.dumps(nb))
    return path


def test_the_audit_fails_on_a_number_no_cell_prints(tmp_path):
    prose = "The cost is $0.164252$ after 40 steps, below $10^{-7}$; see `dA0` and float32."
    assert audit.unprinted(_notebook(tmp_path, prose, "J = 0.5\n")) == ["10^{-7}", "0.164252", "40"]
    printed = "J = 0.16425199, steps 40, error below 1e-07\n"
    assert audit.unprinted(_notebook(tmp_path, prose, printed)) == []


def test_show_source_listings_do_not_count_as_printed(tmp_path):
    path = _notebook(tmp_path, "The rate is 0.0075.", "")
    nb = json.loads(path.read_text())
    nb["cells"][1]["outputs"] = [
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/markdown": "```python\nx = 0.0075\n```"},
        }
    ]
    path.write_text(json.dumps(nb))
    assert audit.unprinted(path) == ["0.0075"]


@pytest.mark.parametrize("path", audit.CORE, ids=lambda p: p.name)
def test_core_chapter_prose_within_word_limit(path):
    assert audit.words(path) <= audit.MAX_WORDS
