"""The linear part of a layer, Z = W·A_prev + b, forward and backward.

Chapter "Linear backward" (chapters/05_linear_backward.ipynb); the forward step is
recapped in chapter "Forward propagation".
"""

from typing import NamedTuple

import numpy as np

from . import _validate as require
from .activations import ActivationCache, relu, relu_backward, sigmoid, sigmoid_backward


class LinearCache(NamedTuple):
    """What the linear step keeps for backward: its input and its parameters."""

    A_prev: np.ndarray  # (n_{l-1}, m)
    W: np.ndarray  # (n_l, n_{l-1})
    b: np.ndarray  # (n_l, 1)


def linear_forward(A_prev, W, b):
    """Z = W·A_prev + b for one layer.  Equation: eq-linear-forward.

    A_prev (n_{l-1}, m), W (n_l, n_{l-1}), b (n_l, 1).
    Returns Z (n_l, m) and LinearCache(A_prev, W, b).
    """
    require.linear_forward(A_prev, W, b)
    Z = W @ A_prev + b  # (eq-linear-forward); b (n_l, 1) is added to every column
    return Z, LinearCache(A_prev, W, b)


def linear_forward_activation(A_prev, W, b, activation):
    """A = g(W·A_prev + b), g = "relu" or "sigmoid".  Equation: eq-activation-forward.

    Returns A (n_l, m) and the pair (LinearCache, ActivationCache).
    """
    activation = require.linear_forward_activation(A_prev, W, b, activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = relu(Z) if activation == "relu" else sigmoid(Z)  # (eq-activation-forward)
    return A, (linear_cache, ActivationCache(Z))


def linear_backward(dZ, cache):
    """Gradients through Z = W·A_prev + b for one layer.  Equations: eq-dW, eq-db, eq-dA-prev.

    dZ (n_l, m) is m·∂J_CE/∂Z; cache is the layer's LinearCache(A_prev, W, b).
    Returns dA_prev (n_{l-1}, m), m·∂J_CE/∂A_prev; dW (n_l, n_{l-1}) and db (n_l, 1),
    ∂J_CE/∂W and ∂J_CE/∂b (the data part: backward adds the L2 term).
    """
    A_prev, W, b = require.linear_backward(dZ, cache)
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m  # (eq-dW)
    db = dZ.sum(axis=1, keepdims=True) / m  # (eq-db)
    dA_prev = W.T @ dZ  # (eq-dA-prev)
    return dA_prev, dW, db


def linear_backward_activation(dA, cache, activation):
    """Backward through one layer: the activation, then the linear part.

    Equations: eq-dZ-activation, then eq-dW, eq-db, eq-dA-prev. dA (n_l, m) is m·∂J_CE/∂A;
    cache is the layer's (LinearCache, ActivationCache); activation is "relu" or "sigmoid".
    Returns dA_prev (n_{l-1}, m), dW (n_l, n_{l-1}), db (n_l, 1), as linear_backward.
    """
    linear_cache, activation_cache = require.linear_backward_activation(dA, cache, activation)
    g_backward = relu_backward if activation == "relu" else sigmoid_backward
    dZ = g_backward(dA, activation_cache)  # (eq-dZ-activation)
    return linear_backward(dZ, linear_cache)
