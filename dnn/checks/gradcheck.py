"""check_numerical_gradient: chapter 8's numerical_gradient(f, x, h) -> array of x's shape.

Steps h are powers of 2 and x holds multiples of 2^-6, so that x ± h is exact and every way of
writing the central difference agrees to the last bit.
"""

import copy

import numpy as np

from ..cost import cost
from ..gradcheck import numerical_gradient
from ..network import forward
from .engine import Case, Mistake, close, describe, finite, first, fits, ran, right, run, same

NAME = "numerical_gradient"
_NO_ARGUMENT = "f() takes no argument: it reads x, the array being perturbed"


class Objective:
    """f() for numerical_gradient: formula(x, *data), reading x when called.

    The reader's function gets a deep copy of (f, x, h), in which f reads the copy of x.
    f records, call by call, whether x differed from its value at the start."""

    def __init__(self, formula, x, *data):
        self.formula, self.x, self.data = formula, x, data
        self.start, self.moved = x.copy(), []

    def __call__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(_NO_ARGUMENT)
        self.moved.append(not np.array_equal(self.x, self.start))
        return self.formula(self.x, *self.data)


def _wavy(x, C, D):
    """Σ C·sin(x) + D·x²: f‴ ≠ 0, so the step h shows in a central difference."""
    return float(np.sum(C * np.sin(x) + D * x * x))


def _network_cost(x, key, X, Y, parameters, lambd):
    """The cost of a network whose parameter `key` is x."""
    parameters = {**parameters, key: x}
    return cost(forward(X, parameters)[0], Y, parameters, lambd)


def _dyadic(rng, shape, dtype, scale=1.0):
    """Normal numbers rounded to multiples of 2^-6: x ± h is exact for h = 2^-k."""
    return (np.round(64 * scale * rng.standard_normal(shape)) / 64).astype(dtype)


def _differences(case):
    """f(x), and every entry's f(x + h·e_i) and f(x − h·e_i), by dnn's own loop."""
    f, x, h = copy.deepcopy(case.args)
    values = []

    def record():
        values.append(f())
        return values[-1]

    f0 = f()
    numerical_gradient(record, x, h)
    plus = np.array(values[0::2]).reshape(x.shape)
    minus = np.array(values[1::2]).reshape(x.shape)
    return f0, plus, minus, h, x.dtype


def _one_sided(c):
    f0, plus, minus, h, dtype = _differences(c)
    return [{"grad": ((plus - f0) / h).astype(dtype)}, {"grad": ((f0 - minus) / h).astype(dtype)}]


def _all_at_once(c):
    f, x, h = copy.deepcopy(c.args)
    old = x.copy()
    x += h
    plus = f()
    x[...] = old - h
    d = (plus - f()) / (2 * h)
    return [{"grad": np.asarray(d)}, {"grad": np.full(x.shape, d, dtype=x.dtype)}]


def _by_rows(c):
    """Each row of x moved at once (for i in range(x.shape[0]): x[i] += h)."""
    f, x, h = copy.deepcopy(c.args)
    if x.ndim < 2:  # a row is an entry
        return [c.want[0]]
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        old = x[i].copy()
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return [{"grad": grad}]


def _h_ignored(results):  # the two cases that differ only in h give the same result
    (i, ri), (_, rj) = [(k, r) for k, r in enumerate(results) if r.case.info["pair"] == "wavy"]
    gi, gj = ri.got, rj.got
    if not (isinstance(gi, dict) and isinstance(gj, dict) and finite(gi) and finite(gj)):
        return None
    g, small = np.asarray(gi["grad"], dtype=float), rj.case.want[0]["grad"]  # small: h = 2^-17
    near = g.shape == small.shape and np.linalg.norm(g - small) <= 1e-3 * np.linalg.norm(small)
    return i if near and same(gi, gj, ri.case.dtype) and not right(ri.case, gi) else None


def _first_entry_only(results):
    def fits_(c, g):
        w, g = c.want[0]["grad"], np.asarray(g["grad"], dtype=float)
        if g.size == 1:
            return close(g.reshape(()), w.flat[0], c.dtype)
        return (
            g.shape == w.shape and close(g.flat[0], w.flat[0], c.dtype) and not np.any(g.flat[1:])
        )

    ok = ran(results)
    if ok and all(fits_(r.case, r.got) for i, r in ok):
        return next((i for i, r in ok if r.case.want[0]["grad"].size > 1), None)
    return None


def _calls_f_with_x(results):
    return first(results, lambda c, g: isinstance(g, TypeError) and _NO_ARGUMENT in str(g))


def _perturbs_a_copy(results):
    """f was called, but x never moved while it was: the copy was perturbed, not x."""
    hits = [
        i
        for i, r in enumerate(results)
        if isinstance(r.got, dict) and r.args[0].moved and not any(r.args[0].moved)
    ]
    return hits[0] if len(hits) == len(results) else None


NOT_RESTORED = Mistake(
    "numgrad-not-restored",
    NAME,
    8,
    "x not restored",
    "x is not what it was after the call: an entry was left at x_i + h or x_i − h, so every "
    "later f() reads a wrong x, and so does the caller (in a gradient check, the network's "
    "parameters have moved).",
    "your function left x changed: save the entry, old = x[i], and after the two evaluations "
    "put it back exactly, x[i] = old",
)

MISTAKES = [
    Mistake(
        "numgrad-f-with-argument",
        NAME,
        8,
        "f called with an argument",
        "A TypeError from f: f takes no argument and reads x itself, so `f(x)` (cs231n's "
        "convention) fails.",
        "f takes no argument: call f(), which reads x, the array you perturb in place",
        _calls_f_with_x,
    ),
    Mistake(
        "numgrad-perturbs-copy",
        NAME,
        8,
        "A copy of x perturbed",
        "Every entry is 0: f() was called, but x itself never moved (the step went into a "
        "copy, `xp = x.copy(); xp[i] += h`), and f reads x.",
        "your function perturbs a copy of x, but f() reads x itself: change x[i] in place, "
        "call f(), and put x[i] back",
        _perturbs_a_copy,
    ),
    Mistake(
        "numgrad-one-sided",
        NAME,
        8,
        "A one-sided difference",
        "The result is (f(x + h) − f(x)) / h, or (f(x) − f(x − h)) / h: its error is of order "
        "h, not h², and a large step shows it.",
        "your quotient is one-sided: use the central difference (f(x + h·e_i) − f(x − h·e_i)) / 2h",
        lambda results: fits(results, _one_sided),
    ),
    Mistake(
        "numgrad-h-not-2h",
        NAME,
        8,
        "Divided by h, not 2h",
        "Every entry is exactly twice the right one.",
        "your gradient is twice the right one: f(x + h·e_i) and f(x − h·e_i) are 2h apart, so "
        "divide their difference by 2h",
        lambda results: fits(results, lambda c: {"grad": 2 * c.want[0]["grad"]}),
    ),
    Mistake(
        "numgrad-h-ignored",
        NAME,
        8,
        "The step h ignored",
        "Two calls that differ only in h give the same result: the step is a fixed number "
        "(often 1e-5), not the argument h.",
        "your result does not depend on h: step by the h passed in, not by a fixed number",
        _h_ignored,
    ),
    Mistake(
        "numgrad-first-entry-only",
        NAME,
        8,
        "Only the first entry",
        "The first entry is right and every other is 0, or a single number comes back: "
        "`return` sits inside the loop, or the loop covers one entry.",
        "only your first entry is computed: loop over every index of x (np.ndindex(x.shape)) "
        "and return the whole array after the loop",
        _first_entry_only,
    ),
    Mistake(
        "numgrad-rows",
        NAME,
        8,
        "A whole row moved at once",
        "For a 2-D x, each row's entries share one number: `x[i] += h` with one index moves "
        "the whole row.",
        "you moved a whole row of x at once: x[i] with one index is a row of a 2-D x; move one "
        "entry at a time, for i in np.ndindex(x.shape)",
        lambda results: fits(results, _by_rows),
    ),
    Mistake(
        "numgrad-all-at-once",
        NAME,
        8,
        "All of x moved at once",
        "Every entry, or the single number returned, is (f(x + h) − f(x − h)) / 2h with the "
        "whole array moved, `x += h`: the sum of the partial derivatives, not one of them.",
        "you moved all of x at once: move one entry at a time, x[i] = old + h, so that each "
        "quotient is one partial derivative",
        lambda results: fits(results, _all_at_once),
    ),
]


def cases():
    rng = np.random.default_rng(8)
    out = []

    def wavy(shape, dtype, h, pair=None, f=None):
        if f is None:
            C, D = (
                rng.uniform(0.5, 2.0, shape).astype(dtype),
                rng.standard_normal(shape).astype(dtype),
            )
            f = Objective(_wavy, _dyadic(rng, shape, dtype), C, D)
        f = copy.deepcopy(f)
        out.append(
            Case(
                f"f = Σ C·sin(x) + D·x², x {shape}, h = {h:.3g}, {np.dtype(dtype).name}",
                (f, f.x, h),
                [{"grad": numerical_gradient(f, f.x, h)}],
                dtype,
                {"pair": pair},
            )
        )
        f.moved.clear()
        return f

    def network(dims, m, key, dtype, h):
        params = {}
        for l in range(1, len(dims)):
            params[f"W{l}"] = _dyadic(rng, (dims[l], dims[l - 1]), dtype, 1 / np.sqrt(dims[l - 1]))
            params[f"b{l}"] = _dyadic(rng, (dims[l], 1), dtype, 0.5)
        X = rng.standard_normal((dims[0], m)).astype(dtype)
        Y = (np.arange(m) % 2).reshape(1, m)
        x = params.pop(key)
        f = Objective(_network_cost, x, key, X, Y, params, 0.7)
        out.append(
            Case(
                f"the cost of a {dims} network, m = {m}, λ = 0.7, as a function of "
                f"{key} {x.shape}, h = {h:.3g}, {np.dtype(dtype).name}",
                (f, x, h),
                [{"grad": numerical_gradient(f, x, h)}],
                dtype,
                {"pair": None},
            )
        )
        f.moved.clear()

    f = wavy((3, 2), np.float64, 2.0**-4, pair="wavy")
    wavy((3, 2), np.float64, 2.0**-17, pair="wavy", f=f)  # the same f and x, another h
    wavy((2, 3), np.float32, 2.0**-7)
    wavy((5,), np.float64, 2.0**-10)
    wavy((1, 1), np.float64, 2.0**-12)
    network([4, 3, 2, 1], 5, "W2", np.float64, 2.0**-14)
    network([4, 3, 2, 1], 1, "b1", np.float64, 2.0**-6)
    network([3, 4, 2, 1], 3, "W1", np.float32, 2.0**-7)
    return out


def unpack(out):
    if isinstance(out, np.ndarray) and out.dtype.kind in "biuf":
        return {"grad": out}
    if isinstance(out, (int, float, np.number)) and not isinstance(out, bool):
        return {"grad": np.asarray(out)}
    return f"numerical_gradient should return an array of x's shape; yours returned {describe(out)}"


def check_numerical_gradient(fn, *, strict=False):
    """Check a reader's numerical_gradient(f, x, h) -> array of x's shape; print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("f", "x", "h"),
        unpack,
        MISTAKES,
        "x of 1 to 12 entries, 1-D and 2-D, steps h from 7.6e-06 to 0.0625, a smooth "
        "function and a network's cost, float32 and float64",
        numerical_gradient,
        mutation=("x", NOT_RESTORED),
        strict=strict,
    )
