"""Activations, their derivatives, and the backward step through them.

Chapter "Backward activations" (chapters/04_backward_activations.ipynb); the forward
functions are recapped in chapter "Forward propagation".
"""

from typing import NamedTuple

import numpy as np

from . import _validate as check


class ActivationCache(NamedTuple):
    """What an activation's forward step keeps for its backward step."""

    Z: np.ndarray  # (n_l, m)


def _float_array(func, name, a):
    if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
        got = a.dtype if isinstance(a, np.ndarray) else type(a).__name__
        raise TypeError(f"{func}: {name} must be a floating NumPy array, got {got}")
    return a


def sigmoid(Z):
    """Logistic function σ(Z) = 1 / (1 + exp(-Z)), elementwise.  Equation: eq-sigmoid.

    Written with exp(-|Z|), which never overflows, so any finite Z (even ±1e4) gives no
    warning; float32 in, float32 out. σ(Z) rounds to exactly 1.0 from Z ≈ 16.6 in float32
    (36.7 in float64): the cost must guard its logarithms (chapter "The cost function").
    """
    _float_array("sigmoid", "Z", Z)
    E = np.exp(-np.abs(Z))                            # in (0, 1]: no overflow
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))  # (eq-sigmoid), both halves


def relu(Z):
    """Rectified linear unit max(0, Z), elementwise.  Equation: eq-relu."""
    _float_array("relu", "Z", Z)
    return np.maximum(Z, 0)  # (eq-relu)


def sigmoid_prime(Z):
    """Derivative σ'(Z) = σ(Z)(1 − σ(Z)), elementwise.  Equation: eq-sigmoid-prime."""
    s = sigmoid(Z)
    return s * (1 - s)  # (eq-sigmoid-prime)


def relu_prime(Z):
    """Derivative of ReLU: 1 where Z > 0, else 0 (the value 0 at Z = 0 is a choice).

    Equation: eq-relu-prime.
    """
    _float_array("relu_prime", "Z", Z)
    return (Z > 0).astype(Z.dtype)  # (eq-relu-prime)


def _check_backward(func, dA, cache):
    if not isinstance(cache, ActivationCache):
        raise TypeError(f"{func}: cache must be an ActivationCache(Z), got {type(cache).__name__}")
    Z = check.float_matrix(func, "cache.Z", cache.Z)
    check.float_matrix(func, "dA", dA)
    check.shape(func, "dA", dA, Z.shape, "the shape of Z, (n_l, m)")


def sigmoid_backward(dA, cache):
    """dZ = dA * σ'(Z) for a sigmoid layer.  Equation: eq-dZ-activation.

    Parameters
    ----------
    dA : ndarray, shape (n_l, m)
        m·∂J/∂A: the gradient of the summed (not averaged) loss with respect to the
        layer's output A, the book's convention (eq-linear-backward-convention).
    cache : ActivationCache
        Z, shape (n_l, m), from the forward step.

    Returns
    -------
    dZ : ndarray, shape (n_l, m)
    """
    _check_backward("sigmoid_backward", dA, cache)
    return dA * sigmoid_prime(cache.Z)  # (eq-dZ-activation)


def relu_backward(dA, cache):
    """dZ = dA * ReLU'(Z) for a ReLU layer.  Equation: eq-dZ-activation.

    Parameters
    ----------
    dA : ndarray, shape (n_l, m)
    cache : ActivationCache
        Z, shape (n_l, m), from the forward step.

    Returns
    -------
    dZ : ndarray, shape (n_l, m)
    """
    _check_backward("relu_backward", dA, cache)
    return dA * relu_prime(cache.Z)  # (eq-dZ-activation)
