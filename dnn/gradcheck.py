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

    backward(AL, Y, caches, lambd) may be the reader's own function. Works on float64 copies
    (the caller's arrays are not touched). Returns {"dW1": error, "db1": ..., "dbL": ...};
    below 1e-7 the gradients are those of J (a ReLU input within h of 0 can fail a right one).
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
