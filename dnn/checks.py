"""Exercise checks: run a reader's function against the reference on fresh inputs.

Chapter exercises (chapters 3-7). Each check prints a short verdict and returns True/False.
"""

import numpy as np

from .activations import ActivationCache, relu_backward, sigmoid_backward
from .cost import cost
from .linear import LinearCache, linear_backward
from .network import backward, forward, initialize_parameters
from .update import update_parameters


def _verdict(name, fn, cases, reference):
    for args in cases:
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        try:
            got = fn(*copies)
        except NotImplementedError:
            print(f"{name}: not implemented yet.")
            return False
        except Exception as e:  # the reader's code may raise anything
            print(f"{name}: your function raised {type(e).__name__}: {e}")
            return False
        want = reference(*args)
        got, want = (got, want) if isinstance(want, tuple) else ((got,), (want,))
        for g, w in zip(got, want):
            if np.shape(g) != np.shape(w) or not np.allclose(g, w, rtol=1e-5, atol=1e-6):
                print(f"{name}: wrong output.")
                return False
    print(f"{name}: all checks passed.")
    return True


def _layer(rng, n_l, n_prev, m, dtype):
    A_prev = rng.standard_normal((n_prev, m)).astype(dtype)
    W = rng.standard_normal((n_l, n_prev)).astype(dtype)
    b = rng.standard_normal((n_l, 1)).astype(dtype)
    return LinearCache(A_prev, W, b)


def check_linear_backward(fn):
    rng = np.random.default_rng(0)
    cases = [(rng.standard_normal((n, m)).astype(dt), _layer(rng, n, p, m, dt))
             for n, p, m in [(3, 5, 4), (1, 2, 1)] for dt in (np.float64, np.float32)]
    return _verdict("linear_backward", fn, cases, linear_backward)


def check_sigmoid_backward(fn):
    rng = np.random.default_rng(1)
    cases = [(rng.standard_normal((3, 4)), ActivationCache(rng.standard_normal((3, 4))))]
    return _verdict("sigmoid_backward", fn, cases, sigmoid_backward)


def check_relu_backward(fn):
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((3, 4))
    Z[0, 0] = 0.0
    cases = [(rng.standard_normal((3, 4)), ActivationCache(Z))]
    return _verdict("relu_backward", fn, cases, relu_backward)


def check_cost(fn):
    AL, Y = np.array([[0.8, 0.1, 1.0]]), np.array([[1, 0, 1]])
    params = initialize_parameters([2, 3, 1], seed=3)
    return _verdict("cost", fn, [(AL, Y), (AL, Y, params, 0.7)], cost)


def check_backward(fn):
    rng = np.random.default_rng(4)
    params = initialize_parameters([4, 3, 2, 1], seed=4)
    X, Y = rng.standard_normal((4, 5)), (rng.random((1, 5)) > 0.5).astype(int)
    AL, caches = forward(X, params)
    return _verdict("backward", fn, [(AL, Y, caches, 0.0), (AL, Y, caches, 0.7)],
                    lambda *a: tuple(backward(*a)[k] for k in sorted(backward(*a))))


def check_update_parameters(fn):
    rng = np.random.default_rng(5)
    params = initialize_parameters([4, 3, 1], seed=5)
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    return _verdict("update_parameters", fn, [(params, grads, 0.3)],
                    lambda *a: tuple(update_parameters(*a)[k] for k in sorted(params)))
