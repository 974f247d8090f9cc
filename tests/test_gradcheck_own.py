"""gradient_check on the reader's own backward, and the sampled check for large layers.

The student-style backward below is written from the chapters' equations without dnn's
linear_backward; its two planted bugs are the chapter 8 exercise's. The expected pass/fail
pattern comes from reading the bugs: a bug in db4 touches db4 only; a bug in dA2 (one layer's
output gradient) reaches dZ2 and every gradient of layers 2 and 1 below it.
"""

import numpy as np
import pytest

import dnn

DIMS = [6, 5, 4, 3, 1]


def network(seed=8, m=8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((DIMS[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.int64)
    theta = dnn.initialize_parameters(DIMS, seed=seed)
    for l in range(1, len(DIMS)):  # biases away from 0: no ReLU input within h of its kink
        theta[f"b{l}"] = rng.uniform(0.1, 0.5, (DIMS[l], 1))
    return X, Y, theta


def student_backward(AL, Y, caches, lambd=0.0, bugs=()):
    L, m = len(caches), AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        (A_prev, W, _), (Z,) = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m + lambd / m * W
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if "db" in bugs and l == L:
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)  # forgot 1/m
        grads[f"dA{l - 1}"] = W.T @ dZ
        if "dA" in bugs and l == 3:
            grads[f"dA{l - 1}"] = W.T @ dZ / m  # 1/m twice: dA2 is wrong
    return grads


@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_a_correct_own_backward_passes(lambd):
    X, Y, theta = network()
    errors = dnn.gradient_check(X, Y, theta, lambd=lambd, backward=student_backward)
    assert max(errors.values()) < 1e-7, errors


def test_the_planted_bugs_fail_where_they_are_and_below_the_da_bug():
    X, Y, theta = network()

    def buggy(AL, Y, caches, lambd):
        return student_backward(AL, Y, caches, lambd, bugs=("db", "dA"))

    errors = dnn.gradient_check(X, Y, theta, lambd=0.7, backward=buggy)
    failed = {key for key, r in errors.items() if r > 1e-7}
    assert failed == {"db4", "dW2", "db2", "dW1", "db1"}, errors
    assert all(errors[k] > 0.1 for k in failed)  # |1 − 1/8| / (1 + 1/8) = 0.78 for the dA bug


def test_the_sampled_check_finds_a_planted_error_in_a_12288_input_layer():
    rng = np.random.default_rng(3)
    dims, m = [12288, 4, 1], 3
    X = rng.random((dims[0], m))
    Y = np.array([[1, 0, 1]])
    theta = dnn.initialize_parameters(dims, seed=3)
    theta["b1"] = np.full((4, 1), 0.3)

    def one_row_wrong(AL, Y, caches, lambd):  # dW1's row 2 (a quarter of its entries) doubled
        grads = dnn.backward(AL, Y, caches, lambd)
        grads["dW1"][2] *= 2
        return grads

    right = dnn.gradient_check_sampled(X, Y, theta, sample=30, seed=0)
    assert max(right.values()) < 1e-7, right
    wrong = dnn.gradient_check_sampled(X, Y, theta, sample=30, seed=0, backward=one_row_wrong)
    assert wrong["dW1"] > 1e-3 and max(v for k, v in wrong.items() if k != "dW1") < 1e-7

    def one_entry_wrong(AL, Y, caches, lambd):  # what a sample of 30 of 49,152 cannot see
        grads = dnn.backward(AL, Y, caches, lambd)
        grads["dW1"][0, 0] += 1.0
        return grads

    drawn = np.random.default_rng(0).choice(theta["W1"].size, 30, replace=False)
    assert 0 not in drawn  # the documented draw: entry (0, 0) is not among them
    unseen = dnn.gradient_check_sampled(X, Y, theta, sample=30, seed=0, backward=one_entry_wrong)
    assert unseen["dW1"] < 1e-7


def test_sample_larger_than_a_parameter_checks_it_whole():
    X, Y, theta = network()
    full = dnn.gradient_check(X, Y, theta)
    sampled = dnn.gradient_check_sampled(X, Y, theta, sample=10)  # db's (<= 5 entries) are whole
    for key in ("db1", "db2", "db3", "db4", "dW4"):
        assert sampled[key] == full[key], key


@pytest.mark.parametrize(
    "kwargs, error, words",
    [({"sample": 0}, ValueError, "sample must be >= 1"), ({"seed": -1}, ValueError, "seed")],
)
def test_bad_sample_settings_are_named(kwargs, error, words):
    X, Y, theta = network()
    with pytest.raises(error, match=f"gradient_check_sampled: {words}"):
        dnn.gradient_check_sampled(X, Y, theta, **kwargs)
