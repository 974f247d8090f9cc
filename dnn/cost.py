"""The cost: binary cross-entropy, plus the L2 penalty on the weights.

Chapter "The cost function" (chapters/03_cost.ipynb).
"""

import numpy as np

from . import _validate as require

LOG_FLOOR = -100.0
"""Each logarithm is clamped at −100, as PyTorch's BCELoss does, so an AL of exactly 0 or 1
costs at most 100 per example instead of inf, with no warning. It changes nothing else:
log(AL) is above −100 for every AL ≥ 4e-44, far below float32's smallest normal number."""


def cost(AL, Y, parameters=None, lambd=0.0):
    """J = J_CE + (λ/2m)·Σ_l ‖W{l}‖², a Python float.  Equations: eq-cost, eq-cost-l2.

    AL (1, m) holds probabilities in [0, 1] (exact 0 and 1 allowed); Y (1, m) labels 0/1;
    parameters {"W1", "b1", ...} are needed when lambd > 0 (biases are not penalised).
    """
    lambd = require.cost(AL, Y, parameters, lambd)
    m, Y = AL.shape[1], Y.astype(AL.dtype)
    with np.errstate(divide="ignore", under="ignore"):  # log(0) = −inf, clamped just below
        log_AL = np.maximum(np.log(AL), LOG_FLOOR)
        log_1_minus_AL = np.maximum(np.log1p(-AL), LOG_FLOOR)  # log(1 − AL), exact for small AL
        J_CE = -np.sum(Y * log_AL + (1 - Y) * log_1_minus_AL) / m  # (eq-cost)
    if lambd == 0:
        return float(J_CE)
    L2 = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, len(parameters) // 2 + 1))
    return float(J_CE + lambd / (2 * m) * L2)  # (eq-cost-l2)
