"""One step of gradient descent on every parameter.

Chapter "Updating the parameters" (chapters/07_update.ipynb).
"""

from . import _validate as check


def update_parameters(parameters, grads, learning_rate):
    """θ ← θ − α·dθ for every W and b.  Equation: eq-update.

    The L2 term is already in grads["dW{l}"] (backward adds (λ/m)·W, eq-dW-l2), so this
    step is plain gradient descent; together they are weight decay, eq-weight-decay.

    Parameters
    ----------
    parameters : dict
        "W{l}" (n_l, n_{l-1}) and "b{l}" (n_l, 1) for l = 1..L. Not modified.
    grads : dict
        "dW{l}" and "db{l}" of the same shapes (other keys, such as "dA{l}", are ignored).
    learning_rate : float
        α > 0.

    Returns
    -------
    dict
        New arrays, same keys, shapes and dtypes as `parameters`.
    """
    check.parameters("update_parameters", parameters)
    learning_rate = check.number("update_parameters", "learning_rate", learning_rate, strict=True)
    if not isinstance(grads, dict):
        raise TypeError(f"update_parameters: grads must be a dict, got {type(grads).__name__}")
    for key in parameters:  # check every gradient before changing anything
        if "d" + key not in grads:
            raise ValueError(f"update_parameters: grads is missing 'd{key}' (it has {sorted(grads)})")
        check.float_matrix("update_parameters", f"grads['d{key}']", grads["d" + key])
        check.shape("update_parameters", f"grads['d{key}']", grads["d" + key],
                    parameters[key].shape, f"the shape of parameters['{key}']")
    # learning_rate is a Python float: it never upcasts float32 parameters to float64.
    return {key: parameters[key] - learning_rate * grads["d" + key]  # (eq-update)
            for key in parameters}
