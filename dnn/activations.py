"""Activations, their derivatives, and the backward step through them.

Chapter "Backward activations" (chapters/04_backward_activations.ipynb); the forward
functions are recapped in chapter "Forward propagation".
"""

from typing import NamedTuple

import numpy as np

from . import _validate as require


class ActivationCache(NamedTuple):
    """What an activation's forward step keeps for its backward step."""

    Z: np.ndarray  # (n_l, m)


def sigmoid(Z):
    """σ(Z) = 1 / (1 + exp(−Z)), elementwise; float32 in, float32 out.  Equation: eq-sigmoid.

    Written with exp(−|Z|) ≤ 1, which never overflows; where it underflows (|Z| > 87 in
    float32, 708 in float64) σ is still right to the dtype's precision: not an error.
    """
    Z = require.sigmoid(Z)
    with np.errstate(under="ignore"):
        E = np.exp(-np.abs(Z))  # in (0, 1]: no overflow
        return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))  # (eq-sigmoid), both halves


def relu(Z):
    """max(0, Z), elementwise.  Equation: eq-relu."""
    Z = require.relu(Z)
    return np.maximum(Z, 0)  # (eq-relu)


def sigmoid_prime(Z):
    """σ′(Z) = σ(Z)·(1 − σ(Z)), elementwise.  Equation: eq-sigmoid-prime."""
    Z = require.sigmoid_prime(Z)
    s = sigmoid(Z)
    return s * (1 - s)  # (eq-sigmoid-prime)


def relu_prime(Z):
    """ReLU′(Z): 1 where Z > 0, else 0 (0 at Z = 0, a choice).  Equation: eq-relu-prime."""
    Z = require.relu_prime(Z)
    return (Z > 0).astype(Z.dtype)  # (eq-relu-prime)


def sigmoid_backward(dA, cache):
    """dZ = dA ⊙ σ′(Z) for a sigmoid layer.  Equation: eq-dZ-activation.

    dA (n_l, m) is m·∂J_CE/∂A; cache is the layer's ActivationCache(Z), Z (n_l, m).
    Returns dZ (n_l, m), m·∂J_CE/∂Z.
    """
    Z = require.sigmoid_backward(dA, cache)
    return dA * sigmoid_prime(Z)  # (eq-dZ-activation)


def relu_backward(dA, cache):
    """dZ = dA ⊙ ReLU′(Z) for a ReLU layer.  Equation: eq-dZ-activation.

    dA (n_l, m) is m·∂J_CE/∂A; cache is the layer's ActivationCache(Z), Z (n_l, m).
    Returns dZ (n_l, m), m·∂J_CE/∂Z.
    """
    Z = require.relu_backward(dA, cache)
    return dA * relu_prime(Z)  # (eq-dZ-activation)
