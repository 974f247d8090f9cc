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

import contextlib
import contextvars
import os
from typing import NamedTuple

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
    layout=None,
    threads=None,
    callback=None,
    **batch,
):
    """Full-batch gradient descent on `parameters`, in place; returns the recorded costs.

    Iterations are numbered from `start`; the cost (eq-cost-l2) is recorded before the
    step of every iteration i with i % every == 0. Given batch_size (and shuffle_seed), it
    is train_minibatch's mini-batch gradient descent instead (in the plain layout).
    `layout` (default: `choose_layout`) says how the first layer's two big products are
    computed, `threads` (default: `choose_threads`) how many BLAS threads run them (a split
    layout runs two threads of its own with one BLAS thread each, unless threads is 1);
    `callback(done, costs)`, if given, is called after every `every` iterations and after
    the last.
    """
    if threads is None:
        columns = X[:, : batch.get("batch_size", X.shape[1])]
        threads = choose_threads(columns, parameters, span=False)
    if batch:
        with blas_threads(threads):
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
    layout = layout or choose_layout(X, parameters)
    if layout.split:  # two threads of its own, each with one BLAS thread
        layout = layout._replace(split=_can_split(threads))
        threads = 1
    with blas_threads(threads):
        if layout.plain:
            costs = []
            for i in range(start, start + iterations):
                AL, caches = forward(X, parameters)
                if i % every == 0:
                    _record(costs, i, cost(AL, Y, parameters, lambd), print_every)
                backward_and_update(AL, Y, caches, parameters, learning_rate, lambd)
                _progress(callback, i - start + 1, iterations, every, costs)
            return costs
        return _train_in_layout(
            parameters,
            X,
            Y,
            iterations,
            learning_rate,
            lambd,
            start,
            every,
            print_every,
            layout,
            callback,
        )


def _progress(callback, done, iterations, every, costs):
    if callback is not None and (done % every == 0 or done == iterations):
        callback(done, costs)


def train_span(
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
    threads=None,
    callback=None,
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

    `threads` and `callback` as in `train`; the setup is paid once per call, however often
    the callback reports progress.
    """
    if threads is None:
        threads = choose_threads(X, parameters, span=True)
    with blas_threads(threads):
        return _train_span(
            parameters, X, Y, iterations, learning_rate, lambd, start, every, print_every, callback
        )


def _train_span(
    parameters, X, Y, iterations, learning_rate, lambd, start, every, print_every, callback
):
    state = span_setup(parameters, X)
    costs = span_steps(
        state,
        parameters,
        X,
        Y,
        iterations,
        learning_rate,
        lambd,
        start,
        every,
        print_every,
        callback,
    )
    span_finish(state, parameters, X)
    return costs


def span_setup(parameters, X):
    """The span form's state at the start of a call: W1 = s·W1_0 + C·Xᵀ with s = 1, C = 0."""
    W1_0 = parameters["W1"]
    return {
        "W1_0": W1_0,
        "P": W1_0 @ X,  # W1_0·X (n_1, m), once
        "G": X.T @ X,  # the Gram matrix XᵀX (m, m), once
        "s": 1.0,
        "C": np.zeros((W1_0.shape[0], X.shape[1]), dtype=W1_0.dtype),  # (eq-time-span)
    }


def span_finish(state, parameters, X):
    """W1 = s·W1_0 + C·Xᵀ, formed once at the end of a call."""
    parameters["W1"] = state["s"] * state["W1_0"] + state["C"] @ X.T


def span_steps(
    state,
    parameters,
    X,
    Y,
    iterations,
    learning_rate,
    lambd,
    start=0,
    every=100,
    print_every=0,
    callback=None,
):
    """`iterations` steps of the span form from `state` (span_setup), which they update."""
    L, m = len(parameters) // 2, X.shape[1]
    W1_0, P, G, C = (state[k] for k in ("W1_0", "P", "G", "C"))
    b1 = parameters["b1"]
    s = state["s"]
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
        state["s"] = s
        _progress(callback, i - start + 1, iterations, every, costs)
    return costs


# ------------------------------------------------------------- layout, threads, which trainer
# Appendix "Where the time goes", sections "Layout" and "Threads"; the measurements behind the
# tables below are in benchmarks/ (layouts.py and its stored outputs). Every choice here is
# made from the shapes, the dtype and what the BLAS reports about itself, never from a timing:
# the same inputs give the same bits on the same machine, however busy it is.


class Layout(NamedTuple):
    """How the first layer's two big products are computed.

    x_order: "C" or "F", the order X is kept in for the whole call (one copy at most);
    forward: "N" for Z1 = W1·X, "T" for Z1ᵀ = Xᵀ·W1ᵀ;
    backward: "N" for dW1 = dZ1·Xᵀ, "T" for dW1ᵀ = X·dZ1ᵀ;
    split: both products cut at the middle feature into two halves, one per thread (each
    with one BLAS thread): Z1 = W1[:, :h]·X[:h] + W1[:, h:]·X[h:], and each thread updates
    its half of W1 and at once computes its half of the next Z1 from the same half of X.
    With "T" in forward or backward, W1 is kept as W1ᵀ (n_0, n_1), C-contiguous, during the
    call.
    """

    x_order: str = "C"
    forward: str = "N"
    backward: str = "N"
    split: bool = False
    reason: str = "plain layout"

    @property
    def plain(self):
        return (self.x_order, self.forward, self.backward, self.split) == ("C", "N", "N", False)


PLAIN = Layout()

# (BLAS kernel as threadpoolctl reports it, CPU vendor, dtype) -> (x_order, forward, backward,
# split), from benchmarks/layouts_*.json, measured for the series' first layer (n_0 = 12288,
# n_1 = 20, m = 209) with one copy of X. A kernel or CPU not listed keeps the plain layout.
LAYOUTS = {
    # AMD EPYC Zen 4 (family 25, model 17), AVX-512: the pair of forms with the lowest sum
    # (benchmarks/layouts_amd_epyc_zen4_skylakex.json; the split was not measured there)
    ("SkylakeX", "AuthenticAMD", "float32"): ("F", "T", "N", False),
    ("SkylakeX", "AuthenticAMD", "float64"): ("F", "N", "N", False),
    # Intel Xeon (family 6, model 167), AVX-512: the fastest whole iteration of the 16
    # layouts (benchmarks/layouts_intel_xeon_skylakex.json, section "iterations"); the key
    # does not tell Intel models apart: the one model measured stands for all
    ("SkylakeX", "GenuineIntel", "float32"): ("C", "T", "T", False),
    ("SkylakeX", "GenuineIntel", "float64"): ("C", "N", "N", True),
}

# The table holds for products of about the series' size; far smaller ones keep the plain
# layout (their time is not in the products).
LAYOUT_MIN_N0, LAYOUT_MIN_FLOP = 1024, 1e7

# Below this many FLOPs in an iteration's largest product, one BLAS thread: the product is
# over before a second thread has paid for waking up, and on a busy machine a second thread
# that loses its core stalls the first (appendix, "Threads").
ONE_THREAD_BELOW_FLOP = 2e7


_blas_state = {}


def _blas():
    """threadpoolctl's controller of the BLAS NumPy uses, or None (no threadpoolctl)."""
    if "controller" not in _blas_state:
        try:
            from threadpoolctl import ThreadpoolController

            controller = ThreadpoolController().select(user_api="blas")
            _blas_state["controller"] = controller if controller.lib_controllers else None
        except Exception:  # threadpoolctl absent or failing: no thread or layout choice
            _blas_state["controller"] = None
    return _blas_state["controller"]


def blas_kernel():
    """The BLAS kernel's name as threadpoolctl reports it (e.g. "SkylakeX", "Haswell"), or ""."""
    controller = _blas()
    if controller is None:
        return ""
    return str(getattr(controller.lib_controllers[0], "architecture", "") or "")


def cpu_vendor():
    """The CPU vendor from /proc/cpuinfo ("GenuineIntel", "AuthenticAMD"), or ""."""
    if "vendor" not in _blas_state:
        vendor = ""
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("vendor_id"):
                        vendor = line.partition(":")[2].strip()
                        break
        except OSError:
            pass
        _blas_state["vendor"] = vendor
    return _blas_state["vendor"]


@contextlib.contextmanager
def blas_threads(threads):
    """Run the block with at most `threads` BLAS threads (None: leave the BLAS as it is)."""
    controller = _blas() if threads else None
    if controller is None:
        yield
        return
    with controller.limit(limits=threads):
        yield


def _largest_product_flop(X, parameters):
    m, L = X.shape[1], len(parameters) // 2
    return max(2 * parameters[f"W{l}"].size * m for l in range(1, L + 1))


_forced_threads = contextvars.ContextVar("dnn_forced_threads", default=None)


@contextlib.contextmanager
def forced_threads(threads):
    """Inside the block, train and train_span use `threads` BLAS threads (0: the BLAS's own)
    instead of choosing; None changes nothing. The CLI's --threads."""
    token = _forced_threads.set(threads)
    try:
        yield
    finally:
        _forced_threads.reset(token)


def choose_threads(X, parameters, span):
    """1 where a second BLAS thread does not pay (the span form; small products), else None
    (the BLAS's own count); inside `forced_threads(n)`, n."""
    forced = _forced_threads.get()
    if forced is not None:
        return forced or None
    if span or _largest_product_flop(X, parameters) < ONE_THREAD_BELOW_FLOP:
        return 1
    return None


def span_threads():
    """The BLAS threads of a whole fit_span call: 1, as its loop (choose_threads); inside
    `forced_threads(n)`, n."""
    return choose_threads(None, None, span=True)


def call_threads(X, model, batch_size=None):
    """The BLAS threads for a whole fit call, its checks and final cost included: 1 when
    `train` will run a split layout, None otherwise (train then chooses, as it always does).

    A split layout's two threads run one BLAS thread each. A product with two BLAS threads
    just before or after (the check of X, the final cost) leaves OpenBLAS's idle thread
    spinning for about 0.1 s on a core the split needs (benchmarks/spin_intel_xeon.txt;
    appendix, "The other CPU kind"). X and the model are not checked yet: anything
    unexpected gives None, and fit's contract says what is wrong.
    """
    parameters = getattr(model, "parameters", None)
    W1 = parameters.get("W1") if isinstance(parameters, dict) else None
    dtype = getattr(model, "dtype", None)
    if not (
        type(X) is np.ndarray
        and X.ndim == 2
        and isinstance(W1, np.ndarray)
        and W1.shape[1:] == X.shape[:1]
        and dtype in (np.float32, np.float64)
        and (batch_size is None or isinstance(batch_size, (int, np.integer)))
    ):
        return None
    if batch_size is not None and batch_size < X.shape[1]:  # mini-batches: never split
        return None
    stand_in = np.broadcast_to(np.zeros((), dtype), X.shape)  # X's shape, the model's dtype
    threads = choose_threads(stand_in, parameters, span=False)
    return 1 if choose_layout(stand_in, parameters).split and _can_split(threads) else None


def choose_layout(X, parameters):
    """The first layer's layout for this X, dtype, BLAS kernel and CPU (see LAYOUTS)."""
    n_0, m = X.shape
    n_1 = parameters["W1"].shape[0]
    if n_0 < LAYOUT_MIN_N0 or 2 * n_1 * n_0 * m < LAYOUT_MIN_FLOP:
        return PLAIN._replace(reason="plain layout (small first layer)")
    key = (blas_kernel(), cpu_vendor(), X.dtype.name)
    if key not in LAYOUTS:
        return PLAIN._replace(
            reason=f"plain layout (no table for {key[0] or 'this BLAS'} "
            f"on {key[1] or 'this CPU'}, {key[2]})"
        )
    order, fwd, bwd, split = LAYOUTS[key]
    names = {
        ("forward", "N"): "Z1 = W1·X",
        ("forward", "T"): "Z1ᵀ = Xᵀ·W1ᵀ",
        ("backward", "N"): "dW1 = dZ1·Xᵀ",
        ("backward", "T"): "dW1ᵀ = X·dZ1ᵀ",
    }
    halves = ", in two halves, one per thread" if split else ""
    reason = (
        f"X in {order} order, {names['forward', fwd]}, {names['backward', bwd]}{halves} "
        f"({key[0]} on {key[1]}, {key[2]})"
    )
    return Layout(order, fwd, bwd, split, reason)


def span_pays(n_0, m, n_1, iterations):
    """True when the span form does less arithmetic than the plain loop, setup included.

    Per iteration the plain first layer costs 4·n_1·n_0·m FLOPs (W1·X and dZ1·Xᵀ), the span
    form's 2·n_1·m² (C·XᵀX); its setup W1_0·X, XᵀX and W1 at the end costs
    4·n_1·n_0·m + 2·n_0·m². It also keeps XᵀX, m² numbers: never more than 2**24 (128 MiB
    in float64).
    """
    if m * m > 2**24 or n_0 <= m:
        return False
    plain = iterations * 4 * n_1 * n_0 * m
    span = iterations * 2 * n_1 * m * m + 4 * n_1 * n_0 * m + 2 * n_0 * m * m
    return span < plain


def _train_in_layout(
    parameters, X, Y, iterations, learning_rate, lambd, start, every, print_every, layout, callback
):
    """`train` with the first layer's products in `layout`: the same arithmetic, other forms.

    Layer 1's update and the next iteration's Z1 are computed back to back (`first.step`), so
    with a split layout each thread reads its half of X twice while it is in its cache.
    """
    first = _FirstLayer(parameters, X, layout)
    L, m = len(parameters) // 2, X.shape[1]
    b1, costs = parameters["b1"], []
    try:
        Z1_parts = first.z1_parts()
        for i in range(start, start + iterations):
            Z1 = first.add(Z1_parts) + b1  # (eq-linear-forward)
            A1 = relu(Z1) if L > 1 else sigmoid(Z1)  # (eq-forward)
            AL, caches = forward(A1, parameters, first=2)
            if i % every == 0:
                _record(costs, i, cost(AL, Y, parameters, lambd), print_every)
            dZ1 = backward_and_update(
                AL, Y, [(first.X, Z1), *caches], parameters, learning_rate, lambd, last=2
            )
            dZ_step = dZ1 * (learning_rate / m)  # as gradient_step, for W1ᵀ
            b1 -= dZ_step.sum(axis=1, keepdims=True)  # (eq-db), (eq-update)
            last = i == start + iterations - 1
            Z1_parts = first.step(dZ_step, learning_rate * lambd / m, next_z1=not last)
            _progress(callback, i - start + 1, iterations, every, costs)
    finally:
        parameters["W1"] = np.ascontiguousarray(first.W1)  # W1 in C order
    return costs


def _can_split(threads):
    """Whether a split layout may run its two threads: not when one thread was chosen or
    asked for (a small problem, --threads 1), nor on a single CPU."""
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity else os.cpu_count() or 1
    return threads != 1 and cpus >= 2


_pool = {}


def _worker():
    """The one extra thread the split layout runs its second half on: made once per process
    (a child made by fork inherits no threads, so it makes its own)."""
    if _pool.get("pid") != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _pool.update(
            pid=os.getpid(), executor=ThreadPoolExecutor(1, thread_name_prefix="dnn-split")
        )
    return _pool["executor"]


class _FirstLayer:
    """Layer 1's W1, X in the layout's order, and the two big products, in one or two halves.

    W1 is updated in place: as itself (C order) when both products take the plain form, else
    as its transpose W1ᵀ (n_0, n_1), C-contiguous, which the transposed forms read and write
    without a strided pass.
    """

    def __init__(self, parameters, X, layout):
        self.layout = layout
        self.X = np.asarray(X, order=layout.x_order)  # kept in this order for the whole call
        if "T" in (layout.forward, layout.backward):
            parameters["W1"] = np.ascontiguousarray(parameters["W1"].T).T  # a view of W1ᵀ
        self.W1 = parameters["W1"]
        h = X.shape[0] // 2 if layout.split else X.shape[0]
        self.halves = [(self.X[:h], self.W1[:, :h])]
        if layout.split:
            self.halves.append((self.X[h:], self.W1[:, h:]))

    def z1_part(self, k):
        X_h, W1_h = self.halves[k]  # Z1's share from these features: W1[:, h]·X[h]
        return (X_h.T @ W1_h.T).T if self.layout.forward == "T" else W1_h @ X_h

    def step_part(self, k, dZ_step, decay, next_z1):
        """W1 ← W1 − α·dW1 on this half (eq-dW-l2, eq-dW, eq-update), then its share of Z1."""
        X_h, W1_h = self.halves[k]
        if decay > 0:
            W1_h -= decay * W1_h  # (eq-weight-decay)
        if self.layout.backward == "T":
            W1T_h = W1_h.T
            W1T_h -= X_h @ np.ascontiguousarray(dZ_step.T)  # dW1ᵀ = X·dZ1ᵀ
        else:
            W1_h -= dZ_step @ X_h.T  # dW1 = dZ1·Xᵀ
        return self.z1_part(k) if next_z1 else None

    def _both(self, fn, *args):
        if len(self.halves) == 1:
            return [fn(0, *args)]
        other = _worker().submit(fn, 1, *args)
        return [fn(0, *args), other.result()]

    def z1_parts(self):
        return self._both(self.z1_part)

    def step(self, dZ_step, decay, next_z1):
        return self._both(self.step_part, dZ_step, decay, next_z1)

    @staticmethod
    def add(parts):
        return parts[0] if len(parts) == 1 else parts[0] + parts[1]


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
