"""Helpers and independent references shared by the test files.

Written out formula by formula from the book's equations, never from dnn's code, so that
comparing dnn with them can fail. Test files import them with ``from conftest import ...``.
"""

import math
import os
import warnings
from pathlib import Path

import numpy as np


class no_warnings:
    """Any warning is an error, and so is floating-point overflow, x/0 and 0/0.

    Underflow stays ignored (NumPy's default): sigmoid(-1e4) = e^-1e4 / (1 + e^-1e4) rounds to
    0 in every correct implementation, which is the right answer, not a problem to report.
    """

    def __enter__(self):
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("error")
        self._e = np.errstate(over="raise", divide="raise", invalid="raise", under="ignore")
        self._e.__enter__()

    def __exit__(self, *exc):
        self._e.__exit__(*exc)
        return self._w.__exit__(*exc)


def central_differences(J, x, h=1e-5):
    """dJ/dx element by element: (J(x + h e_i) - J(x - h e_i)) / 2h; x is restored."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        Jp = J()
        x[i] = old - h
        Jm = J()
        x[i] = old
        g[i] = (Jp - Jm) / (2 * h)
    return g


def ref_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID, returning AL and every A_l and Z_l."""
    L = len([k for k in parameters if k.startswith("W")])
    A, As, Zs = X, [X], []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = np.maximum(Z, 0.0) if l < L else 1.0 / (1.0 + np.exp(-Z))
        Zs.append(Z)
        As.append(A)
    return A, As, Zs


def ref_cost(AL, Y, parameters=None, lambd=0.0):
    """-(1/m) sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] + lambd/(2m) sum_l ||W_l||^2.

    One math.log per example, no clipping: only for AL strictly inside (0, 1).
    """
    a, y = [float(v) for v in np.ravel(AL)], [float(v) for v in np.ravel(Y)]
    m = len(a)
    J = -sum(yj * math.log(aj) + (1 - yj) * math.log(1 - aj) for aj, yj in zip(a, y)) / m
    if lambd:
        W2 = sum(float(np.sum(np.square(v))) for k, v in parameters.items() if k[0] == "W")
        J += lambd / (2 * m) * W2
    return J


# Debian's Chromium for the browser tests (the book, JupyterLab), with the flags that keep it
# off the network on a closed machine (TOOLCHAIN.md).
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
