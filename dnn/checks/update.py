"""check_update_parameters: chapter 7's update_parameters(parameters, grads, learning_rate)."""

import numpy as np

from ..network import initialize_parameters
from ..update import update_parameters
from .engine import Case, Mistake, describe, fits, key_error_past_L, ran, run, same

NAME = "update_parameters"


def _step(f, which=None, rest=lambda p, g, a: p):
    """A signature: every parameter (or those `which` picks) is f(p, dp, α), the others
    rest(p, dp, α)."""

    def make(c):
        params, grads, alpha = c.args
        return {
            k: (f if which is None or which(k) else rest)(p, grads["d" + k], alpha)
            for k, p in params.items()
        }

    return lambda results: fits(results, make)


def _skipped(results):  # layer L left as it was, or left out
    def make(c):
        last = (f"W{c.info['L']}", f"b{c.info['L']}")
        kept = {k: (c.args[0][k] if k in last else v) for k, v in c.want[0].items()}
        return [kept, {k: v for k, v in kept.items() if k not in last}]

    return fits(results, make)


def _lr_upcast(results):
    """Right values; float64 out only where the learning rate is a NumPy float64."""
    hits = [
        i
        for i, r in ran(results)
        if r.case.info["np_alpha"]
        and r.case.dtype == np.float32
        and any(getattr(v, "dtype", None) == np.float64 for v in r.got.values())
        and same(r.got, r.case.want[0], r.case.dtype)
    ]
    others = [r for i, r in ran(results) if not r.case.info["np_alpha"]]
    clean = all(
        all(getattr(v, "dtype", None) == r.case.dtype for v in r.got.values()) for r in others
    )
    return hits[0] if hits and clean else None


def _wrong_layer(results):
    def make(c, keys):
        params, grads, alpha = c.args
        out = {}
        for k, p in params.items():
            nxt = f"d{k[0]}{int(k[1:]) + 1}"
            moved = k[0] in keys and nxt in grads and grads[nxt].shape == p.shape
            out[k] = p - alpha * (grads[nxt] if moved else grads["d" + k])
        return out

    return fits(results, lambda c: [make(c, "W"), make(c, "Wb")])

    return fits(results, make)


MUTATES = Mistake(
    "mutates-parameters",
    NAME,
    7,
    "Changing the caller's parameters",
    "The returned values are right but the dict passed in has changed: `parameters[key] -= "
    "...` writes into the caller's arrays, `parameters[key] = ...` replaces the caller's "
    "entries.",
    "you changed the caller's parameters: build and return a new dict, {key: parameters[key] - "
    "learning_rate * grads['d' + key]}, and leave the input as it was",
)

MISTAKES = [
    Mistake(
        "update-sign",
        NAME,
        7,
        "Stepping uphill",
        "θ + α·dθ: every parameter moves by the right amount in the wrong direction, and "
        "training makes the cost grow.",
        "your step goes uphill: gradient descent subtracts, θ − α·dθ",
        _step(lambda p, g, a: p + a * g),
    ),
    Mistake(
        "lr-ignored",
        NAME,
        7,
        "The learning rate left out",
        "θ − dθ: right only for α = 1, which is why the checks use learning rates other than 1.",
        "your step ignores the learning rate: θ − α·dθ, with α = learning_rate",
        _step(lambda p, g, a: p - g),
    ),
    Mistake(
        "b-lr-divided",
        NAME,
        7,
        "b updated with dθ/α",
        "The W's are right, every b is b − db/α: the learning rate divides instead of multiplying.",
        "your b update divides by the learning rate: b − α·db, with α multiplying, like W's",
        _step(
            lambda p, g, a: p - g / a,
            which=lambda k: k.startswith("b"),
            rest=lambda p, g, a: p - a * g,
        ),
    ),
    Mistake(
        "b-not-updated",
        NAME,
        7,
        "b left as it was",
        "The W's are right, every b is unchanged.",
        "your update leaves every b unchanged: the biases take a step too, b − α·db",
        _step(lambda p, g, a: p - a * g, which=lambda k: k.startswith("W")),
    ),
    Mistake(
        "last-layer-skipped",
        NAME,
        7,
        "The last layer not updated",
        "W_L and b_L unchanged (or missing) while every other layer is right: a loop over "
        "`range(1, L)` stops one layer early.",
        "your update skips the last layer: loop over l = 1, …, L, which is range(1, L + 1)",
        _skipped,
    ),
    Mistake(
        "update-L-count",
        NAME,
        7,
        "L counted as len(parameters) in the update",
        "A KeyError for W{L+1}: `parameters` holds a W and a b for each layer, so "
        "`L = len(parameters)` counts every layer twice.",
        "your update counts every layer twice: parameters has two entries per layer, W{l} and "
        "b{l}, so L = len(parameters) // 2",
        lambda results: key_error_past_L(results, ("W", "dW")),
    ),
    Mistake(
        "update-wrong-layer",
        NAME,
        7,
        "The next layer's gradient",
        "W_l moves by layer l + 1's gradient where the shapes allow it: an index off by one.",
        "your update uses layer l + 1's gradient for W_l: parameters['W{l}'] takes "
        "grads['dW{l}'], the same l",
        _wrong_layer,
    ),
    Mistake(
        "lr-upcast",
        NAME,
        7,
        "A NumPy float64 learning rate upcasts float32",
        "Right values, but float32 parameters come back float64 when the learning rate is a "
        "NumPy float64 (float32 array times np.float64 scalar is float64 in NumPy 2).",
        "your float32 parameters come back float64 when learning_rate is a NumPy float64: "
        "convert it first, learning_rate = float(learning_rate), or cast each result to "
        "p.dtype",
        _lr_upcast,
    ),
]


def cases():
    rng = np.random.default_rng(7)
    out = []
    for dims, dtype, alpha in [
        ([4, 3, 2, 1], np.float64, 0.3),
        ([4, 3, 2, 1], np.float32, 0.05),
        ([3, 5, 1], np.float64, 1.2),
        ([5, 4, 3, 2, 1], np.float32, 0.01),
        ([3, 3, 3, 1], np.float64, 0.2),
        ([4, 3, 2, 1], np.float32, np.float64(0.05)),
    ]:
        shapes = {k: v.shape for k, v in initialize_parameters(dims).items()}
        params = {k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}
        grads = {"d" + k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}
        grads.update(
            {
                f"dA{l}": rng.standard_normal((n, 3)).astype(dtype)  # as backward gives
                for l, n in enumerate(dims[:-1])
            }
        )
        np_alpha = isinstance(alpha, np.floating)
        label = (
            f"layers {dims}, α = {'np.float64(' * np_alpha}{alpha:g}{')' * np_alpha}, "
            f"{np.dtype(dtype).name}"
        )
        out.append(
            Case(
                label,
                (params, grads, alpha),
                [update_parameters(params, grads, alpha)],
                dtype,
                {"L": len(dims) - 1, "alpha": float(alpha), "np_alpha": np_alpha},
            )
        )
    return out


def unpack(out):
    return (
        dict(out)
        if isinstance(out, dict)
        else (
            f"update_parameters should return a dict of parameters; yours returned {describe(out)}"
        )
    )


def check_update_parameters(fn, *, strict=False):
    """Check a reader's update_parameters(parameters, grads, learning_rate); print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("parameters", "grads", "learning_rate"),
        unpack,
        MISTAKES,
        "L = 2 to 4, learning rates 0.01 to 1.2 (one a NumPy float64), float32 and float64",
        update_parameters,
        mutation=("parameters", MUTATES),
        strict=strict,
    )
