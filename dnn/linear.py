"""The linear part of a layer, Z = W·A_prev + b, forward and backward.

Chapter "Linear backward" (chapters/05_linear_backward.ipynb); the forward step is
recapped in chapter "Forward propagation".
"""

from typing import NamedTuple

import numpy as np

from . import _validate as check
from .activations import ActivationCache, relu, relu_backward, sigmoid, sigmoid_backward


class LinearCache(NamedTuple):
    """What the linear step keeps for backward: its input and its parameters."""

    A_prev: np.ndarray  # (n_{l-1}, m)
    W: np.ndarray  # (n_l, n_{l-1})
    b: np.ndarray  # (n_l, 1)


def _check_layer(func, A_prev, W, b, A_name="A_prev"):
    check.float_matrix(func, "W", W)
    check.float_matrix(func, A_name, A_prev)
    check.float_matrix(func, "b", b)
    n_l, n_prev = W.shape
    if A_prev.shape[0] != n_prev:
        raise ValueError(
            f"{func}: {A_name} has shape {A_prev.shape} but W has {W.shape}; "
            f"{A_name} needs (n_{{l-1}}, m) = ({n_prev}, m)"
        )
    check.shape(func, "b", b, (n_l, 1), "(n_l, 1)")


def linear_forward(A_prev, W, b):
    """Z = W·A_prev + b for one layer.  Equation: eq-linear-forward.

    Parameters
    ----------
    A_prev : ndarray, shape (n_{l-1}, m)
    W : ndarray, shape (n_l, n_{l-1})
    b : ndarray, shape (n_l, 1)

    Returns
    -------
    Z : ndarray, shape (n_l, m)
    cache : LinearCache(A_prev, W, b)
    """
    _check_layer("linear_forward", A_prev, W, b)
    Z = W @ A_prev + b  # (eq-linear-forward); b (n_l, 1) is added to every column
    return Z, LinearCache(A_prev, W, b)


def linear_forward_activation(A_prev, W, b, activation):
    """A = g(W·A_prev + b) with g = "relu" or "sigmoid".  Equation: eq-activation-forward.

    Returns
    -------
    A : ndarray, shape (n_l, m)
    cache : (LinearCache, ActivationCache)
    """
    check.activation("linear_forward_activation", activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = relu(Z) if activation == "relu" else sigmoid(Z)  # (eq-activation-forward)
    return A, (linear_cache, ActivationCache(Z))


def linear_backward(dZ, cache):
    """Gradients through Z = W·A_prev + b for one layer.

    Equations: eq-dW, eq-db, eq-dA-prev (chapter "Linear backward").

    Parameters
    ----------
    dZ : ndarray, shape (n_l, m)
        m·∂J/∂Z: the gradient of the summed (not averaged) loss with respect to Z, the
        book's convention (eq-linear-backward-convention); the 1/m of the average enters
        here, in dW and db, and nowhere else.
    cache : LinearCache
        A_prev (n_{l-1}, m), W (n_l, n_{l-1}), b (n_l, 1) from linear_forward.

    Returns
    -------
    dA_prev : ndarray, shape (n_{l-1}, m)
        m·∂J/∂A_prev, in the same convention as dZ.
    dW : ndarray, shape (n_l, n_{l-1})
        ∂J/∂W.
    db : ndarray, shape (n_l, 1)
        ∂J/∂b.
    """
    if not isinstance(cache, LinearCache):
        raise TypeError(f"linear_backward: cache must be a LinearCache(A_prev, W, b), "
                        f"got {type(cache).__name__}")
    A_prev, W, b = cache
    _check_layer("linear_backward", A_prev, W, b, A_name="cache.A_prev")
    check.float_matrix("linear_backward", "dZ", dZ)
    n_l, m = W.shape[0], A_prev.shape[1]
    check.shape("linear_backward", "dZ", dZ, (n_l, m), "(n_l, m)")
    dW = dZ @ A_prev.T / m                  # (eq-dW)
    db = dZ.sum(axis=1, keepdims=True) / m  # (eq-db)
    dA_prev = W.T @ dZ                      # (eq-dA-prev)
    return dA_prev, dW, db


def linear_backward_activation(dA, cache, activation):
    """Backward through one whole layer: the activation, then the linear part.

    Equations: eq-dZ-activation, then eq-dW, eq-db, eq-dA-prev.

    Parameters
    ----------
    dA : ndarray, shape (n_l, m)
    cache : (LinearCache, ActivationCache) from linear_forward_activation
    activation : "relu" or "sigmoid"

    Returns
    -------
    dA_prev (n_{l-1}, m), dW (n_l, n_{l-1}), db (n_l, 1)
    """
    check.activation("linear_backward_activation", activation)
    if not (isinstance(cache, tuple) and len(cache) == 2):
        raise TypeError("linear_backward_activation: cache must be the pair "
                        "(LinearCache, ActivationCache) that linear_forward_activation returned")
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    else:
        dZ = sigmoid_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
