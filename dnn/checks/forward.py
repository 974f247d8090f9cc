"""check_forward: chapter 2's forward(X, parameters) -> (AL, caches)."""

import numpy as np

from ..activations import ActivationCache
from ..linear import LinearCache
from ..network import forward
from .engine import SATURATED, Case, Mistake, describe, fits, key_error_past_L, ran, run
from .reference import flat, network_forward

NAME = "forward"


def _layers(which, activations, **switches):
    """A wrong forward: which(L) -> layer numbers, activations(L) -> one activation each."""

    def make(case):
        L = case.info["L"]
        return network_forward(*case.args, which(L), activations(L), **switches)

    return make


def _relu_then(last):
    return lambda L: ["relu"] * (L - 1) + [last]


def _all(L):
    return range(1, L + 1)


def _variant(f):
    def signature(results):
        return fits(results, f)

    return signature


def _overflow(results):
    """Right on every case but the saturated ones, where AL has NaN or inf."""
    bad = [
        i
        for i, r in enumerate(results)
        if r.case.info["saturated"]
        and isinstance(r.got, dict)
        and not np.isfinite(np.asarray(r.got["AL"], dtype=float)).all()
    ]
    ok = [i for i, r in ran(results) if not r.case.info["saturated"]]
    return (bad[0], "AL") if bad and ok else None


CACHE_ORDER = Mistake(
    "forward-cache-order",
    NAME,
    2,
    "The caches in the wrong order",
    "AL is right, but caches[0] is not layer 1's pair: the list runs from layer L down "
    "(`caches.insert(0, cache)`), or each pair is (ActivationCache, LinearCache).",
    "your caches are out of order: caches[l-1] must be layer l's pair (LinearCache, "
    "ActivationCache), appended in order from layer 1 to layer L",
    _variant(lambda c: flat(c.info["AL"], c.info["caches"][::-1])),
)
NO_ACTIVATION_CACHE = Mistake(
    "forward-no-activation-cache",
    NAME,
    2,
    "The ActivationCache left out",
    "AL is right, but each entry of caches is a LinearCache alone: the Z that back propagation "
    "needs for g′(Z) is lost.",
    "your caches hold only the LinearCache: each entry must be the pair (LinearCache, "
    "ActivationCache(Z)) that linear_forward_activation returns, since backward needs Z for "
    "g′(Z)",
)
SWAPPED = Mistake(
    "forward-swapped-returns",
    NAME,
    2,
    "(caches, AL) instead of (AL, caches)",
    "The function returns a list first and an array second.",
    "your function returns (caches, AL): return them in the order (AL, caches)",
)

MISTAKES = [
    Mistake(
        "forward-sigmoid-everywhere",
        NAME,
        2,
        "Sigmoid in every layer",
        "Z of layer 1 is right, every later Z and AL are not: the hidden layers apply σ instead "
        "of ReLU, so no hidden activation is ever 0, and each is below 1.",
        'your hidden layers apply the sigmoid: layers 1 to L − 1 use "relu", and only the '
        'output layer L uses "sigmoid"',
        _variant(_layers(_all, lambda L: ["sigmoid"] * L)),
    ),
    Mistake(
        "forward-relu-output",
        NAME,
        2,
        "ReLU on the output layer",
        "Every cache is right, but AL is ReLU(Z_L) instead of σ(Z_L): it can hold exact zeros "
        "and values above 1, so it is not a probability in (0, 1).",
        'your output layer applies ReLU: AL = σ(Z_L), so layer L uses "sigmoid" and AL lies '
        "in (0, 1)",
        _variant(_layers(_all, lambda L: ["relu"] * L)),
    ),
    CACHE_ORDER,
    NO_ACTIVATION_CACHE,
    SWAPPED,
    Mistake(
        "forward-skips-last-layer",
        NAME,
        2,
        "The loop stops one layer early",
        "L − 1 caches instead of L, and AL is A_{L−1}, of shape (n_{L−1}, m), or σ of Z_{L−1}: "
        "a loop over `range(1, L)` never reaches the output layer.",
        "your loop stops one layer early: forward runs layers l = 1, …, L, range(1, L + 1), "
        "with the sigmoid on layer L",
        _variant(
            lambda c: [
                v
                for last in ("relu", "sigmoid")
                for v in _layers(lambda L: range(1, L), lambda L: _relu_then(last)(L - 1))(c)
            ]
        ),
    ),
    Mistake(
        "forward-skips-first-layer",
        NAME,
        2,
        "The loop starts at layer 2",
        "L − 1 caches, the first holding W2: `range(2, L + 1)` feeds X to W2. That is a shape "
        "error unless n_0 = n_1, which is why the check includes such a network.",
        "your loop skips layer 1: start from A = X and run l = 1, …, L, so that X meets W1 first",
        _variant(_layers(lambda L: range(2, L + 1), lambda L: _relu_then("sigmoid")(L - 1))),
    ),
    Mistake(
        "forward-L-count",
        NAME,
        2,
        "L counted as len(parameters)",
        "A KeyError for W{L+1} (W4 for a network of 3 layers): `parameters` holds a W and a b "
        "for each layer, 2L entries in all, so `L = len(parameters)` counts every layer twice.",
        "your L is twice the number of layers: parameters holds W{l} and b{l} for each layer, so "
        "L = len(parameters) // 2",
        lambda results: key_error_past_L(results, ("W", "b")),
    ),
    Mistake(
        "forward-no-bias",
        NAME,
        2,
        "The bias left out",
        "Every Z is W·A_prev without b: visible because the checks use non-zero biases.",
        "your Z leaves out the bias: Z = W·A_prev + b, with b of shape (n_l, 1) broadcast over "
        "the examples",
        _variant(_layers(_all, _relu_then("sigmoid"), bias=False)),
    ),
    Mistake(
        "forward-caches-A",
        NAME,
        2,
        "A stored where the cache needs Z",
        "AL is right, but each ActivationCache holds the layer's output A, not its input Z.",
        "your ActivationCache holds A, the layer's output: it must hold Z = W·A_prev + b, the "
        "input of the activation, since backward needs g′(Z)",
        _variant(_layers(_all, _relu_then("sigmoid"), store="A")),
    ),
    SATURATED._replace(
        key="forward-sigmoid-overflow",
        check=NAME,
        chapter=2,
        title="A sigmoid that overflows",
        spot="Right for small inputs, NaN or inf in AL once |Z_L| reaches the hundreds: "
        "`np.exp(Z) / (1 + np.exp(Z))` is inf/inf for Z > 88 in float32 (709 in float64).",
        says="your AL is NaN or inf where |Z_L| is in the hundreds: your sigmoid overflows "
        "there (np.exp(Z) is inf). Use dnn.sigmoid, or linear_forward_activation, which are "
        "stable for any Z",
        signature=_overflow,
    ),
]


def cases():
    rng = np.random.default_rng(2)
    out = []
    for dims, m, dtype, saturated in [
        ([5, 4, 3, 1], 4, np.float64, False),
        ([5, 4, 3, 1], 4, np.float32, False),
        ([3, 6, 2, 1], 1, np.float64, False),
        ([4, 4, 3, 2, 1], 3, np.float32, False),
        ([2, 5, 1], 5, np.float64, False),
        ([6, 6, 4, 3, 1], 2, np.float64, False),
        ([3, 2, 4, 1], 1, np.float32, False),
        ([4, 3, 2, 1], 6, np.float32, True),
        ([4, 3, 2, 1], 6, np.float64, True),
    ]:
        params = {}
        for l in range(1, len(dims)):  # non-zero biases: a bias added to the wrong layer shows
            params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
            params[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        X = rng.standard_normal((dims[0], m))
        label = f"layers {dims}, m = {m}, {np.dtype(dtype).name}"
        if saturated:  # Z_L in the hundreds, both signs: a naive σ gives NaN
            L = len(dims) - 1
            for l in range(1, L):  # every hidden unit active, so Z_L varies
                params[f"b{l}"] = np.abs(params[f"b{l}"]) + 2.0
            A = forward(X, params)[1][L - 1][0].A_prev
            u = params[f"W{L}"] @ A
            params[f"W{L}"] *= 800 / np.abs(u).max()
            params[f"b{L}"] = -800 / np.abs(u).max() * np.median(u, axis=1, keepdims=True)
            label += ", |Z_L| in the hundreds"
        params = {k: v.astype(dtype) for k, v in params.items()}
        X = X.astype(dtype)
        AL, caches = forward(X, params)
        out.append(
            Case(
                label,
                (X, params),
                [flat(AL, caches)],
                dtype,
                {"L": len(dims) - 1, "AL": AL, "caches": caches, "saturated": saturated, "m": m},
            )
        )
    return out


def unpack(out):
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        return f"forward should return (AL, caches); yours returned {describe(out)}"
    AL, caches = out
    if isinstance(AL, (list, tuple)) and isinstance(caches, np.ndarray):
        return SWAPPED
    if not isinstance(caches, (list, tuple)):
        return (
            "caches should be a list, caches[l-1] the pair (LinearCache, ActivationCache) "
            f"of layer l; yours is {describe(caches)}"
        )
    for i, c in enumerate(caches):
        pair = isinstance(c, tuple) and not isinstance(c, LinearCache) and len(c) == 2
        if pair and isinstance(c[0], ActivationCache) and isinstance(c[1], LinearCache):
            return CACHE_ORDER
        if isinstance(c, LinearCache) or (
            isinstance(c, (tuple, list)) and len(c) == 1 and isinstance(c[0], LinearCache)
        ):
            return NO_ACTIVATION_CACHE
        if not (pair and isinstance(c[0], LinearCache) and isinstance(c[1], ActivationCache)):
            return (
                f"caches[{i}] should be layer {i + 1}'s pair (LinearCache, "
                f"ActivationCache), as linear_forward_activation returns it; yours is "
                + (
                    f"({', '.join(type(x).__name__ for x in c)})"
                    if isinstance(c, (tuple, list))
                    else describe(c)
                )
            )
    return flat(AL, caches)


def check_forward(fn, *, strict=False):
    """Check a reader's forward(X, parameters) -> (AL, caches); print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("X", "parameters"),
        unpack,
        MISTAKES,
        "L = 2 to 4, m = 1 to 6, square and non-square layers, non-zero biases, "
        "|Z_L| in the hundreds, float32 and float64",
        forward,
        strict=strict,
    )
