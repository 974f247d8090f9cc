"""The exercise checks (dnn.checks) and their catalogue of mistakes (chapters/mistakes.md).

dnn's own functions pass every check. Each catalogued mistake has at least one deliberately
wrong function below, written the way a reader would write it; its check must fail, and its
verdict must name that mistake and no other.
"""

from pathlib import Path

import numpy as np
import pytest

import dnn
from dnn import checks
from dnn.checks import CATALOGUE, MISTAKES

PAGE = Path(__file__).resolve().parent.parent / "chapters" / "mistakes.md"
CHECKS = {
    "forward": (checks.check_forward, dnn.forward),
    "cost": (checks.check_cost, dnn.cost),
    "sigmoid": (checks.check_sigmoid_backward, dnn.sigmoid_backward),
    "relu": (checks.check_relu_backward, dnn.relu_backward),
    "linear": (checks.check_linear_backward, dnn.linear_backward),
    "backward": (checks.check_backward, dnn.backward),
    "update": (checks.check_update_parameters, dnn.update_parameters),
    "numgrad": (checks.check_numerical_gradient, dnn.numerical_gradient),
}


def phrase(mistake):
    """The fixed text of a mistake's message (its "{out}" names an output)."""
    return max(mistake.message.split("{out}"), key=len)


def run(capsys, check, fn):
    ok = CHECKS[check][0](fn)
    return ok, capsys.readouterr().out


# ------------------------------------------------------------------ forward (chapter 2)


def forward_loop(
    X, parameters, activation=lambda l, L: "relu" if l < L else "sigmoid", first=1, stop=0
):
    """A reader's forward; the keyword arguments plant one mistake each."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(first, L + 1 - stop):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], activation(l, L)
        )
        caches.append(cache)
    return A, caches


def forward_sigmoid_everywhere(X, parameters):
    return forward_loop(X, parameters, activation=lambda l, L: "sigmoid")


def forward_relu_everywhere(X, parameters):
    return forward_loop(X, parameters, activation=lambda l, L: "relu")


def forward_relu_output(X, parameters):
    """The Coursera layout, a ReLU loop and then the output layer, with the wrong string."""
    return forward_coursera(X, parameters, output="relu")


def forward_caches_reversed(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu" if l < L else "sigmoid"
        )
        caches.insert(0, cache)
    return A, caches


def forward_by_hand(X, parameters, store):
    """forward from linear_forward and the activations; store(linear_cache, Z) -> the cache."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z, linear_cache = dnn.linear_forward(A, parameters[f"W{l}"], parameters[f"b{l}"])
        A = dnn.relu(Z) if l < L else dnn.sigmoid(Z)
        caches.append(store(linear_cache, Z))
    return A, caches


def forward_pairs_swapped(X, parameters):
    return forward_by_hand(X, parameters, lambda lc, Z: (dnn.ActivationCache(Z), lc))


def forward_linear_cache_only(X, parameters):
    return forward_by_hand(X, parameters, lambda lc, Z: lc)


def forward_stops_early(X, parameters):
    return forward_loop(X, parameters, stop=1)


def forward_sigmoid_one_early(X, parameters):
    """The Coursera layout, one layer short: the sigmoid on layer L - 1."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L - 1):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu"
        )
        caches.append(cache)
    AL, cache = dnn.linear_forward_activation(
        A, parameters[f"W{L - 1}"], parameters[f"b{L - 1}"], "sigmoid"
    )
    caches.append(cache)
    return AL, caches


def forward_starts_at_2(X, parameters):
    return forward_loop(X, parameters, first=2)


def forward_L_len(X, parameters):
    L = len(parameters)
    A, caches = X, []
    for l in range(1, L):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu"
        )
        caches.append(cache)
    AL, cache = dnn.linear_forward_activation(
        A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid"
    )
    caches.append(cache)
    return AL, caches


# ------------------------------------------------------------------ the cost (chapter 3)


def _log_sum(AL, Y):  # Σ (Y log AL + (1 - Y) log(1 - AL)), each log clamped at -100
    with np.errstate(divide="ignore"):
        return np.sum(Y * np.maximum(np.log(AL), -100) + (1 - Y) * np.maximum(np.log(1 - AL), -100))


def _l2(parameters, lambd, m):
    if not lambd:
        return 0.0
    return lambd / (2 * m) * sum(np.sum(W**2) for k, W in parameters.items() if k.startswith("W"))


def cost_no_mean(AL, Y, parameters=None, lambd=0.0):
    return float(-_log_sum(AL, Y) + _l2(parameters, lambd, AL.shape[1]))


def cost_sign(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(_log_sum(AL, Y) / m + _l2(parameters, lambd, m))


def cost_log_zero(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m + _l2(parameters, lambd, m))


def cost_coarse_clip(AL, Y, parameters=None, lambd=0.0):
    m, A = AL.shape[1], np.clip(AL, 1e-6, 1 - 1e-6)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m + _l2(parameters, lambd, m))


def cost_no_l2(AL, Y, parameters=None, lambd=0.0):
    return float(-_log_sum(AL, Y) / AL.shape[1])


def cost_l2_double(AL, Y, parameters=None, lambd=0.0):
    m = AL.shape[1]
    return float(-_log_sum(AL, Y) / m + 2 * _l2(parameters, lambd, m))


# ------------------------------------------------------------------ activations (chapter 4)


def sigmoid_squared(dA, cache):
    s = dnn.sigmoid(cache.Z)
    return dA * s * s


def sigmoid_z_for_a(dA, cache):
    Z = cache.Z
    return dA * Z * (1 - Z)


def sigmoid_prime_of_a(dA, cache):
    A = dnn.sigmoid(cache.Z)
    return dA * dnn.sigmoid_prime(A)


def sigmoid_forgot_dA(dA, cache):
    s = dnn.sigmoid(cache.Z)
    return s * (1 - s)


def relu_forgot_dA(dA, cache):
    return (cache.Z > 0).astype(cache.Z.dtype)


def sigmoid_dot(dA, cache):
    s = dnn.sigmoid(cache.Z)
    return np.dot(dA, s * (1 - s))


def relu_matmul(dA, cache):
    return dA @ (cache.Z > 0).astype(dA.dtype)


def relu_at_zero(dA, cache):
    return dA * (cache.Z >= 0)


def relu_no_mask(dA, cache):
    return dA.copy()


def relu_writes_into_dA(dA, cache):
    dZ = dA
    dZ[cache.Z <= 0] = 0
    return dZ


def sigmoid_writes_into_dA(dA, cache):
    s = dnn.sigmoid(cache.Z)
    dA *= s * (1 - s)
    return dA


def relu_float64(dA, cache):
    return dA * (cache.Z > 0).astype(float)


def relu_no_return(dA, cache):
    dZ = np.where(cache.Z > 0, dA, 0)  # noqa: F841


# ------------------------------------------------------------------ linear backward (chapter 5)


def linear_no_1_over_m(dZ, cache):
    A_prev, W, b = cache
    return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)


def linear_db_no_1_over_m(dZ, cache):
    A_prev, W, b = cache
    return W.T @ dZ, dZ @ A_prev.T / dZ.shape[1], np.sum(dZ, axis=1, keepdims=True)


def linear_db_axis_0(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=0, keepdims=True) / m


def linear_db_no_keepdims(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1) / m


def linear_db_repeated(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.mean(dZ, axis=1, keepdims=True) * np.ones_like(dZ)


def linear_star(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W.T @ dZ, dZ * A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_w_not_transposed(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_dw_transposed(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[1]
    return W.T @ dZ, A_prev @ dZ.T / m, np.sum(dZ, axis=1, keepdims=True) / m


# ------------------------------------------------------------------ back propagation (chapter 6)


def backward_coursera(AL, Y, caches, lambd=0.0, dZL=None, l2=1.0, l2_on_b=False, shift=0):
    """A reader's backward, the Coursera way; the keyword arguments plant one mistake each."""
    grads, L, m = {}, len(caches), AL.shape[1]
    dZ = AL - Y if dZL is None else dZL(AL, Y)
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = dnn.linear_backward(dZ, caches[L - 1][0])
    grads[f"dA{L - 1 + shift}"] = dA_prev
    for l in reversed(range(1, L)):
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = dnn.linear_backward_activation(
            grads[f"dA{l + shift}"], caches[l - 1], "relu"
        )
        grads[f"dA{l - 1 + shift}"] = dA_prev
    for l in range(1, L + 1):
        linear_cache = caches[l - 1][0]
        grads[f"dW{l}"] = grads[f"dW{l}"] + l2 * lambd / m * linear_cache.W
        if l2_on_b:
            grads[f"db{l}"] = grads[f"db{l}"] + lambd / m * linear_cache.b
    return grads


def backward_dZL_sign(AL, Y, caches, lambd=0.0):
    return backward_coursera(AL, Y, caches, lambd, dZL=lambda AL, Y: Y - AL)


def backward_via_dAL(AL, Y, caches, lambd=0.0, sign=-1.0):
    """The output layer through dA_L and sigmoid_backward, as chapter 6 derives it."""
    grads, L, m = {}, len(caches), AL.shape[1]
    dAL = sign * (Y / AL - (1 - Y) / (1 - AL))
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = dnn.linear_backward_activation(
        dAL, caches[L - 1], "sigmoid"
    )
    for l in reversed(range(1, L)):
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dnn.linear_backward_activation(
            grads[f"dA{l}"], caches[l - 1], "relu"
        )
    for l in range(1, L + 1):
        grads[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * caches[l - 1][0].W
    return grads


def backward_dAL_sign(AL, Y, caches, lambd=0.0):
    return backward_via_dAL(AL, Y, caches, lambd, sign=+1.0)


def backward_dAL_by_hand(AL, Y, caches, lambd=0.0):
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    return backward_coursera(AL, Y, caches, lambd, dZL=lambda AL, Y: dAL * AL * (1 - AL))


def backward_seed_keys(AL, Y, caches, lambd=0.0):
    return backward_coursera(AL, Y, caches, lambd, shift=1)


def backward_no_l2(AL, Y, caches, lambd=0.0):
    return backward_coursera(AL, Y, caches, lambd, l2=0.0)


def backward_l2_half(AL, Y, caches, lambd=0.0):
    return backward_coursera(AL, Y, caches, lambd, l2=0.5)


def backward_l2_on_b(AL, Y, caches, lambd=0.0):
    return backward_coursera(AL, Y, caches, lambd, l2_on_b=True)


# ------------------------------------------------------------------ the update (chapter 7)


def update_in_place(parameters, grads, learning_rate):
    for key in parameters:
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters


def update_same_dict(parameters, grads, learning_rate):
    for key in parameters:
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


def update_uphill(parameters, grads, learning_rate):
    return {key: value + learning_rate * grads["d" + key] for key, value in parameters.items()}


def update_no_learning_rate(parameters, grads, learning_rate):
    return {key: value - grads["d" + key] for key, value in parameters.items()}


def update_skips_last(parameters, grads, learning_rate):
    new, L = dict(parameters), len(parameters) // 2
    for l in range(1, L):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


def update_drops_last(parameters, grads, learning_rate):
    new, L = {}, len(parameters) // 2
    for l in range(1, L):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


# ------------------------------------------------------------------ gradient checking (chapter 8)


def numgrad_one_sided(f, x, h=1e-5):
    grad, f0 = np.zeros_like(x), f()
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f() - f0) / h
        x[i] = old
    return grad


def numgrad_backward_difference(f, x, h=1e-5):
    grad, f0 = np.zeros_like(x), f()
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old - h
        grad[i] = (f0 - f()) / h
        x[i] = old
    return grad


def numgrad_central(f, x, h=1e-5, divide=2, step=None, restore=True):
    """A reader's central difference; the keyword arguments plant one mistake each."""
    h = h if step is None else step
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        if restore:
            x[i] = old
        grad[i] = (f_plus - f_minus) / (divide * h)
    return grad


def numgrad_over_h(f, x, h=1e-5):
    return numgrad_central(f, x, h, divide=1)


def numgrad_not_restored(f, x, h=1e-5):
    return numgrad_central(f, x, h, restore=False)


def numgrad_fixed_step(f, x, h=1e-5):
    return numgrad_central(f, x, h, step=1e-5)


def numgrad_return_in_loop(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
        return grad


def numgrad_one_number(f, x, h=1e-5):
    old = x.flat[0]
    x.flat[0] = old + h
    f_plus = f()
    x.flat[0] = old - h
    f_minus = f()
    x.flat[0] = old
    return (f_plus - f_minus) / (2 * h)


def numgrad_all_at_once(f, x, h=1e-5):
    old = x.copy()
    x += h
    f_plus = f()
    x[...] = old - h
    f_minus = f()
    x[...] = old
    return np.full_like(x, (f_plus - f_minus) / (2 * h))


def numgrad_cs231n(f, x, h=1e-5):
    """cs231n's eval_numerical_gradient, which calls f(x)."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad


WRONG = [  # (catalogue key, check, a wrong function)
    ("no-return", "relu", relu_no_return),
    ("float64-out", "relu", relu_float64),
    ("forward-sigmoid-everywhere", "forward", forward_sigmoid_everywhere),
    ("forward-relu-output", "forward", forward_relu_everywhere),
    ("forward-relu-output", "forward", forward_relu_output),
    ("forward-cache-order", "forward", forward_caches_reversed),
    ("forward-cache-order", "forward", forward_pairs_swapped),
    ("forward-no-activation-cache", "forward", forward_linear_cache_only),
    ("forward-skips-last-layer", "forward", forward_stops_early),
    ("forward-skips-last-layer", "forward", forward_sigmoid_one_early),
    ("forward-skips-first-layer", "forward", forward_starts_at_2),
    ("forward-L-count", "forward", forward_L_len),
    ("cost-no-mean", "cost", cost_no_mean),
    ("cost-sign", "cost", cost_sign),
    ("cost-log-zero", "cost", cost_log_zero),
    ("cost-coarse-clip", "cost", cost_coarse_clip),
    ("cost-no-l2", "cost", cost_no_l2),
    ("cost-l2-double", "cost", cost_l2_double),
    ("sigmoid-squared", "sigmoid", sigmoid_squared),
    ("sigmoid-a-for-z", "sigmoid", sigmoid_z_for_a),
    ("sigmoid-a-for-z", "sigmoid", sigmoid_prime_of_a),
    ("forgot-dA", "sigmoid", sigmoid_forgot_dA),
    ("forgot-dA", "relu", relu_forgot_dA),
    ("matmul-for-star", "sigmoid", sigmoid_dot),
    ("matmul-for-star", "relu", relu_matmul),
    ("relu-at-zero", "relu", relu_at_zero),
    ("relu-below-zero", "relu", relu_no_mask),
    ("writes-into-dA", "relu", relu_writes_into_dA),
    ("writes-into-dA", "sigmoid", sigmoid_writes_into_dA),
    ("missing-1-over-m", "linear", linear_no_1_over_m),
    ("missing-1-over-m", "linear", linear_db_no_1_over_m),
    ("db-wrong-axis", "linear", linear_db_axis_0),
    ("db-no-keepdims", "linear", linear_db_no_keepdims),
    ("db-no-keepdims", "linear", linear_db_repeated),
    ("star-for-matmul", "linear", linear_star),
    ("w-not-transposed", "linear", linear_w_not_transposed),
    ("dw-transposed", "linear", linear_dw_transposed),
    ("dAL-sign", "backward", backward_dZL_sign),
    ("dAL-sign", "backward", backward_dAL_sign),
    ("dAL-divides-by-zero", "backward", backward_via_dAL),
    ("dAL-divides-by-zero", "backward", backward_dAL_by_hand),
    ("dA-key-off-by-one", "backward", backward_seed_keys),
    ("l2-missing-dW", "backward", backward_no_l2),
    ("l2-on-b", "backward", backward_l2_on_b),
    ("l2-dW-half", "backward", backward_l2_half),
    ("mutates-parameters", "update", update_in_place),
    ("mutates-parameters", "update", update_same_dict),
    ("update-sign", "update", update_uphill),
    ("lr-ignored", "update", update_no_learning_rate),
    ("last-layer-skipped", "update", update_skips_last),
    ("last-layer-skipped", "update", update_drops_last),
    ("numgrad-one-sided", "numgrad", numgrad_one_sided),
    ("numgrad-one-sided", "numgrad", numgrad_backward_difference),
    ("numgrad-h-not-2h", "numgrad", numgrad_over_h),
    ("numgrad-not-restored", "numgrad", numgrad_not_restored),
    ("numgrad-h-ignored", "numgrad", numgrad_fixed_step),
    ("numgrad-first-entry-only", "numgrad", numgrad_return_in_loop),
    ("numgrad-first-entry-only", "numgrad", numgrad_one_number),
    ("numgrad-all-at-once", "numgrad", numgrad_all_at_once),
    ("numgrad-f-with-argument", "numgrad", numgrad_cs231n),
]


@pytest.mark.parametrize("key, check, fn", WRONG, ids=[f"{k}-{fn.__name__}" for k, c, fn in WRONG])
def test_each_mistake_gets_its_own_message(capsys, key, check, fn):
    ok, out = run(capsys, check, fn)
    assert ok is False
    assert out.startswith("✗ ")
    assert phrase(MISTAKES[key]) in out, out
    others = [m.key for m in CATALOGUE if m.key != key and phrase(m) in out]
    assert not others, f"{key}'s verdict also names {others}:\n{out}"


def test_every_catalogued_mistake_has_a_wrong_function():
    assert len(CATALOGUE) >= 15
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from student_corpus import PLANTED  # the entries of issue 10: tests/test_checks_mistakes.py

    general = {"general-layer", "no-return", "float64-out"}  # tested by the tests below
    planted = {key for key, _, _ in WRONG} | set(PLANTED) | {"cost-l2-layer-twice"} | general
    assert {m.key for m in CATALOGUE} <= planted


@pytest.mark.parametrize("check", CHECKS)
def test_the_reference_passes(capsys, check):
    ok, out = run(capsys, check, CHECKS[check][1])
    assert ok is True
    assert out.startswith(f"✓ {CHECKS[check][1].__name__}: correct on ")
    assert out.count("\n") == 1


def cost_clip_eps(AL, Y, parameters=None, lambd=0.0):
    """The other allowed guard: AL clipped to [eps, 1 - eps], eps the dtype's machine epsilon."""
    eps = np.finfo(AL.dtype).eps
    A, m = np.clip(AL, eps, 1 - eps), AL.shape[1]
    J = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m + _l2(parameters, lambd, m)
    return float(np.squeeze(J))  # a Python float, as the exercise asks


def forward_coursera(X, parameters, output="sigmoid"):
    """The Coursera layout: a ReLU loop, then the output layer (`output`); caches as a tuple."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L):
        A, cache = dnn.linear_forward_activation(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu"
        )
        caches.append(cache)
    AL, cache = dnn.linear_forward_activation(A, parameters[f"W{L}"], parameters[f"b{L}"], output)
    return AL, tuple(caches + [cache])


def numgrad_nditer(f, x, h=1e-5):
    """cs231n's loop, calling f() as this book's contract says, halving last."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        ix = it.multi_index
        old = x[ix].copy()
        x[ix] += h
        f_plus = f()
        x[ix] = old - h
        f_minus = f()
        x[ix] = old
        grad[ix] = (f_plus - f_minus) / h / 2
    return grad


@pytest.mark.parametrize(
    "check, fn",
    [
        ("forward", forward_coursera),
        ("forward", lambda X, p: forward_by_hand(X, p, lambda lc, Z: (lc, dnn.ActivationCache(Z)))),
        ("numgrad", numgrad_nditer),
        ("cost", cost_clip_eps),
        ("relu", lambda dA, cache: np.where(cache.Z > 0, dA, 0)),
        ("sigmoid", lambda dA, cache: dA * dnn.sigmoid(cache.Z) * (1 - dnn.sigmoid(cache.Z))),
        (
            "linear",
            lambda dZ, c: (
                np.dot(c.W.T, dZ),
                np.dot(dZ, c.A_prev.T) / dZ.shape[1],
                dZ.mean(axis=1, keepdims=True),
            ),
        ),
        ("backward", backward_coursera),
        ("update", lambda p, g, a: {k: v - float(a) * g["d" + k] for k, v in p.items()}),
    ],
)
def test_other_right_answers_pass(capsys, check, fn):
    ok, out = run(capsys, check, fn)
    assert ok is True, out


@pytest.mark.parametrize("check", CHECKS)
def test_a_stub_is_not_implemented_yet(capsys, check):
    def stub(*args):
        raise NotImplementedError

    ok, out = run(capsys, check, stub)
    assert ok is False
    assert "not implemented yet" in out and "Traceback" not in out
    assert out.count("\n") == 1


def test_an_exception_is_named(capsys):
    ok, out = run(capsys, "cost", lambda AL, Y, parameters=None, lambd=0.0: 1 / 0)
    assert ok is False
    assert (
        out == "✗ cost: your function raised ZeroDivisionError: division by zero\n"
        "  (case 1 of 8: m = 1, λ = 0, float64)\n"
    )


def test_an_exception_on_lambda_cases_names_the_case(capsys):
    ok, out = run(capsys, "cost", lambda AL, Y: dnn.cost(AL, Y))  # no parameters, lambd
    assert ok is False
    assert "raised TypeError" in out and "λ = 0.7" in out


def test_changing_any_input_is_a_mistake(capsys):
    def cost_clips_in_place(AL, Y, parameters=None, lambd=0.0):
        np.clip(AL, 1e-12, 1 - 1e-12, out=AL)
        return dnn.cost(AL, Y, parameters, lambd)

    ok, out = run(capsys, "cost", cost_clips_in_place)
    assert ok is False
    assert "changed its input AL in place" in out


def test_changing_grads_is_a_mistake_too(capsys):
    def update(parameters, grads, learning_rate):
        grads.pop("dA0")
        return dnn.update_parameters(parameters, grads, learning_rate)

    ok, out = run(capsys, "update", update)
    assert ok is False and "changed its input grads in place" in out


def test_an_unknown_mistake_names_the_output_and_its_error(capsys):
    def linear(dZ, cache):
        dA_prev, dW, db = dnn.linear_backward(dZ, cache)
        return dA_prev + 1.0, dW, db

    ok, out = run(capsys, "linear", linear)
    assert ok is False
    assert out.startswith(
        "✗ linear_backward: dA_prev differs from the expected values: largest error "
    )
    assert "(case 1 of 8: W (3, 5), m = 4, float64)" in out


@pytest.mark.parametrize(
    "check, fn, words",
    [
        (
            "linear",
            lambda dZ, cache: dnn.linear_backward(dZ, cache)[1:],
            "should return (dA_prev, dW, db)",
        ),
        ("backward", lambda *a: {**dnn.backward(*a), "dZ1": 0}, "has extra keys ['dZ1']"),
        (
            "backward",
            lambda *a: {k: v for k, v in dnn.backward(*a).items() if k != "dA0"},
            "is missing ['dA0']",
        ),
        ("sigmoid", lambda dA, cache: [dnn.sigmoid_backward(dA, cache)], "should return dZ"),
        ("forward", lambda X, p: dnn.forward(X, p)[0], "should return (AL, caches)"),
        (
            "forward",
            lambda X, p: (dnn.forward(X, p)[0], dict(enumerate(dnn.forward(X, p)[1], 1))),
            "caches should be a list",
        ),
        (
            "forward",
            lambda X, p: forward_by_hand(X, p, lambda lc, Z: (lc, Z)),
            "caches[0] should be layer 1's pair (LinearCache, ActivationCache), as "
            "linear_forward_activation returns it; yours is (LinearCache, ndarray)",
        ),
        (
            "numgrad",
            lambda f, x, h=1e-5: dnn.numerical_gradient(f, x, h).ravel(),
            "grad has shape (6,); it should be (3, 2)",
        ),
        ("numgrad", lambda f, x, h=1e-5: np.zeros_like(x), "grad differs from the expected values"),
        (
            "numgrad",
            lambda f, x, h=1e-5: list(dnn.numerical_gradient(f, x, h)),
            "should return an array of x's shape; yours returned a list",
        ),
        pytest.param(
            "relu",
            lambda dA, cache: dnn.relu_backward(dA, cache).astype(np.longdouble),
            f"has dtype {np.dtype(np.longdouble)}; it should be float64",
            marks=pytest.mark.skipif(np.longdouble == np.float64, reason="no long double"),
        ),
    ],
)
def test_malformed_results_are_described(capsys, check, fn, words):
    ok, out = run(capsys, check, fn)
    assert ok is False and words in out, out
    assert not [m.key for m in CATALOGUE if phrase(m) in out]


def test_verdicts_are_deterministic(capsys):
    first = [run(capsys, check, fn)[1] for _, check, fn in WRONG]
    assert first == [run(capsys, check, fn)[1] for _, check, fn in WRONG]


def test_the_catalogue_is_well_formed():
    keys, titles = [m.key for m in CATALOGUE], [m.title for m in CATALOGUE]
    assert len(set(keys)) == len(keys) and len(set(titles)) == len(titles)
    assert all(m.chapter in checks.CHAPTERS and m.spot and m.message for m in CATALOGUE)
    for m in CATALOGUE:  # no message contains another's: a verdict names one mistake
        inside = [o.key for o in CATALOGUE if o is not m and phrase(o) in m.message]
        assert not inside, f"{m.key}'s message contains {inside}'s"


def test_the_book_page_is_built_from_the_catalogue():
    """chapters/mistakes.md holds the marker that _ext/mistakes.py expands at build time."""
    import importlib.util

    page = PAGE.read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        "mistakes_ext", PAGE.parent.parent / "_ext" / "mistakes.py"
    )
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    assert page.count(ext.MARKER) == 1
    source = [page]
    ext._expand(None, "chapters/mistakes", source)
    built = source[0]
    for m in CATALOGUE:
        assert f"(mistake-{m.key})=" in built or f"mistake-{m.key}`" in built, m.key
    for _title, names in checks.CHAPTERS.values():
        for name in filter(None, names.split(", ")):
            assert (
                f"### `{name}`" in built
            )  # a section per check, forward and numerical_gradient too


# ------------------------------------------------------------------ strict=True (nbgrader cells)


def _raises_not_implemented(*args):
    raise NotImplementedError


def _raises_value_error(*args):
    raise ValueError("student bug")


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize(
    "wrong", [lambda *args: None, _raises_not_implemented, _raises_value_error]
)
def test_strict_raises_with_the_printed_verdict(capsys, check, wrong):
    with pytest.raises(AssertionError) as info:
        CHECKS[check][0](wrong, strict=True)
    printed = capsys.readouterr().out.strip()
    assert printed and str(info.value) == printed  # the same words, printed and raised
    assert printed[0] in "✗…"


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_strict_passes_a_right_function(capsys, check):
    assert CHECKS[check][0](CHECKS[check][1], strict=True) is True
    assert capsys.readouterr().out.startswith("✓")
    assert CHECKS[check][0](lambda *args: None) is False  # the default still returns False
