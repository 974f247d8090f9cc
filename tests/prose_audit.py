"""Audit the prose of chapters 1-7: every number it states, and how many words it has.

Every number the prose states must be printed by a cell of the same chapter (so nbval guards it)
or be derivable on the page (then ALLOWED says why, in one line). Run it as a script to see the
report: ``python tests/prose_audit.py``; ``tests/test_prose_numbers.py`` runs it under pytest.

What counts as a stated number: a decimal (``0.693147``), an integer of two or more digits
(``209``, ``-745``), or a power of ten (``10^{-7}``, ``4.5 \\times 10^{-5}``). Single digits are
structure (layer indices, exponents, "part 4"), and so are digits inside words and identifiers
(``float32``, ``dA0``, ``BP1``), code spans, labels, links and roles.

A prose number p is printed when some number o in the chapter's cell outputs rounds to it at
p's own precision: to p's decimals for a decimal, to an integer for an integer, to p's
significant digits for a power of ten. Outputs of ``dnn.show_source`` (code listings) do not
count.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("0[1-7]_*"))
CORE = [p for p in CHAPTERS if p.name[:2] in {"03", "04", "05", "06", "07"}]
MAX_WORDS = 3000

# (chapter prefix, number as written) -> why it needs no printing cell
ALLOWED = {
    ("03", "40"): "m = 40, the data set's size, set in the visible code of the L2 cell",
    ("03", "500"): "the explore exercise's 500 training steps, an instruction set in its code",
    ("04", "10^4"): "the input z = -1e4 typed into the visible code of the stable-sigmoid cell",
    ("04", "10^4}"): "the same input, inside e^{10^4}",
    ("04", "40"): "the figure's z range, set in its code (np.linspace(-40, 40, ...))",
    ("04", "-40"): "the figure's z range, set in its code",
    (
        "04",
        "-24",
    ): "2^{-24}, the float32 spacing below 1, derived in chapter 3 (eq-cost-sigmoid-one)",
    (
        "04",
        "104",
    ): "exercise solution: sigma's underflow, printed by chapter 3's threshold cell (-104.0)",
    ("04", "745"): "exercise solution: printed by chapter 3's threshold cell (-745.1)",
    ("04", "30"): "explore exercise: the weight scale 30 W, a parameter its solution code sets",
    ("04", "100"): "explore exercise: the weight scale 100 W, a parameter its solution code sets",
    (
        "04",
        "2.8",
    ): "explore exercise: a ratio read off its solution's printed table (left to the lead)",
    ("05", "12288"): "the series' layer sizes [12288, 20, 7, 5, 1], quoted from the seed",
    ("05", "20"): "the series' layer sizes, quoted from the seed",
    ("05", "209"): "the series' 209 training images, quoted from the seed",
    ("05", "9.1 \\times 10^6"): "209^3, computed on the page",
    ("05", "0.5"): "b = 0.5, an input of the hand example, typed in its cell's code",
    ("05", "15"): "1*3 + 3*4 = 15, computed on the page",
    ("06", "24"): "24 ln 2, the float32 threshold derived in chapter 3 (eq-cost-sigmoid-one)",
    ("06", "40"): "z = 40 typed into the cell's code; and the 40 examples the explore task sets",
    ("06", "0.999"): "the derive exercise's given a = 0.999",
    ("06", "0.001"): "1 - 0.999, on the page",
    ("06", "0.000998"): "0.999 * 0.999 * 0.001, computed on the page",
    (
        "07",
        "64",
    ): "the series' 64 x 64 x 3 images, quoted from the seed (and float64, a dtype name)",
    ("07", "12"): "12,288 = 64 * 64 * 3 inputs, computed on the page",
    ("07", "288"): "12,288 = 64 * 64 * 3 inputs, computed on the page",
    ("07", "2019"): "the year of a citation (Loshchilov and Hutter, ICLR 2019)",
    ("07", "20"): "m = 20 points, set in the visible code of the gradient-check cell",
    ("07", "300"): "m = 300 training points, the data set's size, set in the cell's code",
    ("07", "30"): "exercise solution: its first 30 iterations, the window its code prints",
    ("07", "400"): "400 iterations, the run length set in the visible code",
    ("07", "50"): "accuracy 0.5000 printed by the table, written as 50 %",
    ("07", "60"): "exercise solution: alpha = 2/c with c computed on the page",
}


def _notebook(path: Path) -> tuple[list[str], list[str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    prose, outputs = [], []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            prose.append(source)
            continue
        for out in cell.get("outputs", []):
            if "text" in out:
                outputs.append("".join(out["text"]))
            data = out.get("data", {})
            markdown = "".join(data.get("text/markdown", ""))
            if markdown.startswith("```python"):
                continue  # a show_source listing: code, not a printed result
            if markdown:
                outputs.append(markdown)
            elif "text/plain" in data and "image/png" not in data:
                outputs.append("".join(data["text/plain"]))
    return prose, outputs


def prose_and_outputs(path: Path) -> tuple[list[str], list[str]]:
    """The chapter's markdown (cells, or the whole .md page) and its printed outputs."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")], []
    return _notebook(path)


def words(path: Path) -> int:
    """Words of prose: whitespace-separated tokens of the markdown cells (math included)."""
    return sum(len(text.split()) for text in prose_and_outputs(path)[0])


_STRIP = [
    r"```.*?```",  # fenced blocks: directives, code
    r"`[^`\n]*`",  # code spans and the argument of a role such as {eq}`eq-dW`
    r"\{[a-z:]+\}",  # the role itself
    r"\([a-z0-9-]+\)=",  # labels
    r"\]\([^)]*\)",  # link targets
    r"<[^>]+>",  # html tags
    r"\$\$ \([a-z0-9-]+\)",  # equation labels after $$
    r"\^\{\[[^\]]*\]\}",  # layer superscripts ^{[l-1]}
    r"_\{[^}]*\}",  # subscripts
]
_POW = r"(?:(\d+(?:\.\d+)?)\s*\\times\s*)?10\^\{?(−|-)?(\d+)\}?"
_NUM = r"(?<![\w.\\^])(−|-)?(\d+\.\d+|\d{2,})(?![\w.]*[A-Za-z_])(?!\.\d)"


def stated_numbers(text: str) -> list[tuple[str, float, str]]:
    """(as written, value, kind) for each number the text states; kind: dec, int, pow."""
    for pattern in _STRIP:
        text = re.sub(pattern, " ", text, flags=re.S)
    found = []
    for m in re.finditer(_POW, text):
        mantissa = float(m.group(1)) if m.group(1) else 1.0
        exponent = -int(m.group(3)) if m.group(2) else int(m.group(3))
        found.append((m.group(0), mantissa * 10.0**exponent, "pow"))
    text = re.sub(_POW, " ", text)
    for m in re.finditer(_NUM, text):
        digits = m.group(2)
        kind = "dec" if "." in digits else "int"
        found.append((m.group(0).replace("−", "-"), float(digits), kind))
    return found


_OUT = r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?"


def printed_numbers(outputs: list[str]) -> set[float]:
    values = set()
    for text in outputs:
        for m in re.finditer(_OUT, text):
            with contextlib.suppress(ValueError):
                values.add(abs(float(m.group(0))))
        for m in re.finditer(r"2\^(-?\d+)", text):
            values.add(2.0 ** int(m.group(1)))
    return values


def _matches(written: str, value: float, kind: str, printed: set[float]) -> bool:
    if kind == "dec":
        decimals = len(written.split(".")[1])
        return any(round(o, decimals) == round(value, decimals) for o in printed)
    if kind == "int":
        return any(round(o) == value for o in printed)
    mantissa = re.match(r"(\d+(?:\.\d+)?)", written)
    digits = len(mantissa.group(1).replace(".", "")) if "times" in written else 1

    def significant(x: float) -> float:
        return 0.0 if x == 0 else round(x, digits - 1 - math.floor(math.log10(abs(x))))

    return any(o > 0 and math.isclose(significant(o), significant(value)) for o in printed)


def unprinted(path: Path) -> list[str]:
    """Numbers stated in a chapter's prose that no cell prints and ALLOWED does not justify."""
    prose, outputs = prose_and_outputs(path)
    printed = printed_numbers(outputs)
    missing = []
    for text in prose:
        for written, value, kind in stated_numbers(text):
            if (path.name[:2], written) in ALLOWED:
                continue
            if not _matches(written, value, kind, printed):
                missing.append(written)
    return sorted(set(missing), key=missing.index)


def main() -> int:
    bad = 0
    for path in CHAPTERS:
        missing = unprinted(path)
        bad += len(missing)
        print(f"{path.name}: {words(path)} words; numbers not printed: {missing or 'none'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
