"""Input contracts: one function per public function of `dnn`, called on its first line.

``A_prev, W, b = require.linear_backward(dZ, cache)`` checks everything `linear_backward` is
given and returns the checked values. Every problem raises before anything is computed or
changed, as a ``ValueError`` or ``TypeError`` whose message starts with the name of the function
the user called, names the argument, and gives what it got and what it needs:
``linear_backward: dZ has shape (3, 5); it needs (n_l, m) = (3, 4)``.

A public function called by another function of the package (``forward`` calling
``linear_forward_activation``) is not checked again: the outer function checked everything it
passes down. So an error always names the function the user called, and each array is scanned
for NaN and inf once per call. Not part of the teaching API; the chapters never show it.
"""

import math
import numbers
import os
import sys
from pathlib import Path

import numpy as np

# Modules whose calls of public functions are trusted: they pass down only what they checked.
TRUSTED = frozenset(
    f"dnn.{m}" for m in ("activations", "linear", "network", "cost", "update", "gradcheck", "fast")
)


def _inner():
    """True when the public function now checking its input was called from inside the core."""
    frame = sys._getframe(1)
    while frame.f_globals.get("__name__") == __name__:  # up to the public function
        frame = frame.f_back
    caller = frame.f_back
    return caller is not None and caller.f_globals.get("__name__") in TRUSTED


# ---------------------------------------------------------------- building blocks


def array(func, name, a, what="a float array"):
    """A plain floating ndarray (not a matrix, masked array or other subclass), or raise."""
    if type(a) is not np.ndarray:
        if isinstance(a, np.ndarray):
            raise TypeError(
                f"{func}: {name} is a {type(a).__name__}; it must be a plain NumPy array "
                f"({what}): convert it with np.asarray({name})"
            )
        raise TypeError(f"{func}: {name} must be a NumPy array ({what}), got {type(a).__name__}")
    if a.dtype.kind != "f" or a.dtype.itemsize < 4:
        hint = (
            "use dnn.flatten_images(images), which also scales pixels to [0, 1]"
            if a.dtype == np.uint8
            else f"convert it with {name}.astype(np.float64)"
        )
        raise TypeError(
            f"{func}: {name} has dtype {a.dtype}; it must be float32 or float64: {hint}"
        )
    return a


def all_finite(a):
    """True when no entry of the float array a is NaN or ±inf.

    A large matrix is certified first by its row sums, a·1 (one BLAS pass over a, about
    three times faster than np.isfinite(a).all(), which writes a mask of a's size): a NaN or
    inf entry makes its row's sum NaN or inf, so finite sums prove every entry finite. Sums
    that overflow, or a non-finite entry, fall back to the exact test.
    """
    if a.ndim == 2 and a.size >= 1 << 14 and (a.flags.c_contiguous or a.flags.f_contiguous):
        with np.errstate(all="ignore"):
            if np.isfinite(a @ np.ones(a.shape[1], a.dtype)).all():
                return True
    return bool(np.isfinite(a).all())


def finite(func, name, a):
    if not all_finite(a):
        bad = "NaN" if np.isnan(a).any() else "inf"
        raise ValueError(f"{func}: {name} (shape {a.shape}) contains {bad}")
    return a


def matrix(func, name, a, what="a 2-D float array"):
    """A finite, floating, 2-D ndarray with at least one row and one column, or raise."""
    array(func, name, a, what)
    if a.ndim != 2:
        raise ValueError(f"{func}: {name} has shape {a.shape} ({a.ndim}-D); it must be {what}")
    if a.size == 0:
        raise ValueError(
            f"{func}: {name} has shape {a.shape}; an empty array has nothing to compute"
        )
    return finite(func, name, a)


def shape(func, name, a, needed, meaning):
    """Raise unless a.shape == needed; `meaning` spells the needed shape in symbols."""
    if a.shape != tuple(needed):
        raise ValueError(
            f"{func}: {name} has shape {a.shape}; it needs {meaning} = {tuple(needed)}"
        )


def labels(func, Y, AL_shape, name="Y"):
    """Labels against predictions of shape AL_shape = (1, m): one row of 0/1 values."""
    if type(Y) is not np.ndarray:
        raise TypeError(
            f"{func}: {name} must be a plain NumPy array of shape {AL_shape}, "
            f"got {type(Y).__name__}"
        )
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"{func}: {name} has dtype {Y.dtype}; labels must be numbers or booleans")
    if Y.shape != AL_shape:
        hint = ": labels are one row (1, m); transpose Y?" if Y.shape == AL_shape[::-1] else ""
        raise ValueError(
            f"{func}: {name} has shape {Y.shape} but the predictions have {AL_shape}{hint}"
        )
    if not np.isin(Y, (0, 1)).all():
        bad = np.unique(Y[~np.isin(Y, (0, 1))])[:5]
        raise ValueError(f"{func}: {name} must hold only 0 and 1; it also holds {bad.tolist()}")
    return Y


def probabilities(func, name, AL):
    matrix(func, name, AL, "a (1, m) row of probabilities")
    if AL.shape[0] != 1:
        raise ValueError(f"{func}: {name} has shape {AL.shape}; it needs one row (1, m)")
    if AL.min() < 0 or AL.max() > 1:
        raise ValueError(
            f"{func}: {name} must hold probabilities in [0, 1]; its values run from "
            f"{AL.min():.6g} to {AL.max():.6g}"
        )
    return AL


def activation_name(func, name):
    if not isinstance(name, str) or name not in ("relu", "sigmoid"):
        raise ValueError(f"{func}: activation must be 'relu' or 'sigmoid', got {name!r}")
    return name


def number(func, name, value, minimum=0.0, strict=False):
    """A finite real number >= minimum (> minimum when strict), returned as a Python float.

    Python and NumPy ints and floats are numbers; strings, bools and arrays are not.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or x < minimum or (strict and x == minimum):
        needed = f"> {minimum:g}" if strict else f">= {minimum:g}"
        raise ValueError(f"{func}: {name} must be a finite number {needed}, got {value!r}")
    return x


def count(func, name, value, minimum=0):
    """An integer >= minimum (Python or NumPy int; not a bool or a float), as a Python int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{func}: {name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}, got {value}")
    return int(value)


def layer_dims(func, dims):
    """[n_0, ..., n_L]: a list or tuple of at least two integers >= 1, as a list of int."""
    if not isinstance(dims, (list, tuple, np.ndarray)) or isinstance(dims, np.matrix):
        raise TypeError(
            f"{func}: layer_dims must be a list of integers [n_0, ..., n_L], got {dims!r}"
        )
    if isinstance(dims, np.ndarray) and dims.ndim != 1:
        raise ValueError(f"{func}: layer_dims must be one list of sizes, got shape {dims.shape}")
    sizes = list(dims)
    if any(isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) for n in sizes):
        raise TypeError(f"{func}: layer_dims must hold integers, got {sizes!r}")
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2:
        raise ValueError(
            f"{func}: layer_dims must have at least 2 sizes [n_0, ..., n_L], got {sizes}"
        )
    if min(sizes) < 1:
        raise ValueError(f"{func}: every size in layer_dims must be >= 1, got {sizes}")
    n = sum(b * (a + 1) for a, b in zip(sizes, sizes[1:]))  # weights and biases
    if n > MAX_PARAMETERS:
        raise ValueError(
            f"{func}: layer_dims {sizes} means {n:,} parameters, {n * 8 / 2**30:,.1f} GiB in "
            f"float64 (and as much again for each gradient); at most {MAX_PARAMETERS:,} "
            "are allowed"
        )
    return sizes


MAX_PARAMETERS = 2**27
"""The most parameters a network may have (1 GiB of float64): checked before any allocation."""


def float_dtype(func, dtype):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{func}: dtype must be float32 or float64, got {dtype!r}") from None
    if dt not in (np.float32, np.float64):
        raise TypeError(f"{func}: dtype must be float32 or float64, got {dt}")
    return dt


def parameters(func, params, name="parameters"):
    """A {"W1", "b1", ..., "WL", "bL"} dict of finite float matrices with chained shapes.

    Returns L, the number of layers.
    """
    if not isinstance(params, dict):
        raise TypeError(
            f"{func}: {name} must be a dict {{'W1', 'b1', ...}}, got {type(params).__name__}"
        )
    layers = [
        int(k[1:]) for k in params if isinstance(k, str) and k[:1] in "Wb" and k[1:].isdigit()
    ]
    L = max(layers, default=0)
    if L == 0:
        raise ValueError(
            f"{func}: {name} has no weights; it needs keys 'W1', 'b1', ..., 'WL', 'bL'"
        )
    needed = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    missing = [k for k in needed if k not in params]
    if missing:
        raise ValueError(f"{func}: {name} is missing {missing} (it has {sorted(map(str, params))})")
    extra = sorted(map(str, set(params) - set(needed)))
    if extra:
        raise ValueError(f"{func}: {name} has unexpected keys {extra}; it needs exactly {needed}")
    for l in range(1, L + 1):
        W = matrix(func, f"{name}['W{l}']", params[f"W{l}"])
        b = matrix(func, f"{name}['b{l}']", params[f"b{l}"])
        shape(func, f"{name}['b{l}']", b, (W.shape[0], 1), f"(n_{l}, 1)")
        if l > 1:
            n_prev = params[f"W{l - 1}"].shape[0]
            if W.shape[1] != n_prev:
                raise ValueError(
                    f"{func}: {name}['W{l}'] has shape {W.shape}; after W{l - 1} of shape "
                    f"{params[f'W{l - 1}'].shape} it needs (n_{l}, n_{l - 1}) = "
                    f"({W.shape[0]}, {n_prev})"
                )
    return L


def network(func, X, params):
    """X (n_0, m) and the parameters of a network that takes it; returns L."""
    L = parameters(func, params)
    matrix(func, "X", X)
    if X.shape[0] != params["W1"].shape[1]:
        raise ValueError(
            f"{func}: X has shape {X.shape} but W1 has {params['W1'].shape}; X needs "
            f"(n_0, m) = ({params['W1'].shape[1]}, m), one example per column"
        )
    return L


def layer(func, A_prev, W, b, A_name="A_prev"):
    """One layer's A_prev (n_{l-1}, m), W (n_l, n_{l-1}), b (n_l, 1)."""
    matrix(func, "W", W)
    matrix(func, A_name, A_prev)
    matrix(func, "b", b)
    n_l, n_prev = W.shape
    if A_prev.shape[0] != n_prev:
        raise ValueError(
            f"{func}: {A_name} has shape {A_prev.shape} but W has {W.shape}; "
            f"{A_name} needs (n_{{l-1}}, m) = ({n_prev}, m)"
        )
    shape(func, "b", b, (n_l, 1), "(n_l, 1)")


def linear_cache(func, cache, name="cache"):
    from .linear import LinearCache

    if not isinstance(cache, LinearCache):
        raise TypeError(
            f"{func}: {name} must be a LinearCache(A_prev, W, b), got {type(cache).__name__}"
        )
    layer(func, *cache, A_name=f"{name}.A_prev")
    return cache


def activation_cache(func, cache, name="cache"):
    from .activations import ActivationCache

    if not isinstance(cache, ActivationCache):
        raise TypeError(f"{func}: {name} must be an ActivationCache(Z), got {type(cache).__name__}")
    return matrix(func, f"{name}.Z", cache.Z)


def layer_cache(func, cache, name="cache"):
    """A (LinearCache, ActivationCache) pair; returns both."""
    if not (isinstance(cache, tuple) and len(cache) == 2) or hasattr(cache, "_fields"):
        raise TypeError(
            f"{func}: {name} must be the pair (LinearCache, ActivationCache) that "
            "linear_forward_activation returns"
        )
    linear, act = cache
    linear_cache(func, linear, f"{name}[0]")
    Z = activation_cache(func, act, f"{name}[1]")
    n_l, m = linear.W.shape[0], linear.A_prev.shape[1]
    shape(func, f"{name}[1].Z", Z, (n_l, m), "(n_l, m)")
    return linear, act


# ---------------------------------------------------------------- one contract per function


def elementwise(func, Z):
    """sigmoid, relu, sigmoid_prime, relu_prime: a finite float array of any shape."""
    if _inner():
        return Z
    return finite(func, "Z", array(func, "Z", Z))


def sigmoid(Z):
    return elementwise("sigmoid", Z)


def relu(Z):
    return elementwise("relu", Z)


def sigmoid_prime(Z):
    return elementwise("sigmoid_prime", Z)


def relu_prime(Z):
    return elementwise("relu_prime", Z)


def _activation_backward(func, dA, cache):
    if _inner():
        return cache.Z
    Z = activation_cache(func, cache)
    matrix(func, "dA", dA)
    shape(func, "dA", dA, Z.shape, "the shape of Z, (n_l, m)")
    return Z


def sigmoid_backward(dA, cache):
    return _activation_backward("sigmoid_backward", dA, cache)


def relu_backward(dA, cache):
    return _activation_backward("relu_backward", dA, cache)


def linear_forward(A_prev, W, b):
    if not _inner():
        layer("linear_forward", A_prev, W, b)


def linear_forward_activation(A_prev, W, b, activation):
    if not _inner():
        activation_name("linear_forward_activation", activation)
        layer("linear_forward_activation", A_prev, W, b)
    return activation


def linear_backward(dZ, cache):
    """Returns A_prev, W, b."""
    if _inner():
        return cache
    func = "linear_backward"
    A_prev, W, b = linear_cache(func, cache)
    matrix(func, "dZ", dZ)
    shape(func, "dZ", dZ, (W.shape[0], A_prev.shape[1]), "(n_l, m)")
    return A_prev, W, b


def linear_backward_activation(dA, cache, activation):
    """Returns the LinearCache and the ActivationCache."""
    if _inner():
        return cache
    func = "linear_backward_activation"
    activation_name(func, activation)
    linear, act = layer_cache(func, cache)
    matrix(func, "dA", dA)
    shape(func, "dA", dA, act.Z.shape, "the shape of Z, (n_l, m)")
    return linear, act


def initialize_parameters(dims, seed, dtype):
    """Returns the sizes as a list of int, the seed, and the dtype."""
    func = "initialize_parameters"
    return layer_dims(func, dims), count(func, "seed", seed), float_dtype(func, dtype)


def forward(X, params, func="forward"):
    """Returns L, the number of layers."""
    if _inner():
        return len(params) // 2
    return network(func, X, params)


def cost(AL, Y, params, lambd):
    """Returns λ as a Python float."""
    if _inner():
        return float(lambd)
    func = "cost"
    probabilities(func, "AL", AL)
    labels(func, Y, AL.shape)
    lambd = number(func, "lambd", lambd)
    if lambd > 0:
        if params is None:
            raise ValueError("cost: lambd > 0 needs the parameters (their weights are penalised)")
        parameters(func, params)
    elif params is not None:
        parameters(func, params)
    return lambd


def backward(AL, Y, caches, lambd):
    """Returns L and λ as a Python float."""
    if _inner():
        return len(caches), float(lambd)
    func = "backward"
    probabilities(func, "AL", AL)
    labels(func, Y, AL.shape)
    lambd = number(func, "lambd", lambd)
    if not isinstance(caches, (list, tuple)) or len(caches) == 0:
        raise ValueError("backward: caches must be the non-empty list that forward returned")
    n_prev = None
    for l, cache in enumerate(caches, start=1):
        linear, act = layer_cache(func, cache, f"caches[{l - 1}]")
        if n_prev is not None and linear.A_prev.shape[0] != n_prev:
            raise ValueError(
                f"backward: caches[{l - 1}] takes A_prev of shape {linear.A_prev.shape} after a "
                f"layer of {n_prev} units; pass the caches of one forward call, in order"
            )
        if linear.A_prev.shape[1] != AL.shape[1]:
            raise ValueError(
                f"backward: caches[{l - 1}] holds m = {linear.A_prev.shape[1]} examples but AL "
                f"has {AL.shape[1]}; pass the AL and caches of one forward call"
            )
        n_prev = linear.W.shape[0]
    Z_L = caches[-1][1].Z
    if Z_L.shape != AL.shape:
        raise ValueError(
            f"backward: AL has shape {AL.shape} but the last cache's Z has {Z_L.shape}; "
            "pass the AL and caches of one forward call"
        )
    return len(caches), lambd


def update_parameters(params, grads, learning_rate):
    """Returns α as a Python float (a NumPy float64 α would upcast float32 parameters)."""
    func = "update_parameters"
    parameters(func, params)
    learning_rate = number(func, "learning_rate", learning_rate, strict=True)
    if not isinstance(grads, dict):
        raise TypeError(f"update_parameters: grads must be a dict, got {type(grads).__name__}")
    for key in params:  # every gradient is checked before anything is computed
        if "d" + key not in grads:
            raise ValueError(
                f"update_parameters: grads is missing 'd{key}' (it has {sorted(grads)})"
            )
        g = matrix(func, f"grads['d{key}']", grads["d" + key])
        shape(func, f"grads['d{key}']", g, params[key].shape, f"the shape of parameters['{key}']")
    return learning_rate


def numerical_gradient(f, x, h):
    """Returns h as a Python float."""
    func = "numerical_gradient"
    if not callable(f):
        raise TypeError(f"numerical_gradient: f must be a function f() -> float, got {f!r}")
    array(func, "x", x)
    if x.size == 0:
        raise ValueError(f"numerical_gradient: x has shape {x.shape}; it has no entry to vary")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient: x is read-only; it is perturbed in place")
    finite(func, "x", x)
    return number(func, "h", h, strict=True)


def relative_error(a, b):
    """Returns a and b as float64 arrays of one shape."""
    func = "relative_error"
    out = []
    for name, v in (("a", a), ("b", b)):
        if isinstance(v, (bool, np.bool_, str)) or not isinstance(v, (np.ndarray, numbers.Real)):
            raise TypeError(
                f"{func}: {name} must be a NumPy array or a number, got {type(v).__name__}"
            )
        if isinstance(v, np.ndarray) and type(v) is not np.ndarray:
            raise TypeError(
                f"{func}: {name} is a {type(v).__name__}; it must be a plain NumPy array: "
                f"convert it with np.asarray({name})"
            )
        if isinstance(v, np.ndarray) and v.dtype.kind not in "iuf":
            raise TypeError(f"{func}: {name} has dtype {v.dtype}; it must hold real numbers")
        out.append(finite(func, name, np.asarray(v, dtype=np.float64)))
    if out[0].shape != out[1].shape:
        raise ValueError(
            f"{func}: a has shape {out[0].shape} but b has {out[1].shape}; compare arrays of one "
            "shape (no broadcasting)"
        )
    return out


def gradient_check(X, Y, params, lambd, h, backward, func="gradient_check"):
    """Returns λ, h as Python floats and the backward to call (its result checked)."""
    L = network(func, X, params)
    labels(func, Y, (params[f"W{L}"].shape[0], X.shape[1]))
    if not callable(backward):
        raise TypeError(f"{func}: backward must be a function like dnn.backward, got {backward!r}")
    lambd, h = number(func, "lambd", lambd), number(func, "h", h, strict=True)
    shapes = {key: value.shape for key, value in params.items()}

    def checked_backward(AL, Y, caches, lambd):  # the reader's backward, its result checked
        grads = backward(AL, Y, caches, lambd)
        if not isinstance(grads, dict):
            raise TypeError(
                f"{func}: backward returned {type(grads).__name__}, not a dict of gradients"
            )
        for key, needed in shapes.items():
            g = grads.get("d" + key)
            if g is None:
                raise ValueError(f"{func}: backward returned no 'd{key}' (it has {sorted(grads)})")
            array(func, f"backward's 'd{key}'", g)
            shape(func, f"backward's 'd{key}'", g, needed, f"the shape of parameters['{key}']")
        return grads

    return lambd, h, checked_backward


def flatten_images(images, dtype):
    """Returns the dtype."""
    func = "flatten_images"
    if type(images) is not np.ndarray or images.ndim < 2:
        got = images.shape if isinstance(images, np.ndarray) else type(images).__name__
        raise ValueError(f"{func}: images must be an array (m, h, w[, c]) or (m, n), got {got}")
    if images.shape[0] == 0 or images.size == 0:
        raise ValueError(f"{func}: images has shape {images.shape}; it holds no example")
    dtype = float_dtype(func, dtype)
    if images.dtype != np.uint8 and images.dtype.kind != "f":
        raise TypeError(
            f"{func}: images has dtype {images.dtype}; it must be uint8 pixels or floating values"
        )
    if images.dtype.kind == "f":
        finite(func, "images", images)
    return dtype


# ---------------------------------------------------------------- DeepNeuralNetwork


def model(dims, learning_rate, lambd, seed, dtype):
    """The constructor's settings, checked and converted: (layer_dims, α, λ, seed, dtype)."""
    func = "DeepNeuralNetwork"
    dims = layer_dims(func, dims)
    if dims[-1] != 1:
        raise ValueError(
            f"{func}: layer_dims must end with 1 output unit (a binary classifier), got {dims}"
        )
    return (
        dims,
        number(func, "learning_rate", learning_rate, strict=True),
        number(func, "lambd", lambd),
        count(func, "seed", seed),
        float_dtype(func, dtype),
    )


def network_input(func, net, X):
    """X (n_0, m) for this network, as an array of the network's dtype."""
    if not all(hasattr(net, a) for a in ("layer_dims", "parameters", "dtype", "learning_rate")):
        raise TypeError(f"{func}: model must be a DeepNeuralNetwork, got {type(net).__name__}")
    matrix(func, "X", X)
    if X.shape[0] != net.layer_dims[0]:
        raise ValueError(
            f"{func}: X has shape {X.shape}; this network needs (n_0, m) = "
            f"({net.layer_dims[0]}, m), one example per column"
        )
    own_parameters(func, net)
    return X.astype(net.dtype, copy=False)


def own_parameters(func, net):
    """The model's parameters (they may have been set by hand) fit its layer_dims and dtype."""
    parameters(func, net.parameters, "self.parameters")
    for l in range(1, len(net.layer_dims)):
        for key, needed in (
            (f"W{l}", (net.layer_dims[l], net.layer_dims[l - 1])),
            (f"b{l}", (net.layer_dims[l], 1)),
        ):
            if key not in net.parameters:
                raise ValueError(
                    f"{func}: self.parameters has no {key!r} for layer_dims {net.layer_dims}"
                )
            value = net.parameters[key]
            if value.shape != needed:
                raise ValueError(
                    f"{func}: self.parameters['{key}'] has shape {value.shape}; this network "
                    f"(layer_dims {net.layer_dims}: {net.layer_dims[0]} inputs to 1 output) "
                    f"needs {needed}"
                )
            if value.dtype != net.dtype:
                raise TypeError(
                    f"{func}: self.parameters['{key}'] has dtype {value.dtype}; this network "
                    f"computes in {net.dtype}"
                )
    if len(net.parameters) != 2 * (len(net.layer_dims) - 1):
        raise ValueError(
            f"{func}: self.parameters has {len(net.parameters) // 2} layers; layer_dims "
            f"{net.layer_dims} has {len(net.layer_dims) - 1}"
        )


def fit(net, X, Y, iterations, print_every, batch_size=None, shuffle_seed=0, func=None):
    """Returns X and Y in the network's dtype and `run`, the keyword arguments of fast.train:
    iterations, α and λ as Python floats (a NumPy float64 α would silently turn float32
    products into float64), the numbering (start, every, print_every) and, for mini-batches
    only (batch_size < m), batch_size and shuffle_seed. batch_size None or m is full batch."""
    func = func or "DeepNeuralNetwork.fit"
    X = network_input(func, net, X)
    labels(func, Y, (1, X.shape[1]))
    run = dict(
        iterations=count(func, "iterations", iterations),
        learning_rate=number(func, "learning_rate", net.learning_rate, strict=True),  # by hand?
        lambd=number(func, "lambd", net.lambd),
        start=net.iterations,
        every=count(func, "print_every", print_every) or 100,
        print_every=print_every,
    )
    shuffle_seed = count(func, "shuffle_seed", shuffle_seed)
    if batch_size is not None:
        m = X.shape[1]
        if count(func, "batch_size", batch_size, minimum=1) > m:
            raise ValueError(
                f"{func}: batch_size {batch_size} is larger than the {m} examples in X; "
                f"give 1..{m}, or None for full batch"
            )
        if batch_size < m:
            run.update(batch_size=int(batch_size), shuffle_seed=shuffle_seed)
    return X, Y.astype(net.dtype), run


def predict(func, net, X):
    return network_input(func, net, X)


def score(func, net, X, Y):
    X = network_input(func, net, X)
    labels(func, Y, (1, X.shape[1]))
    return X


def save_path(func, path):
    """A path whose folder exists and which is not itself a folder, as a Path."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{func}: path must be a file name, got {type(path).__name__}")
    path = Path(os.fsdecode(path))
    if path.is_dir():
        raise ValueError(f"{func}: {path} is a folder; give a file name such as model.h5")
    if not path.parent.is_dir():
        raise ValueError(f"{func}: cannot write {path}: the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise ValueError(f"{func}: cannot write {path}: the folder {path.parent} is not writable")
    return path
