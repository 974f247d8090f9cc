"""check_linear_backward: chapter 5's linear_backward(dZ, cache) -> (dA_prev, dW, db)."""

import numpy as np

from ..linear import LinearCache, linear_backward
from .engine import Case, Mistake, describe, first, run, variant

NAME = "linear_backward"


def _wrong(out, f):  # f(the right output, dZ, W, m) -> the wrong versions of it
    return lambda c: [
        {out: v} for v in f(c.want[0][out], c.args[0], c.args[1].W, c.args[0].shape[1])
    ]


def _broadcast_error(results):
    return first(
        results, lambda c, g: isinstance(g, ValueError) and "could not be broadcast" in str(g)
    )


def _square(a):
    return a.shape[0] == a.shape[1]


MISTAKES = [
    Mistake(
        "missing-1-over-m",
        NAME,
        5,
        "Missing 1/m",
        "dW or db is m times the right value: right for m = 1, wrong by a factor of m for "
        "m ≥ 2. The cost is a mean over the examples, so its gradients are too.",
        "{out} is m times too large: did you forget the 1/m?",
        lambda results: (
            variant(_wrong("dW", lambda dW, dZ, W, m: [m * dW]), ["dW"], "dW")(results)
            or variant(_wrong("db", lambda db, dZ, W, m: [m * db]), ["db"], "db")(results)
        ),
    ),
    Mistake(
        "dA-prev-over-m",
        NAME,
        5,
        "An extra 1/m in dA_prev",
        "dA_prev is 1/m times the right value: dA_prev = Wᵀ·dZ has no 1/m (dZ is m·∂J/∂Z, "
        "so the 1/m appears only in dW and db).",
        "your dA_prev is divided by m: dA_prev = Wᵀ·dZ has no 1/m; only dW and db are "
        "averaged over the examples",
        variant(_wrong("dA_prev", lambda d, dZ, W, m: [d / m]), ["dA_prev"]),
    ),
    Mistake(
        "dw-transposed",
        NAME,
        5,
        "dW transposed",
        "dW has the shape of Wᵀ, (n_{l−1}, n_l), and is the right dW transposed: "
        "`A_prev @ dZ.T` instead of `dZ @ A_prev.T`.",
        "your dW is the transpose of the right one: dW = dZ·A_prevᵀ/m has the shape of W, "
        "(n_l, n_{l−1})",
        variant(_wrong("dW", lambda dW, dZ, W, m: [dW.T]), ["dW"]),
    ),
    Mistake(
        "w-not-transposed",
        NAME,
        5,
        "W instead of Wᵀ in dA_prev",
        "A matmul shape error whenever the layer is not square; on a square layer dA_prev "
        "equals `W @ dZ`.",
        "dA_prev = Wᵀ·dZ: you used W where its transpose W.T is needed",
        variant(_wrong("dA_prev", lambda d, dZ, W, m: [W @ dZ] if _square(W) else []), ["dA_prev"]),
    ),
    Mistake(
        "db-wrong-axis",
        NAME,
        5,
        "db summed over the wrong axis",
        "db has shape (1, m) or is one number: dZ was summed down each column (axis=0) or over "
        "everything, not along each row (over the examples, axis=1).",
        "db sums dZ over the wrong axis: sum over the examples, along each row (axis=1), one "
        "total per unit",
        variant(
            _wrong(
                "db",
                lambda db, dZ, W, m: [
                    dZ.sum(axis=0, keepdims=True) / m,
                    dZ.sum(axis=0) / m,
                    dZ.sum() / m,
                    dZ.sum(keepdims=True) / m,
                ],
            ),
            ["db"],
        ),
    ),
    Mistake(
        "db-no-keepdims",
        NAME,
        5,
        "db without keepdims",
        "db holds the right numbers but has shape (n_l,), or is repeated to (n_l, m). "
        "`np.sum(dZ, axis=1)` drops the axis, and then `b - α·db` broadcasts (n_l, 1) against "
        "(n_l,) into an (n_l, n_l) matrix.",
        "db has the right numbers but not the shape (n_l, 1): use np.sum(dZ, axis=1, "
        "keepdims=True)",
        variant(
            _wrong("db", lambda db, dZ, W, m: [db[:, 0], np.broadcast_to(db, dZ.shape)]), ["db"]
        ),
    ),
    Mistake(
        "db-mean-over-m",
        NAME,
        5,
        "np.mean and then /m",
        "db is 1/m times the right value: `np.mean` already divides by m.",
        "your db is divided by m twice: np.mean(dZ, axis=1, keepdims=True) already is "
        "the sum over the examples divided by m",
        variant(_wrong("db", lambda db, dZ, W, m: [db / m]), ["db"]),
    ),
    Mistake(
        "star-for-matmul",
        NAME,
        5,
        "`*` where a matrix product is needed",
        "Right for m = 1, where `dZ * A_prev.T` happens to be the outer product; for m ≥ 2 a "
        "ValueError, “operands could not be broadcast together”.",
        "`*` multiplies element by element, but dW = dZ·A_prevᵀ/m and dA_prev = Wᵀ·dZ are "
        "matrix products: use `@` (or np.dot)",
        _broadcast_error,
    ),
]


def cases():
    rng = np.random.default_rng(5)
    out = []
    for n_l, n_prev, m, dtype in [
        (3, 5, 4, np.float64),
        (3, 5, 4, np.float32),
        (2, 3, 1, np.float64),
        (1, 4, 1, np.float32),
        (4, 4, 3, np.float64),
        (3, 3, 2, np.float32),
        (4, 2, 5, np.float32),
        (1, 3, 5, np.float64),
    ]:
        A_prev, W, b, dZ = (
            rng.standard_normal(shape).astype(dtype)
            for shape in [(n_prev, m), (n_l, n_prev), (n_l, 1), (n_l, m)]
        )
        cache = LinearCache(A_prev, W, b)
        want = dict(zip(("dA_prev", "dW", "db"), linear_backward(dZ, cache)))
        out.append(
            Case(
                f"W {W.shape}, m = {m}, {W.dtype}",
                (dZ, cache),
                [want],
                dtype,
                {"m": m, "dims": {"n_l = dZ.shape[0]": n_l, "n_{l-1} = A_prev.shape[0]": n_prev}},
            )
        )
    return out


def unpack(out):
    if isinstance(out, (tuple, list)) and len(out) == 3:
        return dict(zip(("dA_prev", "dW", "db"), out))
    return f"linear_backward should return (dA_prev, dW, db); yours returned {describe(out)}"


def check_linear_backward(fn, *, strict=False):
    """Check a reader's linear_backward(dZ, cache) -> (dA_prev, dW, db); print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("dZ", "cache"),
        unpack,
        MISTAKES,
        "m = 1 to 5, square and non-square layers, float32 and float64",
        linear_backward,
        strict=strict,
    )
