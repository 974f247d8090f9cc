"""The L-layer network: initialize_parameters, forward, cost, backward, update_parameters, and
the gradient check that ties cost and backward together (chapters "Forward propagation",
"Cost", "Backward propagation", "Gradient check", "Update").

Expected values come from hand arithmetic (in the comments), from a reference written out
here one formula at a time (``ref_forward``, ``ref_cost``: NumPy for the products, ``math.log``
per example), or from central differences computed by a loop in this file. ``dnn``'s own
numerical_gradient is only tested, never used as a reference.
"""

import math

import numpy as np
import pytest
from conftest import central_differences, no_warnings, ref_cost, ref_forward
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import dnn

DTYPES = [np.float32, np.float64]
EPS = {np.float32: float(np.finfo(np.float32).eps), np.float64: float(np.finfo(np.float64).eps)}


# ---------------------------------------------------------------- references written out here


def rel_err(a, b, floor=0.0):
    """||a - b|| / max(||a|| + ||b||, floor), 0 when both are zero.

    Central differences carry rounding noise of about eps * J / h ~ 1e-11 per element
    (h = 1e-5, J ~ 1). On a gradient whose norm is ~1e-5 (a nearly dead relu layer, a sigmoid
    output that barely moves) that noise alone is a relative error of ~1e-6, with a correct
    backward: 3 in 1500 random architectures did that with floor = 0. With floor = 1e-3 the
    measure is the plain relative error whenever ||a|| + ||b|| >= 1e-3, and below that it asks
    for absolute agreement to 1e-3 * tolerance (1e-10), which a wrong gradient of any size
    above ~1e-10 still fails.
    """
    den = max(float(np.linalg.norm(a) + np.linalg.norm(b)), floor)
    return 0.0 if den == 0 else float(np.linalg.norm(a - b) / den)


def random_net(layer_dims, m, seed, dtype=np.float64):
    """Parameters with NON-zero biases (zero b hides an L2 term applied to b), X, and 0/1 labels."""
    rng = np.random.default_rng(seed)
    params = dnn.initialize_parameters(layer_dims, seed=seed)
    for l in range(1, len(layer_dims)):
        params[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5
    params = {k: v.astype(dtype) for k, v in params.items()}
    X = rng.standard_normal((layer_dims[0], m)).astype(dtype)
    Y = rng.integers(0, 2, size=(1, m))
    return params, X, Y


# ---------------------------------------------------------------- public API


def test_all_lists_the_api():
    names = [
        "sigmoid",
        "relu",
        "sigmoid_prime",
        "relu_prime",
        "LinearCache",
        "ActivationCache",
        "linear_forward",
        "linear_forward_activation",
        "sigmoid_backward",
        "relu_backward",
        "linear_backward",
        "linear_backward_activation",
        "initialize_parameters",
        "forward",
        "cost",
        "backward",
        "update_parameters",
        "DeepNeuralNetwork",
        "load_dataset",
        "flatten_images",
        "checks",
        "numerical_gradient",
        "relative_error",
        "gradient_check",
        "Dataset",
        "show_source",
    ]
    missing = [n for n in names if n not in dnn.__all__]
    assert missing == []
    for n in dnn.__all__:
        assert hasattr(dnn, n), n
    for n in [
        "check_cost",
        "check_sigmoid_backward",
        "check_relu_backward",
        "check_linear_backward",
        "check_backward",
        "check_update_parameters",
    ]:
        assert callable(getattr(dnn.checks, n)), n


# ---------------------------------------------------------------- initialize_parameters


def test_initialize_parameters_shapes_dtype_zero_b():
    params = dnn.initialize_parameters([5, 4, 3, 1])
    assert set(params) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    for l, (n, n_prev) in enumerate([(4, 5), (3, 4), (1, 3)], start=1):
        assert params[f"W{l}"].shape == (n, n_prev)
        assert params[f"b{l}"].shape == (n, 1)
        assert params[f"W{l}"].dtype == np.float64
        assert params[f"b{l}"].dtype == np.float64
        assert_array_equal(params[f"b{l}"], np.zeros((n, 1)))
        assert np.all(params[f"W{l}"] != 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [1, 7])
def test_initialize_parameters_follows_the_formula(seed, dtype):
    # DESIGN: W{l} = rng.standard_normal((n_l, n_{l-1})) / sqrt(n_{l-1}), layer by layer from one
    # np.random.default_rng(seed), in float64, then cast.
    dims = [3, 4, 2, 1]
    params = dnn.initialize_parameters(dims, seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed)
    for l in range(1, len(dims)):
        W = rng.standard_normal((dims[l], dims[l - 1])) / math.sqrt(dims[l - 1])
        assert params[f"W{l}"].dtype == dtype
        assert params[f"b{l}"].dtype == dtype
        assert_array_equal(params[f"W{l}"], W.astype(dtype))


def test_initialize_parameters_seeded_reproducible():
    a = dnn.initialize_parameters([6, 5, 1], seed=3)
    b = dnn.initialize_parameters([6, 5, 1], seed=3)
    c = dnn.initialize_parameters([6, 5, 1], seed=4)
    d = dnn.initialize_parameters([6, 5, 1])  # default seed = 1
    e = dnn.initialize_parameters([6, 5, 1], seed=1)
    for k in a:
        assert_array_equal(a[k], b[k])
        assert_array_equal(d[k], e[k])
        assert a[k] is not b[k]
    assert not np.array_equal(a["W1"], c["W1"])
    # not np.random's global state
    np.random.seed(0)
    f = dnn.initialize_parameters([6, 5, 1], seed=3)
    assert_array_equal(f["W1"], a["W1"])


def test_initialize_parameters_scaling_on_a_big_layer():
    params = dnn.initialize_parameters([1000, 400, 1], seed=0)
    W1 = params["W1"]
    # 400 000 draws of N(0, 1/1000): the sample std is within ~0.1 % of 1/sqrt(1000)
    assert W1.std() == pytest.approx(1 / math.sqrt(1000), rel=0.01)
    assert abs(W1.mean()) < 5 / math.sqrt(1000) / math.sqrt(W1.size)
    assert params["W2"].std() == pytest.approx(1 / math.sqrt(400), rel=0.3)  # only 400 draws


@pytest.mark.parametrize("dims", [[1, 1], [2, 1], [1, 3, 1], [6, 6, 6, 6, 1]])
def test_initialize_parameters_any_sizes_ge_1(dims):
    params = dnn.initialize_parameters(dims)
    assert len(params) == 2 * (len(dims) - 1)


# ---------------------------------------------------------------- forward


@pytest.mark.parametrize("dtype", DTYPES)
def test_forward_shapes_caches_and_values(dtype):
    dims, m = [4, 5, 3, 1], 7
    params, X, _ = random_net(dims, m, seed=11, dtype=dtype)
    AL, caches = dnn.forward(X, params)
    assert AL.shape == (1, m)
    assert AL.dtype == dtype
    assert len(caches) == 3
    AL_ref, As, Zs = ref_forward(
        X.astype(np.float64), {k: v.astype(np.float64) for k, v in params.items()}
    )
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-14)
    assert_allclose(AL, AL_ref, **tol)
    for l in range(1, 4):
        lin, act = caches[l - 1]
        assert isinstance(lin, dnn.LinearCache) and isinstance(act, dnn.ActivationCache)
        assert lin.A_prev.shape == (dims[l - 1], m)
        assert_array_equal(lin.W, params[f"W{l}"])
        assert_array_equal(lin.b, params[f"b{l}"])
        assert act.Z.shape == (dims[l], m)
        assert_allclose(lin.A_prev, As[l - 1], **tol)
        assert_allclose(act.Z, Zs[l - 1], **tol)
        assert lin.A_prev.dtype == act.Z.dtype == dtype
    assert_array_equal(caches[0][0].A_prev, X)


def test_forward_one_layer_is_logistic_regression_by_hand():
    # L = 1: no relu at all, AL = sigmoid(W X + b)
    W, b = np.array([[math.log(3.0), 0.0]]), np.array([[0.0]])
    X = np.array([[1.0, 0.0, -1.0], [5.0, 5.0, 5.0]])
    AL, caches = dnn.forward(X, {"W1": W, "b1": b})
    assert_allclose(AL, [[0.75, 0.5, 0.25]], rtol=1e-14)  # sigma(ln 3), sigma(0), sigma(-ln 3)
    assert len(caches) == 1


def test_forward_hidden_relu_output_sigmoid_by_hand():
    # W1 = [[1], [-1]], b1 = [[0], [0]]: A1 = [max(x,0), max(-x,0)]; W2 = [[1, 1]], b2 = [[-ln 3]]
    # so Z2 = |x| - ln 3: x = ln 3 -> 0 -> 0.5 ; x = -2 ln 3 -> ln 3 -> 0.75 ; x = 0 -> 0.25
    L3 = math.log(3.0)
    params = {
        "W1": np.array([[1.0], [-1.0]]),
        "b1": np.zeros((2, 1)),
        "W2": np.array([[1.0, 1.0]]),
        "b2": np.array([[-L3]]),
    }
    AL, _ = dnn.forward(np.array([[L3, -2 * L3, 0.0]]), params)
    assert_allclose(AL, [[0.5, 0.75, 0.25]], rtol=1e-13)


def test_forward_does_not_modify_inputs():
    params, X, _ = random_net([3, 4, 1], 5, seed=2)
    X0, p0 = X.copy(), {k: v.copy() for k, v in params.items()}
    dnn.forward(X, params)
    assert_array_equal(X, X0)
    assert set(params) == set(p0)
    for k in params:
        assert_array_equal(params[k], p0[k])


# ---------------------------------------------------------------- cost


def test_cost_by_hand():
    # -(ln 0.8 + ln(1 - 0.1)) / 2
    c = dnn.cost(np.array([[0.8, 0.1]]), np.array([[1, 0]]))
    assert c == pytest.approx(-(math.log(0.8) + math.log(0.9)) / 2, rel=1e-14)


def test_cost_returns_a_python_float():
    for dtype in DTYPES:
        c = dnn.cost(np.array([[0.8, 0.1]], dtype=dtype), np.array([[1, 0]]))
        assert type(c) is float


def test_cost_with_l2_by_hand():
    AL, Y = np.array([[0.8, 0.1]]), np.array([[1, 0]])
    params = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[5.0]]),
        "W2": np.array([[3.0]]),
        "b2": np.array([[-7.0]]),
    }
    ce = -(math.log(0.8) + math.log(0.9)) / 2
    # lambd/(2m) * sum ||W||^2 = 0.5/(2*2) * (1 + 4 + 9) = 1.75 ; b is not penalised
    assert dnn.cost(AL, Y, params, lambd=0.5) == pytest.approx(ce + 1.75, rel=1e-14)
    assert dnn.cost(AL, Y, params, lambd=0.0) == pytest.approx(ce, rel=1e-14)
    assert dnn.cost(AL, Y, params) == pytest.approx(ce, rel=1e-14)


@pytest.mark.parametrize(
    "Y",
    [
        np.array([[1, 0, 1]], dtype=np.int64),
        np.array([[True, False, True]]),
        np.array([[1.0, 0.0, 1.0]]),
        np.array([[1, 0, 1]], dtype=np.uint8),
    ],
    ids=["int64", "bool", "float64", "uint8"],
)
def test_cost_accepts_label_dtypes(Y):
    AL = np.array([[0.8, 0.1, 0.6]])
    expected = -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3
    assert dnn.cost(AL, Y) == pytest.approx(expected, rel=1e-14)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    dims=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    m=st.integers(1, 7),
    lambd=st.sampled_from([0.0, 0.1, 0.7]),
    seed=st.integers(0, 2**32 - 1),
)
def test_cost_of_forward_matches_reference(dims, m, lambd, seed):
    dims[-1] = 1
    params, X, Y = random_net(dims, m, seed)
    AL_ref = ref_forward(X, params)[0]
    expected = ref_cost(AL_ref, Y, params, lambd)
    assert dnn.cost(dnn.forward(X, params)[0], Y, params, lambd) == pytest.approx(
        expected, rel=1e-10
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_cost_finite_and_warning_free_at_exact_0_and_1(dtype):
    AL = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    Y = np.array([[0, 1, 1, 0]])
    with no_warnings():
        c = dnn.cost(AL, Y)
    assert math.isfinite(c)
    # Two right answers cost ~0; each wrong one costs 100 (each log clamped at -100, as
    # PyTorch's BCELoss) or -ln(eps) (AL clipped to [eps, 1 - eps]): mean = that / 2.
    # A right answer costs at most -ln(1 - eps) ~ eps under clipping.
    allowed = [100.0 / 2, -math.log(EPS[dtype]) / 2]
    assert any(c == pytest.approx(a, rel=1e-5, abs=1e-6) for a in allowed), (c, allowed)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cost_with_l2_finite_at_exact_0_and_1(dtype):
    params = {"W1": np.array([[2.0]], dtype=dtype), "b1": np.array([[0.0]], dtype=dtype)}
    with no_warnings():
        c = dnn.cost(np.array([[0.0, 1.0]], dtype=dtype), np.array([[0, 1]]), params, lambd=1.0)
    assert c == pytest.approx(1.0 / (2 * 2) * 4.0, abs=2e-7)  # cross-entropy ~0, L2 = 1/4 * 4


def test_cost_not_coarser_than_machine_epsilon_float64():
    # Clipping to [eps, 1 - eps] (eps = 2.2e-16) or clamping each log at -100 leaves every AL
    # in [1e-12, 1 - 1e-12] untouched, so the cost must be the exact one there. A coarser clip
    # (1e-7, 1e-10, ...) changes the answers below by orders of magnitude.
    a_hi = 1.0 - 1e-12  # the float64 nearest; 1 - a_hi is then exact (Sterbenz)
    cases = [
        (a_hi, 1, -math.log(a_hi)),  # ~1.0000e-12, not ~1e-7
        (a_hi, 0, -math.log(1.0 - a_hi)),  # ~27.63, not ~16.1
        (1e-12, 1, -math.log(1e-12)),  # ~27.63
        (1e-12, 0, -math.log1p(-1e-12)),  # ~1e-12
        (1e-15, 1, -math.log(1e-15)),  # ~34.54: eps = 2.2e-16 < 1e-15, still untouched
    ]
    for a, y, expected in cases:
        c = dnn.cost(np.array([[a]]), np.array([[y]]))
        assert c == pytest.approx(expected, rel=1e-3), (a, y, c, expected)


def test_cost_not_coarser_than_machine_epsilon_float32():
    # float32: eps = 1.19e-7. AL = 1e-6 and AL = 1 - 2^-20 lie inside [eps, 1 - eps].
    a_hi = np.float32(1.0 - 2.0**-20)  # exactly representable
    cases = [
        (np.float32(1e-6), 1, -math.log(float(np.float32(1e-6)))),  # ~13.82
        (a_hi, 0, -math.log(2.0**-20)),  # ~13.86
        (a_hi, 1, -math.log(float(a_hi))),  # ~9.5e-7
    ]
    for a, y, expected in cases:
        c = dnn.cost(np.array([[a]], dtype=np.float32), np.array([[y]]))
        assert c == pytest.approx(expected, rel=1e-4), (a, y, c, expected)


def test_cost_does_not_modify_inputs():
    AL, Y = np.array([[0.0, 1.0, 0.3]]), np.array([[0, 1, 1]])
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]])}
    AL0, Y0, W0 = AL.copy(), Y.copy(), params["W1"].copy()
    dnn.cost(AL, Y, params, lambd=0.3)
    assert_array_equal(AL, AL0)
    assert_array_equal(Y, Y0)
    assert_array_equal(params["W1"], W0)


# ---------------------------------------------------------------- backward


@pytest.mark.parametrize("L", [1, 2, 4])
def test_backward_keys_exactly(L):
    dims = [3, 4, 2, 5, 1][:L] + [1]
    params, X, Y = random_net(dims, 4, seed=5)
    AL, caches = dnn.forward(X, params)
    grads = dnn.backward(AL, Y, caches)
    expected = (
        {f"dW{l}" for l in range(1, L + 1)}
        | {f"db{l}" for l in range(1, L + 1)}
        | {f"dA{l}" for l in range(0, L)}
    )
    assert set(grads) == expected
    for l in range(1, L + 1):
        assert grads[f"dW{l}"].shape == (dims[l], dims[l - 1])
        assert grads[f"db{l}"].shape == (dims[l], 1)
        # layer l's dA_prev is filed under dA{l-1}: shape (n_{l-1}, m) (non-square dims tell)
        assert grads[f"dA{l - 1}"].shape == (dims[l - 1], 4)


def test_backward_one_layer_by_hand():
    # L = 1: dZ = AL - Y = [0.75 - 1, 0.25 - 0] = [-0.25, 0.25], X = [[2, 4], [1, -1]], m = 2
    # dW = dZ X^T / 2 = [(-0.5 + 1), (-0.25 - 0.25)] / 2 = [0.25, -0.25]; db = 0 / 2 = 0
    # dA0 = W^T dZ = [[1], [3]] @ [[-0.25, 0.25]] = [[-0.25, 0.25], [-0.75, 0.75]]
    X = np.array([[2.0, 4.0], [1.0, -1.0]])
    W, b = np.array([[1.0, 3.0]]), np.array([[0.5]])
    Z = W @ X + b
    AL = np.array([[0.75, 0.25]])
    caches = [(dnn.LinearCache(X, W, b), dnn.ActivationCache(Z))]
    grads = dnn.backward(AL, np.array([[1, 0]]), caches)
    assert_allclose(grads["dW1"], [[0.25, -0.25]], rtol=1e-14)
    assert_allclose(grads["db1"], [[0.0]], atol=1e-15)
    assert_allclose(grads["dA0"], [[-0.25, 0.25], [-0.75, 0.75]], rtol=1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
def test_backward_finite_at_exact_0_and_1(dtype):
    # Output layer: AL = [1, 0] exactly, Y = [0, 1] (both confidently wrong) -> dZ2 = [1, -1]
    # Hidden layer: Z1 = [[2, -1]] -> relu' = [1, 0]; A1 = [[2, 0]]; W2 = [[3]]
    #   dW2 = dZ2 A1^T / 2 = (1*2 + -1*0) / 2 = 1 ; db2 = (1 - 1) / 2 = 0
    #   dA1 = W2^T dZ2 = [[3, -3]] ; dZ1 = [[3, 0]] ; X = [[1, 5]]
    #   dW1 = dZ1 X^T / 2 = 3/2 ; db1 = 3/2 ; dA0 = W1^T dZ1 = [[2*3, 0]] with W1 = [[2]]
    f = lambda v: np.array(v, dtype=dtype)  # noqa: E731
    X, W1, b1, W2, b2 = f([[1.0, 5.0]]), f([[2.0]]), f([[0.0]]), f([[3.0]]), f([[0.0]])
    Z1 = f([[2.0, -1.0]])
    A1 = f([[2.0, 0.0]])
    caches = [
        (dnn.LinearCache(X, W1, b1), dnn.ActivationCache(Z1)),
        (dnn.LinearCache(A1, W2, b2), dnn.ActivationCache(f([[50.0, -1000.0]]))),
    ]
    with no_warnings():
        grads = dnn.backward(f([[1.0, 0.0]]), np.array([[0, 1]]), caches)
    for k, g in grads.items():
        assert np.all(np.isfinite(g)), k
        assert g.dtype == dtype, k
    assert_allclose(grads["dW2"], [[1.0]])
    assert_allclose(grads["db2"], [[0.0]], atol=1e-7)
    assert_allclose(grads["dA1"], [[3.0, -3.0]])
    assert_allclose(grads["dW1"], [[1.5]])
    assert_allclose(grads["db1"], [[1.5]])
    assert_allclose(grads["dA0"], [[6.0, 0.0]])


@pytest.mark.parametrize(
    "Y",
    [np.array([[1, 0, 1]], dtype=np.int64), np.array([[True, False, True]])],
    ids=["int64", "bool"],
)
def test_backward_accepts_int_and_bool_labels(Y):
    params, X, _ = random_net([2, 3, 1], 3, seed=9)
    AL, caches = dnn.forward(X, params)
    g_lab = dnn.backward(AL, Y, caches, lambd=0.1)
    g_float = dnn.backward(AL, Y.astype(np.float64), caches, lambd=0.1)
    assert set(g_lab) == set(g_float)
    for k in g_lab:
        assert g_lab[k].dtype == np.float64, k
        assert_allclose(g_lab[k], g_float[k], rtol=1e-15, atol=0, err_msg=k)


def test_backward_does_not_modify_inputs():
    params, X, Y = random_net([3, 4, 2, 1], 5, seed=4)
    AL, caches = dnn.forward(X, params)
    snap = [AL.copy(), Y.copy()] + [a.copy() for c in caches for part in c for a in part]
    dnn.backward(AL, Y, caches, lambd=0.7)
    now = [AL, Y] + [a for c in caches for part in c for a in part]
    for a, a0 in zip(now, snap):
        assert_array_equal(a, a0)


# ---------------------------------------------------------------- gradient checks


def check_gradients(dims, m, lambd, seed):
    """backward vs central differences of cost(forward(X, p)[0], Y, p, lambd), every dW and db."""
    params, X, Y = random_net(dims, m, seed)
    # relu's kink: if a hidden Z is within reach of h, central differences straddle it and
    # measure a one-sided mix, not the derivative. Such draws say nothing about backward.
    Zs = ref_forward(X, params)[2]
    if not all(np.min(np.abs(Z)) > 1e-3 for Z in Zs[:-1]):
        return None
    AL, caches = dnn.forward(X, params)
    grads = dnn.backward(AL, Y, caches, lambd)

    def J():
        return dnn.cost(dnn.forward(X, params)[0], Y, params, lambd)

    errors = {}
    for l in range(1, len(dims)):
        for name in ("W", "b"):
            numeric = central_differences(J, params[f"{name}{l}"], h=1e-5)
            errors[f"d{name}{l}"] = rel_err(grads[f"d{name}{l}"], numeric, floor=1e-3)
    return errors


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    dims=st.lists(st.integers(1, 6), min_size=2, max_size=5),  # L = 1 .. 4 layers
    m=st.integers(1, 7),
    lambd=st.sampled_from([0.0, 0.1, 0.7]),
    seed=st.integers(0, 2**32 - 1),
)
def test_gradient_check_random_architectures(dims, m, lambd, seed):
    dims[-1] = 1  # a binary classifier: one output unit
    errors = check_gradients(dims, m, lambd, seed)
    assume(errors is not None)
    bad = {k: e for k, e in errors.items() if not e < 1e-7}
    assert bad == {}, f"dims={dims} m={m} lambd={lambd}: {bad}"


def test_gradient_check_with_l2_on_a_fixed_deep_net():
    # A readable fixed case besides the property test: L = 3, non-square, m = 5, lambd = 0.7.
    errors = check_gradients([4, 3, 2, 1], 5, 0.7, seed=2024)
    assert errors is not None  # the seed keeps every hidden Z away from relu's kink
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("L", [1, 3])
def test_dA_gradients_by_central_differences(L):
    # dA{l} = m dJ/dA_l (dA_prev = W^T dZ carries no 1/m): perturb A_l and run layers l+1..L
    # with the reference forward; dA0 is the gradient with respect to X itself.
    dims = [3, 4, 2, 1][:L] + [1]
    m, lambd = 5, 0.3
    params, X, Y = random_net(dims, m, seed=8)
    # the seed keeps every hidden Z away from relu's kink
    assert all(np.min(np.abs(Z)) > 1e-3 for Z in ref_forward(X, params)[2][:-1])
    AL, caches = dnn.forward(X, params)
    grads = dnn.backward(AL, Y, caches, lambd)
    _, As, _ = ref_forward(X, params)
    for l in range(L):
        A_l = As[l].copy()

        def J(A_l=A_l, l=l):
            A = A_l
            for k in range(l + 1, L + 1):
                Z = params[f"W{k}"] @ A + params[f"b{k}"]
                A = np.maximum(Z, 0.0) if k < L else 1.0 / (1.0 + np.exp(-Z))
            return ref_cost(A, Y)  # the L2 term does not depend on A_l

        numeric = central_differences(J, A_l, h=1e-6)
        assert rel_err(grads[f"dA{l}"], m * numeric) < 1e-7, f"dA{l}"


def test_l2_term_of_backward_matches_l2_term_of_cost():
    # The gradient check compares backward with the derivative of cost, so it catches an L2
    # term dropped from only ONE of them (cost with it and backward without, or the reverse)
    # but passes if both drop it. This test pins each side to the formula on its own:
    #   cost(lambd) - cost(0)        = lambd/(2m) sum_l ||W_l||^2
    #   backward(lambd) - backward(0) = lambd/m W_l for dW_l, 0 for db_l and dA_l
    params, X, Y = random_net([3, 4, 2, 1], 5, seed=13)
    m, lambd = 5, 0.7
    AL, caches = dnn.forward(X, params)
    sq = sum(float(np.sum(params[f"W{l}"] ** 2)) for l in (1, 2, 3))
    assert dnn.cost(AL, Y, params, lambd) - dnn.cost(AL, Y, params, 0.0) == pytest.approx(
        lambd / (2 * m) * sq, rel=1e-10
    )
    g0 = dnn.backward(AL, Y, caches, 0.0)
    g1 = dnn.backward(AL, Y, caches, lambd)
    for l in (1, 2, 3):
        assert_allclose(
            g1[f"dW{l}"] - g0[f"dW{l}"],
            lambd / m * params[f"W{l}"],
            rtol=1e-9,
            atol=1e-14,
            err_msg=f"dW{l}",
        )
        assert_allclose(
            g1[f"db{l}"], g0[f"db{l}"], rtol=1e-14, atol=0, err_msg=f"db{l}: b is not penalised"
        )
    for l in (0, 1, 2):
        assert_allclose(g1[f"dA{l}"], g0[f"dA{l}"], rtol=1e-14, atol=0, err_msg=f"dA{l}")


# ---------------------------------------------------------------- dnn's gradient-check helpers


def test_numerical_gradient_of_a_cubic_and_restores_x():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    x0 = x.copy()
    g = dnn.numerical_gradient(lambda: float(np.sum(x**3)), x)
    # d/dx sum x^3 = 3 x^2 = [[3, 12], [0.75, 27]]; central differences are off by h^2 = 1e-10
    assert_allclose(g, [[3.0, 12.0], [0.75, 27.0]], rtol=1e-8)
    assert g.shape == x.shape
    assert_array_equal(x, x0)


def test_numerical_gradient_h_is_used():
    x = np.array([2.0])
    # f = x^3: the central difference is 3x^2 + h^2 exactly, so with h = 0.5 it is 12.25
    g = dnn.numerical_gradient(lambda: float(x[0] ** 3), x, h=0.5)
    assert g[0] == pytest.approx(12.25, rel=1e-12)


def test_relative_error_by_hand():
    # ||[3, 0] - [0, 4]|| = 5 ; ||[3, 0]|| + ||[0, 4]|| = 3 + 4 -> 5/7
    assert dnn.relative_error(np.array([3.0, 0.0]), np.array([0.0, 4.0])) == pytest.approx(5 / 7)
    assert dnn.relative_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0
    assert dnn.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    # one side zero -> 1
    assert dnn.relative_error(np.array([[1.0, 2.0]]), np.zeros((1, 2))) == pytest.approx(1.0)


def test_gradient_check_helper_returns_small_errors_per_gradient():
    params, X, Y = random_net([4, 3, 2, 1], 5, seed=2024)
    p0 = {k: v.copy() for k, v in params.items()}
    errors = dnn.gradient_check(X, Y, params, lambd=0.7)
    assert set(errors) == {"dW1", "db1", "dW2", "db2", "dW3", "db3"}
    assert all(e < 1e-7 for e in errors.values()), errors
    for k in params:
        assert_array_equal(params[k], p0[k])


# ---------------------------------------------------------------- update_parameters


@pytest.mark.parametrize("dtype", DTYPES)
def test_update_parameters_by_hand(dtype):
    f = lambda v: np.array(v, dtype=dtype)  # noqa: E731
    params = {
        "W1": f([[1.0, 2.0]]),
        "b1": f([[0.5]]),
        "W2": f([[-1.0], [4.0]]),
        "b2": f([[1.0], [2.0]]),
    }
    grads = {
        "dW1": f([[0.1, -0.2]]),
        "db1": f([[1.0]]),
        "dW2": f([[2.0], [0.0]]),
        "db2": f([[-4.0], [0.5]]),
        "dA0": f([[9.0], [9.0]]),
        "dA1": f([[9.0, 9.0]]),
    }
    p0 = {k: v.copy() for k, v in params.items()}
    g0 = {k: v.copy() for k, v in grads.items()}
    new = dnn.update_parameters(params, grads, 0.5)
    # theta - 0.5 * dtheta
    assert_allclose(new["W1"], [[0.95, 2.1]], rtol=1e-7)  # 1 - 0.05, 2 + 0.1
    assert_allclose(new["b1"], [[0.0]], atol=1e-7)  # 0.5 - 0.5
    assert_allclose(new["W2"], [[-2.0], [4.0]], rtol=1e-7)  # -1 - 1, 4 - 0
    assert_allclose(new["b2"], [[3.0], [1.75]], rtol=1e-7)  # 1 + 2, 2 - 0.25
    assert set(new) == {"W1", "b1", "W2", "b2"}
    for k in new:
        assert new[k].dtype == dtype, k
        assert new[k].shape == params[k].shape, k
    # a new dict of new arrays; the inputs untouched
    assert new is not params
    for k in params:
        assert not np.shares_memory(new[k], params[k]), k
        assert_array_equal(params[k], p0[k])
    assert set(params) == set(p0)
    for k in grads:
        assert_array_equal(grads[k], g0[k])
    assert set(grads) == set(g0)


def test_update_parameters_learning_rate_matters():
    params = {"W1": np.array([[1.0]]), "b1": np.array([[1.0]])}
    grads = {"dW1": np.array([[1.0]]), "db1": np.array([[2.0]])}
    new = dnn.update_parameters(params, grads, 0.01)
    assert_allclose(new["W1"], [[0.99]])
    assert_allclose(new["b1"], [[0.98]])


# ---------------------------------------------------------------- float32 end to end


def test_float32_through_forward_cost_backward_update():
    params, X, Y = random_net([4, 3, 2, 1], 6, seed=3, dtype=np.float32)
    AL, caches = dnn.forward(X, params)
    assert AL.dtype == np.float32
    for lin, act in caches:
        assert lin.A_prev.dtype == lin.W.dtype == lin.b.dtype == act.Z.dtype == np.float32
    c = dnn.cost(AL, Y, params, 0.1)
    assert type(c) is float
    assert c == pytest.approx(ref_cost(AL.astype(np.float64), Y, params, 0.1), rel=1e-5)
    grads = dnn.backward(AL, Y, caches, 0.1)
    for k, g in grads.items():
        assert g.dtype == np.float32, k
    # compare with the float64 gradients of the same (float32-valued) net
    p64 = {k: v.astype(np.float64) for k, v in params.items()}
    AL64, caches64 = dnn.forward(X.astype(np.float64), p64)
    g64 = dnn.backward(AL64, Y, caches64, 0.1)
    for k in grads:
        assert_allclose(grads[k], g64[k], rtol=1e-4, atol=1e-6, err_msg=k)
    new = dnn.update_parameters(params, grads, 0.1)
    for k, v in new.items():
        assert v.dtype == np.float32, k
