"""DeepNeuralNetwork: the Rust series' struct, with fit, predict, score, save and load.

Chapter "Training and testing on images" (chapters/09_training.ipynb). The training itself
runs in `fast` (appendix "Where the time goes"); this module checks, copies and commits.
"""

import os
import tempfile
import warnings

import h5py
import numpy as np

from . import _validate as require
from . import fast
from .network import forward, initialize_parameters

FORMAT = "dnn.DeepNeuralNetwork"
"""The `format` attribute of a saved model file."""


class DeepNeuralNetwork:
    """An L-layer binary classifier: [LINEAR → RELU] × (L − 1) → LINEAR → SIGMOID.

    Parameters
    ----------
    layer_dims : sequence of int
        [n_0, n_1, ..., n_L]; n_0 is the number of input features, n_L = 1.
    learning_rate : float
        α > 0, the gradient-descent step (the seed's name).
    lambd : float
        λ ≥ 0, the L2 strength; the cost recorded in `costs` includes its term.
    seed : int
        Seed of the initial weights (initialize_parameters).
    dtype : float32 or float64
        The dtype of the parameters and of every computation in fit and predict.

    Attributes
    ----------
    parameters : dict
        {"W1", "b1", ...}, from construction on; fit continues from them.
    costs : list of float
        The cost J before the step of iteration 0, 100, 200, ... (every `print_every`
        if fit is given one), counted over all fit calls.
    iterations : int
        Gradient-descent steps taken so far.
    final_cost : float or None
        J (with its L2 term) of `parameters` on the data of the last fit, after its last
        step: the cost of the model as it is, unlike costs[-1], recorded before a step up to
        `print_every` - 1 steps earlier. None before the first fit; save stores it and load
        restores it (None from a file written before it was stored).
    init : str or None
        The start the parameters were drawn from: "dnn" (initialize_parameters, set by the
        constructor) or "series" (initialize_parameters_series; whoever replaces `parameters`
        with that start sets it). save stores it; None from an older file.
    """

    def __init__(self, layer_dims, learning_rate=0.0075, lambd=0.0, seed=1, dtype=np.float64):
        settings = require.model(layer_dims, learning_rate, lambd, seed, dtype)
        self.layer_dims, self.learning_rate, self.lambd, self.seed, self.dtype = settings
        self.parameters = initialize_parameters(self.layer_dims, self.seed, self.dtype)
        self.costs = []
        self.iterations = 0
        self.final_cost = None
        self.init = "dnn"

    def __repr__(self):
        return (
            f"DeepNeuralNetwork({self.layer_dims}, learning_rate={self.learning_rate}, "
            f"lambd={self.lambd}, seed={self.seed}, dtype={self.dtype.name})"
        )

    def fit(self, X, Y, iterations, print_every=0, batch_size=None, shuffle_seed=0):
        """Gradient descent, `iterations` steps: forward, cost, backward, update.

        X (n_0, m), computed in the network's dtype; Y (1, m) labels 0/1; print_every > 0
        records (and prints) the cost every print_every iterations instead of every 100.

        batch_size None (the default) is full-batch gradient descent: every step uses all m
        examples. batch_size = b < m is mini-batch gradient descent: every step uses b of them,
        drawn in an order shuffled per epoch from shuffle_seed (fast.batch_order), so an epoch
        is ⌈m / b⌉ steps. Either way `costs` holds J over all m examples before the recorded
        steps, and `final_cost` is J of the parameters fit returns, after its last step.
        Returns self. If anything raises, parameters, costs and iterations stay as they were.
        """
        with fast.blas_threads(fast.call_threads(X, self, batch_size)):
            X, Y, run = require.fit(self, X, Y, iterations, print_every, batch_size, shuffle_seed)
            parameters = {key: value.copy() for key, value in self.parameters.items()}
            costs = fast.train(parameters, X, Y, **run)  # trains `parameters` in place
            return self._commit("DeepNeuralNetwork.fit", parameters, costs, X, Y, run)

    def predict_proba(self, X):
        """AL, the predicted probability of class 1 for each column of X, shape (1, m)."""
        X = require.predict("DeepNeuralNetwork.predict_proba", self, X)
        return forward(X, self.parameters)[0]

    def predict(self, X):
        """Predicted labels, shape (1, m), int 0/1: 1 where AL > 0.5."""
        X = require.predict("DeepNeuralNetwork.predict", self, X)
        return (forward(X, self.parameters)[0] > 0.5).astype(np.int64)

    def score(self, X, Y):
        """Accuracy: the fraction of columns of X whose prediction equals Y (1, m)."""
        X = require.score("DeepNeuralNetwork.score", self, X, Y)
        return float(np.mean((forward(X, self.parameters)[0] > 0.5) == Y))

    def save(self, path):
        """Write the network to an HDF5 file: settings as attributes, one dataset per array.

        The file is written beside `path` under a temporary name and renamed at the end, so a
        save that fails or is interrupted leaves any previous file at `path` as it was.
        """
        path = require.save_path("DeepNeuralNetwork.save", path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            with h5py.File(tmp, "w") as f:
                # strings of fixed length: load never reads variable-length ones (their global
                # heap can make HDF5 loop forever when the file is corrupt)
                f.attrs["format"] = np.bytes_(FORMAT)
                f.attrs["layer_dims"] = np.array(self.layer_dims, dtype=np.int64)
                f.attrs["learning_rate"] = self.learning_rate
                f.attrs["lambd"] = self.lambd
                f.attrs["seed"] = self.seed
                f.attrs["dtype"] = np.bytes_(self.dtype.name)
                f.attrs["iterations"] = self.iterations
                if self.final_cost is not None:
                    f.attrs["final_cost"] = float(self.final_cost)
                f.attrs["init"] = np.bytes_(getattr(self, "init", "dnn"))
                f.create_dataset("costs", data=np.array(self.costs, dtype=np.float64))
                for key, value in self.parameters.items():
                    f.create_dataset(f"parameters/{key}", data=value)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    @classmethod
    def load(cls, path):
        """Read a network written by `save`; anything else raises ValueError naming the file."""
        from .data import read_model

        settings, parameters, costs, iterations, extras = read_model(path, FORMAT)
        model = cls.__new__(cls)  # not __init__: no random weights to throw away
        model.layer_dims, model.learning_rate, model.lambd, model.seed, model.dtype = require.model(
            *settings
        )
        model.parameters, model.costs, model.iterations = parameters, costs, iterations
        model.final_cost, model.init = extras["final_cost"], extras["init"]
        return model

    def _commit(self, func, parameters, costs, X, Y, run):
        """Make a training run's results the model's, unless it diverged to inf or NaN.

        final_cost is J (with the run's λ) of the trained parameters on the run's X and Y."""
        iterations, lambd = run["iterations"], run["lambd"]
        for key, value in parameters.items():
            if not np.isfinite(value).all():
                raise ValueError(
                    f"{func}: training diverged: {key} holds inf or NaN after {iterations} "
                    f"iterations at learning_rate {self.learning_rate:g}; try a smaller "
                    "learning_rate (the model is left as it was)"
                )
        final_cost = fast.cost(fast.forward(X, parameters)[0], Y, parameters, lambd)
        recorded = self.costs + costs
        if len(recorded) >= 2 and recorded[-1] > 2 * recorded[0] + 1:
            warnings.warn(
                f"{func}: the cost rose from {recorded[0]:.4g} to {recorded[-1]:.4g}: training "
                f"diverges at learning_rate {self.learning_rate:g}; try a smaller one",
                RuntimeWarning,
                stacklevel=3,
            )
        self.parameters, self.costs = parameters, recorded
        self.iterations += iterations
        self.final_cost = final_cost
        return self


def fit_span(model, X, Y, iterations, print_every=0, *, callback=None):
    """model.fit(X, Y, iterations, print_every), computed in the span of the examples.

    The same parameters, costs and iterations as fit (up to float rounding), the same checks
    and the same promise: if anything raises, the model is left as it was. Much faster when
    features far outnumber examples; fast.train_span says why it is exact. callback(done,
    costs), if given, is called every print_every (or 100) iterations and after the last,
    with the iterations done in this call and the costs recorded so far (a progress bar);
    whatever it raises stops the training and leaves the model as it was.
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"fit_span: callback must be callable or None, got {callback!r}")
    # One BLAS thread for the whole call, as train_span's loop: a product with two threads
    # before the loop (the check of X) would leave OpenBLAS's idle thread spinning on the
    # second core while the loop runs (fast.call_threads says more).
    with fast.blas_threads(fast.span_threads()):
        X, Y, run = require.fit(model, X, Y, iterations, print_every, func="fit_span")
        parameters = {key: value.copy() for key, value in model.parameters.items()}
        costs = fast.train_span(parameters, X, Y, **run, callback=callback)
        return model._commit("fit_span", parameters, costs, X, Y, run)
