"""The cost: binary cross-entropy, plus the L2 penalty on the weights.

Chapter "The cost function" (chapters/03_cost.ipynb).
"""

import numpy as np

from . import _validate as check

LOG_FLOOR = -100.0
"""Each logarithm is clamped at -100, as PyTorch's BCELoss does, so an AL of exactly 0 or 1
costs at most 100 per example instead of inf, with no warning. It changes nothing else:
log(AL) is above -100 for every AL >= 4e-44, far below float32's smallest normal number."""


def cost(AL, Y, parameters=None, lambd=0.0):
    """Binary cross-entropy of predictions AL against labels Y, plus the L2 term.

    Equations: eq-cost (cross-entropy), eq-cost-l2 (with the penalty (λ / 2m)·Σ_l ‖W_l‖²).

    Parameters
    ----------
    AL : ndarray, shape (1, m)
        Predicted probabilities, in [0, 1] (exact 0 and 1 allowed).
    Y : ndarray, shape (1, m)
        Labels 0/1, any numeric or bool dtype.
    parameters : dict, optional
        {"W1", "b1", ...}; needed when lambd > 0 (the biases are not penalised).
    lambd : float
        λ >= 0, the L2 strength.

    Returns
    -------
    J : float
        The cost, a Python float.
    """
    check.probabilities("cost", "AL", AL)
    check.labels("cost", Y, AL.shape)
    lambd = check.number("cost", "lambd", lambd)
    if lambd > 0:
        if parameters is None:
            raise ValueError("cost: lambd > 0 needs the parameters (their weights are penalised)")
        L = check.parameters("cost", parameters)
    m = AL.shape[1]
    Y = Y.astype(AL.dtype)
    with np.errstate(divide="ignore"):  # log(0) = -inf is clamped just below
        log_AL = np.maximum(np.log(AL), LOG_FLOOR)
        log_1_minus_AL = np.maximum(np.log1p(-AL), LOG_FLOOR)  # log1p(-a) = log(1 - a), exact for small a
    J = -np.sum(Y * log_AL + (1 - Y) * log_1_minus_AL) / m  # (eq-cost)
    if lambd > 0:
        J = J + lambd / (2 * m) * sum(np.sum(np.square(parameters[f"W{l}"]))
                                      for l in range(1, L + 1))  # (eq-cost-l2)
    return float(J)
