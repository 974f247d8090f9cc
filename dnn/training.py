"""DeepNeuralNetwork: the Rust series' struct, with fit, predict, score, save and load.

Chapter "Training and testing on images" (chapters/09_training.ipynb).
"""

import h5py
import numpy as np

from . import _validate as check
from .cost import cost
from .network import _check_layer_dims, _float_dtype, backward, forward, initialize_parameters
from .update import update_parameters

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
        """
        X = self._check_X("DeepNeuralNetwork.fit", X)
        check.labels("DeepNeuralNetwork.fit", Y, (1, X.shape[1]))
        iterations = check.count("DeepNeuralNetwork.fit", "iterations", iterations)
        every = check.count("DeepNeuralNetwork.fit", "print_every", print_every) or 100
        parameters, costs, start = self.parameters, list(self.costs), self.iterations
        for i in range(start, start + iterations):
            AL, caches = forward(X, parameters)
            if i % every == 0:
                costs.append(cost(AL, Y, parameters, self.lambd))
                if print_every:
                    print(f"iteration {i:6d}   cost {costs[-1]:.6f}")
            grads = backward(AL, Y, caches, self.lambd)
            parameters = update_parameters(parameters, grads, self.learning_rate)
        self.parameters, self.costs, self.iterations = parameters, costs, start + iterations
        return self

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

    def _check_X(self, func, X):
        check.float_matrix(func, "X", X)
        if X.shape[0] != self.layer_dims[0]:
            raise ValueError(f"{func}: X has shape {X.shape}; this network needs (n_0, m) = "
                             f"({self.layer_dims[0]}, m), one example per column")
        return X.astype(self.dtype, copy=False)
