"""Numerics under np.seterr(all="raise"), divergence reported, gradient-check helpers (issue 12)."""

import numpy as np
import pytest

import dnn


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_and_cost_are_quiet_under_seterr_raise(dtype):
    Z = np.array([[-1e4, -800.0, -100.0, -88.0, 0.0, 88.0, 100.0, 800.0, 1e4]], dtype)
    with np.errstate(all="raise"):
        A = dnn.sigmoid(Z)
        J = dnn.cost(A, np.array([[0, 1, 0, 1, 0, 1, 0, 1, 1]]))
        dZ = dnn.sigmoid_backward(np.ones_like(Z), dnn.ActivationCache(Z))
    assert A[0, 0] == 0 and A[0, -1] == 1 and A[0, 4] == 0.5  # σ(−1e4) rounds to 0, σ(0) = ½
    assert np.isfinite(J) and np.isfinite(dZ).all()


def test_a_diverging_run_warns_naming_the_learning_rate():
    d = dnn.load_dataset("moons")
    X = dnn.flatten_images(d.train_x)
    model = dnn.DeepNeuralNetwork([2, 8, 1], learning_rate=1e3, seed=1)
    with pytest.warns(RuntimeWarning, match=r"^DeepNeuralNetwork\.fit: .*learning_rate 1000"):
        model.fit(X, d.train_y, 300)


def test_a_converging_run_does_not_warn(recwarn):
    d = dnn.load_dataset("moons")
    model = dnn.DeepNeuralNetwork([2, 8, 1], learning_rate=0.3, seed=1)
    model.fit(dnn.flatten_images(d.train_x), d.train_y, 300)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(np.sum(x**2))

    with pytest.raises(RuntimeError):
        dnn.numerical_gradient(f, x)
    assert x.tolist() == [1.0, 2.0, 3.0]


def test_numerical_gradient_of_a_float_array_is_right():
    x = np.array([1.0, 2.0, 3.0])
    g = dnn.numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(g, [2.0, 4.0, 6.0], rtol=1e-8)  # d(x²)/dx = 2x


@pytest.mark.parametrize(
    "x, h",
    [(np.array([1, 2, 3]), 1e-5), (np.array([1.0, 2.0]), 0.0), (np.array([1.0]), "1e-5")],
    ids=["int x", "h = 0", "h a string"],
)
def test_numerical_gradient_refuses_what_it_cannot_vary(x, h):
    with pytest.raises((TypeError, ValueError), match=r"^numerical_gradient: "):
        dnn.numerical_gradient(lambda: 0.0, x, h)
