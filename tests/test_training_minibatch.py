"""Mini-batch gradient descent in DeepNeuralNetwork.fit, and fit's final_cost.

The reference is a plain loop written from the documented rule (fit's docstring and
fast.batch_order): epoch e's order is np.random.default_rng([shuffle_seed, e]).permutation(m),
cut into batches of b; each step is the chapters' forward -> backward -> update_parameters on
one batch, with the L2 gradient (λ/m)·W of the whole training set's cost added by hand.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import dnn

LAYERS = [12, 6, 4, 1]


def problem(m=50, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((LAYERS[0], m))
    Y = (X[:3].sum(axis=0, keepdims=True) > 0).astype(np.int64)
    return X, Y


def reference_loop(X, Y, parameters, learning_rate, lambd, steps, b, shuffle_seed, every):
    m = X.shape[1]
    per_epoch = (m + b - 1) // b
    costs = []
    for step in range(steps):
        if step % every == 0:
            costs.append(dnn.cost(dnn.forward(X, parameters)[0], Y, parameters, lambd))
        epoch, k = step // per_epoch, step % per_epoch
        order = np.random.default_rng([shuffle_seed, epoch]).permutation(m)
        cols = order[k * b : (k + 1) * b]
        AL, caches = dnn.forward(X[:, cols], parameters)
        grads = dnn.backward(AL, Y[:, cols], caches, 0.0)  # the batch's average loss gradient
        for l in range(1, len(parameters) // 2 + 1):
            grads[f"dW{l}"] = grads[f"dW{l}"] + (lambd / m) * parameters[f"W{l}"]
        parameters = dnn.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


@pytest.mark.parametrize("lambd", [0.0, 0.7])
@pytest.mark.parametrize("b", [1, 8, 10, 49])  # 8 and 49 leave a smaller last batch
def test_minibatch_fit_equals_a_plain_reference_loop(b, lambd):
    X, Y = problem()
    model = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.05, lambd=lambd, seed=4)
    start = {k: v.copy() for k, v in model.parameters.items()}
    model.fit(X, Y, 37, print_every=5, batch_size=b, shuffle_seed=11)
    model.fit(X, Y, 23, print_every=5, batch_size=b, shuffle_seed=11)  # continues the epochs
    expected, costs = reference_loop(X, Y, start, 0.05, lambd, 60, b, 11, 5)
    assert model.iterations == 60
    assert len(model.costs) == len(costs) == 12  # steps 0, 5, ..., 35, then 40, ..., 55
    assert_allclose(model.costs, costs, rtol=1e-12, atol=0)
    for k in expected:
        scale = np.abs(expected[k]).max()
        assert_allclose(model.parameters[k], expected[k], rtol=1e-12, atol=1e-12 * scale)
    assert model.final_cost == pytest.approx(
        dnn.cost(dnn.forward(X, expected)[0], Y, expected, lambd), rel=1e-12
    )


def test_the_shuffle_matters_and_the_seed_reproduces():
    X, Y = problem()

    def run(seed):
        model = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.05, seed=4)
        return model.fit(X, Y, 30, batch_size=10, shuffle_seed=seed).parameters["W1"]

    assert np.array_equal(run(1), run(1))
    assert not np.allclose(run(1), run(2))


def test_batch_size_m_is_full_batch():
    X, Y = problem()
    a = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.3, seed=2).fit(X, Y, 40)
    b = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.3, seed=2)
    b.fit(X, Y, 40, batch_size=X.shape[1], shuffle_seed=5)
    for k in a.parameters:
        assert np.array_equal(a.parameters[k], b.parameters[k]), k


def test_final_cost_is_the_cost_of_the_returned_parameters():
    X, Y = problem()
    model = dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.2, seed=2)
    assert model.final_cost is None
    model.fit(X, Y, 150)  # costs recorded before steps 0 and 100 only
    J = dnn.cost(dnn.forward(X, model.parameters)[0], Y, model.parameters, 0.2)
    assert model.final_cost == pytest.approx(J, rel=1e-12)
    assert model.final_cost < model.costs[-1]  # 50 more steps of descent since the record
    span = dnn.fit_span(
        dnn.DeepNeuralNetwork(LAYERS, learning_rate=0.1, lambd=0.2, seed=2), X, Y, 150
    )
    assert span.final_cost == pytest.approx(J, rel=1e-9)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"batch_size": 51}, ValueError, "batch_size 51 is larger than the 50 examples"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be an integer"),
        ({"batch_size": 5, "shuffle_seed": -1}, ValueError, "shuffle_seed must be >= 0"),
        ({"batch_size": 5, "shuffle_seed": None}, TypeError, "shuffle_seed must be an integer"),
    ],
)
def test_bad_minibatch_settings_are_named(kwargs, error, words):
    X, Y = problem()
    model = dnn.DeepNeuralNetwork(LAYERS, seed=2)
    before = {k: v.copy() for k, v in model.parameters.items()}
    with pytest.raises(error, match=f"DeepNeuralNetwork.fit: {words}"):
        model.fit(X, Y, 3, **kwargs)
    assert model.iterations == 0 and model.costs == []
    for k in before:
        assert np.array_equal(model.parameters[k], before[k])
