"""check_backward: chapter 6's backward(AL, Y, caches, lambd) -> grads."""

import numpy as np

from ..network import backward, forward, initialize_parameters
from .engine import Case, Mistake, describe, finite, first, fits, right, run
from .reference import network_backward

NAME = "backward"


def _grads(**wrong):
    def signature(results):
        return fits(results, lambda c: network_backward(*c.args, **wrong))

    return signature


def _shifted(results):
    return fits(
        results,
        lambda c: {
            (f"dA{int(k[2:]) + 1}" if k.startswith("dA") else k): v for k, v in c.want[0].items()
        },
    )


def _divides_by_zero(results):  # right everywhere but where AL holds exact 0 and 1
    def bad(c, g):
        return isinstance(g, Exception) or isinstance(g, dict) and not finite(g)

    if all(
        bad(r.case, r.got) or right(r.case, r.got)
        if r.case.info["saturated"]
        else right(r.case, r.got)
        for r in results
    ):
        return first(results, lambda c, g: c.info["saturated"] and bad(c, g))
    return None


def _all_scaled(results):  # every gradient's data part 1/m times: dZ_L = (AL − Y)/m
    return fits(results, lambda c: network_backward(*c.args, scale=1 / c.args[0].shape[1]))


MISTAKES = [
    Mistake(
        "dAL-sign",
        NAME,
        6,
        "A sign error in dA_L",
        "Every gradient's cross-entropy part is negated (the L2 part is not): "
        "dA_L = −(Y/AL − (1 − Y)/(1 − AL)) lost its minus, so dZ_L = Y − AL.",
        "every gradient has the wrong sign: dA_L = −(Y/AL − (1 − Y)/(1 − AL)), so the output "
        "layer starts from dZ_L = AL − Y, not Y − AL",
        _grads(sign=-1.0),
    ),
    Mistake(
        "dA-key-off-by-one",
        NAME,
        6,
        "The dA keys off by one layer",
        "The dA values are right but filed one layer up, under dA1…dAL instead of "
        "dA0…dA{L−1} (the Rust series' convention).",
        "your dA keys are off by one layer: layer l's dA_prev goes under 'dA{l-1}' (dA0 is the "
        "gradient for X), not 'dA{l}'",
        _shifted,
    ),
    Mistake(
        "l2-missing-dW",
        NAME,
        6,
        "L2 term missing from dW",
        "Right for λ = 0; for λ > 0 dW is the plain cross-entropy gradient.",
        "your dW leaves out the L2 term: with lambd > 0 add (λ/m)·W to each dW",
        _grads(l2=0.0),
    ),
    Mistake(
        "l2-dW-half",
        NAME,
        6,
        "λ/(2m) instead of λ/m in dW",
        "For λ > 0 the L2 part of dW is half the right one: the 2 of the square cancels the 1/2.",
        "your L2 term in dW is half the right size: the derivative of (λ/(2m))·‖W‖² is (λ/m)·W",
        _grads(l2=0.5),
    ),
    Mistake(
        "l2-no-m",
        NAME,
        6,
        "λ·W instead of (λ/m)·W in dW",
        "For λ > 0 the L2 part of dW is m times too large.",
        "your L2 term in dW is m times too large: add (λ/m)·W, with the same 1/m as the cost's "
        "λ/(2m)",
        _grads(l2_m=False),
    ),
    Mistake(
        "l2-on-b",
        NAME,
        6,
        "L2 term applied to b",
        "For λ > 0, db has (λ/m)·b added: visible only when b ≠ 0, which is why the checks use "
        "non-zero biases.",
        "your db has an L2 term: the penalty (λ/(2m))·Σ‖W‖² covers the weights only, so db "
        "gets no λ",
        _grads(l2_on_b=True),
    ),
    Mistake(
        "sigmoid-prime-again",
        NAME,
        6,
        "σ′ applied on top of AL − Y",
        "Every gradient is off, starting at the output layer: dZ_L = (AL − Y)·σ′(Z_L). But "
        "AL − Y already is dA_L·σ′(Z_L): the sigmoid's derivative is in it.",
        "your output layer applies σ′ twice: dZ_L = AL − Y already includes σ′(Z_L) "
        "(it is dA_L·σ′(Z_L)); do not pass AL − Y through sigmoid_backward again",
        _grads(output="again"),
    ),
    Mistake(
        "relu-mask-missing",
        NAME,
        6,
        "The ReLU mask left out of the hidden layers",
        "dW_L and db_L are right, the layers below are not: the hidden layers use dZ = dA, "
        "skipping ReLU′.",
        "your hidden layers skip ReLU′: dZ_l = dA_l * (Z_l > 0) for l < L (relu_backward, or "
        'linear_backward_activation with "relu")',
        _grads(hidden="none"),
    ),
    Mistake(
        "sigmoid-in-hidden",
        NAME,
        6,
        "σ′ in the hidden layers",
        "dW_L and db_L are right, the layers below are not: the hidden layers use σ′ where "
        "forward used ReLU.",
        "your hidden layers use the sigmoid's derivative: forward applied ReLU there, so "
        'backward uses "relu" for l < L and "sigmoid" only for the output layer',
        _grads(hidden="sigmoid"),
    ),
    Mistake(
        "dZL-over-m",
        NAME,
        6,
        "An extra 1/m in dZ_L",
        "Every gradient, dA's included, is 1/m times the right one: dZ_L = (AL − Y)/m. With "
        "this book's scaling dZ = m·∂J/∂Z, so dZ_L = AL − Y and linear_backward divides by m.",
        "every gradient is 1/m times too small: dZ_L = AL − Y without /m (dZ is m·∂J/∂Z; "
        "linear_backward divides dW and db by m)",
        _all_scaled,
    ),
    Mistake(
        "dAL-divides-by-zero",
        NAME,
        6,
        "dA_L for a confident prediction",
        "Right except where AL holds an exact 0 or 1: Y/AL or (1 − Y)/(1 − AL) divides by zero, "
        "and inf or NaN flows back through every layer (or dnn's own functions reject it).",
        "your gradients are inf or NaN where AL holds an exact 0 or 1: dA_L divides by AL and "
        "1 − AL. Start the output layer from dZ_L = AL − Y, the same number, which stays finite",
        _divides_by_zero,
    ),
]


def cases():
    rng = np.random.default_rng(6)
    out = []
    for dims, m, dtype, lambd, saturated in [
        ([4, 3, 2, 1], 5, np.float64, 0.0, False),
        ([4, 3, 2, 1], 5, np.float64, 0.7, False),
        ([3, 5, 2, 1], 1, np.float32, 0.7, False),
        ([5, 4, 3, 2, 1], 3, np.float32, 0.0, False),
        ([6, 2, 3, 1], 2, np.float32, 0.5, False),
        ([4, 3, 2, 1], 6, np.float64, 0.0, True),
    ]:
        L = len(dims) - 1
        params = initialize_parameters(dims, seed=6)
        for l in range(1, L + 1):  # non-zero biases: an L2 term on b shows
            params[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        X = rng.standard_normal((dims[0], m))
        if saturated:  # Z_L = s·(u - median u) with s = 1e4: AL holds exact 0s and 1s
            u = params[f"W{L}"] @ forward(X, params)[1][L - 1][0].A_prev
            params[f"b{L}"] = -1e4 * np.median(u, axis=1, keepdims=True)
            params[f"W{L}"] = 1e4 * params[f"W{L}"]
        params = {k: v.astype(dtype) for k, v in params.items()}
        AL, caches = forward(X.astype(dtype), params)
        Y = (rng.random((1, m)) < 0.5).astype(dtype)
        if saturated:  # confident predictions, right and wrong
            Y = np.where(np.arange(m) % 2 == 0, 1 - np.round(AL), np.round(AL)).astype(dtype)
        label = f"layers {dims}, m = {m}, λ = {lambd:g}, {np.dtype(dtype).name}"
        out.append(
            Case(
                label + ", AL with exact 0 and 1" * saturated,
                (AL, Y, caches, lambd),
                [backward(AL, Y, caches, lambd)],
                dtype,
                {"saturated": saturated, "m": m, "L": L},
            )
        )
    return out


def unpack(out):
    return (
        dict(out)
        if isinstance(out, dict)
        else (f"backward should return a dict of gradients; yours returned {describe(out)}")
    )


def check_backward(fn, *, strict=False):
    """Check a reader's backward(AL, Y, caches, lambd) -> grads; print a verdict."""
    return run(
        NAME,
        fn,
        cases(),
        ("AL", "Y", "caches", "lambd"),
        unpack,
        MISTAKES,
        "L = 3 and 4, m = 1 to 6, λ = 0 and λ > 0, AL with exact 0 and 1, float32 and float64",
        backward,
        strict=strict,
    )
