"""Issue 10: the mistakes students make are named; correct alternatives pass; checks are fast.

Each catalogue entry added with issue 10 has a planted bug (tests/student_corpus.py PLANTED):
its verdict names that mistake and no other. The corpus as a whole: every entry caught, at
least 90 % named.
"""

import contextlib
import io
import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import dnn
from dnn import checks
from dnn.checks import CATALOGUE, MISTAKES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from student_corpus import CORPUS, PLANTED, named  # noqa: E402

BY_NAME = {e.name: e for e in CORPUS}


def verdict(check, fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ok = getattr(checks, f"check_{check}")(fn)
    return ok, out.getvalue()


def fixed(mistake):
    """The longest fixed piece of a mistake's words (between its {placeholders})."""
    import re

    return max(re.split(r"\{[a-z]+\}", mistake.says), key=len)


def cost_last_layer_twice(AL, Y, parameters=None, lambd=0.0):
    J = dnn.cost(AL, Y, parameters, lambd)
    if lambd:
        L = len(parameters) // 2
        J += lambd / (2 * AL.shape[1]) * float(np.sum(parameters[f"W{L}"] ** 2))
    return float(J)


EXTRA = {"cost-l2-layer-twice": ("cost", cost_last_layer_twice)}


def planted(key):
    if PLANTED[key] is None:
        return EXTRA[key]
    e = BY_NAME[PLANTED[key]]
    return e.check, e.fn


@pytest.mark.parametrize("key", sorted(PLANTED))
def test_each_new_mistake_is_named_alone(key):
    check, fn = planted(key)
    ok, out = verdict(check, fn)
    assert ok is False and out.startswith("✗ "), out
    assert fixed(MISTAKES[key]) in out, out
    others = [m.key for m in CATALOGUE if m.key != key and fixed(m) in out]
    assert not others, f"{key}'s verdict also names {others}:\n{out}"


def test_every_new_entry_is_planted():
    assert set(PLANTED) <= set(MISTAKES)


def test_the_corpus_is_caught_and_named():
    rows = []
    for e in CORPUS:
        ok, out = verdict(e.check, e.fn)
        rows.append((e.name, not ok, not ok and named(out, e.expect)))
    assert len(rows) >= 60 and {e.check for e in CORPUS} == {
        "forward",
        "cost",
        "sigmoid_backward",
        "relu_backward",
        "linear_backward",
        "backward",
        "update_parameters",
        "numerical_gradient",
    }
    missed = [n for n, caught, _ in rows if not caught]
    assert not missed, missed
    rate = sum(is_named for *_, is_named in rows) / len(rows)
    assert rate >= 0.9, [n for n, _, is_named in rows if not is_named]


REFERENCES = [
    "forward",
    "cost",
    "sigmoid_backward",
    "relu_backward",
    "linear_backward",
    "backward",
    "update_parameters",
    "numerical_gradient",
]


@pytest.mark.parametrize("name", REFERENCES)
def test_no_check_takes_more_than_2_s(name):
    slowest = 0.0
    for fn in [getattr(dnn, name)] + [e.fn for e in CORPUS if e.check == name]:
        start = time.perf_counter()
        verdict(name, fn)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 2.0


# ------------------------------------------------------------------ the inputs that expose them


def test_saturated_Z_catches_the_exp_formula_and_passes_a_stable_one():
    def exp_formula(dA, cache):
        return dA * np.exp(-cache.Z) / (1 + np.exp(-cache.Z)) ** 2

    def stable(dA, cache):
        s = np.where(
            cache.Z >= 0,
            1 / (1 + np.exp(-np.abs(cache.Z))),
            np.exp(-np.abs(cache.Z)) / (1 + np.exp(-np.abs(cache.Z))),
        )
        return dA * s * (1 - s)

    ok, out = verdict("sigmoid_backward", exp_formula)
    assert not ok and "NaN or inf where |Z| is large" in out and "hundreds" in out
    assert verdict("sigmoid_backward", stable)[0]
    ok, out = verdict("forward", BY_NAME["forward_unstable_sigmoid"].fn)
    assert not ok and "|Z_L| is in the hundreds" in out


def test_a_numpy_float64_learning_rate_must_not_upcast():
    def plain(parameters, grads, learning_rate):
        return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}

    ok, out = verdict("update_parameters", plain)
    assert not ok and "NumPy float64" in out and "np.float64(0.05)" in out

    def cast_back(parameters, grads, learning_rate):  # float64 work, cast back
        return {
            k: (v.astype(np.float64) - learning_rate * grads["d" + k]).astype(v.dtype)
            for k, v in parameters.items()
        }

    assert verdict("update_parameters", cast_back)[0]


@pytest.mark.parametrize(
    "wrap, words",
    [
        (np.float32, "np.float32"),
        (np.asarray, "an array of shape ()"),
        (lambda J: np.array([[J]]), "an array of shape (1, 1)"),
    ],
)
def test_cost_must_return_a_python_float(wrap, words):
    ok, out = verdict("cost", lambda AL, Y, p=None, lambd=0.0: wrap(dnn.cost(AL, Y, p, lambd)))
    assert not ok and "not a Python float" in out and words in out, out


def test_cost_returning_np_float64_is_a_float():  # np.float64 subclasses float
    ok, out = verdict(
        "cost", lambda AL, Y, p=None, lambd=0.0: np.float64(_cost_fsum(AL, Y, p, lambd))
    )
    assert ok, out


@pytest.mark.parametrize("name", REFERENCES)
def test_delegating_to_dnn_is_named(name):
    reference = getattr(dnn, name)

    def by_attribute(*args):
        return getattr(dnn, name)(*args)

    alias = {"ref": reference}
    exec("def by_alias(*args):\n    return ref(*args)", alias)
    for fn in (by_attribute, alias["by_alias"]):
        ok, out = verdict(name, fn)
        assert not ok and f"calls dnn.{name}, dnn's own version" in out, out


# ------------------------------------------------------------------ correct alternatives pass


def _forward_einsum(X, parameters):
    L, A, caches = len(parameters) // 2, X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = np.einsum("ij,jk->ik", W, A) + b
        A_next = np.maximum(Z, 0) if l < L else dnn.sigmoid(Z)
        caches.append((dnn.LinearCache(A, W, b), dnn.ActivationCache(Z)))
        A = A_next
    return A, caches


def _cost_fsum(AL, Y, parameters=None, lambd=0.0):
    m, Y = AL.shape[1], Y.astype(AL.dtype)
    with np.errstate(divide="ignore"):
        la, lb = np.maximum(np.log(AL), -100), np.maximum(np.log1p(-AL), -100)
    J = -math.fsum((Y * la + (1 - Y) * lb).ravel()) / m
    if lambd:
        J += (
            lambd
            / (2 * m)
            * math.fsum(float(np.sum(v * v)) for k, v in parameters.items() if k.startswith("W"))
        )
    return float(J)


def _cost_loop(AL, Y, parameters=None, lambd=0.0):
    m, total = AL.shape[1], 0.0
    for i in range(m):
        a, y = float(AL[0, i]), float(Y[0, i])
        total += y * max(math.log(a) if a > 0 else -math.inf, -100) + (1 - y) * max(
            math.log1p(-a) if a < 1 else -math.inf, -100
        )
    J = -total / m
    if lambd:
        J += (
            lambd / (2 * m) * sum(float((v**2).sum()) for k, v in parameters.items() if k[0] == "W")
        )
    return J


def _relu_in_place_copy(dA, cache):
    dZ = dA.copy()
    dZ[cache.Z <= 0] = 0
    return dZ


def _sigmoid_float64_cast_back(dA, cache):
    s = 1 / (1 + np.exp(-cache.Z.astype(np.float64)))
    return (dA * s * (1 - s)).astype(dA.dtype)


def _linear_loops(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.zeros_like(W)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return np.einsum("ji,jk->ik", W, dZ), dW / m, dZ.sum(axis=1, keepdims=True) / m


def _backward_own(AL, Y, caches, lambd=0.0):
    L, m, grads = len(caches), AL.shape[1], {}
    dZ = AL - Y.astype(AL.dtype)
    for l in range(L, 0, -1):
        (A_prev, W, b), (Z,) = caches[l - 1]
        if l < L:
            dZ = np.where(Z > 0, grads[f"dA{l}"], 0).astype(AL.dtype)
        grads[f"dW{l}"] = dZ @ A_prev.T / m + lambd / m * W
        grads[f"db{l}"] = dZ.mean(axis=1, keepdims=True)
        grads[f"dA{l - 1}"] = W.T @ dZ
    return grads


def _update_own(parameters, grads, learning_rate):
    lr = float(learning_rate)
    out = {}
    for k, v in parameters.items():
        new = v.copy()
        new -= lr * grads["d" + k]  # in place, on a copy
        out[k] = new
    return out


def _numgrad_nditer(f, x, h):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i].copy()
        x[i] = keep + h
        a = f()
        x[i] = keep - h
        b_ = f()
        x[i] = keep
        grad[i] = (a - b_) / (2 * h)
    return grad


@pytest.mark.parametrize(
    "name, fn",
    [
        ("forward", _forward_einsum),
        ("cost", _cost_fsum),
        ("cost", _cost_loop),
        ("relu_backward", _relu_in_place_copy),
        ("relu_backward", lambda dA, c: np.where(c.Z > 0, dA, 0)),
        ("sigmoid_backward", _sigmoid_float64_cast_back),
        ("linear_backward", _linear_loops),
        ("backward", _backward_own),
        ("update_parameters", _update_own),
        ("numerical_gradient", _numgrad_nditer),
    ],
)
def test_correct_alternatives_pass(name, fn):
    ok, out = verdict(name, fn)
    assert ok, out


def test_a_bug_in_a_signature_raises(monkeypatch):
    """A checker bug is not swallowed: it raises under the tests."""

    def broken(results):
        raise RuntimeError("checker bug")

    bad = checks.cost.MISTAKES[0]._replace(signature=broken)
    monkeypatch.setattr(checks.cost, "MISTAKES", [bad])
    with pytest.raises(RuntimeError, match="checker bug"):
        verdict("cost", BY_NAME["cost_sum_not_mean"].fn)
