"""One step of gradient descent on every parameter.

Chapter "Updating the parameters" (chapters/07_update.ipynb).
"""

from . import _validate as require


def update_parameters(parameters, grads, learning_rate):
    """θ ← θ − α·dθ for every W and b; returns new arrays.  Equation: eq-update.

    parameters {"W1", "b1", ...} (not modified); grads {"dW1", "db1", ...} of the same
    shapes (other keys, such as "dA0", are ignored); learning_rate α > 0. The L2 term is
    already in dW (eq-dW-l2): together they are weight decay, eq-weight-decay.
    """
    learning_rate = require.update_parameters(parameters, grads, learning_rate)  # Python float
    return {
        key: parameters[key] - learning_rate * grads["d" + key]  # (eq-update)
        for key in parameters
    }
