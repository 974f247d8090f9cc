"""Gradient checking: central differences against `backward`.

Chapter "Gradient checking" (chapters/08_gradient_check.ipynb).
"""

import numpy as np

from .cost import cost
from .network import backward, forward


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h·e_i) − f(x − h·e_i)) / 2h for every entry i of x.

    Equation: eq-central-difference. The error is O(h²); with h = 1e-5 in float64 that is
    about 1e-10 relative, far below the 1e-7 a wrong gradient cannot reach.

    Parameters
    ----------
    f : callable
        f() -> float, reading x (perturbed here in place, entry by entry, and restored).
    x : ndarray
        float64 for a check worth its name: in float32 no step h brings the error below
        about 1e-6 (chapter "Gradient checking" shows why).
    h : float

    Returns
    -------
    ndarray of x's shape
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)  # (eq-central-difference)
    return grad


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0.0 when both are zero.  Equation: eq-relative-error."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def gradient_check(X, Y, parameters, lambd=0.0, h=1e-5):
    """Relative error between `backward` and central differences of `cost`, per parameter.

    Works on a float64 copy of X and the parameters (float32 rounding would swamp the
    differences); the caller's arrays are not touched.

    Returns
    -------
    dict
        {"dW1": error, "db1": error, ..., "dWL": ..., "dbL": ...}; below 1e-7 means the
        gradients are those of the cost. The converse needs care: where some ReLU input Z
        lies within h of 0 (exact zeros are common with zero biases), the central difference
        straddles the kink and a correct backward can fail; check with nonzero biases and
        few examples, or look at the Z of the failing layer.
    """
    X = _float64_copy(X)
    theta = {key: _float64_copy(value) for key, value in parameters.items()}
    AL, caches = forward(X, theta)
    grads = backward(AL, Y, caches, lambd)

    def J():
        return cost(forward(X, theta)[0], Y, theta, lambd)

    return {"d" + key: relative_error(grads["d" + key], numerical_gradient(J, theta[key], h))
            for key in theta}


def _float64_copy(a):
    # Floating arrays become float64 copies; anything else goes on unchanged, so that
    # forward rejects integer data with its own error.
    return a.astype(np.float64) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a
