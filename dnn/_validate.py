"""Input checks shared by the public functions (not part of the teaching API).

Every check raises before anything is computed or changed, with a message that starts
with the function's name, names the argument, and gives the shape or value it got and
the one it needs: ``linear_backward: dZ has shape (3, 5); this layer needs (n_l, m) = (3, 4)``.
"""

import numpy as np


def float_matrix(func, name, a, what="a 2-D float array"):
    """Return `a` as a finite, floating, 2-D ndarray with at least one column, or raise."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{func}: {name} must be a NumPy array ({what}), got {type(a).__name__}")
    if a.dtype.kind != "f":
        raise TypeError(
            f"{func}: {name} has dtype {a.dtype}; it must be floating (float32 or float64): "
            f"convert it with {name}.astype(np.float64)"
        )
    if a.ndim != 2:
        raise ValueError(f"{func}: {name} has shape {a.shape} ({a.ndim}-D); it must be {what}")
    if a.shape[1] == 0 or a.shape[0] == 0:
        raise ValueError(f"{func}: {name} has shape {a.shape}; an empty array has nothing to compute")
    finite(func, name, a)
    return a


def finite(func, name, a):
    if not np.isfinite(a).all():
        bad = "NaN" if np.isnan(a).any() else "inf"
        raise ValueError(f"{func}: {name} (shape {a.shape}) contains {bad}")


def shape(func, name, a, needed, meaning):
    """Raise unless a.shape == needed; `meaning` spells the needed shape in symbols."""
    if a.shape != tuple(needed):
        raise ValueError(f"{func}: {name} has shape {a.shape}; it needs {meaning} = {tuple(needed)}")


def labels(func, Y, AL_shape, name="Y"):
    """Check labels against predictions of shape AL_shape = (1, m): one row of 0/1 values."""
    if not isinstance(Y, np.ndarray):
        raise TypeError(f"{func}: {name} must be a NumPy array of shape {AL_shape}, got {type(Y).__name__}")
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"{func}: {name} has dtype {Y.dtype}; labels must be numbers or booleans")
    if Y.shape != AL_shape:
        hint = ": labels are one row (1, m); transpose Y?" if Y.shape == AL_shape[::-1] else ""
        raise ValueError(f"{func}: {name} has shape {Y.shape} but the predictions have {AL_shape}{hint}")
    if not np.isin(Y, (0, 1)).all():
        bad = np.unique(Y[~np.isin(Y, (0, 1))])[:5]
        raise ValueError(f"{func}: {name} must hold only 0 and 1; it also holds {bad.tolist()}")


def probabilities(func, name, AL):
    float_matrix(func, name, AL, "a (1, m) row of probabilities")
    if AL.shape[0] != 1:
        raise ValueError(f"{func}: {name} has shape {AL.shape}; it needs one row (1, m)")
    if AL.min() < 0 or AL.max() > 1:
        raise ValueError(
            f"{func}: {name} must hold probabilities in [0, 1]; its values run from "
            f"{AL.min():.6g} to {AL.max():.6g}"
        )


def activation(func, name):
    if name not in ("relu", "sigmoid"):
        raise ValueError(f"{func}: activation must be 'relu' or 'sigmoid', got {name!r}")


def number(func, name, value, minimum=0.0, strict=False):
    """A finite real number >= minimum (> minimum when strict); returned as a Python float."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{func}: {name} must be a number, got {value!r}") from None
    if not np.isfinite(x) or x < minimum or (strict and x == minimum):
        needed = f"> {minimum}" if strict else f">= {minimum}"
        raise ValueError(f"{func}: {name} must be a finite number {needed}, got {value!r}")
    return x


def count(func, name, value, minimum=0):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{func}: {name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}, got {value}")
    return int(value)


def parameters(func, params, name="parameters"):
    """Check a {"W1", "b1", ..., "WL", "bL"} dict: keys, floating 2-D finite arrays, chained shapes.

    Returns L, the number of layers.
    """
    if not isinstance(params, dict):
        raise TypeError(f"{func}: {name} must be a dict {{'W1', 'b1', ...}}, got {type(params).__name__}")
    layers = [int(k[1:]) for k in params if isinstance(k, str) and k[:1] in "Wb" and k[1:].isdigit()]
    L = max(layers, default=0)
    if L == 0:
        raise ValueError(f"{func}: {name} has no weights; it needs keys 'W1', 'b1', ..., 'WL', 'bL'")
    needed = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    missing = [k for k in needed if k not in params]
    if missing:
        raise ValueError(f"{func}: {name} is missing {missing} (it has {sorted(params)})")
    extra = sorted(set(params) - set(needed))
    if extra:
        raise ValueError(f"{func}: {name} has unexpected keys {extra}; it needs exactly {needed}")
    for l in range(1, L + 1):
        W = float_matrix(func, f"{name}['W{l}']", params[f"W{l}"])
        b = float_matrix(func, f"{name}['b{l}']", params[f"b{l}"])
        shape(func, f"{name}['b{l}']", b, (W.shape[0], 1), f"(n_{l}, 1)")
        if l > 1:
            n_prev = params[f"W{l - 1}"].shape[0]
            if W.shape[1] != n_prev:
                raise ValueError(
                    f"{func}: {name}['W{l}'] has shape {W.shape}; after W{l - 1} of shape "
                    f"{params[f'W{l - 1}'].shape} it needs (n_{l}, n_{l - 1}) = ({W.shape[0]}, {n_prev})"
                )
    return L
