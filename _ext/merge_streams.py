"""Merge each code cell's consecutive stream outputs of one stream into a single output.

Run by `make execute` after nbconvert: how a kernel's writes are split into stream messages
depends on timing, so without this pass two executions of one notebook can store the same text
as one output or as two, and the files differ byte-wise.

Usage: python _ext/merge_streams.py NOTEBOOK...
"""

import sys

import nbformat


def merge(nb):
    """Merge in place; True if anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (
                out.output_type == "stream"
                and last is not None
                and last.output_type == "stream"
                and last.name == out.name
            ):
                last.text += out.text
                changed = True
            else:
                merged.append(out)
        cell.outputs = merged
    return changed


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if merge(nb):
            nbformat.write(nb, path)


if __name__ == "__main__":
    main(sys.argv[1:])
