"""The whole network: initialisation, forward through L layers, backward through L layers.

Chapters "Forward propagation" (initialize_parameters, forward) and "Back propagation"
(backward, chapters/06_backprop.ipynb).
"""

import math

import numpy as np

from . import _validate as require
from .linear import linear_backward, linear_backward_activation, linear_forward_activation


def initialize_parameters(layer_dims, seed=1, dtype=np.float64):
    """W{l} = N(0, 1) / sqrt(n_{l-1}), b{l} = 0, for l = 1..L.  Equation: eq-init.

    layer_dims is [n_0, n_1, ..., n_L]. W{l} (n_l, n_{l-1}) is drawn layer by layer from
    np.random.default_rng(seed) in float64, then cast to dtype; b{l} is (n_l, 1).
    """
    dims, seed, dtype = require.initialize_parameters(layer_dims, seed, dtype)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        W = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])  # (eq-init)
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters


def initialize_parameters_series(layer_dims, seed=1, dtype=np.float64):
    """The Rust series' start: W{l} = U(−1, 1) / ⌊√n_{l-1}⌋, b{l} = 0, for l = 1..L.

    The series divides by an integer square root (12,288 → 110, 20 → 4, 7 → 2, 5 → 2), so its
    weights have standard deviation (1/√3)/⌊√n⌋, about 0.58/√n, against initialize_parameters'
    1/√n. The series' generator is unseeded; here it is np.random.default_rng(seed), drawn
    layer by layer in float64, then cast to dtype. The same shapes as initialize_parameters.
    """
    dims, seed, dtype = require.initialize_parameters(layer_dims, seed, dtype)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        W = rng.uniform(-1.0, 1.0, (dims[l], dims[l - 1])) / math.isqrt(dims[l - 1])
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters


def forward(X, parameters):
    """[LINEAR → RELU] × (L − 1) → LINEAR → SIGMOID.  Equation: eq-forward.

    X (n_0, m), one example per column; parameters {"W1", "b1", ..., "WL", "bL"}.
    Returns AL (n_L, m) and caches, where caches[l-1] is layer l's
    (LinearCache, ActivationCache).
    """
    L = require.forward(X, parameters)
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        A, cache = linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], activation
        )
        caches.append(cache)
    return A, caches


def backward(AL, Y, caches, lambd=0.0):
    """The gradients of J = cost(AL, Y, parameters, lambd) for every layer.

    Equations: eq-dZL (output layer), eq-dZ-activation, eq-dW, eq-db, eq-dA-prev (every
    layer), eq-dW-l2 (the L2 term, with each W read from its LinearCache).
    AL, Y (1, m); caches from forward. Returns grads: "dW{l}" (n_l, n_{l-1}) = ∂J/∂W and
    "db{l}" (n_l, 1) = ∂J/∂b for l = 1..L, and "dA{l-1}" (n_{l-1}, m) = m·∂J_CE/∂A for the
    input of layer l ("dA0" is X's; the Rust series files it under "dA{l}").
    """
    L, lambd = require.backward(AL, Y, caches, lambd)
    m, grads = AL.shape[1], {}
    dZ = AL - Y.astype(AL.dtype)  # (eq-dZL): σ′ and the cross-entropy's derivative combined
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
    for l in reversed(range(1, L)):
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_backward_activation(
            grads[f"dA{l}"], caches[l - 1], "relu"
        )
    if lambd > 0:  # the L2 term's gradient, added to the data part
        for l in range(1, L + 1):
            grads[f"dW{l}"] += lambd / m * caches[l - 1][0].W  # (eq-dW-l2)
    return grads
