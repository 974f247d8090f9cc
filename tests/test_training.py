"""DeepNeuralNetwork: construction, fit, predict, score, save/load (chapter "Training").

Expected values come from hand arithmetic (in the comments) or from ``ref_train``, plain
gradient descent written out below formula by formula, never from ``dnn``'s own output.
"""

import math

import h5py
import numpy as np
import pytest
from conftest import ref_cost, ref_forward
from numpy.testing import assert_allclose, assert_array_equal

import dnn


def separable(m=40, seed=0, dtype=np.float64):
    """2-D points, label 1 above the line x0 + 0.5 x1 = 0, none within 0.2 of it."""
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < m:
        p = rng.uniform(-1.0, 1.0, 2)
        if abs(p[0] + 0.5 * p[1]) > 0.2:
            pts.append(p)
    X = np.array(pts).T.astype(dtype)  # (2, m)
    Y = (X[0] + 0.5 * X[1] > 0).astype(np.int64)[None, :]  # (1, m), int64 like the classic files
    return X, Y


def ref_train(X, Y, params, learning_rate, lambd, iterations):
    """Plain gradient descent. Returns the final parameters and J[i] = the cost at the
    parameters after i steps, for i = 0 .. iterations."""
    p = {k: v.astype(np.float64).copy() for k, v in params.items()}
    L, m = len(p) // 2, X.shape[1]
    Js = []
    for _ in range(iterations):
        AL, As, Zs = ref_forward(X, p)
        Js.append(ref_cost(AL, Y, p, lambd))
        dZ = AL - Y  # output layer, sigmoid + cross-entropy
        grads = {}
        for l in range(L, 0, -1):
            grads[l] = (
                dZ @ As[l - 1].T / m + lambd / m * p[f"W{l}"],
                dZ.sum(axis=1, keepdims=True) / m,
            )
            if l > 1:
                dZ = (p[f"W{l}"].T @ dZ) * (Zs[l - 2] > 0)
        for l, (dW, db) in grads.items():
            p[f"W{l}"] = p[f"W{l}"] - learning_rate * dW
            p[f"b{l}"] = p[f"b{l}"] - learning_rate * db
    Js.append(ref_cost(ref_forward(X, p)[0], Y, p, lambd))
    return p, Js


# ---------------------------------------------------------------- construction


def test_defaults_and_parameters_from_construction():
    model = dnn.DeepNeuralNetwork([2, 3, 1])
    assert model.learning_rate == 0.0075
    assert model.lambd == 0.0
    assert model.seed == 1
    assert np.dtype(model.dtype) == np.float64
    assert list(model.layer_dims) == [2, 3, 1]
    assert list(model.costs) == []
    expected = dnn.initialize_parameters(
        [2, 3, 1], seed=1
    )  # DESIGN: "holds the dict of initialize_parameters"
    assert set(model.parameters) == set(expected)
    for k in expected:
        assert model.parameters[k].dtype == np.float64
        assert_array_equal(model.parameters[k], expected[k])


def test_constructor_arguments_are_kept():
    model = dnn.DeepNeuralNetwork(
        [4, 5, 2, 1], learning_rate=0.3, lambd=0.7, seed=9, dtype=np.float32
    )
    assert (model.learning_rate, model.lambd, model.seed) == (0.3, 0.7, 9)
    assert np.dtype(model.dtype) == np.float32
    expected = dnn.initialize_parameters([4, 5, 2, 1], seed=9, dtype=np.float32)
    for k in expected:
        assert model.parameters[k].dtype == np.float32
        assert_array_equal(model.parameters[k], expected[k])


# ---------------------------------------------------------------- fit


def test_fit_returns_self_and_records_every_100_iterations():
    X, Y = separable()
    model = dnn.DeepNeuralNetwork([2, 3, 1])
    assert model.fit(X, Y, 300) is model
    assert len(model.costs) == 3
    assert all(type(c) is float or isinstance(c, float) for c in model.costs)


@pytest.mark.parametrize("print_every, iterations, n", [(10, 50, 5), (25, 100, 4), (1, 7, 7)])
def test_fit_records_every_print_every(print_every, iterations, n, capsys):
    X, Y = separable()
    model = dnn.DeepNeuralNetwork([2, 3, 1])
    model.fit(X, Y, iterations, print_every=print_every)
    assert len(model.costs) == n
    out = capsys.readouterr()
    assert (out.out + out.err).strip() != ""  # print_every also reports progress


def test_fit_silent_by_default(capsys):
    X, Y = separable()
    dnn.DeepNeuralNetwork([2, 3, 1]).fit(X, Y, 200)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_fit_is_gradient_descent_on_the_reported_cost():
    # Against gradient descent written out in this file: the same parameters after 300 steps,
    # and costs that are the cost function (with its L2 term) every 100 steps. Which step a
    # recorded cost belongs to is a choice DESIGN leaves open: before step 0, 100, 200
    # ("i % 100 == 0"), before step 99, 199, 299, or after step 100, 200, 300.
    X, Y = separable(m=30, seed=1)
    model = dnn.DeepNeuralNetwork([2, 4, 3, 1], learning_rate=0.3, lambd=0.2, seed=5)
    start = {k: v.copy() for k, v in model.parameters.items()}
    model.fit(X, Y, 300)
    p, Js = ref_train(X, Y, start, 0.3, 0.2, 300)
    for k in p:
        assert_allclose(model.parameters[k], p[k], rtol=1e-9, atol=1e-12, err_msg=k)
    conventions = {
        "before step 0, 100, 200": [Js[0], Js[100], Js[200]],
        "before step 99, 199, 299": [Js[99], Js[199], Js[299]],
        "after step 100, 200, 300": [Js[100], Js[200], Js[300]],
    }
    matches = [
        name for name, c in conventions.items() if np.allclose(model.costs, c, rtol=1e-9, atol=0)
    ]
    assert matches, (list(model.costs), conventions)
    # the L2 term is in the recorded cost: without it every recorded value would be lower
    without_l2 = ref_cost(ref_forward(X, p)[0], Y, p, 0.0)
    assert Js[300] - without_l2 > 1e-3


def test_cost_decreases_and_separable_problem_is_learned():
    X, Y = separable()
    model = dnn.DeepNeuralNetwork([2, 4, 1], learning_rate=0.5, seed=2)
    model.fit(X, Y, 1500)
    costs = list(model.costs)
    assert len(costs) == 15
    assert all(b < a for a, b in zip(costs, costs[1:])), costs
    assert costs[-1] < 0.5 * costs[0]
    assert model.score(X, Y) >= 0.95


def test_fit_continues_from_current_parameters():
    X, Y = separable()
    a = dnn.DeepNeuralNetwork([2, 3, 1], learning_rate=0.2, lambd=0.1)
    b = dnn.DeepNeuralNetwork([2, 3, 1], learning_rate=0.2, lambd=0.1)
    a.fit(X, Y, 50, print_every=10).fit(X, Y, 50, print_every=10)
    b.fit(X, Y, 100, print_every=10)
    assert len(a.costs) == len(b.costs) == 10
    assert_allclose(a.costs, b.costs, rtol=1e-13, atol=0)
    for k in b.parameters:
        assert_allclose(a.parameters[k], b.parameters[k], rtol=1e-13, atol=1e-15, err_msg=k)
    # and training did move them
    assert not np.allclose(b.parameters["W1"], dnn.initialize_parameters([2, 3, 1])["W1"])


def test_fit_does_not_modify_X_or_Y():
    X, Y = separable()
    X0, Y0 = X.copy(), Y.copy()
    dnn.DeepNeuralNetwork([2, 3, 1], lambd=0.3).fit(X, Y, 20)
    assert_array_equal(X, X0)
    assert_array_equal(Y, Y0)


@pytest.mark.parametrize("label_dtype", [np.int64, np.bool_, np.float64])
def test_fit_accepts_label_dtypes(label_dtype):
    X, Y = separable()
    a = dnn.DeepNeuralNetwork([2, 3, 1]).fit(X, Y.astype(label_dtype), 100)
    b = dnn.DeepNeuralNetwork([2, 3, 1]).fit(X, Y.astype(np.float64), 100)
    for k in a.parameters:
        assert_allclose(a.parameters[k], b.parameters[k], rtol=1e-13, err_msg=k)


def test_float32_network_trains_in_float32():
    X, Y = separable(dtype=np.float32)
    model = dnn.DeepNeuralNetwork([2, 4, 1], learning_rate=0.5, seed=2, dtype=np.float32)
    model.fit(X, Y, 500)
    for k, v in model.parameters.items():
        assert v.dtype == np.float32, k
    assert all(math.isfinite(c) for c in model.costs)
    assert model.costs[-1] < model.costs[0]
    # and it follows float64 gradient descent from the same start to float32 accuracy
    ref = dnn.DeepNeuralNetwork([2, 4, 1], learning_rate=0.5, seed=2).fit(
        X.astype(np.float64), Y, 500
    )
    for k in ref.parameters:
        assert_allclose(model.parameters[k], ref.parameters[k], rtol=1e-3, atol=1e-4, err_msg=k)


# ---------------------------------------------------------------- predict and score


def one_unit_model():
    # AL = sigmoid(x): predict 1 exactly where x > 0 (at x = 0, AL = 0.5 is not > 0.5)
    model = dnn.DeepNeuralNetwork([1, 1])
    model.parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    return model


def test_predict_by_hand():
    pred = one_unit_model().predict(np.array([[-2.0, -1e-9, 0.0, 1e-9, 3.0]]))
    assert pred.shape == (1, 5)
    assert np.issubdtype(pred.dtype, np.integer)
    assert_array_equal(pred, [[0, 0, 0, 1, 1]])


def test_predict_is_AL_above_half():
    X, _ = separable(m=25, seed=4)
    model = dnn.DeepNeuralNetwork([2, 5, 3, 1], seed=3)
    for l in (1, 2, 3):  # non-zero biases, so predictions are not symmetric by accident
        model.parameters[f"b{l}"] = np.full_like(model.parameters[f"b{l}"], 0.1 * l)
    pred = model.predict(X)
    AL = ref_forward(X, model.parameters)[0]
    assert pred.shape == (1, 25)
    assert np.issubdtype(pred.dtype, np.integer)
    assert set(np.unique(pred)) <= {0, 1}
    assert_array_equal(pred, (AL > 0.5).astype(int))


@pytest.mark.parametrize("label_dtype", [np.int64, np.bool_, np.float64])
def test_score_by_hand(label_dtype):
    X = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0]])
    Y = np.array([[0, 1, 0, 1, 0]]).astype(label_dtype)
    # predictions [0, 0, 0, 1, 1] vs labels [0, 1, 0, 1, 0]: right, wrong, right, right, wrong
    assert one_unit_model().score(X, Y) == pytest.approx(3 / 5)


def test_score_all_right_and_all_wrong():
    X = np.array([[-2.0, 1.0]])
    assert one_unit_model().score(X, np.array([[0, 1]])) == 1.0
    assert one_unit_model().score(X, np.array([[1, 0]])) == 0.0


# ---------------------------------------------------------------- save and load


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_save_load_round_trip(tmp_path, dtype):
    X, Y = separable(dtype=dtype)
    model = dnn.DeepNeuralNetwork([2, 4, 3, 1], learning_rate=0.05, lambd=0.25, seed=7, dtype=dtype)
    model.fit(X, Y, 200)
    path = tmp_path / "model.h5"
    model.save(path)
    loaded = dnn.DeepNeuralNetwork.load(path)
    assert isinstance(loaded, dnn.DeepNeuralNetwork)
    assert list(loaded.layer_dims) == [2, 4, 3, 1]
    assert loaded.learning_rate == 0.05
    assert loaded.lambd == 0.25
    assert np.dtype(loaded.dtype) == dtype
    assert set(loaded.parameters) == set(model.parameters)
    for k in model.parameters:
        assert loaded.parameters[k].dtype == dtype, k
        assert loaded.parameters[k].shape == model.parameters[k].shape, k
        assert_array_equal(loaded.parameters[k], model.parameters[k], err_msg=k)
    assert_array_equal(loaded.predict(X), model.predict(X))
    # the loaded model trains on exactly as the original would (same rate, same lambd)
    model.fit(X, Y, 30)
    loaded.fit(X, Y, 30)
    for k in model.parameters:
        assert_array_equal(loaded.parameters[k], model.parameters[k], err_msg=k)


def test_save_load_with_str_path(tmp_path):
    model = dnn.DeepNeuralNetwork([3, 2, 1], seed=4)
    path = str(tmp_path / "m.h5")
    model.save(path)
    loaded = dnn.DeepNeuralNetwork.load(path)
    for k in model.parameters:
        assert_array_equal(loaded.parameters[k], model.parameters[k])


def test_saved_file_is_plain_hdf5_without_pickle(tmp_path):
    path = tmp_path / "model.h5"
    dnn.DeepNeuralNetwork([2, 3, 1], lambd=0.1).save(path)
    assert path.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"  # the HDF5 signature
    found = []

    def no_pickle(value, where):
        if isinstance(value, np.ndarray):
            assert value.dtype.kind not in "OV", f"{where}: dtype {value.dtype}"
        if isinstance(value, (bytes, np.bytes_)):
            assert not bytes(value).startswith(b"\x80"), f"{where}: looks like a pickle"
        if isinstance(value, np.ndarray) and value.dtype == np.uint8 and value.size:
            # pickle protocol >= 2 starts with 0x80 and ends with b"." (STOP)
            assert not (value.flat[0] == 0x80 and value.flat[-1] == ord(".")), f"{where}: a pickle?"

    def visit(name, obj):
        for k, v in obj.attrs.items():
            no_pickle(v, f"{name} attr {k}")
        if isinstance(obj, h5py.Dataset):
            found.append(name)
            assert obj.dtype.kind in "fiub" or h5py.check_string_dtype(obj.dtype), (
                f"{name}: {obj.dtype}"
            )
            if obj.dtype.kind in "fiub":
                no_pickle(obj[()], name)

    with h5py.File(path, "r") as f:
        for k, v in f.attrs.items():
            no_pickle(v, f"root attr {k}")
        f.visititems(visit)
    assert found, "no datasets: where are the weights?"
