"""check_cost: chapter 3's cost(AL, Y, parameters=None, lambd=0.0) -> float."""

import numpy as np

from ..cost import LOG_FLOOR, cost
from ..network import initialize_parameters
from .engine import Case, Mistake, Typed, describe, finite, first, fits, right, run

NAME = "cost"


def cross_entropy(AL, Y, floor="clamp", terms="both"):
    """J_CE, with each log clamped at LOG_FLOOR (as dnn.cost) or AL clipped to [eps, 1 - eps];
    terms="y" keeps only Y·log(AL)."""
    Y = Y.astype(AL.dtype)
    if floor == "clip":  # the other allowed guard
        eps = np.finfo(AL.dtype).eps
        A = np.clip(AL, eps, 1 - eps)
        logs = np.log(A), np.log(1 - A)
    else:
        with np.errstate(divide="ignore"):
            logs = np.maximum(np.log(AL), LOG_FLOOR), np.maximum(np.log1p(-AL), LOG_FLOOR)
    inside = Y * logs[0] + (0 if terms == "y" else (1 - Y) * logs[1])
    return float(-np.sum(inside) / AL.shape[1])


def _parts(case):
    """(the two cross-entropies, the per-layer Σ W², the per-layer Σ b², Σ W, m, λ)."""
    AL, Y, params, lambd = (case.args + (None, 0.0))[:4]
    params = params or {}
    L = len(params) // 2
    w2 = [float(np.sum(np.square(params[f"W{l}"]))) for l in range(1, L + 1)]
    b2 = [float(np.sum(np.square(params[f"b{l}"]))) for l in range(1, L + 1)]
    w1 = [float(np.sum(params[f"W{l}"])) for l in range(1, L + 1)]
    ce = [cross_entropy(AL, Y, floor) for floor in ("clamp", "clip")]
    return ce, w2, b2, w1, AL.shape[1], lambd


def _cost(make, lambd_only=False, unclamped_only=False):
    """A signature: the reader's J is one of make(ce, parts) for either guard (on the cases
    where AL holds no exact 0 or 1 if unclamped_only: there a clamp may tell them apart)."""

    def f(case):
        ce, w2, b2, w1, m, lambd = _parts(case)
        return [{"J": v} for c in ce for v in make(c, w2, b2, w1, m, lambd)]

    def signature(results):
        if unclamped_only:
            results = [r if not r.case.info["saturated"] else r._replace(got=None) for r in results]
        i = fits(results, f)
        if i is None or (lambd_only and not results[i].case.info["lambd"]):
            return None
        return i

    return signature


def _log_zero(results):
    return first(results, lambda case, got: isinstance(got, dict) and not finite(got))


def _coarse_clip(results):  # right without exact 0 and 1, finite but wrong with them
    if all(
        right(r.case, r.got)
        if not r.case.info["saturated"]
        else isinstance(r.got, dict) and finite(r.got)
        for r in results
    ):
        return first(results, lambda c, g: not right(c, g))
    return None


def _layer(results, sign):
    """J = the right J ∓ one layer's L2 term (the same layer counted from the end), or None."""
    for back in (0, 1, 2):

        def f(case, back=back):
            ce, w2, b2, w1, m, lambd = _parts(case)
            if not w2 or back >= len(w2):  # no L2 term here: the right J
                return [{"J": c} for c in ce]
            l2 = lambd / (2 * m) * sum(w2)
            t = lambd / (2 * m) * w2[len(w2) - 1 - back]
            return [{"J": c + l2 + sign * t} for c in ce]

        i = fits(results, f)
        if i is not None and results[i].case.info["lambd"]:
            L = len(results[i].case.args[2]) // 2
            return i, "the last layer's" if back == 0 else f"layer {L - back}'s"
    return None


def _one_term(results):
    def f(case):
        AL, Y, params, lambd = (case.args + (None, 0.0))[:4]
        _, w2, _, _, m, lam = _parts(case)
        return [
            {"J": cross_entropy(AL, Y, floor, "y") + lam / (2 * m) * sum(w2)}
            for floor in ("clamp", "clip")
        ]

    return fits(results, f)


def _type_found(results):
    i = first(results, lambda c, g: isinstance(g, dict) and isinstance(g["J"], Typed))
    return None if i is None else (i, results[i].got["J"].what)


TYPE = Mistake(
    "cost-not-a-float",
    NAME,
    3,
    "Not a Python float",
    "The value is right but comes back as `np.float32`, a 0-d or (1, 1) array: the exercise "
    "asks for a Python float, which prints, compares and formats like any number.",
    "your cost has the right value but is {out}, not a Python float: return float(J)",
)

MISTAKES = [
    Mistake(
        "cost-no-mean",
        NAME,
        3,
        "Summed, not averaged",
        "Right for m = 1; for m ≥ 2 the cross-entropy is m times too large: the sum was not "
        "divided by m, or was divided by a 1 taken from the wrong axis (`Y.shape[0]`).",
        "your cost is m times too large: divide the sum by m, the number of examples, "
        "AL.shape[1] (AL.shape[0] and Y.shape[0] are 1)",
        _cost(
            lambda ce, w2, b2, w1, m, lam: [
                m * ce + lam / (2 * m) * sum(w2),
                m * ce + lam / 2 * sum(w2),
            ]
        ),
    ),
    Mistake(
        "cost-sign",
        NAME,
        3,
        "The minus sign lost",
        "The cross-entropy part comes out negative: minus the right value.",
        "your cross-entropy has the wrong sign: J = −(1/m)·Σ(Y·log(AL) + (1 − Y)·log(1 − AL)) "
        "has a minus in front",
        _cost(
            lambda ce, w2, b2, w1, m, lam: [
                lam / (2 * m) * sum(w2) - ce,
                -ce - lam / (2 * m) * sum(w2),
            ]
        ),
    ),
    Mistake(
        "cost-no-l2",
        NAME,
        3,
        "L2 term left out of the cost",
        "Right for λ = 0; for λ > 0 the cost is the plain cross-entropy, so the printed cost is "
        "not the function that gradient descent minimises (the Rust series' quirk).",
        "your cost leaves out the L2 term: with lambd > 0 add (λ/(2m))·Σ‖W‖², summed over every "
        "layer's weights",
        _cost(lambda ce, w2, b2, w1, m, lam: [ce]),
    ),
    Mistake(
        "cost-log10",
        NAME,
        3,
        "Logarithms in base 10",
        "The cross-entropy is ln 10 ≈ 2.30 times too small: `np.log10` instead of `np.log`.",
        "your cross-entropy is ln 10 ≈ 2.30 times too small: it uses np.log10; the "
        "cross-entropy and its gradient AL − Y are for the natural logarithm, np.log",
        _cost(
            lambda ce, w2, b2, w1, m, lam: [ce / np.log(10) + lam / (2 * m) * sum(w2)],
            unclamped_only=True,
        ),
    ),
    Mistake(
        "cost-l2-double",
        NAME,
        3,
        "λ/m instead of λ/(2m) in the cost",
        "For λ > 0 the L2 part of the cost is twice the right one.",
        "your L2 term is twice too large: the cost adds (λ/(2m))·Σ‖W‖²; λ/m is the factor of "
        "its gradient, (λ/m)·W",
        _cost(lambda ce, w2, b2, w1, m, lam: [ce + lam / m * sum(w2)], lambd_only=True),
    ),
    Mistake(
        "cost-l2-no-m",
        NAME,
        3,
        "λ/2 instead of λ/(2m)",
        "For λ > 0 the L2 part of the cost is m times too large: the 1/m is missing from it.",
        "your L2 term is m times too large: it is (λ/(2m))·Σ‖W‖², divided by m like the "
        "cross-entropy",
        _cost(lambda ce, w2, b2, w1, m, lam: [ce + lam / 2 * sum(w2)], lambd_only=True),
    ),
    Mistake(
        "cost-l2-biases",
        NAME,
        3,
        "L2 term over the biases too",
        "For λ > 0 the L2 part also sums b²: visible only with non-zero biases.",
        "your L2 term also sums the biases: the penalty (λ/(2m))·Σ‖W‖² covers the weights "
        "W1, …, WL only, not b",
        _cost(
            lambda ce, w2, b2, w1, m, lam: [ce + lam / (2 * m) * (sum(w2) + sum(b2))],
            lambd_only=True,
        ),
    ),
    Mistake(
        "cost-l2-not-squared",
        NAME,
        3,
        "Σ W instead of Σ W²",
        "For λ > 0 the L2 part sums the weights, not their squares.",
        "your L2 term sums the weights, not their squares: ‖W‖² = np.sum(np.square(W))",
        _cost(lambda ce, w2, b2, w1, m, lam: [ce + lam / (2 * m) * sum(w1)], lambd_only=True),
    ),
    Mistake(
        "cost-l2-skips-layer",
        NAME,
        3,
        "One layer's W left out of the L2 term",
        "For λ > 0 the L2 part misses exactly one layer's Σ W², usually the last: a loop over "
        "`range(1, L)`.",
        "your L2 term leaves out {out} weights: sum ‖W_l‖² over every layer, l = 1, …, L, "
        "range(1, L + 1)",
        lambda results: _layer(results, -1),
    ),
    Mistake(
        "cost-l2-layer-twice",
        NAME,
        3,
        "One layer's W counted twice in the L2 term",
        "For λ > 0 the L2 part counts one layer's Σ W² twice.",
        "your L2 term counts {out} weights twice: add each layer's ‖W_l‖² once",
        lambda results: _layer(results, +1),
    ),
    Mistake(
        "cost-one-term",
        NAME,
        3,
        "Only Y·log(AL)",
        "Right where every label is 1; the examples with Y = 0 cost nothing: the (1 − Y)·"
        "log(1 − AL) term is missing.",
        "your cross-entropy leaves out the (1 − Y)·log(1 − AL) term: the examples with label 0 "
        "cost nothing",
        _one_term,
    ),
    Mistake(
        "cost-log-zero",
        NAME,
        3,
        "log(0) for a confident prediction",
        "The cost is inf or NaN when AL holds an exact 0 or 1 (σ(Z) rounds to 1.0 from Z ≈ 36.7 "
        "in float64, 16.6 in float32): `log(0)` is −inf and `0 * log(0)` is NaN.",
        "your cost is inf or NaN when AL holds an exact 0 or 1: log(0) = −inf. Clamp each log "
        "at −100, np.maximum(np.log(AL), -100), or clip AL to [ε, 1 − ε] with "
        "ε = np.finfo(AL.dtype).eps",
        _log_zero,
    ),
    Mistake(
        "cost-coarse-clip",
        NAME,
        3,
        "Clipped too coarsely",
        "Right without an exact 0 or 1 in AL, finite but different with one: AL was clipped "
        "with a fixed ε such as 1e-6, so a confident wrong prediction costs about 14 instead of "
        "36 (machine ε) or 100 (the clamp).",
        "your cost is right except where AL holds an exact 0 or 1: the ε you clip AL with is "
        "too coarse. Clip to [ε, 1 − ε] with ε = np.finfo(AL.dtype).eps, or clamp each log at "
        "−100",
        _coarse_clip,
    ),
    TYPE._replace(signature=_type_found),
]


def cases():
    rng = np.random.default_rng(3)
    out = []
    for m, dtype, lambd, dims, saturated in [
        (1, np.float64, 0.0, None, False),
        (4, np.float64, 0.0, None, False),
        (5, np.float32, 0.0, None, False),
        (3, np.float64, 0.7, [4, 3, 2, 1], False),
        (1, np.float32, 0.7, [3, 5, 2, 1], False),
        (2, np.float32, 0.3, [2, 4, 1], False),
        (6, np.float64, 0.0, None, True),
        (6, np.float32, 0.0, None, True),
    ]:
        AL = rng.uniform(0.05, 0.95, (1, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.int64 if m == 4 else dtype)  # int64: the files'
        if saturated:  # confident predictions, right and wrong: log(0) unless guarded
            AL[0, :4], Y[0, :4] = [0.0, 1.0, 0.0, 1.0], [0, 1, 1, 0]
        if m == 2:
            Y[0, :] = [1, 0]  # both labels, so a missing (1 - Y) term shows
        args = (AL.astype(dtype), Y)
        if lambd:
            args += (
                {
                    k: (v + 0.5).astype(dtype)
                    for k, v in initialize_parameters(dims, seed=3).items()
                },
                lambd,
            )
        clamp, clip = (cross_entropy(args[0], Y, floor) for floor in ("clamp", "clip"))
        want = [{"J": cost(*args)}, {"J": cost(*args) - clamp + clip}]
        label = f"m = {m}, λ = {lambd:g}, {np.dtype(dtype).name}"
        out.append(
            Case(
                label + ", AL with exact 0 and 1" * saturated,
                args,
                want,
                dtype,
                {"saturated": saturated, "m": m, "lambd": lambd},
            )
        )
    return out


def unpack(out):
    if isinstance(out, float):  # a Python float (np.float64 is one too)
        return {"J": float(out)}
    if np.ndim(out) == 0 or np.shape(out) == (1, 1):
        try:
            value = float(np.asarray(out).reshape(()))
        except (TypeError, ValueError):
            value = None
        if value is not None:
            what = describe(out) if isinstance(out, np.ndarray) else f"np.{type(out).__name__}"
            return {"J": Typed(value, what)}
    return f"cost should return one number, a Python float; yours returned {describe(out)}"


def check_cost(fn, *, strict=False):
    """Check a reader's cost(AL, Y, parameters=None, lambd=0.0) -> float; print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("AL", "Y", "parameters", "lambd"),
        unpack,
        MISTAKES,
        "m = 1 to 6, λ = 0 and λ > 0, AL with exact 0 and 1, float32 and float64, a Python float",
        cost,
        strict=strict,
    )
