"""The public API against generated bad input (DESIGN.md, "Input contracts"; issue 12).

Hypothesis draws a public function, a good call of it, and one argument spoiled in one way
(wrong rank, dtype, layout, subclass, value, or a hyperparameter of the wrong type). The call
must raise ValueError or TypeError whose message starts with that function's name; the inputs
must be unchanged, and a model must be left as it was.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dnn


def good():
    rng = np.random.default_rng(0)
    params = dnn.initialize_parameters([3, 4, 2, 1], seed=0)
    params = {k: v + 0.1 for k, v in params.items()}
    X = rng.standard_normal((3, 5))
    Y = np.array([[1, 0, 1, 1, 0]])
    AL, caches = dnn.forward(X, params)
    grads = dnn.backward(AL, Y, caches)
    lc, ac = caches[0]
    return {
        "sigmoid": (dnn.sigmoid, [lc.W @ X]),
        "relu": (dnn.relu, [lc.W @ X]),
        "sigmoid_prime": (dnn.sigmoid_prime, [ac.Z]),
        "relu_prime": (dnn.relu_prime, [ac.Z]),
        "linear_forward": (dnn.linear_forward, [X, lc.W, lc.b]),
        "linear_forward_activation": (dnn.linear_forward_activation, [X, lc.W, lc.b, "relu"]),
        "sigmoid_backward": (dnn.sigmoid_backward, [np.ones_like(ac.Z), ac]),
        "relu_backward": (dnn.relu_backward, [np.ones_like(ac.Z), ac]),
        "linear_backward": (dnn.linear_backward, [np.ones_like(ac.Z), lc]),
        "linear_backward_activation": (
            dnn.linear_backward_activation,
            [np.ones_like(ac.Z), caches[0], "relu"],
        ),
        "forward": (dnn.forward, [X, params]),
        "cost": (dnn.cost, [AL, Y, params, 0.1]),
        "backward": (dnn.backward, [AL, Y, caches, 0.1]),
        "update_parameters": (dnn.update_parameters, [params, grads, 0.1]),
        "initialize_parameters": (dnn.initialize_parameters, [[3, 4, 1], 1, np.float64]),
        "relative_error": (dnn.relative_error, [np.ones((2, 2)), np.ones((2, 2))]),
        "gradient_check": (dnn.gradient_check, [X, Y, params, 0.1, 1e-5]),
        "flatten_images": (dnn.flatten_images, [np.ones((4, 2, 2), np.uint8)]),
    }


def spoil(value, how):
    """One bad version of an argument, or None when `how` does not apply to it."""
    if isinstance(value, np.ndarray):
        return {
            "1-D": value.ravel(),
            "3-D": value[..., None],
            "int": value.astype(np.int64) if value.dtype.kind == "f" else None,
            "complex": value.astype(np.complex128),
            "object": value.astype(object),
            "float16": value.astype(np.float16) if value.dtype.kind == "f" else None,
            "nan": np.where(np.arange(value.size).reshape(value.shape) == 0, np.nan, value)
            if value.dtype.kind == "f"
            else None,
            "inf": np.where(np.arange(value.size).reshape(value.shape) == 0, np.inf, value)
            if value.dtype.kind == "f"
            else None,
            "matrix": np.asmatrix(value) if value.ndim == 2 else None,
            "masked": np.ma.masked_array(value),
            "list": value.tolist(),
            "empty": value[..., :0],
            "transposed": value.T if value.ndim == 2 and value.shape[0] != value.shape[1] else None,
        }[how]
    if isinstance(value, str):
        return {"1-D": "tanh", "int": 1, "list": ["relu"]}.get(how)
    if isinstance(value, float):
        return {"int": "0.1", "nan": float("nan"), "inf": float("inf"), "1-D": True,
                "list": [0.1], "object": -1.0}.get(how)  # fmt: skip
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return {"int": 1.5, "list": "1", "1-D": True, "object": -1}.get(how)
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return {"1-D": "341", "int": [3.0, 4.0, 1.0], "list": {3, 4, 1}, "object": [3, 0, 1],
                "nan": [3, True, 1], "empty": [3]}.get(how)  # fmt: skip
    if isinstance(value, dict):
        key = next(k for k in sorted(value) if k.removeprefix("d")[:1] in ("W", "b"))
        grads = any(k.startswith("d") for k in value)  # extra keys (dA0, ...) are allowed
        return {"1-D": {k: v for k, v in value.items() if k != key},
                "int": {**value, key: value[key].astype(np.int64)},
                "list": list(value.values()),
                "nan": {**value, key: value[key] * np.nan},
                "3-D": {**value, key: value[key][..., None]},
                "object": None if grads else {**value, "extra": value[key]}}.get(how)  # fmt: skip
    if isinstance(value, type) or value is np.float64:
        return {"int": np.int64, "float16": np.float16, "object": "double precision"}.get(how)
    return None


HOWS = ["1-D", "3-D", "int", "complex", "object", "float16", "nan", "inf", "matrix", "masked",
        "list", "empty", "transposed"]  # fmt: skip
CALLS = good()
ELEMENTWISE = ("sigmoid", "relu", "sigmoid_prime", "relu_prime")


def snapshot(args):
    def copy(a):
        if isinstance(a, np.ndarray):
            return a.copy()
        if isinstance(a, dict):
            return {k: copy(v) for k, v in a.items()}
        if isinstance(a, (list, tuple)) and not isinstance(a, str):
            return (
                type(a)(copy(v) for v in a)
                if not hasattr(a, "_fields")
                else a._make(copy(v) for v in a)
            )
        return a

    return copy(args)


def same(a, b):
    if isinstance(a, np.ndarray):
        nan = a.dtype.kind in "fc"
        return isinstance(b, np.ndarray) and np.array_equal(a, b, equal_nan=nan)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and not isinstance(a, str):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix


@settings(max_examples=300, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(CALLS)), position=st.integers(0, 5), how=st.sampled_from(HOWS))
def test_one_spoiled_argument_is_refused_by_name(name, position, how):
    func, args = CALLS[name]
    position %= len(args)
    if name in ELEMENTWISE and how in ("1-D", "3-D", "empty", "transposed"):
        return  # the activations take arrays of any shape
    if name == "relative_error" and how in ("int", "transposed"):
        return  # integer arrays are real numbers too; a square array's transpose fits
    if name == "flatten_images" and how in ("3-D", "transposed"):
        return  # (m, h, w, 1) and (h, m, w) are images too
    bad = spoil(args[position], how)
    if bad is None:
        return
    args = snapshot(args)
    args[position] = bad
    before = snapshot(args)
    with np.errstate(all="ignore"):
        try:
            func(*args)
        except (ValueError, TypeError) as e:
            assert str(e).startswith(name + ": "), (how, position, str(e))
        else:
            raise AssertionError(f"{name} accepted argument {position} spoiled as {how!r}")
    assert same(args, before), f"{name} changed its input"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    argument=st.sampled_from(["X", "Y", "iterations", "print_every"]),
    how=st.sampled_from(HOWS),
)
def test_a_failing_fit_leaves_the_model_as_it_was(argument, how):
    model = dnn.DeepNeuralNetwork([3, 4, 1], learning_rate=0.1).fit(
        *good()["forward"][1][:1], np.array([[1, 0, 1, 1, 0]]), 3
    )
    args = {"X": good()["forward"][1][0], "Y": np.array([[1, 0, 1, 1, 0]]), "iterations": 5,
            "print_every": 0}  # fmt: skip
    bad = spoil(args[argument], how)
    if bad is None:
        return
    args[argument] = bad
    before = (snapshot(model.parameters), list(model.costs), model.iterations)
    with pytest.raises((ValueError, TypeError), match=r"^DeepNeuralNetwork\.fit: "):
        model.fit(**args)
    assert same(model.parameters, before[0]) and model.costs == before[1]
    assert model.iterations == before[2]
