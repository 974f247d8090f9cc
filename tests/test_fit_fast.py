"""fit's fast loop (appendix "Where the time goes") gives the teaching loop's results.

fit skips dA0, checks its inputs once per call and updates private copies of the parameters
in place; the reference here is the chapters' own loop, forward -> cost -> backward ->
update_parameters, which does none of that. No timings: the benchmark is benchmarks/.
"""

import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import dnn
from dnn import _validate

LAYERS = [30, 8, 5, 3, 1]  # non-square layers, L = 4


def problem(dtype, m=25, seed=0):
    """Inputs whose labels a small net can learn, so ReLUs don't flip on rounding noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((LAYERS[0], m))
    Y = (X[:3].sum(axis=0, keepdims=True) > 0).astype(np.int64)
    return X.astype(dtype), Y


def teaching_loop(X, Y, parameters, learning_rate, lambd, iterations, every):
    """The chapters' loop. Returns the parameters and the cost every `every` iterations."""
    costs = []
    for i in range(iterations):
        AL, caches = dnn.forward(X, parameters)
        if i % every == 0:
            costs.append(dnn.cost(AL, Y, parameters, lambd))
        grads = dnn.backward(AL, Y, caches, lambd)
        parameters = dnn.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


@pytest.mark.parametrize("lambd", [0.0, 0.7])
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 2e-5)])
def test_fit_equals_the_teaching_loop(dtype, rtol, lambd):
    X, Y = problem(dtype)
    model = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=lambd, seed=3, dtype=dtype)
    for l in range(1, 5):  # non-zero biases: an update that forgot b would show
        model.parameters[f"b{l}"] += np.asarray(0.05 * l, dtype=dtype)
    start = {k: v.copy() for k, v in model.parameters.items()}
    model.fit(X, Y, 120, print_every=10)
    model.fit(X, Y, 80, print_every=10)  # and continues from where it stopped
    expected, costs = teaching_loop(X, Y, start, 0.1, lambd, 200, 10)
    assert model.iterations == 200
    assert_allclose(model.costs, costs, rtol=rtol, atol=0)
    for k in expected:
        assert model.parameters[k].dtype == dtype, k
        scale = np.abs(expected[k]).max()
        assert_allclose(model.parameters[k], expected[k], rtol=rtol, atol=rtol * scale, err_msg=k)
    assert costs[-1] < costs[0]  # it did learn


def test_float32_stays_float32_even_with_a_float64_learning_rate():
    # NumPy 2: an np.float64 scalar times a float32 array gives float64. fit must not.
    X, Y = problem(np.float32)
    a = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.3, dtype=np.float32)
    b = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.3, dtype=np.float32)
    b.learning_rate, b.lambd = np.float64(0.1), np.float64(0.3)
    a.fit(X, Y, 30)
    b.fit(X, Y, 30)
    for k in a.parameters:
        assert b.parameters[k].dtype == np.float32, k
        assert_array_equal(b.parameters[k], a.parameters[k], err_msg=k)


def test_fit_does_not_touch_the_arrays_it_was_given():
    # It trains private copies in place: arrays the caller holds stay as they were.
    X, Y = problem(np.float64)
    model = dnn.DeepNeuralNetwork(LAYERS, lambd=0.2)
    before = model.parameters
    snapshot = {k: v.copy() for k, v in before.items()}
    model.fit(X, Y, 10)
    assert model.parameters is not before
    for k in snapshot:
        assert_array_equal(before[k], snapshot[k], err_msg=k)
        assert not np.shares_memory(model.parameters[k], before[k]), k


def test_a_diverging_run_raises_and_changes_nothing():
    X, Y = problem(np.float64)
    model = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1).fit(X, Y, 100)
    snapshot = {k: v.copy() for k, v in model.parameters.items()}
    costs = list(model.costs)
    model.learning_rate = 1e200
    with (
        pytest.raises(ValueError, match=r"^DeepNeuralNetwork\.fit: .*learning_rate"),
        np.errstate(all="ignore"),
    ):
        model.fit(X, Y, 50)
    assert model.iterations == 100 and model.costs == costs
    for k in snapshot:
        assert_array_equal(model.parameters[k], snapshot[k], err_msg=k)


def test_parameters_set_by_hand_are_checked_before_training():
    X, Y = problem(np.float64)
    model = dnn.DeepNeuralNetwork(LAYERS)
    model.parameters = dnn.initialize_parameters([31, 8, 5, 3, 1])  # 31 inputs, X has 30
    with pytest.raises(ValueError, match=r"^DeepNeuralNetwork\.fit: .*30 inputs"):
        model.fit(X, Y, 5)
    assert model.iterations == 0 and model.costs == []


def test_inputs_are_checked_once_per_call_not_once_per_iteration(monkeypatch):
    X, Y = problem(np.float64)
    calls = []
    original = _validate.finite
    monkeypatch.setattr(_validate, "finite", lambda *a: calls.append(a[1]) or original(*a))
    counts = []
    for iterations in (3, 60):  # both record one cost, at iteration 0
        calls.clear()
        dnn.DeepNeuralNetwork(LAYERS).fit(X, Y, iterations)
        counts.append(len(calls))
    assert counts[0] == counts[1] > 0, counts


def test_memory_does_not_grow_with_iterations():
    # At most one iteration's caches alive: the peak of 40 iterations is the peak of 4.
    X, Y = problem(np.float64, m=400)
    model = dnn.DeepNeuralNetwork([30, 64, 32, 1])
    model.fit(X, Y, 2)  # warm up
    peaks = []
    for iterations in (4, 40):
        tracemalloc.start()
        model.fit(X, Y, iterations)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] <= peaks[0] * 1.1 + 10_000, peaks


def test_print_every_prints_the_recorded_costs(capsys):
    X, Y = problem(np.float64)
    model = dnn.DeepNeuralNetwork(LAYERS, lambd=0.1).fit(X, Y, 30, print_every=10)
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[1]) for line in lines] == [0, 10, 20]
    assert [float(line.split()[-1]) for line in lines] == pytest.approx(model.costs, abs=1e-6)
