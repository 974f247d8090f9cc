"""Bad input gets a clear ValueError or TypeError, before anything is computed or changed.

DESIGN.md, "Bad input": the error names the function (the message starts with
``"<function>: "``, ``"DeepNeuralNetwork.fit: "`` for a method, ``"DeepNeuralNetwork: "`` for
the constructor), the argument, and the shape or value it got -- never a NumPy broadcasting
error from deep inside, never a silently wrong result. TypeError for integer arrays where floats
are needed, ValueError for the rest. Each case is its own test.
"""

import re

import h5py
import numpy as np
import pytest
from numpy.testing import assert_array_equal

import dnn

# A consistent baseline that works: one layer n_{l-1} = 3 -> n_l = 2, m = 4, and a [3, 2, 1] net.
M = 4


def lin():
    rng = np.random.default_rng(0)
    return rng.standard_normal((3, M)), rng.standard_normal((2, 3)), rng.standard_normal((2, 1))


def net():
    rng = np.random.default_rng(1)
    params = dnn.initialize_parameters([3, 2, 1], seed=1)
    params["b1"] = rng.standard_normal((2, 1))
    params["b2"] = rng.standard_normal((1, 1))
    X = rng.standard_normal((3, M))
    Y = np.array([[1, 0, 0, 1]])
    return params, X, Y


def AL_Y():
    return np.array([[0.9, 0.2, 0.4, 0.7]]), np.array([[1, 0, 0, 1]])


def with_(arr, index, value):
    arr = np.array(arr, dtype=np.float64)
    arr[index] = value
    return arr


def name(s):
    """The argument's name as a whole word: 'W' must not match inside 'W1', 'b' inside 'db'."""
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(s)}(?![A-Za-z0-9_])")


def shape(t):
    return re.compile(re.escape(str(tuple(t))))


def check_message(excinfo, func, parts):
    msg = str(excinfo.value)
    assert msg.startswith(func + ": "), f"message should start with {func + ': '!r}: {msg!r}"
    for p in parts:
        if isinstance(p, list):  # any one of these
            assert any(q.search(msg) for q in p), f"none of {[q.pattern for q in p]} in {msg!r}"
        else:
            assert p.search(msg), f"{p.pattern!r} not in {msg!r}"


# ---------------------------------------------------------------- the catalogue


# Each case is a function of no arguments that builds its good inputs, spoils one, and calls
# dnn. (Setup runs inside the call; an error from the setup would name another function and
# fail the message check.)


def _linear_forward(A_prev=None, W=None, b=None):
    def call():
        A0, W0, b0 = lin()
        return dnn.linear_forward(
            A0 if A_prev is None else A_prev, W0 if W is None else W, b0 if b is None else b
        )

    return call


def _linear_backward(dZ):
    def call():
        A0, W0, b0 = lin()
        return dnn.linear_backward(dZ, dnn.LinearCache(A0, W0, b0))

    return call


def _forward(X=None, **changes):
    """changes: key -> new array, None (delete the key), or a function of the parameters."""

    def call():
        params, X0, _ = net()
        for k, v in changes.items():
            if v is None:
                del params[k]
            else:
                params[k] = v(params) if callable(v) else v
        return dnn.forward(X0 if X is None else X, params)

    return call


def _cost(AL=None, Y=None):
    def call():
        AL0, Y0 = AL_Y()
        return dnn.cost(AL0 if AL is None else AL, Y0 if Y is None else Y)

    return call


def _backward(AL=None, Y=None):
    def call():
        params, X, Y0 = net()
        AL0, caches = dnn.forward(X, params)
        return dnn.backward(AL0 if AL is None else AL, Y0 if Y is None else Y, caches)

    return call


def _act_backward(fn, dA):
    def call():
        Z = np.array([[1.0, -1.0, 0.5, 0.0], [2.0, 0.0, -3.0, 1.0]])
        return getattr(dnn, fn)(dA, dnn.ActivationCache(Z))

    return call


def _update(drop_param=None, drop_grad=None):
    def call():
        params, X, Y = net()
        AL, caches = dnn.forward(X, params)
        grads = dnn.backward(AL, Y, caches)
        if drop_param:
            del params[drop_param]
        if drop_grad:
            del grads[drop_grad]
        return dnn.update_parameters(params, grads, 0.1)

    return call


def _fit(X=None, Y=None):
    def call():
        _, X0, Y0 = net()
        model = dnn.DeepNeuralNetwork([3, 2, 1])
        return model.fit(X0 if X is None else X, Y0 if Y is None else Y, 5)

    return call


def _method(meth, X=None, Y=None):
    def call():
        _, X0, Y0 = net()
        model = dnn.DeepNeuralNetwork([3, 2, 1])
        if meth == "predict":
            return model.predict(X0 if X is None else X)
        return model.score(X0 if X is None else X, Y0 if Y is None else Y)

    return call


def _activation(direction):
    def call():
        A0, W0, b0 = lin()
        if direction == "forward":
            return dnn.linear_forward_activation(A0, W0, b0, "tanh")
        cache = (dnn.LinearCache(A0, W0, b0), dnn.ActivationCache(W0 @ A0 + b0))
        return dnn.linear_backward_activation(np.ones((2, M)), cache, "tanh")

    return call


nan, inf = float("nan"), float("inf")
A0, W0, b0 = lin()
X0 = np.random.default_rng(1).standard_normal((3, M))
AL0, _Y = AL_Y()

V, T = ValueError, TypeError
CASES = {
    # ---- wrong rank
    "linear_forward A_prev 1-D": (
        _linear_forward(A_prev=np.ones(3)),
        V,
        "linear_forward",
        [name("A_prev"), shape((3,))],
    ),
    "linear_forward A_prev 3-D": (
        _linear_forward(A_prev=np.ones((3, M, 1))),
        V,
        "linear_forward",
        [name("A_prev"), shape((3, M, 1))],
    ),
    "linear_forward W 1-D": (
        _linear_forward(W=np.ones(3)),
        V,
        "linear_forward",
        [name("W"), shape((3,))],
    ),
    "linear_forward b 1-D (n_l,)": (
        _linear_forward(b=np.ones(2)),
        V,
        "linear_forward",
        [name("b"), shape((2,))],
    ),
    "linear_backward dZ 1-D": (
        _linear_backward(np.ones(2 * M)),
        V,
        "linear_backward",
        [name("dZ"), shape((2 * M,))],
    ),
    "forward X 1-D": (_forward(X=np.ones(3)), V, "forward", [name("X"), shape((3,))]),
    "forward X 3-D (unflattened images)": (
        _forward(X=np.ones((M, 3, 1))),
        V,
        "forward",
        [name("X"), shape((M, 3, 1))],
    ),
    "forward b1 1-D": (_forward(b1=np.ones(2)), V, "forward", [name("b1"), shape((2,))]),
    "cost AL 1-D": (_cost(AL=np.full(M, 0.5)), V, "cost", [name("AL"), shape((M,))]),
    "cost Y 1-D (m,)": (_cost(Y=np.array([1, 0, 0, 1])), V, "cost", [name("Y"), shape((M,))]),
    "backward Y 1-D (m,)": (
        _backward(Y=np.array([1, 0, 0, 1])),
        V,
        "backward",
        [name("Y"), shape((M,))],
    ),
    # ---- shapes that don't fit together
    "linear_forward W vs A_prev": (
        _linear_forward(W=np.ones((2, 5))),
        V,
        "linear_forward",
        [name("W"), name("A_prev"), [shape((2, 5)), shape((3, M))]],
    ),
    "linear_forward b (n_{l-1}, 1)": (
        _linear_forward(b=np.ones((3, 1))),
        V,
        "linear_forward",
        [name("b"), shape((3, 1))],
    ),
    "linear_forward b (1, 1) would broadcast": (
        _linear_forward(b=np.ones((1, 1))),
        V,
        "linear_forward",
        [name("b"), shape((1, 1))],
    ),
    "linear_forward b (n_l, m) would broadcast": (
        _linear_forward(b=np.ones((2, M))),
        V,
        "linear_forward",
        [name("b"), shape((2, M))],
    ),
    "linear_backward dZ wrong m": (
        _linear_backward(np.ones((2, M + 1))),
        V,
        "linear_backward",
        [name("dZ"), shape((2, M + 1))],
    ),
    "linear_backward dZ wrong n_l": (
        _linear_backward(np.ones((3, M))),
        V,
        "linear_backward",
        [name("dZ"), shape((3, M))],
    ),
    "linear_backward dZ (n_l, 1) would broadcast": (
        _linear_backward(np.ones((2, 1))),
        V,
        "linear_backward",
        [name("dZ"), shape((2, 1))],
    ),
    "sigmoid_backward dA vs Z": (
        _act_backward("sigmoid_backward", np.ones((2, 1))),
        V,
        "sigmoid_backward",
        [name("dA"), shape((2, 1))],
    ),
    "relu_backward dA vs Z": (
        _act_backward("relu_backward", np.ones((2, 1))),
        V,
        "relu_backward",
        [name("dA"), shape((2, 1))],
    ),
    "forward X vs W1": (_forward(X=np.ones((4, M))), V, "forward", [name("X"), shape((4, M))]),
    "forward W2 vs W1": (_forward(W2=np.ones((1, 3))), V, "forward", [name("W2"), shape((1, 3))]),
    "forward b2 wrong": (_forward(b2=np.ones((2, 1))), V, "forward", [name("b2"), shape((2, 1))]),
    "cost Y (m, 1) vs AL (1, m)": (
        _cost(Y=np.array([[1], [0], [0], [1]])),
        V,
        "cost",
        [name("Y"), shape((M, 1))],
    ),
    "cost Y (1, m-1)": (_cost(Y=np.array([[1, 0, 0]])), V, "cost", [name("Y"), shape((1, 3))]),
    "cost AL (2, m)": (_cost(AL=np.full((2, M), 0.5)), V, "cost", [name("AL"), shape((2, M))]),
    "backward Y (m, 1) vs AL (1, m)": (
        _backward(Y=np.array([[1], [0], [0], [1]])),
        V,
        "backward",
        [name("Y"), shape((M, 1))],
    ),
    "fit Y (m, 1)": (
        _fit(Y=np.array([[1], [0], [0], [1]])),
        V,
        "DeepNeuralNetwork.fit",
        [name("Y"), shape((M, 1))],
    ),
    "fit Y (m,)": (
        _fit(Y=np.array([1, 0, 0, 1])),
        V,
        "DeepNeuralNetwork.fit",
        [name("Y"), shape((M,))],
    ),
    "fit X vs layer_dims": (
        _fit(X=np.ones((5, M))),
        V,
        "DeepNeuralNetwork.fit",
        [name("X"), shape((5, M))],
    ),
    "score Y (m, 1)": (
        _method("score", Y=np.array([[1], [0], [0], [1]])),
        V,
        "DeepNeuralNetwork.score",
        [name("Y"), shape((M, 1))],
    ),
    "predict X vs layer_dims": (
        _method("predict", X=np.ones((5, M))),
        V,
        "DeepNeuralNetwork.predict",
        [name("X"), shape((5, M))],
    ),
    # ---- labels other than 0/1
    "cost Y has a 2": (_cost(Y=np.array([[1, 0, 2, 1]])), V, "cost", [name("Y")]),
    "cost Y has -1": (_cost(Y=np.array([[1, 0, -1, 1]])), V, "cost", [name("Y")]),
    "cost Y has 0.5": (_cost(Y=np.array([[1, 0, 0.5, 1]])), V, "cost", [name("Y")]),
    "cost Y has nan": (_cost(Y=np.array([[1, 0, nan, 1]])), V, "cost", [name("Y")]),
    "backward Y has a 2": (_backward(Y=np.array([[1, 0, 2, 1]])), V, "backward", [name("Y")]),
    "fit Y has a 2": (_fit(Y=np.array([[1, 0, 2, 1]])), V, "DeepNeuralNetwork.fit", [name("Y")]),
    "score Y has a 2": (
        _method("score", Y=np.array([[1, 0, 2, 1]])),
        V,
        "DeepNeuralNetwork.score",
        [name("Y")],
    ),
    # ---- NaN and inf
    "forward X nan": (_forward(X=with_(X0, (1, 2), nan)), V, "forward", [name("X")]),
    "forward X inf": (_forward(X=with_(X0, (0, 0), inf)), V, "forward", [name("X")]),
    "forward X -inf": (_forward(X=with_(X0, (2, 3), -inf)), V, "forward", [name("X")]),
    "forward W1 nan": (
        _forward(W1=lambda p: with_(p["W1"], (0, 1), nan)),
        V,
        "forward",
        [name("W1")],
    ),
    "forward W2 inf": (
        _forward(W2=lambda p: with_(p["W2"], (0, 0), inf)),
        V,
        "forward",
        [name("W2")],
    ),
    "linear_forward W nan": (
        _linear_forward(W=with_(W0, (1, 1), nan)),
        V,
        "linear_forward",
        [name("W")],
    ),
    "linear_forward A_prev inf": (
        _linear_forward(A_prev=with_(A0, (0, 0), inf)),
        V,
        "linear_forward",
        [name("A_prev")],
    ),
    "cost AL nan": (_cost(AL=with_(AL0, (0, 1), nan)), V, "cost", [name("AL")]),
    "cost AL inf": (_cost(AL=with_(AL0, (0, 1), inf)), V, "cost", [name("AL")]),
    "backward AL nan": (_backward(AL=with_(AL0, (0, 1), nan)), V, "backward", [name("AL")]),
    "fit X nan": (_fit(X=with_(X0, (0, 0), nan)), V, "DeepNeuralNetwork.fit", [name("X")]),
    # ---- empty batch
    "linear_forward m = 0": (
        _linear_forward(A_prev=np.ones((3, 0))),
        V,
        "linear_forward",
        [name("A_prev"), shape((3, 0))],
    ),
    "forward m = 0": (_forward(X=np.ones((3, 0))), V, "forward", [name("X"), shape((3, 0))]),
    "cost m = 0": (
        _cost(AL=np.ones((1, 0)), Y=np.ones((1, 0))),
        V,
        "cost",
        [name("AL"), shape((1, 0))],
    ),
    "fit m = 0": (
        _fit(X=np.ones((3, 0)), Y=np.ones((1, 0))),
        V,
        "DeepNeuralNetwork.fit",
        [name("X"), shape((3, 0))],
    ),
    # ---- integer data or weights: TypeError
    "forward X int64": (_forward(X=np.ones((3, M), dtype=np.int64)), T, "forward", [name("X")]),
    "forward X uint8 (unscaled pixels)": (
        _forward(X=np.ones((3, M), dtype=np.uint8)),
        T,
        "forward",
        [name("X")],
    ),
    "forward W1 int": (_forward(W1=np.ones((2, 3), dtype=np.int64)), T, "forward", [name("W1")]),
    "linear_forward W int": (
        _linear_forward(W=np.ones((2, 3), dtype=np.int32)),
        T,
        "linear_forward",
        [name("W")],
    ),
    "linear_forward A_prev int": (
        _linear_forward(A_prev=np.ones((3, M), dtype=np.int64)),
        T,
        "linear_forward",
        [name("A_prev")],
    ),
    "linear_backward dZ int": (
        _linear_backward(np.ones((2, M), dtype=np.int64)),
        T,
        "linear_backward",
        [name("dZ")],
    ),
    "cost AL int": (_cost(AL=np.array([[1, 0, 0, 1]])), T, "cost", [name("AL")]),
    "fit X uint8": (
        _fit(X=np.ones((3, M), dtype=np.uint8)),
        T,
        "DeepNeuralNetwork.fit",
        [name("X")],
    ),
    # ---- unknown activation
    "linear_forward_activation tanh": (
        _activation("forward"),
        V,
        "linear_forward_activation",
        [name("activation"), name("tanh")],
    ),
    "linear_backward_activation tanh": (
        _activation("backward"),
        V,
        "linear_backward_activation",
        [name("activation"), name("tanh")],
    ),
    # ---- missing keys
    "forward W2 missing": (_forward(W2=None), V, "forward", [name("W2")]),
    "forward b1 missing": (_forward(b1=None), V, "forward", [name("b1")]),
    "update_parameters W2 missing": (
        _update(drop_param="W2"),
        V,
        "update_parameters",
        [name("W2")],
    ),
    "update_parameters b2 missing": (
        _update(drop_param="b2"),
        V,
        "update_parameters",
        [name("b2")],
    ),
    "update_parameters dW1 missing": (
        _update(drop_grad="dW1"),
        V,
        "update_parameters",
        [name("dW1")],
    ),
    "update_parameters db2 missing": (
        _update(drop_grad="db2"),
        V,
        "update_parameters",
        [name("db2")],
    ),
    # ---- layer_dims
    "initialize_parameters []": (
        lambda: dnn.initialize_parameters([]),
        V,
        "initialize_parameters",
        [name("layer_dims")],
    ),
    "initialize_parameters [3]": (
        lambda: dnn.initialize_parameters([3]),
        V,
        "initialize_parameters",
        [name("layer_dims")],
    ),
    "initialize_parameters size 0": (
        lambda: dnn.initialize_parameters([3, 0, 1]),
        V,
        "initialize_parameters",
        [name("layer_dims")],
    ),
    "initialize_parameters size -2": (
        lambda: dnn.initialize_parameters([3, -2, 1]),
        V,
        "initialize_parameters",
        [name("layer_dims")],
    ),
    "initialize_parameters input 0": (
        lambda: dnn.initialize_parameters([0, 1]),
        V,
        "initialize_parameters",
        [name("layer_dims")],
    ),
    "DeepNeuralNetwork [3]": (
        lambda: dnn.DeepNeuralNetwork([3]),
        V,
        "DeepNeuralNetwork",
        [name("layer_dims")],
    ),
    "DeepNeuralNetwork size 0": (
        lambda: dnn.DeepNeuralNetwork([3, 0, 1]),
        V,
        "DeepNeuralNetwork",
        [name("layer_dims")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input(case):
    call, exc, func, parts = CASES[case]
    with pytest.raises(exc) as excinfo:
        call()
    # exactly the promised type: not a subclass such as numpy's AxisError or a KeyError
    assert type(excinfo.value) in (ValueError, TypeError) and isinstance(excinfo.value, exc), repr(
        excinfo.value
    )
    check_message(excinfo, func, parts)


# ---------------------------------------------------------------- files


def write_classic(path, prefix, m=3):
    with h5py.File(path, "w") as f:
        f[f"{prefix}_set_x"] = np.zeros((m, 2, 2, 3), dtype=np.uint8)
        f[f"{prefix}_set_y"] = np.zeros((m,), dtype=np.int64)
        f["list_classes"] = np.array([b"non-cat", b"cat"])


def make_bad(path, how):
    if how == "missing":
        return
    if how == "corrupt":
        path.write_bytes(np.random.default_rng(0).integers(0, 256, 2048, dtype=np.uint8).tobytes())
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "wrong keys":
        with h5py.File(path, "w") as f:
            f["x"] = np.zeros((3, 2, 2, 3), dtype=np.uint8)
            f["y"] = np.zeros((3,), dtype=np.int64)


@pytest.mark.parametrize("how", ["missing", "corrupt", "empty", "wrong keys"])
@pytest.mark.parametrize("which", ["train", "test"])
def test_load_dataset_bad_file_names_its_path(tmp_path, which, how):
    good = "test" if which == "train" else "train"
    write_classic(tmp_path / f"{good}_toy.h5", good)
    bad = tmp_path / f"{which}_toy.h5"
    make_bad(bad, how)
    with pytest.raises(ValueError) as excinfo:
        dnn.load_dataset("toy", data_dir=tmp_path)
    check_message(excinfo, "load_dataset", [re.compile(re.escape(str(bad)))])


def test_load_dataset_both_missing_is_a_value_error(tmp_path):
    with pytest.raises(ValueError) as excinfo:
        dnn.load_dataset("nothing_here", data_dir=tmp_path)
    check_message(excinfo, "load_dataset", [re.compile(re.escape(str(tmp_path)))])


@pytest.mark.parametrize("how", ["other hdf5", "corrupt", "missing"])
def test_network_load_non_model_names_its_path(tmp_path, how):
    path = tmp_path / "model.h5"
    if how == "other hdf5":
        write_classic(path, "train")
    elif how == "corrupt":
        make_bad(path, "corrupt")
    with pytest.raises(ValueError) as excinfo:
        dnn.DeepNeuralNetwork.load(path)
    check_message(excinfo, "DeepNeuralNetwork.load", [re.compile(re.escape(str(path)))])


# ---------------------------------------------------------------- nothing half-modified


def snapshot(params):
    return {k: (v, v.copy()) for k, v in params.items()}


def assert_unchanged(params, snap):
    assert set(params) == set(snap)
    for k, (obj, copy) in snap.items():
        assert params[k] is obj, f"{k} was replaced"
        assert_array_equal(params[k], copy, err_msg=k)


def test_update_parameters_missing_last_grad_changes_nothing():
    # a loop that updates layer by layer in place would have changed W1, b1, W2 before
    # finding db2 missing
    params, X, Y = net()
    AL, caches = dnn.forward(X, params)
    grads = dnn.backward(AL, Y, caches)
    del grads["db2"]
    snap = snapshot(params)
    with pytest.raises(ValueError, match=r"^update_parameters: .*db2"):
        dnn.update_parameters(params, grads, 0.5)
    assert_unchanged(params, snap)


@pytest.mark.parametrize("bad", ["Y (m, 1)", "Y has a 2", "X nan"])
def test_fit_with_bad_input_changes_nothing(bad):
    _, X, Y = net()
    model = dnn.DeepNeuralNetwork([3, 2, 1], learning_rate=0.1)
    model.fit(X, Y, 200)
    costs = list(model.costs)
    assert len(costs) == 2
    snap = snapshot(model.parameters)
    if bad == "Y (m, 1)":
        Y = Y.T
    elif bad == "Y has a 2":
        Y = np.array([[1, 0, 2, 1]])
    else:
        X = with_(X, (0, 0), nan)
    with pytest.raises(ValueError, match=r"^DeepNeuralNetwork\.fit: "):
        model.fit(X, Y, 200)
    assert_unchanged(model.parameters, snap)
    assert model.costs == costs
