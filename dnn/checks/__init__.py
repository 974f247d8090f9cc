"""Exercise checks: run a reader's function against the reference on fresh inputs.

The self-check cell under each implement exercise of chapters 2-8, such as
``dnn.checks.check_linear_backward(linear_backward)``, runs the reader's function and dnn's on
the same seeded inputs, chosen to expose mistakes (m = 1 and m >= 2, square and non-square
layers, L >= 3, non-zero biases, lambda > 0, learning rates other than 1 and a NumPy float64
one, Z with exact zeros and Z in the hundreds, AL with exact 0 and 1, float32 and float64),
prints one verdict and returns True or False (``strict=True``: raises AssertionError with the
verdict). When the answer is wrong, the catalogued mistakes of that check try their signatures
on the outputs, then the general detectors (engine.GENERAL): the first that fits names the
mistake.

One module per check holds its cases and its mistakes (each an engine.Mistake: words and
signature together); CATALOGUE lists them all, and the book page chapters/mistakes.md is built
from it by the Sphinx extension _ext/mistakes.py.
"""

from . import activations, backward, cost, engine, forward, gradcheck, linear, update
from .activations import check_relu_backward, check_sigmoid_backward
from .backward import check_backward
from .cost import check_cost
from .engine import Mistake
from .forward import check_forward
from .gradcheck import check_numerical_gradient
from .linear import check_linear_backward
from .update import check_update_parameters

CHAPTERS = {
    0: ("Any check", ""),
    2: ("Forward propagation", "forward"),
    3: ("The cost function", "cost"),
    4: ("Backward activations", "sigmoid_backward, relu_backward"),
    5: ("Linear backward", "linear_backward"),
    6: ("Back propagation", "backward"),
    7: ("Updating the parameters", "update_parameters"),
    8: ("Gradient checking", "numerical_gradient"),
}

CATALOGUE = [
    engine.NO_RETURN,
    engine.FLOAT64_OUT,
    engine.SHORTCUT,
    *engine.GENERAL,
    *forward.MISTAKES,
    *cost.MISTAKES,
    *activations.SIGMOID,
    *[m for m in activations.RELU if m not in activations.SIGMOID],
    activations.WRITES_INTO_DA,
    *linear.MISTAKES,
    *backward.MISTAKES,
    *update.MISTAKES,
    update.MUTATES,
    *gradcheck.MISTAKES,
    gradcheck.NOT_RESTORED,
]
MISTAKES = {m.key: m for m in CATALOGUE}

__all__ = [
    "CATALOGUE",
    "CHAPTERS",
    "MISTAKES",
    "Mistake",
    "check_forward",
    "check_cost",
    "check_sigmoid_backward",
    "check_relu_backward",
    "check_linear_backward",
    "check_backward",
    "check_update_parameters",
    "check_numerical_gradient",
]


def _names(mistake):
    if mistake.check:
        return [f"`{n}`" for n in mistake.check.split(", ")]
    return ["every check"]


def catalogue_markdown():
    """The catalogue as MyST markdown, grouped by chapter, one section per check.

    The book's _ext/mistakes.py puts it into chapters/mistakes.md at build time."""
    lines = []
    for chapter, (title, names) in CHAPTERS.items():
        lines += [f"## Chapter {chapter}: {title}" if chapter else f"## {title}", ""]
        entries = [m for m in CATALOGUE if m.chapter == chapter]
        groups = names.split(", ") if names else [""]
        for name in groups:
            group = [m for m in entries if (name in m.check.split(", ") if name else True)]
            if name:
                lines += [f"### `{name}`", "", f"Found by `dnn.checks.check_{name}`.", ""]
            else:
                lines += ["### Every check", "", "Found by every check.", ""]
            for m in group:
                if name and m.check.split(", ")[0] != name:  # shared: written once, linked
                    lines += [f"- {m.title}: see {{ref}}`mistake-{m.key}`.", ""]
                    continue
                shown = name or "forward"
                says = m.says.replace("{out}", "dW").replace("{factor}", "twice the right value")
                says = says.replace("{shape}", "(3, 5)").replace("{order}", "(dA_prev, dW, db)")
                says = says.replace("{other}", "2")
                lines += [
                    f"(mistake-{m.key})=",
                    f"#### {m.title}",
                    "",
                    f"**How to spot it.** {m.spot}",
                    "",
                    "**The check says:**",
                    "",
                    "```text",
                    f"✗ {shown}: {says}",
                    "```",
                    "",
                ]
    return "\n".join(lines)
