"""The fast trainers behind DeepNeuralNetwork.fit: the fused loop and the span form.

Appendix "Where the time goes" (chapters/appendix_time.md). Both take arrays that the model
already checked and train the parameters dict they are given IN PLACE (the model passes
private copies and commits them at the end), so nothing here checks its input.

- `train` is the teaching loop forward → cost → backward → update_parameters, with the same
  results up to float rounding, but faster: no checks per iteration, no dA0 (the gradient for
  X that no one uses), and each layer's W and b updated in place as soon as its gradients are
  known.
- `train_span` computes the same training in the span of the examples: worth it when features
  far outnumber examples (12,288 pixels, 209 images).
"""

import numpy as np

from .activations import relu, sigmoid
from .cost import cost


def forward(A, parameters, first=1):
    """forward (eq-forward) from A, the input of layer `first` (X for layer 1).

    Returns AL and the caches of layers first..L, each (A_prev, Z).
    """
    L = len(parameters) // 2
    caches = []
    for l in range(first, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]  # (eq-linear-forward)
        caches.append((A, Z))
        A = relu(Z) if l < L else sigmoid(Z)  # (eq-forward)
    return A, caches


def backward_and_update(AL, Y, caches, parameters, learning_rate, lambd, last=1):
    """backward, then update_parameters, fused: from layer L down to layer `last`, each
    layer's W and b updated in place as soon as its gradients are known.

    caches[l-1] is layer l's (A_prev, Z); they are popped on the way, so no iteration's
    caches outlive it. Layer l's W is still needed for dA_prev = Wᵀ·dZ, so that product
    comes before the update. Layer 1's dA_prev, dA0, is not computed.

    Returns dZ of layer last − 1 (for the span trainer; None when last = 1).
    """
    dZ = AL - Y  # (eq-dZL)
    for l in range(len(caches), last - 1, -1):
        A_prev, _ = caches.pop()
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        dZ_prev = None
        if l > 1:
            Z_prev = caches[-1][1]
            dZ_prev = (W.T @ dZ) * (Z_prev > 0)  # (eq-dA-prev), then (eq-dZ-activation): ReLU′
        gradient_step(W, b, dZ, A_prev, learning_rate, lambd)
        dZ = dZ_prev
    return dZ


def gradient_step(W, b, dZ, A_prev, learning_rate, lambd):
    """W ← W − α·dW and b ← b − α·db, in place (eq-update), without forming dW.

    α·dW = (α/m)·dZ·A_prevᵀ + (αλ/m)·W and α·db = Σ (α/m)·dZ over the examples (eq-dW,
    eq-dW-l2, eq-db). The step α/m multiplies the small dZ (n_l, m) before the product,
    not dW (n_l, n_{l-1}) after it: that saves two passes over an array of W's size.
    """
    m = A_prev.shape[1]
    dZ_step = dZ * (learning_rate / m)  # (α/m)·dZ, (n_l, m)
    if lambd > 0:  # not W *= (1 − αλ/m): float32 rounds that factor by up to 3e-8, a large
        # error in the small decay αλ/m, and measured, the run drifts far more (appendix)
        W -= (learning_rate * lambd / m) * W  # (eq-dW-l2), (eq-weight-decay)
    W -= dZ_step @ A_prev.T  # (eq-dW), (eq-update)
    b -= dZ_step.sum(axis=1, keepdims=True)  # (eq-db), (eq-update)


def _record(costs, i, J, print_every):
    costs.append(J)
    if print_every:
        print(f"iteration {i:6d}   cost {J:.6f}")


def train(
    parameters,
    X,
    Y,
    iterations,
    learning_rate,
    lambd,
    *,
    start=0,
    every=100,
    print_every=0,
    **batch,
):
    """Full-batch gradient descent on `parameters`, in place; returns the recorded costs.

    Iterations are numbered from `start`; the cost (eq-cost-l2) is recorded before the
    step of every iteration i with i % every == 0. Given batch_size (and shuffle_seed), it
    is train_minibatch's mini-batch gradient descent instead.
    """
    if batch:
        return train_minibatch(
            parameters,
            X,
            Y,
            iterations,
            learning_rate,
            lambd,
            start=start,
            every=every,
            print_every=print_every,
            **batch,
        )
    costs = []
    for i in range(start, start + iterations):
        AL, caches = forward(X, parameters)
        if i % every == 0:
            _record(costs, i, cost(AL, Y, parameters, lambd), print_every)
        backward_and_update(AL, Y, caches, parameters, learning_rate, lambd)
    return costs


def train_span(
    parameters, X, Y, iterations, learning_rate, lambd, *, start=0, every=100, print_every=0
):
    """`train`, computed in the span of the examples; the same arguments and result.

    Why it is exact (eq-time-span): full-batch gradient descent changes W1 by
    −α·(dZ1·Xᵀ/m + (λ/m)·W1), a multiple of W1 plus a combination of the examples (the
    rows of Xᵀ). So from W1_0, the weights at the start of the call, W1 always equals
    s·W1_0 + C·Xᵀ, with a number s (1 without L2) and C of shape (n_1, m). Then

        Z1 = W1·X + b1 = s·(W1_0·X) + C·(XᵀX) + b1         (eq-time-span-forward)
        W1 − α·dW1  <=>  s ← (1 − αλ/m)·s,  C ← C − (αλ/m)·C − (α/m)·dZ1  (eq-time-span-step)

    with W1_0·X and the Gram matrix XᵀX (m, m) computed once per call, and W1 itself formed
    only at the end. An iteration's first layer costs O(n_1·m²) instead of O(n_1·n_0·m):
    worth it when n_0 ≫ m, not when m ≥ n_0. The setup (W1_0·X, XᵀX, and W1 at the end)
    costs a few of the plain loop's iterations, and XᵀX takes m² numbers.

    The identity needs every step to change W1 by a multiple of W1 plus a combination of the
    rows of Xᵀ: true of full-batch gradient descent with or without L2; not of Adam's
    per-weight scaling, an L1 penalty, or examples that change between steps.
    """
    L, m = len(parameters) // 2, X.shape[1]
    W1_0, b1 = parameters["W1"], parameters["b1"]
    P, G = W1_0 @ X, X.T @ X  # W1_0·X (n_1, m) and the Gram matrix XᵀX (m, m), once
    s, C = 1.0, np.zeros_like(P)  # W1 = s·W1_0 + C·Xᵀ  (eq-time-span)
    decay = learning_rate * lambd / m
    costs = []
    for i in range(start, start + iterations):
        CG = C @ G
        Z1 = s * P + CG + b1  # = W1·X + b1  (eq-time-span-forward)
        A1 = relu(Z1) if L > 1 else sigmoid(Z1)
        AL, caches = forward(A1, parameters, first=2)
        if i % every == 0:
            J = cost(AL, Y)  # (eq-cost)
            if lambd > 0:  # ‖W1‖² = s²‖W1_0‖² + 2s<C, W1_0·X> + <C·XᵀX, C>  (eq-time-span-norm)
                W1_norm2 = s * s * np.sum(W1_0 * W1_0) + 2 * s * np.sum(C * P) + np.sum(CG * C)
                others = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(2, L + 1))
                J += float(lambd / (2 * m) * (W1_norm2 + others))  # (eq-cost-l2)
            _record(costs, i, J, print_every)
        dZ1 = backward_and_update(
            AL, Y, [(X, Z1), *caches], parameters, learning_rate, lambd, last=2
        )
        b1 -= (learning_rate / m) * dZ1.sum(axis=1, keepdims=True)  # (eq-db), (eq-update)
        s -= decay * s  # (eq-time-span-step)
        C -= decay * C + (learning_rate / m) * dZ1
    parameters["W1"] = s * W1_0 + C @ X.T  # W1, formed once
    return costs


def batch_order(m, batch_size, shuffle_seed, step):
    """The examples of mini-batch step `step` (counted from the model's first step).

    Step s belongs to epoch e = s // B, B = ⌈m / batch_size⌉ batches per epoch, and is batch
    s % B of that epoch; each epoch's order is np.random.default_rng([shuffle_seed, e])
    .permutation(m), cut into batches of batch_size (the last one smaller when batch_size does
    not divide m). So two fit calls of k and n steps take the same batches as one of k + n.
    """
    per_epoch = -(-m // batch_size)
    epoch, k = divmod(step, per_epoch)
    order = np.random.default_rng([shuffle_seed, epoch]).permutation(m)
    return order[k * batch_size : (k + 1) * batch_size]


def train_minibatch(
    parameters,
    X,
    Y,
    iterations,
    learning_rate,
    lambd,
    *,
    batch_size,
    shuffle_seed=0,
    start=0,
    every=100,
    print_every=0,
):
    """Mini-batch gradient descent on `parameters`, in place; returns the recorded costs.

    Each iteration is one step on one batch (batch_order): forward and backward over the
    batch's b columns only, so the step uses the batch's average gradient, an unbiased estimate
    of the full-batch one (chapter 9). The L2 part of the gradient, (λ/m)·W, belongs to the
    whole training set's cost (eq-cost-l2) and is not scaled by the batch: a batch of b columns
    gets λ·b/m, since gradient_step divides λ by its own b. The cost recorded every `every`
    iterations, before that iteration's step, is J over ALL m examples, not the batch's.
    """
    m = X.shape[1]
    costs = []
    for i in range(start, start + iterations):
        if i % every == 0:
            _record(costs, i, cost(forward(X, parameters)[0], Y, parameters, lambd), print_every)
        cols = batch_order(m, batch_size, shuffle_seed, i)
        Xb, Yb = X[:, cols], Y[:, cols]
        AL, caches = forward(Xb, parameters)
        backward_and_update(AL, Yb, caches, parameters, learning_rate, lambd * len(cols) / m)
    return costs
