"""The whole network: initialisation, forward through L layers, backward through L layers.

Chapters "Forward propagation" (initialize_parameters, forward) and "Back propagation"
(backward, chapters/06_backprop.ipynb).
"""

import numpy as np

from . import _validate as check
from .linear import linear_backward, linear_backward_activation, linear_forward_activation


def initialize_parameters(layer_dims, seed=1, dtype=np.float64):
    """Random weights scaled by 1/sqrt(n_{l-1}), zero biases.  Equation: eq-init.

    W{l} = standard_normal((n_l, n_{l-1})) / sqrt(n_{l-1}), drawn layer by layer from
    np.random.default_rng(seed) in float64 and then cast to `dtype`; b{l} = 0.

    Why this scale: each unit of layer l sums n_{l-1} inputs, so weights of standard
    deviation 1/sqrt(n_{l-1}) keep Z of the order of its inputs (the scaling of Coursera's
    application helper). The Rust series' part 5 code divides uniform(-1, 1) weights by an
    *integer* square root (12288 -> 110); followed literally with no scaling at all, its
    network's cost is NaN from the first iteration. Coursera's exercise scale ×0.01 leaves the
    4-layer network stuck at the class prior. This scaling trains [12288, 20, 7, 5, 1] at
    learning rate 0.0075.

    Parameters
    ----------
    layer_dims : sequence of int
        [n_0, n_1, ..., n_L], n_0 the number of input features; at least two sizes, each >= 1.
    seed : int
    dtype : float32 or float64

    Returns
    -------
    dict
        "W{l}" of shape (n_l, n_{l-1}) and "b{l}" of shape (n_l, 1), for l = 1..L.
    """
    dims = _check_layer_dims("initialize_parameters", layer_dims)
    dtype = _float_dtype("initialize_parameters", dtype)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        W = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])  # (eq-init)
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters


def forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.  Equation: eq-forward.

    Parameters
    ----------
    X : ndarray, shape (n_0, m)
        One example per column.
    parameters : dict
        "W{l}", "b{l}" for l = 1..L.

    Returns
    -------
    AL : ndarray, shape (n_L, m)
        The output layer's activations (probabilities).
    caches : list of L (LinearCache, ActivationCache)
        caches[l-1] is layer l's, kept for backward.
    """
    L = check.parameters("forward", parameters)
    check.float_matrix("forward", "X", X)
    if X.shape[0] != parameters["W1"].shape[1]:
        raise ValueError(f"forward: X has shape {X.shape} but W1 has {parameters['W1'].shape}; "
                         f"X needs (n_0, m) = ({parameters['W1'].shape[1]}, m), one example per column")
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        A, cache = linear_forward_activation(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def backward(AL, Y, caches, lambd=0.0):
    """Gradients of cost(AL, Y, parameters, lambd) for every layer.

    Equations: eq-dZL (output layer), eq-dZ-activation and eq-dW, eq-db, eq-dA-prev
    (every layer), eq-dW-l2 (the L2 term).

    The output layer starts from dZ_L = AL - Y, the sigmoid's derivative and the
    cross-entropy's combined (eq-dZL): finite even where AL is exactly 0 or 1, where the
    long form dA_L * σ'(Z_L) gives inf * 0 = NaN. The L2 term adds (λ/m)·W to each dW,
    the gradient of the (λ/2m)·Σ‖W‖² that `cost` adds, with W read from each LinearCache.

    Parameters
    ----------
    AL : ndarray, shape (1, m)
    Y : ndarray, shape (1, m), labels 0/1
    caches : list of L (LinearCache, ActivationCache), from forward
    lambd : float, λ >= 0

    Returns
    -------
    grads : dict
        "dW{l}" (n_l, n_{l-1}) and "db{l}" (n_l, 1) for l = 1..L: ∂J/∂W, ∂J/∂b. And
        "dA{l-1}" (n_{l-1}, m), m·∂J/∂A_prev for layer l's input A_prev (so "dA0" is for X),
        in the convention of linear_backward. The Rust series files that one under "dA{l}".
    """
    check.probabilities("backward", "AL", AL)
    check.labels("backward", Y, AL.shape)
    lambd = check.number("backward", "lambd", lambd)
    if not isinstance(caches, (list, tuple)) or len(caches) == 0:
        raise ValueError("backward: caches must be the non-empty list that forward returned")
    L, m = len(caches), AL.shape[1]
    Z_L = caches[L - 1][1].Z
    if Z_L.shape != AL.shape:
        raise ValueError(f"backward: AL has shape {AL.shape} but the last cache's Z has {Z_L.shape}; "
                         "pass the AL and caches of one forward call")
    grads = {}
    dZ = AL - Y.astype(AL.dtype)  # (eq-dZL)
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
    for l in reversed(range(1, L)):
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_backward_activation(
            grads[f"dA{l}"], caches[l - 1], "relu")
    if lambd > 0:
        for l in range(1, L + 1):
            W = caches[l - 1][0].W
            grads[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * W  # (eq-dW-l2)
    return grads


def _check_layer_dims(func, layer_dims):
    try:
        dims = [int(n) for n in layer_dims]
    except (TypeError, ValueError):
        raise TypeError(f"{func}: layer_dims must be a list of integers, got {layer_dims!r}") from None
    if any(n != float(x) for n, x in zip(dims, layer_dims)):
        raise TypeError(f"{func}: layer_dims must hold integers, got {list(layer_dims)}")
    if len(dims) < 2:
        raise ValueError(f"{func}: layer_dims must have at least 2 sizes [n_0, ..., n_L], got {dims}")
    if min(dims) < 1:
        raise ValueError(f"{func}: every size in layer_dims must be >= 1, got {dims}")
    return dims


def _float_dtype(func, dtype):
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"{func}: dtype must be float32 or float64, got {dt}")
    return dt
