"""The linear layer: linear_forward / linear_backward and their *_activation pairs
(chapters "Forward propagation" and "Linear backward").

Expected values come from hand arithmetic (in the comments), from formulas written out here,
or from central differences computed by a loop in this file, never from ``dnn``'s own output.
"""

import math

import numpy as np
import pytest
from conftest import central_differences
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import dnn

DTYPES = [np.float32, np.float64]

# A non-square layer with a non-zero b: n_{l-1} = 3, n_l = 2, m = 2.
A_PREV = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
W_ = [[1.0, 2.0, 3.0], [-1.0, 0.0, 2.0]]
B_ = [[0.5], [-2.0]]
# Z = W A_prev + b:
#   column 1: [1*1 + 2*0 + 3*1, -1*1 + 0*0 + 2*1] + b = [4, 1] + [0.5, -2] = [4.5, -1]
#   column 2: [1*0 + 2*1 + 3*1, -1*0 + 0*1 + 2*1] + b = [5, 2] + [0.5, -2] = [5.5,  0]
Z_HAND = [[4.5, 5.5], [-1.0, 0.0]]


def layer(dtype=np.float64):
    return (np.array(A_PREV, dtype=dtype), np.array(W_, dtype=dtype), np.array(B_, dtype=dtype))


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------- linear_forward


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_forward_by_hand_non_square_nonzero_b(dtype):
    A_prev, W, b = layer(dtype)
    Z, cache = dnn.linear_forward(A_prev, W, b)
    assert Z.shape == (2, 2)
    assert Z.dtype == dtype
    assert_array_equal(Z, Z_HAND)
    assert isinstance(cache, dnn.LinearCache)
    assert dnn.LinearCache._fields == ("A_prev", "W", "b")
    assert_array_equal(cache.A_prev, A_prev)
    assert_array_equal(cache.W, W)
    assert_array_equal(cache.b, b)


def test_linear_forward_style_example():
    A_prev = np.array([[1.0, 2.0], [3.0, 4.0]])  # n_{l-1} = 2, m = 2
    W, b = np.array([[1.0, -1.0]]), np.array([[0.5]])
    Z, _ = dnn.linear_forward(A_prev, W, b)
    assert_array_equal(Z, [[-1.5, -1.5]])  # [1-3, 2-4] + 0.5


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_forward_inputs_not_mutated(dtype):
    A_prev, W, b = layer(dtype)
    copies = [x.copy() for x in (A_prev, W, b)]
    Z, _ = dnn.linear_forward(A_prev, W, b)
    Z += 100.0  # writing into the output must not reach the inputs either
    for x, x0 in zip((A_prev, W, b), copies):
        assert_array_equal(x, x0)


# ---------------------------------------------------------------- linear_backward by hand


def test_linear_backward_style_example():
    A_prev = np.array([[1.0, 2.0], [3.0, 4.0]])  # n_{l-1} = 2, m = 2
    W, b, dZ = np.array([[1.0, -1.0]]), np.array([[0.5]]), np.array([[1.0, 3.0]])
    dA_prev, dW, db = dnn.linear_backward(dZ, dnn.LinearCache(A_prev, W, b))
    assert_allclose(dW, [[3.5, 7.5]])  # [1*1+3*2, 1*3+3*4] / 2
    assert_allclose(db, [[2.0]])  # (1+3) / 2
    assert_allclose(dA_prev, [[1.0, 3.0], [-1.0, -3.0]])  # W.T @ dZ (no 1/m)


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_backward_by_hand_non_square(dtype):
    A_prev, W, b = layer(dtype)
    dZ = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=dtype)
    dA_prev, dW, db = dnn.linear_backward(dZ, dnn.LinearCache(A_prev, W, b))
    # dW = dZ A_prev^T / m, A_prev^T = [[1, 0, 1], [0, 1, 1]]:
    #   row 1 of dZ [1, 2]:  [1, 2, 1+2]  / 2 = [0.5, 1, 1.5]
    #   row 2 of dZ [3, -1]: [3, -1, 3-1] / 2 = [1.5, -0.5, 1]
    assert dW.shape == (2, 3) and dW.dtype == dtype
    assert_allclose(dW, [[0.5, 1.0, 1.5], [1.5, -0.5, 1.0]])
    # db = row sums of dZ / m: (1+2)/2, (3-1)/2 ; a column (n_l, 1), never (n_l,)
    assert db.shape == (2, 1) and db.dtype == dtype
    assert_allclose(db, [[1.5], [1.0]])
    # dA_prev = W^T dZ, W^T = [[1, -1], [2, 0], [3, 2]]:
    #   column 1 of dZ [1, 3]:  [1-3, 2, 3+6] = [-2, 2, 9]
    #   column 2 of dZ [2, -1]: [2+1, 4, 6-2] = [ 3, 4, 4]
    assert dA_prev.shape == (3, 2) and dA_prev.dtype == dtype
    assert_allclose(dA_prev, [[-2.0, 3.0], [2.0, 4.0], [9.0, 4.0]])


def test_linear_backward_m1_db_is_a_column():
    # m = 1: no averaging to see, but shapes must still be (n_l, 1) and (n_{l-1}, 1)
    A_prev = np.array([[2.0], [-1.0], [0.5]])
    W = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, -1.0]])
    b = np.array([[1.0], [1.0]])
    dZ = np.array([[2.0], [-1.0]])
    dA_prev, dW, db = dnn.linear_backward(dZ, dnn.LinearCache(A_prev, W, b))
    assert db.shape == (2, 1)
    assert_allclose(db, [[2.0], [-1.0]])
    # dZ A_prev^T: [[2*2, 2*-1, 2*0.5], [-1*2, -1*-1, -1*0.5]]
    assert_allclose(dW, [[4.0, -2.0, 1.0], [-2.0, 1.0, -0.5]])
    # W^T dZ: [1*2 + 0, 0 + 3*-1, 2*2 + -1*-1] = [2, -3, 5]
    assert_allclose(dA_prev, [[2.0], [-3.0], [5.0]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_backward_inputs_not_mutated(dtype):
    A_prev, W, b = layer(dtype)
    dZ = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=dtype)
    copies = [x.copy() for x in (dZ, A_prev, W, b)]
    out = dnn.linear_backward(dZ, dnn.LinearCache(A_prev, W, b))
    for x, x0 in zip((dZ, A_prev, W, b), copies):
        assert_array_equal(x, x0)
    for o in out:
        for x in (dZ, A_prev, W, b):
            assert not np.shares_memory(o, x)


# -------------------------------------------------------- linear_backward, central differences


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    n_prev=st.integers(1, 6),
    n=st.integers(1, 6),
    m=st.integers(1, 7),
    seed=st.integers(0, 2**32 - 1),
)
def test_linear_backward_matches_central_differences(n_prev, n, m, seed):
    # J = sum(G * Z) / m with Z = W A_prev + b and G a fixed random (n, m) array, so
    #   dJ/dW = G A_prev^T / m = dW,  dJ/db = sum_j G / m = db   (linear_backward with dZ = G)
    #   dJ/dA_prev = W^T G / m = dA_prev / m   (dA_prev = W^T dZ carries no 1/m)
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1))
    G = rng.standard_normal((n, m))

    def J():
        return float(np.sum(G * dnn.linear_forward(A_prev, W, b)[0]) / m)

    dA_prev, dW, db = dnn.linear_backward(G.copy(), dnn.LinearCache(A_prev, W, b))
    assert dW.shape == (n, n_prev) and db.shape == (n, 1) and dA_prev.shape == (n_prev, m)
    h = 1e-4  # J is linear in each argument: central differences are exact up to rounding
    assert_allclose(dW, central_differences(J, W, h), rtol=1e-7, atol=1e-9, err_msg="dW")
    assert_allclose(db, central_differences(J, b, h), rtol=1e-7, atol=1e-9, err_msg="db")
    assert_allclose(
        dA_prev / m, central_differences(J, A_prev, h), rtol=1e-7, atol=1e-9, err_msg="dA_prev"
    )


# ---------------------------------------------------------------- with an activation


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_forward_activation_relu_by_hand(dtype):
    A_prev, W, b = layer(dtype)
    A, (lin, act) = dnn.linear_forward_activation(A_prev, W, b, "relu")
    assert A.dtype == dtype
    assert_array_equal(A, [[4.5, 5.5], [0.0, 0.0]])  # max(0, Z_HAND)
    assert isinstance(lin, dnn.LinearCache) and isinstance(act, dnn.ActivationCache)
    assert_array_equal(lin.A_prev, A_prev)
    assert_array_equal(lin.W, W)
    assert_array_equal(lin.b, b)
    assert_array_equal(act.Z, Z_HAND)


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_forward_activation_sigmoid_by_hand(dtype):
    A_prev, W, b = layer(dtype)
    A, (lin, act) = dnn.linear_forward_activation(A_prev, W, b, "sigmoid")
    expected = [[sig(4.5), sig(5.5)], [sig(-1.0), 0.5]]
    assert A.dtype == dtype
    assert_allclose(A, expected, rtol=1e-6 if dtype == np.float32 else 1e-14)
    assert_array_equal(act.Z, Z_HAND)


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_backward_activation_relu_by_hand(dtype):
    A_prev, W, b = layer(dtype)
    cache = (dnn.LinearCache(A_prev, W, b), dnn.ActivationCache(np.array(Z_HAND, dtype=dtype)))
    dA = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=dtype)
    dA_prev, dW, db = dnn.linear_backward_activation(dA, cache, "relu")
    # Z = [[4.5, 5.5], [-1, 0]] -> relu' = [[1, 1], [0, 0]] (0 at z = 0) -> dZ = [[1, 2], [0, 0]]
    # dW = dZ A_prev^T / 2 = [[1, 2, 3], [0, 0, 0]] / 2
    assert_allclose(dW, [[0.5, 1.0, 1.5], [0.0, 0.0, 0.0]])
    assert_allclose(db, [[1.5], [0.0]])  # [(1+2)/2, 0]
    # W^T dZ: column 1 [1, 0] -> [1, 2, 3]; column 2 [2, 0] -> [2, 4, 6]
    assert_allclose(dA_prev, [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    assert dW.dtype == db.dtype == dA_prev.dtype == dtype
    assert db.shape == (2, 1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_backward_activation_sigmoid_by_formula(dtype):
    A_prev, W, b = layer(dtype)
    cache = (dnn.LinearCache(A_prev, W, b), dnn.ActivationCache(np.array(Z_HAND, dtype=dtype)))
    dA = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=dtype)
    dA_prev, dW, db = dnn.linear_backward_activation(dA, cache, "sigmoid")
    # dZ = dA * s (1 - s), element by element with math; then the three formulas of linear_backward
    dZ = np.array(
        [
            [float(dA[i, j]) * sig(Z_HAND[i][j]) * (1 - sig(Z_HAND[i][j])) for j in range(2)]
            for i in range(2)
        ]
    )
    Ap, Wf = np.array(A_PREV), np.array(W_)
    exp_dW = [[sum(dZ[i, j] * Ap[k, j] for j in range(2)) / 2 for k in range(3)] for i in range(2)]
    exp_db = [[sum(dZ[i, j] for j in range(2)) / 2] for i in range(2)]
    exp_dA_prev = [[sum(Wf[i, k] * dZ[i, j] for i in range(2)) for j in range(2)] for k in range(3)]
    tol = dict(rtol=1e-5, atol=1e-7) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-15)
    assert_allclose(dW, exp_dW, **tol)
    assert_allclose(db, exp_db, **tol)
    assert_allclose(dA_prev, exp_dA_prev, **tol)
    assert dW.dtype == db.dtype == dA_prev.dtype == dtype


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_activation_pair_inputs_not_mutated(activation):
    A_prev, W, b = layer()
    copies = [x.copy() for x in (A_prev, W, b)]
    A, cache = dnn.linear_forward_activation(A_prev, W, b, activation)
    Z0 = cache[1].Z.copy()
    dA = np.array([[1.0, 2.0], [3.0, -1.0]])
    dA0 = dA.copy()
    dnn.linear_backward_activation(dA, cache, activation)
    for x, x0 in zip((A_prev, W, b, dA, cache[1].Z), copies + [dA0, Z0]):
        assert_array_equal(x, x0)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    n_prev=st.integers(1, 5),
    n=st.integers(1, 5),
    m=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_activation_pair_matches_central_differences(activation, n_prev, n, m, seed):
    # J = sum(G * A) / m with A = g(W A_prev + b): backward with dA = G gives dW, db = dJ/dW, dJ/db
    # and dA_prev = m dJ/dA_prev.
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1))
    G = rng.standard_normal((n, m))
    _, cache = dnn.linear_forward_activation(A_prev, W, b, activation)
    if activation == "relu" and np.min(np.abs(W @ A_prev + b)) < 1e-3:
        return  # a kink of relu within reach of h: central differences are not the derivative there

    def J():
        return float(np.sum(G * dnn.linear_forward_activation(A_prev, W, b, activation)[0]) / m)

    dA_prev, dW, db = dnn.linear_backward_activation(G.copy(), cache, activation)
    h = 1e-6
    assert_allclose(dW, central_differences(J, W, h), rtol=1e-6, atol=1e-8, err_msg="dW")
    assert_allclose(db, central_differences(J, b, h), rtol=1e-6, atol=1e-8, err_msg="db")
    assert_allclose(dA_prev / m, central_differences(J, A_prev, h), rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------- unknown activation


@pytest.mark.parametrize("name", ["tanh", "Relu", "", "softmax"])
def test_unknown_activation_forward(name):
    A_prev, W, b = layer()
    with pytest.raises(ValueError, match=r"^linear_forward_activation: .*activation"):
        dnn.linear_forward_activation(A_prev, W, b, name)


@pytest.mark.parametrize("name", ["tanh", "Sigmoid", "", "leaky_relu"])
def test_unknown_activation_backward(name):
    A_prev, W, b = layer()
    cache = (dnn.LinearCache(A_prev, W, b), dnn.ActivationCache(np.array(Z_HAND)))
    with pytest.raises(ValueError, match=r"^linear_backward_activation: .*activation"):
        dnn.linear_backward_activation(np.ones((2, 2)), cache, name)
