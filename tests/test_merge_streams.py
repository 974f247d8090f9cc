"""_ext/merge_streams.py: one stream output per stream name and run of outputs."""

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
import merge_streams  # noqa: E402


def test_split_stream_chunks_are_merged_in_order():
    out = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell(
        "print()",
        outputs=[
            out("stream", name="stdout", text="a\n"),
            out("stream", name="stdout", text="b\n"),
            out("stream", name="stderr", text="w\n"),
            out("stream", name="stdout", text="c\n"),
        ],
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert merge_streams.merge(nb)
    assert [(o.name, o.text) for o in nb.cells[0].outputs] == [
        ("stdout", "a\nb\n"),
        ("stderr", "w\n"),
        ("stdout", "c\n"),
    ]
    assert not merge_streams.merge(nb)  # already merged: nothing to do
