"""Activations: sigmoid, relu, their derivatives and their backward steps (chapter "Activations").

Expected values come from hand arithmetic (in the comments) or from ``math`` applied to one
number at a time, never from ``dnn`` itself.
"""

import math

import numpy as np
import pytest
from conftest import no_warnings
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import dnn

DTYPES = [np.float32, np.float64]
LN3 = math.log(3.0)
LN9 = math.log(9.0)


# ---------------------------------------------------------------- sigmoid and relu by hand


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_by_hand(dtype):
    Z = np.array([[0.0, LN3, -LN3], [LN9, -LN9, 0.0]], dtype=dtype)
    A = dnn.sigmoid(Z)
    expected = [
        [0.5, 0.75, 0.25],  # 1/(1+1) ; 1/(1+1/3) = 3/4 ; 1/(1+3) = 1/4
        [0.9, 0.1, 0.5],  # 1/(1+1/9) = 9/10 ; 1/(1+9) = 1/10
    ]
    assert A.shape == (2, 3)
    assert A.dtype == dtype
    assert_allclose(A, expected, rtol=1e-6 if dtype == np.float32 else 1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_by_hand(dtype):
    Z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.0, -1e-30]], dtype=dtype)
    A = dnn.relu(Z)
    assert A.dtype == dtype
    assert_array_equal(A, [[0.0, 0.0, 3.0], [0.5, 0.0, 0.0]])  # max(0, z)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_prime_by_hand_is_zero_at_zero(dtype):
    Z = np.array([[-2.0, 0.0, 3.0, 1e-30, -1e-30, -0.0]], dtype=dtype)
    G = dnn.relu_prime(Z)
    assert G.shape == Z.shape
    assert G.dtype == dtype
    assert_array_equal(G, [[0.0, 0.0, 1.0, 1.0, 0.0, 0.0]])  # 1 where z > 0, else 0 (also at 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_prime_by_hand(dtype):
    Z = np.array([[0.0, LN3, -LN3, LN9]], dtype=dtype)
    G = dnn.sigmoid_prime(Z)
    # sigma (1 - sigma): 0.5*0.5 ; 0.75*0.25 ; 0.25*0.75 ; 0.9*0.1
    expected = [[0.25, 0.1875, 0.1875, 0.09]]
    assert G.dtype == dtype
    assert_allclose(G, expected, rtol=1e-6 if dtype == np.float32 else 1e-13)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(zs=st.lists(st.floats(-30.0, 30.0), min_size=1, max_size=8))
def test_sigmoid_and_prime_match_math_elementwise(zs):
    Z = np.array([zs], dtype=np.float64)
    A = dnn.sigmoid(Z)
    G = dnn.sigmoid_prime(Z)
    for j, z in enumerate(zs):
        s = 1.0 / (1.0 + math.exp(-z))
        assert A[0, j] == pytest.approx(s, rel=1e-12, abs=1e-15)
        assert G[0, j] == pytest.approx(s * (1.0 - s), rel=1e-9, abs=1e-15)
        # symmetry sigma(-z) = 1 - sigma(z)
        assert dnn.sigmoid(np.array([[-z]]))[0, 0] == pytest.approx(1.0 - s, rel=1e-9, abs=1e-15)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(zs=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
def test_relu_and_prime_match_definition_elementwise(zs):
    Z = np.array([zs])
    A, G = dnn.relu(Z), dnn.relu_prime(Z)
    for j, z in enumerate(zs):
        assert A[0, j] == (z if z > 0 else 0.0)
        assert G[0, j] == (1.0 if z > 0 else 0.0)


# ---------------------------------------------------------------- stability


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_large_inputs_no_warning_and_in_unit_interval(dtype):
    Z = np.array([[-1e4, -800.0, -100.0, -1.0, 0.0, 1.0, 100.0, 800.0, 1e4]], dtype=dtype)
    with no_warnings():
        A = dnn.sigmoid(Z)
        G = dnn.sigmoid_prime(Z)
        dZ = dnn.sigmoid_backward(np.ones_like(Z), dnn.ActivationCache(Z))
    for out in (A, G, dZ):
        assert out.dtype == dtype
        assert np.all(np.isfinite(out))
    assert np.all((A >= 0.0) & (A <= 1.0))
    assert np.all((G >= 0.0) & (G <= 0.25))
    assert A[0, 0] == pytest.approx(0.0, abs=1e-30)  # e^-1e4 is 0 to any precision
    assert A[0, -1] == 1.0  # 1 / (1 + e^-1e4) rounds to exactly 1
    assert A[0, 4] == 0.5
    assert G[0, 0] == pytest.approx(0.0, abs=1e-30)
    assert G[0, -1] == pytest.approx(0.0, abs=1e-30)
    # monotone non-decreasing
    assert np.all(np.diff(A[0]) >= 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_large_inputs_no_warning(dtype):
    Z = np.array([[-1e4, 1e4, -3e38, 3e38]], dtype=dtype)
    with no_warnings():
        A = dnn.relu(Z)
        G = dnn.relu_prime(Z)
        dZ = dnn.relu_backward(np.ones_like(Z), dnn.ActivationCache(Z))
    assert_array_equal(A, np.array([[0.0, 1e4, 0.0, 3e38]], dtype=dtype))
    assert_array_equal(G, [[0.0, 1.0, 0.0, 1.0]])
    assert_array_equal(dZ, [[0.0, 1.0, 0.0, 1.0]])


# ---------------------------------------------------------------- backward steps by hand


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_backward_by_hand(dtype):
    Z = np.array([[0.0, LN3], [-LN3, LN9]], dtype=dtype)
    dA = np.array([[2.0, 4.0], [-8.0, 10.0]], dtype=dtype)
    dZ = dnn.sigmoid_backward(dA, dnn.ActivationCache(Z))
    # dA * s (1 - s): 2*0.25 ; 4*0.1875 ; -8*0.1875 ; 10*0.09
    expected = [[0.5, 0.75], [-1.5, 0.9]]
    assert dZ.shape == (2, 2)
    assert dZ.dtype == dtype
    assert_allclose(dZ, expected, rtol=1e-6 if dtype == np.float32 else 1e-13)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_backward_by_hand(dtype):
    Z = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 1e-3]], dtype=dtype)
    dA = np.array([[5.0, 6.0, 7.0], [-8.0, 9.0, -10.0]], dtype=dtype)
    dZ = dnn.relu_backward(dA, dnn.ActivationCache(Z))
    # dA where z > 0, 0 elsewhere (also at z = 0)
    assert dZ.dtype == dtype
    assert_array_equal(dZ, np.array([[0.0, 0.0, 7.0], [-8.0, 0.0, -10.0]], dtype=dtype))


def test_activation_cache_is_a_named_tuple_holding_Z():
    Z = np.array([[1.0, -1.0]])
    cache = dnn.ActivationCache(Z)
    assert cache.Z is Z
    assert isinstance(cache, tuple) and len(cache) == 1
    assert dnn.ActivationCache._fields == ("Z",)


# ---------------------------------------------------------------- no input is modified


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "call",
    [
        lambda Z, dA: dnn.sigmoid(Z),
        lambda Z, dA: dnn.relu(Z),
        lambda Z, dA: dnn.sigmoid_prime(Z),
        lambda Z, dA: dnn.relu_prime(Z),
        lambda Z, dA: dnn.sigmoid_backward(dA, dnn.ActivationCache(Z)),
        lambda Z, dA: dnn.relu_backward(dA, dnn.ActivationCache(Z)),
    ],
    ids=["sigmoid", "relu", "sigmoid_prime", "relu_prime", "sigmoid_backward", "relu_backward"],
)
def test_inputs_not_mutated(call, dtype):
    Z = np.array([[-2.0, 0.0, 3.0], [1.0, -1.0, 0.5]], dtype=dtype)
    dA = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=dtype)
    Z0, dA0 = Z.copy(), dA.copy()
    out = call(Z, dA)
    assert_array_equal(Z, Z0)
    assert_array_equal(dA, dA0)
    # the result is a fresh array: writing into it must not change the inputs either
    assert not np.shares_memory(out, Z) and not np.shares_memory(out, dA)
