"""check_sigmoid_backward, check_relu_backward: chapter 4's dZ = dA * g′(Z)."""

import numpy as np

from ..activations import (
    ActivationCache,
    relu,
    relu_backward,
    relu_prime,
    sigmoid,
    sigmoid_backward,
    sigmoid_prime,
)
from .engine import SATURATED, Case, Mistake, close, describe, fits, ran, run


def _dZ(f, square=False):
    """A signature: the reader's dZ is one of f(dA, Z) on every case."""

    def make(case):
        dA, Z = case.args[0], case.args[1].Z
        if square and Z.shape[0] != Z.shape[1]:
            return []
        return [{"dZ": v} for v in f(dA, Z)]

    return lambda results: fits(results, make)


def _saturated(results):
    """Right on the small cases, NaN or inf on a case with |Z| in the hundreds."""
    small = [r for i, r in ran(results) if not r.case.info["saturated"]]
    if not small or not all(close(r.got["dZ"], r.case.want[0]["dZ"], r.case.dtype) for r in small):
        return None
    hits = [
        i
        for i, r in enumerate(results)
        if r.case.info["saturated"]
        and isinstance(r.got, dict)
        and not np.isfinite(np.asarray(r.got["dZ"], dtype=float)).all()
    ]
    return (hits[0], "dZ") if hits else None


def _relu_below_zero(results):
    """Right where Z > 0 in every case, and not 0 somewhere Z < 0."""
    ok = [
        (i, r.case.args[1].Z, np.asarray(r.got["dZ"], dtype=float), r.case)
        for i, r in enumerate(results)
        if isinstance(r.got, dict)
    ]
    if ok and all(
        g.shape == Z.shape and close(np.where(Z > 0, g, 0), c.want[0]["dZ"], c.dtype)
        for i, Z, g, c in ok
    ):
        return next((i for i, Z, g, c in ok if np.any(g[Z < 0] != 0)), None)
    return None


BOTH = "sigmoid_backward, relu_backward"

WRITES_INTO_DA = Mistake(
    "writes-into-dA",
    BOTH,
    4,
    "Writing into the caller's dA",
    "The returned dZ is right but the caller's dA has changed: `dZ = dA` makes no copy, so "
    "`dZ[Z <= 0] = 0` or `dZ *= ...` writes into dA.",
    "your function changed the caller's dA in place: dZ = dA makes no copy, so dZ[...] = 0 or "
    "dZ *= ... writes into dA too; start from dZ = dA.copy(), or compute a new array",
)


def _prime(f, square=False):
    """A signature of either check: f(dA, g′(Z)), g′ the case's activation derivative."""

    def make(case):
        dA, Z = case.args[0], case.args[1].Z
        if square and Z.shape[0] != Z.shape[1]:
            return []
        return [{"dZ": f(dA, case.info["prime"](Z))}]

    return lambda results: fits(results, make)


COMMON = [
    Mistake(
        "forgot-dA",
        BOTH,
        4,
        "The chain rule's dA left out",
        "dZ equals g′(Z) whatever dA is: the derivative is returned without multiplying by the "
        "incoming gradient.",
        "your dZ does not depend on dA: the chain rule gives dZ = dA * g′(Z); multiply by dA",
        _prime(lambda dA, g: g),
    ),
    Mistake(
        "matmul-for-star",
        BOTH,
        4,
        "A matrix product where `*` is needed",
        "A `matmul`/`dot` shape error whenever Z is not square; for a square Z, dZ equals "
        "`dA @ g′(Z)`.",
        "dZ = dA * g′(Z) is element by element: use `*`, not `@` or np.dot",
        _prime(lambda dA, g: dA @ g, square=True),
    ),
]


SIGMOID = [
    Mistake(
        "sigmoid-squared",
        "sigmoid_backward",
        4,
        "σ′ written as σ(Z)·σ(Z)",
        "dZ equals dA·σ(Z)², not dA·σ(Z)·(1 − σ(Z)).",
        "σ′(Z) is σ(Z)·(1 − σ(Z)), not σ(Z)·σ(Z)",
        _dZ(lambda dA, Z: [dA * sigmoid(Z) ** 2]),
    ),
    Mistake(
        "sigmoid-a-for-z",
        "sigmoid_backward",
        4,
        "A instead of Z in the activation derivative",
        "dZ equals dA·Z·(1 − Z) (the formula A·(1 − A) applied to Z) or dA·σ′(σ(Z)) (σ′ "
        "applied to A): the cache holds Z, the layer's input, not its output A.",
        "A and Z are mixed up: σ′(Z) = A·(1 − A) with A = σ(Z); the cache holds Z, so compute "
        "A = sigmoid(Z) first, not Z·(1 − Z) or σ′(A)",
        _dZ(lambda dA, Z: [dA * Z * (1 - Z), dA * sigmoid_prime(sigmoid(Z))]),
    ),
    Mistake(
        "sigmoid-prime-sign",
        "sigmoid_backward",
        4,
        "σ′ with its sign flipped",
        "dZ is −dA·σ(Z)·(1 − σ(Z)): σ(Z)·(σ(Z) − 1), or a minus in front.",
        "your dZ has the wrong sign: σ′(Z) = σ(Z)·(1 − σ(Z)) is positive; σ(Z)·(σ(Z) − 1) or a "
        "leading minus flips it",
        _dZ(lambda dA, Z: [-dA * sigmoid_prime(Z)]),
    ),
    Mistake(
        "sigmoid-not-derivative",
        "sigmoid_backward",
        4,
        "σ where σ′ is needed",
        "dZ equals dA·σ(Z): the activation itself, not its derivative.",
        "your dZ multiplies dA by σ(Z), the activation, not by its derivative σ′(Z) = "
        "σ(Z)·(1 − σ(Z))",
        _dZ(lambda dA, Z: [dA * sigmoid(Z)]),
    ),
    *COMMON,
    SATURATED._replace(
        key="sigmoid-overflow", check="sigmoid_backward", chapter=4, signature=_saturated
    ),
]

RELU = [
    Mistake(
        "relu-at-zero",
        "relu_backward",
        4,
        "ReLU′ wrong at 0",
        "dZ is right except where Z is exactly 0, where it equals dA: `Z >= 0` where `Z > 0` "
        "is meant. ReLU has no derivative at 0; this book, like most libraries, takes 0.",
        "dZ is wrong only where Z is exactly 0: this book takes ReLU′(0) = 0, so use Z > 0, "
        "not Z >= 0",
        _dZ(lambda dA, Z: [dA * (Z >= 0)]),
    ),
    Mistake(
        "relu-mask-on-dA",
        "relu_backward",
        4,
        "The mask taken from dA",
        "dZ keeps dA where dA > 0: the mask tests the incoming gradient instead of Z.",
        "your mask tests dA, the incoming gradient: ReLU′ depends on Z, so keep dA where "
        "Z > 0 (np.where(Z > 0, dA, 0))",
        _dZ(lambda dA, Z: [np.maximum(dA, 0), dA * (dA > 0)]),
    ),
    Mistake(
        "relu-mask-inverted",
        "relu_backward",
        4,
        "The mask inverted",
        "dZ keeps dA where Z < 0 (or Z ≤ 0) and is 0 where Z > 0.",
        "your mask is inverted: keep dA where Z > 0 and put 0 where Z ≤ 0, not the opposite",
        _dZ(lambda dA, Z: [dA * (Z < 0), dA * (Z <= 0)]),
    ),
    Mistake(
        "relu-times-z",
        "relu_backward",
        4,
        "Multiplied by ReLU(Z) or Z",
        "dZ equals dA·max(Z, 0) or dA·Z: the activation (or its input), not its derivative, "
        "which is 1 where Z > 0.",
        "your dZ multiplies dA by ReLU(Z) (or Z): ReLU′(Z) is 1 where Z > 0 and 0 elsewhere, "
        "so dZ = dA where Z > 0, else 0",
        _dZ(lambda dA, Z: [dA * relu(Z), dA * Z]),
    ),
    Mistake(
        "relu-below-zero",
        "relu_backward",
        4,
        "ReLU′ wrong below 0",
        "dZ is right where Z > 0 but not 0 where Z < 0: the mask is missing (`dZ = dA`).",
        "dZ must be 0 where Z < 0, where ReLU is flat: keep dA only where Z > 0",
        _relu_below_zero,
    ),
    *COMMON,
]


def cases(reference, prime):
    rng = np.random.default_rng(4)
    out = []
    for n, m, dtype in [
        (3, 4, np.float64),
        (3, 4, np.float32),
        (1, 1, np.float64),
        (4, 4, np.float64),
        (2, 1, np.float32),
        (5, 3, np.float32),
        (3, 3, np.float32),
        (2, 4, np.float32),
        (2, 4, np.float64),
    ]:
        saturated = len(out) >= 7
        Z = 3 * rng.standard_normal((n, m))
        Z[rng.random((n, m)) < 0.25] = 0.0  # exact zeros, where ReLU has no derivative
        if saturated:  # |Z| in the hundreds, both signs: exp(-Z) overflows
            Z = np.array([[-800.0, -150.0, 120.0, 0.5], [710.0, -90.0, 300.0, -2.0]])
        Z, dA = Z.astype(dtype), rng.standard_normal((n, m)).astype(dtype)
        cache = ActivationCache(Z)
        label = f"Z {Z.shape}, {Z.dtype}" + ", |Z| in the hundreds" * saturated
        out.append(
            Case(
                label,
                (dA, cache),
                [{"dZ": reference(dA, cache)}],
                dtype,
                {"saturated": saturated, "prime": prime},
            )
        )
    return out


def _unpack(name):
    def unpack(out):
        if isinstance(out, np.ndarray) and out.dtype.kind in "biuf":
            return {"dZ": out}
        return f"{name} should return dZ, an array of numbers; yours returned {describe(out)}"

    return unpack


SUMMARY = (
    "m = 1 to 4, square and non-square, Z with exact zeros, |Z| in the hundreds, "
    "float32 and float64"
)


def check_sigmoid_backward(fn, *, strict=False):
    """Check a reader's sigmoid_backward(dA, cache) -> dZ; print a verdict."""
    return run(
        "sigmoid_backward",
        fn,
        cases(sigmoid_backward, sigmoid_prime),
        ("dA", "cache"),
        _unpack("sigmoid_backward"),
        SIGMOID,
        SUMMARY,
        sigmoid_backward,
        mutation=("dA", WRITES_INTO_DA),
        strict=strict,
    )


def check_relu_backward(fn, *, strict=False):
    """Check a reader's relu_backward(dA, cache) -> dZ; print a verdict."""
    return run(
        "relu_backward",
        fn,
        cases(relu_backward, relu_prime),
        ("dA", "cache"),
        _unpack("relu_backward"),
        RELU,
        SUMMARY,
        relu_backward,
        mutation=("dA", WRITES_INTO_DA),
        strict=strict,
    )
