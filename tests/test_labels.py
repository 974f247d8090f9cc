"""The package and the book cite each other by equation label: every label that dnn/ cites
must be defined by a chapter (the build itself catches a chapter citing a missing label)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"\beq-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
DEFINED = re.compile(r"\$\$\s*\((eq-[A-Za-z0-9-]+)\)")


def chapter_sources():
    for path in sorted((ROOT / "chapters").glob("*.md")):
        yield path, path.read_text()
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def defined_labels():
    labels = {}
    for path, text in chapter_sources():
        for label in DEFINED.findall(text):
            labels.setdefault(label, []).append(path.name)
    return labels


def cited_labels():
    cited = {}
    for path in sorted((ROOT / "dnn").glob("*.py")):
        for label in CITED.findall(path.read_text()):
            cited.setdefault(label, set()).add(path.name)
    return cited


def test_every_label_cited_by_dnn_is_defined_by_a_chapter():
    defined = defined_labels()
    missing = {
        label: sorted(files) for label, files in cited_labels().items() if label not in defined
    }
    assert not missing, f"dnn/ cites equation labels that no chapter defines: {missing}"


def test_no_label_is_defined_twice():
    twice = {label: files for label, files in defined_labels().items() if len(files) > 1}
    assert not twice, f"equation labels defined in more than one place: {twice}"


def test_the_scanner_sees_labels():
    # Guards the two tests above against a regex that matches nothing.
    assert "eq-dW" in cited_labels() and "eq-cost" in cited_labels()
    assert DEFINED.findall("$$ a = b $$ (eq-x-y)") == ["eq-x-y"]
