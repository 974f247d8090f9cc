"""The one reference network the checks build their wrong versions from.

Built from dnn's public kernels, with switches that plant one known mistake each.
"""

import numpy as np

from ..activations import ActivationCache, relu, relu_backward, sigmoid, sigmoid_backward
from ..linear import LinearCache, linear_backward, linear_forward


def network_forward(X, parameters, layers, activations, bias=True, store="Z"):
    """forward over the given layers with the given activations, as {name: array} (flat), or
    [] when the layers do not chain (a shape error)."""
    A, caches = X, []
    for l, activation in zip(layers, activations):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if W.shape[1] != A.shape[0]:
            return []
        Z, linear_cache = linear_forward(A, W, b if bias else np.zeros_like(b))
        if not bias:
            linear_cache = LinearCache(A, W, b)
        A_next = relu(Z) if activation == "relu" else sigmoid(Z)
        caches.append((linear_cache, ActivationCache(A_next if store == "A" else Z)))
        A = A_next
    return [flat(A, caches)]


def flat(AL, caches):
    """forward's (AL, caches) as {name: array}: caches[i][0].A_prev, ..., caches[i][1].Z."""
    out = {"AL": AL}
    for i, (linear_cache, activation_cache) in enumerate(caches):
        out.update(
            {
                f"caches[{i}][0].A_prev": linear_cache.A_prev,
                f"caches[{i}][0].W": linear_cache.W,
                f"caches[{i}][0].b": linear_cache.b,
                f"caches[{i}][1].Z": activation_cache.Z,
            }
        )
    return out


def network_backward(
    AL,
    Y,
    caches,
    lambd,
    sign=1.0,
    l2=1.0,
    l2_on_b=False,
    output="",
    hidden="relu",
    l2_m=True,
    layers_skip=(),
    scale=1.0,
):
    """backward, or one of its known-wrong versions.

    sign: dZ_L = sign·(AL − Y); l2: the factor of (λ/m)·W; l2_on_b: (λ/m)·b added to db;
    output="again": σ′ applied on top of AL − Y; hidden: "relu", "sigmoid" or "none" (no mask);
    l2_m=False: λ·W instead of (λ/m)·W; layers_skip: layers whose L2 term is left out;
    scale: a factor on dZ_L (1/m: the extra 1/m)."""
    L, m = len(caches), AL.shape[1]
    grads, dZ = {}, sign * scale * (AL - Y.astype(AL.dtype))
    if output == "again":
        dZ = sigmoid_backward(dZ, caches[L - 1][1])
    for l in reversed(range(1, L + 1)):
        linear_cache, activation_cache = caches[l - 1]
        if l < L:
            dA = grads[f"dA{l}"]
            dZ = {"relu": relu_backward, "sigmoid": sigmoid_backward}.get(
                hidden, lambda dA, cache: dA
            )(dA, activation_cache)
        grads[f"dA{l - 1}"], dW, db = linear_backward(dZ, linear_cache)
        reg = (lambd / m if l2_m else lambd) * (0.0 if l in layers_skip else 1.0)
        grads[f"dW{l}"] = dW + l2 * reg * linear_cache.W
        grads[f"db{l}"] = db + reg * linear_cache.b if l2_on_b else db
    return grads
