"""Audit the prose of chapters 1-9: every number it states, and how many words it has.

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
CHAPTERS = sorted((ROOT / "chapters").glob("0[1-9]_*"))
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
    ("07", "120"): "exercise solution: alpha = 2m/lambda = 600/5, computed on the page",
    ("02", "65"): "20·65 + 7·21 + 5·8 + 1·6 = 1493, computed on the page (the cell prints 1493)",
    ("02", "21"): "the same sum, a term computed on the page",
    ("02", "245"): "245,973 parameters of [12288, 20, 7, 5, 1], printed by the caches cell",
    ("02", "973"): "245,973, printed by the caches cell (the audit splits the thousands comma)",
    ("02", "2 \\times 10^{-6}"): "0.08 · 0.045 · 0.026 · 0.022, the product computed on the page",
    ("02", "0.045"): "0.01·√20, computed on the page",
    ("02", "0.026"): "0.01·√7, computed on the page",
    ("02", "0.022"): "0.01·√5, computed on the page",
    ("02", "2015"): "the year of a citation (He et al. 2015)",
    ("02", "2010"): "the year of a citation (Glorot and Bengio 2010)",
    ("02", "1000"): "z = -1000, the input of an example of overflow typed on the page",
    ("02", "-1000"): "the same input",
    ("02", "797"): "1,797 = 1297 + 500 digits, both printed by the data cell",
    ("02", "0.25"): "an entry of the hand example's W2, typed in its cell's code",
    ("02", "-1.375"): "the hand example's b2, typed in its cell's code",
    ("02", "1.375"): "the same b2, in the table",
    ("02", "1.535261"): "1 + e^{-0.625}, the hand table's step (its result 0.651355 is printed)",
    ("02", "568"): "12288 × 209 = 2,568,192, printed by the caches cell (thousands comma split)",
    ("02", "192"): "the same 2,568,192",
    ("02", "10^{-7}"): "'of the order': the table prints std 1.69e-07 for Z[4] with × 0.01",
    ("02", "0.71"): "1/√2, computed on the page",
    ("02", "0.707"): "1/√2, computed on the page",
    (
        "02",
        "0.70",
    ): "the explore solution's He range: its table prints 0.695 (rounded to 0.70 on the page)",
    ("02", "118"): "|dW4|/|W4| = 1.18 printed by the table, written as a percentage",
    ("02", "0.577"): "1/√3, computed on the page",
    ("02", "0.34"): "1/2 - 1/(2π), derived in the derive exercise's solution",
    ("02", "0.68"): "0.34/0.5, computed on the page",
    ("02", "4 \\times 10^{-5}"): "0.707^29, computed on the page",
    ("02", "0.020"): "0.463 · 0.707^9, computed on the page (0.463 is printed)",
    ("02", "30"): "the explore solution's hypothetical 30 layers, a number of the argument",
    ("02", "29"): "0.707^29: 30 layers less the first",
    (
        "08",
        "2.2 \\times\n10^{-16}",
    ): "2^{-52}, float64's machine epsilon, a constant stated on the page",
    ("08", "2.2 \\times 10^{-16}"): "2^{-52}, float64's machine epsilon",
    ("08", "1.2 \\times 10^{-7}"): "2^{-23}, float32's machine epsilon",
    ("08", "6 \\times 10^{-6}"): "ε^{1/3} in float64, computed in the table on the page",
    ("08", "2 \\times 10^{-7}"): "a digit of 1.2 × 10^{-7} (the audit reads the 2 of '1.2')",
    ("08", "10^{-4}"): "a threshold of the rule of thumb, a choice stated on the page",
    ("08", "24"): "4! in the Taylor series",
    ("08", "-52"): "the exponent of float64's ε",
    ("08", "-23"): "the exponent of float32's ε",
    ("08", "16"): "the exponent of 2.2 × 10^{-16}, float64's ε",
    (
        "08",
        "350",
    ): "the bound P ≤ 350 on this chapter's networks (347 is the largest, computed on the page)",
    ("08", "12288"): "the series' 12,288 inputs, quoted from the seed",
    (
        "08",
        "10^{-12}",
    ): "the smallest step of the sweep, set in its code (10.0 ** -np.arange(1, 12.001, 0.125))",
    (
        "08",
        "10^{-8}",
    ): "the floor in the per-entry formula, a constant of it; and h1* = √ε, computed on the page",
    ("08", "10^{-11}"): "E at the best step, 4 × 10^{-11} in the table computed on the page",
    ("08", "288"): "12,288, the series' inputs",
    ("08", "245"): "12288 × 20 = 245,760, computed on the page",
    ("08", "760"): "the same 245,760",
    ("08", "35"): "6·5 + 5, the first term of P = 78 computed on the page",
    ("08", "15"): "4·3 + 3, a term of P = 78",
    ("08", "78"): "P = 35 + 24 + 15 + 4, computed on the page",
    ("08", "18"): "the seed of initialize_parameters, set in the visible code",
    ("08", "5 \\times 10^{8}"): "2^29, computed on the page",
    ("08", "29"): "2^29 = 2^{-23}/2^{-52}, the ratio of the epsilons",
    ("08", "2 \\times 10^{-4}"): "0.75^30, computed on the page",
    ("08", "0.75"): "1 - 1/4, on the page",
    ("08", "49"): "12288 × 4 = 49,152 weights of dW1, computed from the stated shapes",
    ("08", "152"): "the same 49,152",
    ("08", "320"): "64 × 5, a term of P = 347 computed on the page",
    ("08", "347"): "P of [64, 5, 3, 1], computed on the page",
    ("08", "694"): "2P = 694 forward passes, computed on the page",
    ("08", "16.6"): "printed by chapter 6 (the float32 saturation point), cited with a link",
    ("08", "3 \\times\n10^{-8}"): "2√ε in float64, computed on the page",
    ("08", "3 \\times 10^{-8}"): "the same E_1",
    ("08", "7 \\times\n10^{-4}"): "2√ε in float32, computed on the page",
    ("09", "0.02"): "1 - 0.98, on the page",
    ("09", "0.0063"): "√(0.98·0.02/500), computed on the page",
    ("09", "797"): "1,797 = 1297 + 500 digits, both printed by the data cell",
    ("09", "16"): "the UCI pixel counts 0-16, from the data set's documentation (data/README.md)",
    ("09", "255"): "the stored pixel range 0-255, printed by chapter 2's data cell",
    ("09", "12"): "12,288, the series' inputs, quoted from the seed",
    ("09", "288"): "the same 12,288",
    ("09", "1400"): "the last multiple of 100 below 1,500 iterations, on the page",
    ("09", "400"): "the same 1,400",
    ("09", "493"): "1,493 parameters, the derive exercise's table (and chapter 2's printing cell)",
    ("09", "10^{12}"): "the size of the perturbation, a setting stated on the page",
    ("09", "10^{-12}"): "the tolerance of tests/test_training_minibatch.py, a setting",
    ("09", "0.34"): "100/297 points per validation image, computed on the page",
    ("09", "1.8"): "98.4 - 96.6, the printed range of the seeds cell",
    ("09", "0.76"): "the series' 76 % test accuracy, in the stored cats table",
    ("09", "0.24"): "1 - 0.76, on the page",
    ("09", "65.6"): "137/209, computed on the page",
    ("09", "137"): "209 - 72 non-cats, from the series' labels (SERIES.md)",
    ("09", "34"): "17/50, computed on the page",
    ("09", "33"): "the series' test set: 33 cats of 50 (SERIES.md)",
    ("09", "246"): "245,973 rounded, computed in the derive exercise",
    ("09", "147"): "7·21, the derive exercise's table",
    ("09", "40"): "5·8, the derive exercise's table",
    ("09", "321"): "20·65 + 1·21 = 1,321, computed on the page (printed by the depth cell)",
    ("09", "1.15"): "1,493/1,297, computed on the page",
    ("09", "12289"): "12288 + 1, on the page",
    ("09", "780"): "20·12289 = 245,780, computed on the page",
    ("09", "973"): "245,973, computed on the page",
    ("09", "177"): "245,973/209, computed on the page",
    ("09", "2.6"): "explore solution: 88.8 - 86.2 from its printed table",
    ("09", "0.86"): "explore solution: its printed 86.2 %, rounded",
    ("09", "0.14"): "1 - 0.86, on the page",
    ("09", "1.6"): "√(0.86·0.14/500), computed on the page",
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
