"""DeepNeuralNetwork: the Rust series' struct, with fit, predict, score, save and load.

Chapter "Training and testing on images" (chapters/09_training.ipynb).
"""

import h5py
import numpy as np

from . import _validate as check
from .activations import relu, sigmoid
from .cost import cost
from .network import _check_layer_dims, _float_dtype, forward, initialize_parameters

_FORMAT = "dnn.DeepNeuralNetwork"


class DeepNeuralNetwork:
    """An L-layer binary classifier: [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Parameters
    ----------
    layer_dims : sequence of int
        [n_0, n_1, ..., n_L]; n_0 is the number of input features, n_L = 1.
    learning_rate : float
        α, the gradient-descent step (the seed's name).
    lambd : float
        λ >= 0, the L2 strength; the cost reported in `costs` includes its term.
    seed : int
        Seed of the initial weights (initialize_parameters).
    dtype : float32 or float64
        The dtype of the parameters and of every computation in fit and predict.

    Attributes
    ----------
    parameters : dict
        {"W1", "b1", ...}, from construction on; fit continues from them.
    costs : list of float
        The cost every `every` iterations (100 unless fit's print_every says otherwise),
        counted over all fit calls: iteration 0, 100, 200, ...
    iterations : int
        Gradient-descent steps taken so far.
    """

    def __init__(self, layer_dims, learning_rate=0.0075, lambd=0.0, seed=1, dtype=np.float64):
        self.layer_dims = _check_layer_dims("DeepNeuralNetwork", layer_dims)
        if self.layer_dims[-1] != 1:
            raise ValueError(f"DeepNeuralNetwork: layer_dims must end with 1 output unit (a binary "
                             f"classifier), got {self.layer_dims}")
        self.learning_rate = check.number("DeepNeuralNetwork", "learning_rate", learning_rate,
                                          strict=True)
        self.lambd = check.number("DeepNeuralNetwork", "lambd", lambd)
        self.seed = check.count("DeepNeuralNetwork", "seed", seed)
        self.dtype = _float_dtype("DeepNeuralNetwork", dtype)
        self.parameters = initialize_parameters(self.layer_dims, self.seed, self.dtype)
        self.costs = []
        self.iterations = 0

    def __repr__(self):
        return (f"DeepNeuralNetwork({self.layer_dims}, learning_rate={self.learning_rate}, "
                f"lambd={self.lambd}, seed={self.seed}, dtype={self.dtype.name})")

    def fit(self, X, Y, iterations, print_every=0):
        """Full-batch gradient descent: forward, cost, backward, update, `iterations` times.

        Parameters
        ----------
        X : ndarray, shape (n_0, m), floating; computed in the network's dtype
        Y : ndarray, shape (1, m), labels 0/1
        iterations : int >= 0
        print_every : int >= 0
            If > 0, record the cost every `print_every` iterations instead of every 100,
            and print it.

        Returns
        -------
        self
            With the trained parameters. If anything raises, parameters, costs and
            iterations are left as they were.

        Notes
        -----
        Each step is the teaching loop forward -> cost -> backward -> update_parameters, with
        the same results up to float rounding, but faster (appendix "Where the time goes"):
        the inputs are checked once per call instead of in every function of every iteration;
        dA0, the gradient for X that no one uses, is not computed; and the weights are
        updated in place on private copies, committed to `self.parameters` at the end.
        """
        func = "DeepNeuralNetwork.fit"
        X, Y, iterations, every, learning_rate, lambd = self._check_fit(func, X, Y, iterations,
                                                                        print_every)
        # One private copy of each parameter per call, trained in place: the model changes
        # only at the end (_commit), so an error half-way leaves it as it was.
        parameters = {key: value.astype(self.dtype) for key, value in self.parameters.items()}
        costs, start = list(self.costs), self.iterations
        for i in range(start, start + iterations):
            AL, caches = _forward(X, parameters)
            if i % every == 0:
                costs.append(cost(AL, Y, parameters, lambd))  # (eq-cost-l2), before this step
                if print_every:
                    print(f"iteration {i:6d}   cost {costs[-1]:.6f}")
            _backward_and_update(AL, Y, caches, parameters, learning_rate, lambd)
        return self._commit(func, parameters, costs, start + iterations)

    def predict_proba(self, X):
        """AL, the predicted probability of class 1 for each column of X, shape (1, m)."""
        return forward(self._check_X("DeepNeuralNetwork.predict_proba", X), self.parameters)[0]

    def predict(self, X):
        """Predicted labels, shape (1, m), int 0/1: 1 where AL > 0.5."""
        AL = forward(self._check_X("DeepNeuralNetwork.predict", X), self.parameters)[0]
        return (AL > 0.5).astype(np.int64)

    def score(self, X, Y):
        """Accuracy: the fraction of columns of X whose prediction equals Y (1, m)."""
        X = self._check_X("DeepNeuralNetwork.score", X)
        check.labels("DeepNeuralNetwork.score", Y, (1, X.shape[1]))
        return float(np.mean(self.predict(X) == Y))

    def save(self, path):
        """Write the network to an HDF5 file: settings as attributes, one dataset per array."""
        with h5py.File(path, "w") as f:
            f.attrs["format"] = _FORMAT
            f.attrs["layer_dims"] = np.array(self.layer_dims, dtype=np.int64)
            f.attrs["learning_rate"] = self.learning_rate
            f.attrs["lambd"] = self.lambd
            f.attrs["seed"] = self.seed
            f.attrs["dtype"] = self.dtype.name
            f.attrs["iterations"] = self.iterations
            f.create_dataset("costs", data=np.array(self.costs, dtype=np.float64))
            for key, value in self.parameters.items():
                f.create_dataset(f"parameters/{key}", data=value)

    @classmethod
    def load(cls, path):
        """Read a network written by `save`; anything else raises ValueError naming the file."""
        try:
            with h5py.File(path, "r") as f:
                if f.attrs.get("format") != _FORMAT:
                    raise ValueError(f"DeepNeuralNetwork.load: {path} is not a saved "
                                     "DeepNeuralNetwork (no format attribute)")
                model = cls(f.attrs["layer_dims"].tolist(), float(f.attrs["learning_rate"]),
                            float(f.attrs["lambd"]), int(f.attrs["seed"]), str(f.attrs["dtype"]))
                parameters = {key: f[f"parameters/{key}"][()] for key in model.parameters}
                model.costs = f["costs"][()].tolist()
                model.iterations = int(f.attrs["iterations"])
        except (OSError, KeyError) as e:
            raise ValueError(f"DeepNeuralNetwork.load: {path} is not a readable saved network ({e})"
                             ) from None
        check.parameters("DeepNeuralNetwork.load", parameters)
        for key, value in parameters.items():
            check.shape("DeepNeuralNetwork.load", f"{path}: {key}", value,
                        model.parameters[key].shape, "the shape its layer_dims give")
        model.parameters = {key: value.astype(model.dtype) for key, value in parameters.items()}
        return model

    def _check_fit(self, func, X, Y, iterations, print_every):
        """fit's checks, made once per call, before anything changes (not once per iteration,
        as the teaching functions would). Returns X in the network's dtype, Y as floats of
        that dtype, iterations, the recording interval, and α and λ as Python floats (an
        np.float64 α would silently turn a float32 product into float64)."""
        X = self._check_X(func, X)
        check.labels(func, Y, (1, X.shape[1]))
        iterations = check.count(func, "iterations", iterations)
        every = check.count(func, "print_every", print_every) or 100
        learning_rate = check.number(func, "learning_rate", self.learning_rate, strict=True)
        lambd = check.number(func, "lambd", self.lambd)
        L = check.parameters(func, self.parameters, "self.parameters")  # they may be set by hand
        n_0, n_L = self.parameters["W1"].shape[1], self.parameters[f"W{L}"].shape[0]
        if (n_0, n_L) != (self.layer_dims[0], 1):
            raise ValueError(f"{func}: self.parameters take {n_0} inputs to {n_L} outputs; this "
                             f"network needs {self.layer_dims[0]} inputs to 1 output")
        return X, Y.astype(self.dtype), iterations, every, learning_rate, lambd

    def _commit(self, func, parameters, costs, iterations):
        """Make a training run's results the model's, unless it diverged to inf or NaN."""
        for key, value in parameters.items():
            if not np.isfinite(value).all():
                raise ValueError(f"{func}: training diverged: {key} holds inf or NaN after "
                                 f"{iterations - self.iterations} iterations; try a smaller "
                                 "learning_rate (the model is left as it was)")
        self.parameters, self.costs, self.iterations = parameters, costs, iterations
        return self

    def _check_X(self, func, X):
        check.float_matrix(func, "X", X)
        if X.shape[0] != self.layer_dims[0]:
            raise ValueError(f"{func}: X has shape {X.shape}; this network needs (n_0, m) = "
                             f"({self.layer_dims[0]}, m), one example per column")
        return X.astype(self.dtype, copy=False)


# ---------------------------------------------------------------- fit's inner loop
# The teaching functions, without their checks (fit checked its inputs once), without dA0,
# and with the update made in place. Appendix "Where the time goes" measures each choice.


def _forward(A, parameters, first=1):
    """forward (eq-forward) without checks, from A, the input of layer `first` (X for layer 1).

    Returns AL and the caches of layers first..L, each (A_prev, Z).
    """
    L = len(parameters) // 2
    caches = []
    for l in range(first, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]  # (eq-linear-forward)
        caches.append((A, Z))
        A = relu(Z) if l < L else sigmoid(Z)  # (eq-forward)
    return A, caches


def _backward_and_update(AL, Y, caches, parameters, learning_rate, lambd, last=1):
    """backward, then update_parameters, fused: from layer L down to layer `last`, each
    layer's W and b updated in place as soon as its gradients are known.

    caches[l-1] is layer l's (A_prev, Z); they are popped on the way, so no iteration's
    caches outlive it. Layer l's W is still needed for dA_prev = Wᵀ·dZ, so that product
    comes before the update. Layer 1's dA_prev, dA0 (the gradient for X), is not computed:
    no one uses it, and it costs as much as layer 1's forward product.

    Returns dZ of layer last - 1 (for the span trainer; None when last = 1).
    """
    dZ = AL - Y  # (eq-dZL)
    for l in range(len(caches), last - 1, -1):
        A_prev, _ = caches.pop()
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        dZ_prev = None
        if l > 1:
            Z_prev = caches[-1][1]
            dZ_prev = (W.T @ dZ) * (Z_prev > 0)  # (eq-dA-prev), then (eq-dZ-activation): ReLU'
        _gradient_step(W, b, dZ, A_prev, learning_rate, lambd)
        dZ = dZ_prev
    return dZ


def _gradient_step(W, b, dZ, A_prev, learning_rate, lambd):
    """W <- W - α·dW and b <- b - α·db, in place (eq-update), without forming dW.

    α·dW = (α/m)·dZ·A_prevᵀ + (αλ/m)·W and α·db = Σ (α/m)·dZ over the examples (eq-dW,
    eq-dW-l2, eq-db). The step α/m multiplies the small dZ (n_l, m) before the product,
    not dW (n_l, n_{l-1}) after it: that saves two passes over an array of W's size, the
    largest after X. The L2 part is weight decay (eq-weight-decay).
    """
    m = A_prev.shape[1]
    dZ_step = dZ * (learning_rate / m)  # (α/m)·dZ, (n_l, m)
    if lambd > 0:  # not W *= (1 - αλ/m): float32 rounds that factor by up to 3e-8, a large
        # error in the small decay αλ/m, and measured, the run drifts far more (appendix)
        W -= (learning_rate * lambd / m) * W  # (eq-dW-l2), (eq-weight-decay)
    W -= dZ_step @ A_prev.T  # (eq-dW), (eq-update)
    b -= dZ_step.sum(axis=1, keepdims=True)  # (eq-db), (eq-update)
