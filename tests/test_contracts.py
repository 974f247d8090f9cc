"""Every error names the public function the caller called (DESIGN.md, "Input contracts").

Each case below used to surface from an inner function (``linear_backward_activation`` with a
bad dA said "relu_backward: ...", ``sigmoid_prime`` on an int array said "sigmoid: ..."), or
was coerced instead of refused. Each calls one public function with one bad argument and
asserts the message starts with that function's name and names the argument.
"""

import numpy as np
import pytest

import dnn

rng = np.random.default_rng(0)
A_prev, W, b = rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), rng.standard_normal((2, 1))
Z = W @ A_prev + b
LAYER = (dnn.LinearCache(A_prev, W, b), dnn.ActivationCache(Z))
PARAMS = dnn.initialize_parameters([3, 2, 1], seed=0)
X, Y = rng.standard_normal((3, 4)), np.array([[1, 0, 0, 1]])
AL, CACHES = dnn.forward(X, PARAMS)
GRADS = dnn.backward(AL, Y, CACHES)
MODEL = dnn.DeepNeuralNetwork([3, 2, 1])


def with_nan(a):
    a = a.copy()
    a.flat[0] = np.nan
    return a


CASES = {
    "sigmoid_prime int": ("sigmoid_prime", lambda: dnn.sigmoid_prime(np.arange(3)), "Z"),
    "relu_prime int": ("relu_prime", lambda: dnn.relu_prime(np.arange(3)), "Z"),
    "sigmoid NaN": ("sigmoid", lambda: dnn.sigmoid(with_nan(Z)), "Z"),
    "sigmoid_backward int dA": (
        "sigmoid_backward",
        lambda: dnn.sigmoid_backward(np.ones((2, 4), int), LAYER[1]),
        "dA",
    ),
    "relu_backward matrix dA": (
        "relu_backward",
        lambda: dnn.relu_backward(np.asmatrix(np.ones((2, 4))), LAYER[1]),
        "dA",
    ),
    "linear_forward_activation bad W": (
        "linear_forward_activation",
        lambda: dnn.linear_forward_activation(A_prev, W.T, b, "relu"),
        "A_prev",
    ),
    "linear_forward_activation NaN b": (
        "linear_forward_activation",
        lambda: dnn.linear_forward_activation(A_prev, W, with_nan(b), "sigmoid"),
        "b",
    ),
    "linear_backward_activation dA shape": (
        "linear_backward_activation",
        lambda: dnn.linear_backward_activation(np.ones((2, 5)), LAYER, "relu"),
        "dA",
    ),
    "linear_backward_activation int A_prev": (
        "linear_backward_activation",
        lambda: dnn.linear_backward_activation(
            np.ones((2, 4)), (dnn.LinearCache(np.ones((3, 4), int), W, b), LAYER[1]), "relu"
        ),
        "A_prev",
    ),
    "linear_backward_activation NaN Z": (
        "linear_backward_activation",
        lambda: dnn.linear_backward_activation(
            np.ones((2, 4)), (LAYER[0], dnn.ActivationCache(with_nan(Z))), "sigmoid"
        ),
        "Z",
    ),
    "forward NaN in W2": (
        "forward",
        lambda: dnn.forward(X, {**PARAMS, "W2": with_nan(PARAMS["W2"])}),
        "W2",
    ),
    "backward bad cache W": (
        "backward",
        lambda: dnn.backward(
            AL, Y, [CACHES[0], (dnn.LinearCache(CACHES[1][0].A_prev, W, b), CACHES[1][1])]
        ),
        "caches",
    ),
    "backward NaN in a cached Z": (
        "backward",
        lambda: dnn.backward(
            AL, Y, [(CACHES[0][0], dnn.ActivationCache(with_nan(CACHES[0][1].Z))), CACHES[1]]
        ),
        "Z",
    ),
    "update_parameters NaN grad": (
        "update_parameters",
        lambda: dnn.update_parameters(PARAMS, {**GRADS, "dW1": with_nan(GRADS["dW1"])}, 0.1),
        "dW1",
    ),
    "gradient_check int X": (
        "gradient_check",
        lambda: dnn.gradient_check(np.ones((3, 4), int), Y, PARAMS),
        "X",
    ),
    "gradient_check bad user backward": (
        "gradient_check",
        lambda: dnn.gradient_check(X, Y, PARAMS, backward=lambda *a: {"dW1": 0}),
        "backward",
    ),
    "numerical_gradient int x": (
        "numerical_gradient",
        lambda: dnn.numerical_gradient(lambda: 0.0, np.array([1, 2, 3])),
        "x",
    ),
    "relative_error row against column": (
        "relative_error",
        lambda: dnn.relative_error(np.ones((1, 3)), np.ones((3, 1))),
        "a",
    ),
    "predict NaN X": ("DeepNeuralNetwork.predict", lambda: MODEL.predict(with_nan(X)), "X"),
    "predict_proba uint8 X": (
        "DeepNeuralNetwork.predict_proba",
        lambda: MODEL.predict_proba(np.ones((3, 4), np.uint8)),
        "flatten_images",
    ),
    "score (m, 1) labels": ("DeepNeuralNetwork.score", lambda: MODEL.score(X, Y.T), "Y"),
    "fit_span not a model": ("fit_span", lambda: dnn.fit_span("model", X, Y, 1), "model"),
    "layer_dims a string": (
        "initialize_parameters",
        lambda: dnn.initialize_parameters("431"),
        "layer_dims",
    ),
    "layer_dims a set": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork({4, 3, 1}),
        "layer_dims",
    ),
    "layer_dims bools": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork([True, 1]),
        "layer_dims",
    ),
    "layer_dims inf": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork([float("inf"), 1]),
        "layer_dims",
    ),
    "learning_rate a string": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork([3, 1], learning_rate="0.1"),
        "learning_rate",
    ),
    "lambd a bool": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork([3, 1], lambd=True),
        "lambd",
    ),
    "seed a float": (
        "initialize_parameters",
        lambda: dnn.initialize_parameters([3, 1], seed=1.7),
        "seed",
    ),
    "dtype float16": (
        "DeepNeuralNetwork",
        lambda: dnn.DeepNeuralNetwork([3, 1], dtype=np.float16),
        "dtype",
    ),
    "iterations negative": ("DeepNeuralNetwork.fit", lambda: MODEL.fit(X, Y, -5), "iterations"),
    "float16 AL": ("cost", lambda: dnn.cost(np.full((1, 4), 0.5, np.float16), Y), "AL"),
    "masked dA": (
        "relu_backward",
        lambda: dnn.relu_backward(np.ma.masked_array(np.ones((2, 4))), LAYER[1]),
        "dA",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_error_names_the_function_called(case):
    func, call, argument = CASES[case]
    with pytest.raises((ValueError, TypeError)) as excinfo:
        call()
    message = str(excinfo.value)
    assert message.startswith(func + ": "), message
    assert argument in message, message


def test_an_inner_call_is_not_checked_again():
    """forward checks X once; the layers it calls do not scan it again (no second error path):
    a NaN in X is reported by forward, never by linear_forward."""
    with pytest.raises(ValueError, match=r"^forward: X"):
        dnn.forward(with_nan(X), PARAMS)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("where", [(0, 0), (4095, 19), (1234, 7)])
def test_the_scan_of_a_large_array_finds_any_bad_entry(bad, order, where):
    # a large matrix is certified by its row sums (dnn._validate.all_finite): one bad entry
    # anywhere, in either memory order, must still be found and named
    X = np.asarray(rng.standard_normal((4096, 20)), order=order)
    params = dnn.initialize_parameters([4096, 3, 1], seed=0)
    X[where] = bad
    kind = "NaN" if np.isnan(bad) else "inf"
    with pytest.raises(ValueError, match=rf"^forward: X \(shape \(4096, 20\)\) contains {kind}"):
        dnn.forward(X, params)


def test_row_sums_that_overflow_are_not_mistaken_for_bad_entries():
    big = np.full((4096, 20), 3e38, dtype=np.float32)  # finite; each row sums to inf
    with np.errstate(over="ignore"):
        assert np.isinf(big @ np.ones(20, np.float32)).all()
    np.testing.assert_array_equal(dnn.relu(big), big)  # no error: every entry is finite
