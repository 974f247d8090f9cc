"""Gradient checking: central differences against `backward`.

Chapter "Gradient checking" (chapters/08_gradient_check.ipynb).
"""

import numpy as np

from . import _validate as require
from .cost import cost
from .network import backward as dnn_backward
from .network import forward


def numerical_gradient(f, x, h=1e-5):
    """(f(x + h·e_i) − f(x − h·e_i)) / 2h for every entry i of x.  Equation: eq-central-difference.

    f() -> float reads x, which is perturbed in place one entry at a time and always restored
    (even if f raises). Use float64: in float32 no h brings the error below about 1e-6.
    Returns an array of x's shape and dtype.
    """
    h = require.numerical_gradient(f, x, h)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        try:
            x[i] = old + h
            f_plus = f()
            x[i] = old - h
            f_minus = f()
        finally:
            x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)  # (eq-central-difference)
    return grad


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0.0 when both are zero.  Equation: eq-relative-error."""
    a, b = require.relative_error(a, b)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def gradient_check(X, Y, parameters, lambd=0.0, h=1e-5, backward=dnn_backward):
    """Relative error between backward's gradients and central differences of J, per parameter.

    backward(AL, Y, caches, lambd) may be the reader's own function, with dnn.backward's
    signature. Works on float64 copies (the caller's arrays are not touched). Returns
    {"dW1": error, "db1": ..., "dbL": ...}; below 1e-7 the gradients are those of J (a ReLU
    input within h of 0 can fail a right one). For large layers: gradient_check_sampled.
    """
    lambd, h, backward = require.gradient_check(X, Y, parameters, lambd, h, backward)
    X = X.astype(np.float64)
    theta = {key: value.astype(np.float64) for key, value in parameters.items()}
    AL, caches = forward(X, theta)
    grads = backward(AL, Y, caches, lambd)

    def J():
        return cost(forward(X, theta)[0], Y, theta, lambd)

    return {
        "d" + key: relative_error(grads["d" + key], numerical_gradient(J, theta[key], h))
        for key in theta
    }


def gradient_check_sampled(
    X, Y, parameters, sample=30, seed=0, lambd=0.0, h=1e-5, backward=dnn_backward
):
    """gradient_check on `sample` entries of each parameter that has more (cs231n's sparse check).

    The entries are drawn without replacement from np.random.default_rng(seed); smaller
    parameters are checked whole. 2·sample costs per parameter instead of two per entry, so a
    12,288-input layer is checkable. The error is that of the sampled entries: it sees any
    mistake that touches them (a wrong scale, a wrong term, a wrong row or column touch most
    samples); it cannot see one confined to entries it did not draw: a mistake in a fraction
    f of a layer's entries is missed with probability about (1 − f)^sample.
    """
    lambd, h, backward = require.gradient_check(
        X, Y, parameters, lambd, h, backward, func="gradient_check_sampled"
    )
    sample = require.count("gradient_check_sampled", "sample", sample, minimum=1)
    rng = np.random.default_rng(require.count("gradient_check_sampled", "seed", seed))
    X = X.astype(np.float64)
    theta = {key: value.astype(np.float64) for key, value in parameters.items()}
    AL, caches = forward(X, theta)
    grads = backward(AL, Y, caches, lambd)

    def J():
        return cost(forward(X, theta)[0], Y, theta, lambd)

    errors = {}
    for key, x in theta.items():
        if x.size <= sample:
            errors["d" + key] = relative_error(grads["d" + key], numerical_gradient(J, x, h))
            continue
        picked = np.unravel_index(rng.choice(x.size, size=sample, replace=False), x.shape)
        numeric = numerical_gradient_at(J, x, picked, h)
        errors["d" + key] = relative_error(np.asarray(grads["d" + key])[picked], numeric)
    return errors


def numerical_gradient_at(f, x, index, h=1e-5):
    """numerical_gradient's central differences, for the entries x[index] only (a tuple of
    index arrays, as np.unravel_index returns); x is perturbed in place and restored."""
    v = x[index]  # a copy of the picked entries, varied by numerical_gradient

    def f_at_v():
        old = x[index]
        x[index] = v
        try:
            return f()
        finally:
            x[index] = old

    return numerical_gradient(f_at_v, v, h)
