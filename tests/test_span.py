"""fit_span (dnn/training.py, dnn/fast.py) trains exactly as DeepNeuralNetwork.fit does.

It keeps W1 as s·W1_0 + C·Xᵀ and never forms it until the end; the reference is fit itself
(which tests/test_fit_fast.py holds to the teaching loop). No timings: see benchmarks/.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import dnn
from dnn import fit_span


def problem(n_0, m, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_0, m))  # pixel-like: all positive, so XᵀX is far from diagonal
    Y = (X[:5].sum(axis=0, keepdims=True) > 2.5).astype(np.int64)
    return X.astype(dtype), Y


def pair(layers, dtype=np.float64, **settings):
    """Two identical models, with non-zero biases."""
    models = [dnn.DeepNeuralNetwork(layers, dtype=dtype, **settings) for _ in range(2)]
    for model in models:
        for l in range(1, len(layers)):
            model.parameters[f"b{l}"] += np.asarray(0.02 * l, dtype=dtype)
    return models


def assert_same_training(a, b, rtol):
    assert a.iterations == b.iterations
    assert len(a.costs) == len(b.costs)
    assert_allclose(b.costs, a.costs, rtol=rtol, atol=0)
    assert set(a.parameters) == set(b.parameters)
    for k in a.parameters:
        assert b.parameters[k].dtype == a.parameters[k].dtype, k
        scale = np.abs(a.parameters[k]).max()
        assert_allclose(b.parameters[k], a.parameters[k], rtol=rtol, atol=rtol * scale, err_msg=k)


@pytest.mark.parametrize("lambd", [0.0, 0.5])
def test_span_equals_fit_after_100_iterations(lambd):
    # The series' case in small: more features than examples (n_0 = 600 >> m = 40).
    X, Y = problem(600, 40)
    a, b = pair([600, 12, 7, 5, 1], learning_rate=0.05, lambd=lambd)
    a.fit(X, Y, 100, print_every=10)
    fit_span(b, X, Y, 100, print_every=10)
    assert_same_training(a, b, rtol=1e-10)
    assert a.costs[-1] < a.costs[0]  # training happened, so the comparison means something
    assert not np.allclose(a.parameters["W1"], dnn.initialize_parameters([600, 12, 7, 5, 1])["W1"])


@pytest.mark.parametrize("lambd", [0.0, 0.5])
@pytest.mark.parametrize(
    "layers, m",
    [
        ([50, 1], 30),  # L = 1: layer 1 is the output
        ([20, 6, 3, 1], 70),
    ],
)  # m > n_0: slower, still exact
def test_span_equals_fit_on_other_shapes(layers, m, lambd):
    X, Y = problem(layers[0], m, seed=1)
    a, b = pair(layers, learning_rate=0.1, lambd=lambd)
    a.fit(X, Y, 100, print_every=25)
    fit_span(b, X, Y, 100, print_every=25)
    assert_same_training(a, b, rtol=1e-10)


def test_span_continues_like_fit():
    # Each call starts its own span from the current W1, and costs are counted over all calls.
    X, Y = problem(300, 25)
    a, b = pair([300, 8, 1], learning_rate=0.05, lambd=0.2)
    a.fit(X, Y, 150, print_every=20)
    b.fit(X, Y, 30, print_every=20)
    fit_span(b, X, Y, 70, print_every=20)
    fit_span(b, X, Y, 50, print_every=20)
    assert_same_training(a, b, rtol=1e-10)


def test_span_float32_stays_float32_and_close_to_fit():
    X, Y = problem(400, 30, np.float32)
    a, b = pair([400, 10, 4, 1], dtype=np.float32, learning_rate=0.05, lambd=0.3)
    a.fit(X, Y, 100, print_every=10)
    fit_span(b, X, Y, 100, print_every=10)
    assert_same_training(a, b, rtol=1e-4)


def test_span_prints_like_fit(capsys):
    X, Y = problem(100, 20)
    a, b = pair([100, 5, 1], lambd=0.1)
    a.fit(X, Y, 30, print_every=10)
    printed_by_fit = capsys.readouterr().out
    fit_span(b, X, Y, 30, print_every=10)
    assert capsys.readouterr().out == printed_by_fit


def test_span_zero_iterations_changes_nothing():
    X, Y = problem(100, 20)
    model = dnn.DeepNeuralNetwork([100, 5, 1])
    before = {k: v.copy() for k, v in model.parameters.items()}
    assert fit_span(model, X, Y, 0) is model
    assert model.iterations == 0 and model.costs == []
    for k in before:
        assert_allclose(model.parameters[k], before[k], rtol=0, atol=0)


@pytest.mark.parametrize("bad", ["Y (m, 1)", "Y has a 2", "X nan", "X wrong n_0"])
def test_span_bad_input_raises_and_changes_nothing(bad):
    X, Y = problem(100, 20)
    model = dnn.DeepNeuralNetwork([100, 5, 1]).fit(X, Y, 100)
    snapshot = {k: v.copy() for k, v in model.parameters.items()}
    costs = list(model.costs)
    if bad == "Y (m, 1)":
        Y = Y.T
    elif bad == "Y has a 2":
        Y = Y.copy()
        Y[0, 3] = 2
    elif bad == "X nan":
        X = X.copy()
        X[2, 3] = np.nan
    else:
        X = X[:99]
    with pytest.raises(ValueError, match=r"^fit_span: "):
        fit_span(model, X, Y, 50)
    assert model.iterations == 100 and model.costs == costs
    for k in snapshot:
        assert_array_equal(model.parameters[k], snapshot[k], err_msg=k)


def test_span_does_not_modify_X_Y_or_the_old_parameters():
    X, Y = problem(100, 20)
    X0, Y0 = X.copy(), Y.copy()
    model = dnn.DeepNeuralNetwork([100, 5, 1], lambd=0.3)
    before = model.parameters
    snapshot = {k: v.copy() for k, v in before.items()}
    fit_span(model, X, Y, 20)
    assert_array_equal(X, X0)
    assert_array_equal(Y, Y0)
    for k in snapshot:
        assert_array_equal(before[k], snapshot[k], err_msg=k)
