"""fit_span: the same training as DeepNeuralNetwork.fit, much faster when features outnumber
examples, by keeping the first layer's weights in the span of the examples.

Appendix "Where the time goes" (chapters/appendix_time.md), section "Past the floor".
"""

import numpy as np

from .activations import relu, sigmoid
from .cost import cost
from .training import _backward_and_update, _forward


def fit_span(model, X, Y, iterations, print_every=0):
    """model.fit(X, Y, iterations, print_every), computed in the span of the examples.

    Same parameters, costs and iterations as fit (up to float rounding), same checks, same
    promise: if anything raises, the model is left as it was.

    Why it is exact (eq-time-span): full-batch gradient descent changes W1 by
    -α·(dZ1·Xᵀ/m + (λ/m)·W1), a multiple of W1 plus a combination of the examples (the
    rows of Xᵀ). So from W1_0, the weights at the start of the call, W1 always equals
    s·W1_0 + C·Xᵀ, with a number s (1 without L2) and C of shape (n_1, m). Then

        Z1 = W1·X + b1 = s·(W1_0·X) + C·(XᵀX) + b1         (eq-time-span-forward)
        W1 - α·dW1  <=>  s <- (1 - αλ/m)·s,  C <- C - (αλ/m)·C - (α/m)·dZ1  (eq-time-span-step)

    with W1_0·X and the Gram matrix XᵀX (m, m) computed once per call, and W1 itself formed
    only at the end. An iteration's first layer costs O(n_1·m²) instead of O(n_1·n_0·m):
    worth it when n_0 >> m (12288 pixels, 209 images), not when m >= n_0. The setup (W1_0·X,
    XᵀX, and W1 at the end) costs a few of fit's iterations, and XᵀX takes m² numbers.

    The identity needs every step to change W1 by a multiple of W1 plus a combination of the
    rows of Xᵀ: true of fit's gradient descent with or without L2 (with more bookkeeping, of
    mini-batches and momentum too); not of Adam's per-weight scaling, an L1 penalty, or
    examples that change between steps (data augmentation).

    Parameters
    ----------
    model : DeepNeuralNetwork
    X, Y, iterations, print_every
        As for DeepNeuralNetwork.fit.

    Returns
    -------
    model
    """
    func = "fit_span"
    X, Y, iterations, every, learning_rate, lambd = model._check_fit(func, X, Y, iterations,
                                                                     print_every)
    parameters = {key: value.astype(model.dtype) for key, value in model.parameters.items()}
    L, m = len(parameters) // 2, X.shape[1]
    W1_0, b1 = parameters["W1"], parameters["b1"]
    P, G = W1_0 @ X, X.T @ X  # W1_0·X (n_1, m) and the Gram matrix XᵀX (m, m), once
    s, C = 1.0, np.zeros_like(P)  # W1 = s·W1_0 + C·Xᵀ  (eq-time-span)
    decay = learning_rate * lambd / m
    costs, start = list(model.costs), model.iterations
    for i in range(start, start + iterations):
        CG = C @ G
        Z1 = s * P + CG + b1  # = W1·X + b1  (eq-time-span-forward)
        A1 = relu(Z1) if L > 1 else sigmoid(Z1)
        AL, caches = _forward(A1, parameters, first=2)
        if i % every == 0:
            J = cost(AL, Y)  # (eq-cost)
            if lambd > 0:  # ‖W1‖² = s²‖W1_0‖² + 2s<C, W1_0·X> + <C·XᵀX, C>  (eq-time-span-norm)
                W1_norm2 = s * s * np.sum(W1_0 * W1_0) + 2 * s * np.sum(C * P) + np.sum(CG * C)
                others = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(2, L + 1))
                J += float(lambd / (2 * m) * (W1_norm2 + others))  # (eq-cost-l2)
            costs.append(J)
            if print_every:
                print(f"iteration {i:6d}   cost {costs[-1]:.6f}")
        dZ1 = _backward_and_update(AL, Y, [(X, Z1), *caches], parameters, learning_rate, lambd,
                                   last=2)
        b1 -= (learning_rate / m) * dZ1.sum(axis=1, keepdims=True)  # (eq-db), (eq-update)
        s -= decay * s  # (eq-time-span-step)
        C -= decay * C + (learning_rate / m) * dZ1
    parameters["W1"] = s * W1_0 + C @ X.T  # W1, formed once
    return model._commit(func, parameters, costs, start + iterations)
