"""A corpus of wrong implementations, written the way students write them.

Each entry is Wrong(check, expect, fn): `fn` is a plausible wrong answer to the exercise that
`dnn.checks.check_<check>` grades, and `expect` is a regular expression that a verdict naming
the mistake must match (words a student would recognise: "axis", "m times", "sign", ...). A
verdict that only says "differs from the expected values" does not name a mistake.

The entries were written before the checks' general detectors (issue 10), most of them as
mistakes the catalogue did not yet know. `python tests/run_corpus.py` prints the table.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

import dnn


class Wrong(NamedTuple):
    check: str  # forward, cost, sigmoid_backward, ... (dnn.checks.check_<check>)
    expect: str  # a regex the verdict must match to name the mistake
    fn: Callable
    name: str = ""


CORPUS = []


def wrong(check, expect):
    def register(fn):
        CORPUS.append(Wrong(check, expect, fn, fn.__name__))
        return fn

    return register


def sig(Z):
    return 1 / (1 + np.exp(-Z))


# ------------------------------------------------------------------ forward (chapter 2)


def _forward(X, parameters, hidden="relu", out="sigmoid", bias=True, store_A=False):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b if bias else W @ A
        act = hidden if l < L else out
        A_next = np.maximum(0, Z) if act == "relu" else sig(Z)
        caches.append((dnn.LinearCache(A, W, b), dnn.ActivationCache(A_next if store_A else Z)))
        A = A_next
    return A, caches


@wrong("forward", r"sigmoid")
def forward_all_sigmoid(X, parameters):
    return _forward(X, parameters, hidden="sigmoid")


@wrong("forward", r"\bb\b|bias")
def forward_no_bias(X, parameters):
    return _forward(X, parameters, bias=False)


@wrong("forward", r"ActivationCache|\bA\b.*\bZ\b|\bZ\b.*\bA\b")
def forward_caches_A_not_Z(X, parameters):
    return _forward(X, parameters, store_A=True)


@wrong("forward", r"swap|order|\(AL, caches\)")
def forward_returns_swapped(X, parameters):
    AL, caches = _forward(X, parameters)
    return caches, AL


@wrong("forward", r"\(AL, caches\)|caches")
def forward_returns_only_AL(X, parameters):
    return _forward(X, parameters)[0]


@wrong("forward", r"dnn|own|shortcut")
def forward_delegates(X, parameters):
    return dnn.forward(X, parameters)


@wrong("forward", r"NaN|inf|overflow|large|saturat")
def forward_unstable_sigmoid(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        A_next = np.maximum(0, Z) if l < L else np.exp(Z) / (1 + np.exp(Z))
        caches.append((dnn.LinearCache(A, W, b), dnn.ActivationCache(Z)))
        A = A_next
    return A, caches


@wrong("forward", r"float64|dtype")
def forward_astype_float(X, parameters):
    return _forward(X.astype(float), {k: v.astype(float) for k, v in parameters.items()})


@wrong("forward", r"ReLU|relu")
def forward_relu_output_by_hand(X, parameters):
    return _forward(X, parameters, out="relu")


@wrong("forward", r"one layer early|range\(1, L \+ 1\)|last layer|layer L")
def forward_range_L(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu" if l < L - 1 else "sigmoid"
        )
        caches.append(cache)
    return A, caches


# ------------------------------------------------------------------ cost (chapter 3)


def _ce(AL, Y):
    A = np.clip(AL, 1e-15, 1 - 1e-15)
    A = np.clip(AL, np.finfo(AL.dtype).eps, 1 - np.finfo(AL.dtype).eps)
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def _l2w(parameters, which=None):
    if not parameters:
        return 0.0
    L = len(parameters) // 2
    return sum(np.sum(np.square(parameters[f"W{l}"])) for l in (which or range(1, L + 1)))


@wrong("cost", r"m times|divide.*m|1/m|mean")
def cost_sum_not_mean(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(np.sum(_ce(AL, Y)) + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"shape\[0\]|wrong axis|number of examples|shape\[1\]")
def cost_m_wrong_axis(AL, Y, parameters=None, lambd=0.0):
    m = Y.shape[0]
    return float(np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"Python float|float\(")
def cost_returns_float32(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    J = np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * _l2w(parameters)
    return np.float32(J)


@wrong("cost", r"Python float|float\(")
def cost_returns_0d_array(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    J = np.sum(_ce(AL, Y), axis=1, keepdims=True) / m + lambd / (2 * m) * _l2w(parameters)
    return np.squeeze(J)


@wrong("cost", r"\bb\b|bias")
def cost_l2_includes_biases(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    l2 = sum(np.sum(np.square(v)) for v in (parameters or {}).values())
    return float(np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * l2)


@wrong("cost", r"last|layer L|range\(1, L \+ 1\)")
def cost_l2_skips_last_W(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    L = len(parameters or {}) // 2
    return float(np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * _l2w(parameters, range(1, L)))


@wrong("cost", r"twice|2m|λ/m|2×")
def cost_l2_lambda_over_m(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(np.sum(_ce(AL, Y)) / m + lambd / m * _l2w(parameters))


@wrong("cost", r"squar|‖W‖²|\*\* 2|W\*\*2")
def cost_l2_not_squared(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    l2 = sum(np.sum(v) for k, v in (parameters or {}).items() if k[0] == "W")
    return float(np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * l2)


@wrong("cost", r"log\(0\)|inf or NaN|clamp|clip")
def cost_no_guard(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(ce + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"sign|minus")
def cost_sign_lost(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(-np.sum(_ce(AL, Y)) / m + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"1 − Y|1 - Y|term|half")
def cost_only_positive_term(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    A = np.clip(AL, np.finfo(AL.dtype).eps, 1)
    return float(-np.sum(Y * np.log(A)) / m + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"dnn|own|shortcut")
def cost_delegates(AL, Y, parameters=None, lambd=0.0):
    return dnn.cost(AL, Y, parameters, lambd)


@wrong("cost", r"L2|λ|lambd")
def cost_l2_without_m(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(np.sum(_ce(AL, Y)) / m + lambd / 2 * _l2w(parameters))


@wrong("cost", r"np\.log10")
def cost_log10(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    Y = Y.astype(AL.dtype)
    with np.errstate(divide="ignore"):
        logs = np.maximum(np.log10(AL), -100), np.maximum(np.log10(1 - AL), -100)
    J = -np.sum(Y * logs[0] + (1 - Y) * logs[1]) / m
    return float(J + lambd / (2 * m) * _l2w(parameters))


@wrong("cost", r"L2|λ|lambd")
def cost_l2_forgotten(AL, Y, parameters=None, lambd=0.0):
    return float(np.mean(_ce(AL, Y)))


# ------------------------------------------------------------------ sigmoid_backward (chapter 4)


@wrong("sigmoid_backward", r"σ\(Z\)·σ\(Z\)|1 − σ|1 - σ")
def sigmoid_s_squared(dA, cache):
    s = sig(cache.Z)
    return dA * s**2


@wrong("sigmoid_backward", r"NaN|inf|overflow|large|saturat")
def sigmoid_exp_formula(dA, cache):
    Z = cache.Z
    return dA * np.exp(-Z) / (1 + np.exp(-Z)) ** 2


@wrong("sigmoid_backward", r"sign")
def sigmoid_negated(dA, cache):
    s = sig(cache.Z)
    return -dA * s * (1 - s)


@wrong("sigmoid_backward", r"sign|s - 1|σ − 1|1 − σ")
def sigmoid_prime_flipped(dA, cache):
    s = sig(cache.Z)
    return dA * s * (s - 1)


@wrong("sigmoid_backward", r"depend on dA|multiply by dA")
def sigmoid_no_dA(dA, cache):
    s = sig(cache.Z)
    return s * (1 - s)


@wrong("sigmoid_backward", r"σ′|derivative|σ\(Z\)·\(1")
def sigmoid_uses_sigma_not_prime(dA, cache):
    return dA * sig(cache.Z)


@wrong("sigmoid_backward", r"dnn|own|shortcut")
def sigmoid_delegates(dA, cache):
    return dnn.sigmoid_backward(dA, cache)


@wrong("sigmoid_backward", r"float64|dtype")
def sigmoid_float64(dA, cache):
    s = 1 / (1 + np.exp(-cache.Z.astype(np.float64)))
    return dA * s * (1 - s)


@wrong("sigmoid_backward", r"\bA\b|\bZ\b")
def sigmoid_z_times_one_minus_z(dA, cache):
    return dA * cache.Z * (1 - cache.Z)


@wrong("sigmoid_backward", r"@|matrix|element")
def sigmoid_matmul(dA, cache):
    s = sig(cache.Z)
    return dA @ (s * (1 - s))


# ------------------------------------------------------------------ relu_backward (chapter 4)


@wrong("relu_backward", r"Z > 0|Z >= 0|at 0|exactly 0")
def relu_ge_zero(dA, cache):
    return dA * (cache.Z >= 0)


@wrong("relu_backward", r"Z < 0|mask|flat")
def relu_no_mask(dA, cache):
    return dA


@wrong("relu_backward", r"in place|copy")
def relu_writes_into_dA(dA, cache):
    dZ = dA
    dZ[cache.Z <= 0] = 0
    return dZ


@wrong("relu_backward", r"dA.*Z|sign of dA|mask.*Z")
def relu_masks_on_dA(dA, cache):
    return np.maximum(dA, 0)


@wrong("relu_backward", r"depend on dA|multiply by dA")
def relu_returns_mask(dA, cache):
    return np.where(cache.Z > 0, 1.0, 0.0).astype(dA.dtype)


@wrong("relu_backward", r"invert|Z < 0|opposite|Z > 0")
def relu_mask_inverted(dA, cache):
    return dA * (cache.Z < 0)


@wrong("relu_backward", r"ReLU′|indicator|1 where|times Z|by Z")
def relu_times_Z(dA, cache):
    return dA * np.maximum(cache.Z, 0)


@wrong("relu_backward", r"dnn|own|shortcut")
def relu_delegates(dA, cache):
    return dnn.relu_backward(dA, cache)


@wrong("relu_backward", r"float64|dtype")
def relu_float64_mask(dA, cache):
    return dA * (cache.Z > 0).astype(float)


# ------------------------------------------------------------------ linear_backward (chapter 5)


@wrong("linear_backward", r"m times|1/m")
def linear_no_1_over_m(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"shape\[0\]|wrong axis|number of examples|shape\[1\]")
def linear_m_from_dZ_rows(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[0]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"shape\[0\]|wrong axis|number of examples|shape\[1\]")
def linear_m_from_A_prev_rows(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[0]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"dA_prev.*(1/m|/m|m times)|(1/m|/m).*dA_prev")
def linear_dA_prev_over_m(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ / m, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"axis")
def linear_db_axis0(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=0, keepdims=True) / m


@wrong("linear_backward", r"keepdims|\(n_l, 1\)")
def linear_db_no_keepdims(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1) / m


@wrong("linear_backward", r"transpose")
def linear_dW_transposed(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, A_prev @ dZ.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"order|swap|\(dA_prev, dW, db\)")
def linear_returns_in_wrong_order(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m, W.T @ dZ


@wrong("linear_backward", r"transpose")
def linear_dA_prev_transposed(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return dZ.T @ W, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"dnn|own|shortcut")
def linear_delegates(dZ, cache):
    return dnn.linear_backward(dZ, cache)


@wrong("linear_backward", r"m times|1/m|\bdb\b")
def linear_db_no_1_over_m(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True)


@wrong("linear_backward", r"mean|axis|1/m")
def linear_dW_mean_twice(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.mean(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", r"\bb\b|bias|\bW\b")
def linear_dA_prev_uses_b(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ + b.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


# ------------------------------------------------------------------ backward (chapter 6)


def _relu_b(dA, Z):
    return dA * (Z > 0)


def _backward(
    AL, Y, caches, lambd, dZL=None, hidden="relu", l2=1.0, l2_b=False, keys=0, first=1, l2_m=True
):
    L, m = len(caches), AL.shape[1]
    Y = Y.astype(AL.dtype)
    grads = {}
    dZ = AL - Y if dZL is None else dZL(AL, Y)
    for l in range(L, first - 1, -1):
        (A_prev, W, b), (Z,) = caches[l - 1]
        if l < L:
            dA = grads[f"dA{l + keys}"]
            if hidden == "relu":
                dZ = _relu_b(dA, Z)
            elif hidden == "sigmoid":
                s = sig(Z)
                dZ = dA * s * (1 - s)
            else:
                dZ = dA
        reg = lambd / m if l2_m else lambd
        grads[f"dW{l}"] = dZ @ A_prev.T / m + l2 * reg * W
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m + (reg * b if l2_b else 0)
        grads[f"dA{l - 1 + keys}"] = W.T @ dZ
    return grads


@wrong("backward", r"σ′|sigmoid_backward|twice|again|AL − Y|AL - Y")
def backward_sigmoid_prime_again(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, dZL=lambda AL, Y: (AL - Y) * AL * (1 - AL))


@wrong("backward", r"ReLU|relu|mask")
def backward_no_relu_mask(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, hidden="none")


@wrong("backward", r"L2|λ|lambd")
def backward_no_l2(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, l2=0.0)


@wrong("backward", r"\bdb\b.*(L2|λ)|(L2|λ).*\bdb\b|bias")
def backward_l2_on_b(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, l2_b=True)


@wrong("backward", r"sign")
def backward_dZL_sign(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, dZL=lambda AL, Y: Y - AL)


@wrong("backward", r"sigmoid|ReLU|relu")
def backward_sigmoid_in_hidden(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, hidden="sigmoid")


@wrong("backward", r"off by one|dA\{l-1\}|dA0")
def backward_keys_shifted(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, keys=1)


@wrong("backward", r"λ/m|m times|\bm\b")
def backward_l2_without_m(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, l2_m=False)


@wrong("backward", r"AL − Y|AL - Y|exact 0 or 1|divides")
def backward_dAL_formula(AL, Y, caches, lambd):
    def dZL(AL, Y):
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
        return dAL * AL * (1 - AL)

    return _backward(AL, Y, caches, lambd, dZL=dZL)


@wrong("backward", r"layer 1|dW1|missing")
def backward_skips_layer_1(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, first=2)


@wrong("backward", r"dnn|own|shortcut")
def backward_delegates(AL, Y, caches, lambd):
    return dnn.backward(AL, Y, caches, lambd)


@wrong("backward", r"1/m|m times|\bm\b")
def backward_dZL_over_m(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, dZL=lambda AL, Y: (AL - Y) / AL.shape[1])


@wrong("backward", r"2×|twice|λ/\(2m\)|half")
def backward_l2_half(AL, Y, caches, lambd):
    return _backward(AL, Y, caches, lambd, l2=0.5)


# ------------------------------------------------------------------ update_parameters (chapter 7)


@wrong("update_parameters", r"uphill|sign|subtract")
def update_plus(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@wrong("update_parameters", r"learning rate|learning_rate|α")
def update_no_lr(parameters, grads, learning_rate):
    return {k: v - grads["d" + k] for k, v in parameters.items()}


@wrong("update_parameters", r"last layer|range\(1, L \+ 1\)")
def update_skips_last(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = dict(parameters)
    for l in range(1, L):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


@wrong("update_parameters", r"\bb\b.*(divid|α|learning)|(divid|α|learning).*\bb\b")
def update_b_divided(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - grads[f"db{l}"] / learning_rate
    return new


@wrong("update_parameters", r"float64|dtype")
def update_plain(parameters, grads, learning_rate):
    """Right on Python floats; a NumPy float64 learning rate upcasts float32 parameters."""
    return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}


@wrong("update_parameters", r"changed the caller|in place|new dict")
def update_in_place(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]
    return parameters


@wrong("update_parameters", r"\bdb\b|\bdW\b")
def update_b_with_dW(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * np.sum(
            grads[f"dW{l}"], axis=1, keepdims=True
        )
    return new


@wrong("update_parameters", r"\bb\b|bias")
def update_only_W(parameters, grads, learning_rate):
    new = dict(parameters)
    for k in parameters:
        if k.startswith("W"):
            new[k] = parameters[k] - learning_rate * grads["d" + k]
    return new


@wrong("update_parameters", r"changed the caller|in place|new dict|copy")
def update_shallow_copy(parameters, grads, learning_rate):
    new = parameters.copy()
    for k in new:
        new[k] -= learning_rate * grads["d" + k]
    return new


@wrong("update_parameters", r"len\(parameters\)|// 2|twice the number")
def update_L_len(parameters, grads, learning_rate):
    L = len(parameters)
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


@wrong("update_parameters", r"dnn|own|shortcut")
def update_delegates(parameters, grads, learning_rate):
    return dnn.update_parameters(parameters, grads, learning_rate)


@wrong("update_parameters", r"layer|off by one|dW\{l")
def update_grads_off_by_one(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        k = l + 1 if l < L and grads[f"dW{l + 1}"].shape == parameters[f"W{l}"].shape else l
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{k}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


# ------------------------------------------------------------------ numerical_gradient (chapter 8)


@wrong("numerical_gradient", r"one-sided|central")
def numgrad_forward_difference(f, x, h):
    grad = np.zeros_like(x)
    f0 = f()
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f() - f0) / h
        x[i] = old
    return grad


@wrong("numerical_gradient", r"twice|2h")
def numgrad_divides_by_h(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / h
    return grad


@wrong("numerical_gradient", r"left x changed|restore|put it back")
def numgrad_not_restored(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        fp = f()
        x[i] -= 2 * h
        fm = f()
        grad[i] = (fp - fm) / (2 * h)
    return grad


@wrong("numerical_gradient", r"shape|flat|ravel")
def numgrad_flat(f, x, h):
    grad = []
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad.append((fp - fm) / (2 * h))
    return np.array(grad, dtype=x.dtype)


@wrong("numerical_gradient", r"copy|reads x|perturb x")
def numgrad_perturbs_a_copy(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f() - f()) / (2 * h)
    return grad


@wrong("numerical_gradient", r"one entry|row|at a time")
def numgrad_moves_rows(f, x, h):
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        old = x[i].copy()
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


@wrong("numerical_gradient", r"no argument|f\(\)")
def numgrad_calls_f_with_x(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f(xp) - f(xm)) / (2 * h)
    return grad


@wrong("numerical_gradient", r"dnn|own|shortcut")
def numgrad_delegates(f, x, h):
    return dnn.numerical_gradient(f, x, h)


@wrong("numerical_gradient", r"depend on h|the h passed")
def numgrad_fixed_h(f, x, h):
    h = 1e-5
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


@wrong("numerical_gradient", r"float64|dtype")
def numgrad_float64_grad(f, x, h):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


@wrong("numerical_gradient", r"sign")
def numgrad_minus_first(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old - h
        fm = f()
        x[i] = old + h
        fp = f()
        x[i] = old
        grad[i] = (fm - fp) / (2 * h)
    return grad


@wrong("numerical_gradient", r"first entry|every index|loop")
def numgrad_return_in_loop(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
        return grad


@wrong("numerical_gradient", r"all of x|at a time|one entry")
def numgrad_whole_array(f, x, h):
    old = x.copy()
    x += h
    fp = f()
    x[...] = old - h
    fm = f()
    x[...] = old
    return np.full_like(x, (fp - fm) / (2 * h))


def named(verdict, expect):
    """A verdict names the mistake when its first line (after "✗ name: ") matches `expect`
    and is not a bare "differs" (the second line, the case's label, does not count)."""
    line = verdict.strip().splitlines()[0].split(": ", 1)[-1]
    return bool(re.search(expect, line)) and "differs from the expected values" not in line


# The catalogue entries added with issue 10, each with the corpus entry that plants it.
PLANTED = {
    "shortcut": "cost_delegates",
    "general-sign": "numgrad_minus_first",
    "general-factor": "linear_m_from_dZ_rows",
    "general-transpose": "linear_dA_prev_transposed",
    "general-order": "linear_returns_in_wrong_order",
    "forward-swapped-returns": "forward_returns_swapped",
    "forward-no-bias": "forward_no_bias",
    "forward-caches-A": "forward_caches_A_not_Z",
    "forward-sigmoid-overflow": "forward_unstable_sigmoid",
    "cost-l2-no-m": "cost_l2_without_m",
    "cost-log10": "cost_log10",
    "cost-l2-biases": "cost_l2_includes_biases",
    "cost-l2-not-squared": "cost_l2_not_squared",
    "cost-l2-skips-layer": "cost_l2_skips_last_W",
    "cost-l2-layer-twice": None,
    "cost-one-term": "cost_only_positive_term",
    "cost-not-a-float": "cost_returns_float32",
    "sigmoid-prime-sign": "sigmoid_prime_flipped",
    "sigmoid-not-derivative": "sigmoid_uses_sigma_not_prime",
    "sigmoid-overflow": "sigmoid_exp_formula",
    "relu-mask-on-dA": "relu_masks_on_dA",
    "relu-mask-inverted": "relu_mask_inverted",
    "relu-times-z": "relu_times_Z",
    "dA-prev-over-m": "linear_dA_prev_over_m",
    "db-mean-over-m": "linear_dW_mean_twice",
    "l2-no-m": "backward_l2_without_m",
    "sigmoid-prime-again": "backward_sigmoid_prime_again",
    "relu-mask-missing": "backward_no_relu_mask",
    "sigmoid-in-hidden": "backward_sigmoid_in_hidden",
    "dZL-over-m": "backward_dZL_over_m",
    "b-lr-divided": "update_b_divided",
    "b-not-updated": "update_only_W",
    "update-L-count": "update_L_len",
    "update-wrong-layer": "update_grads_off_by_one",
    "lr-upcast": "update_plain",
    "numgrad-perturbs-copy": "numgrad_perturbs_a_copy",
    "numgrad-rows": "numgrad_moves_rows",
}
