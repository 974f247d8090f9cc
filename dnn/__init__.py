"""dnn: a deep neural network from scratch in NumPy, the package of "Backprop from Scratch".

Matrices hold one example per column: W (n_l, n_{l-1}), b (n_l, 1), Z and A (n_l, m).
Each module is one idea and names the chapter that explains it; every function names the
equation labels it implements.
"""

from . import checks
from .activations import (
    ActivationCache,
    relu,
    relu_backward,
    relu_prime,
    sigmoid,
    sigmoid_backward,
    sigmoid_prime,
)
from .book import show_source
from .checks import (
    check_backward,
    check_cost,
    check_forward,
    check_linear_backward,
    check_numerical_gradient,
    check_relu_backward,
    check_sigmoid_backward,
    check_update_parameters,
)
from .cost import cost
from .data import Dataset, available_datasets, flatten_images, load_dataset
from .gradcheck import gradient_check, gradient_check_sampled, numerical_gradient, relative_error
from .linear import (
    LinearCache,
    linear_backward,
    linear_backward_activation,
    linear_forward,
    linear_forward_activation,
)
from .network import backward, forward, initialize_parameters, initialize_parameters_series
from .training import DeepNeuralNetwork, fit_span
from .update import update_parameters

__version__ = "0.1.0"

__all__ = [
    "sigmoid",
    "relu",
    "sigmoid_prime",
    "relu_prime",
    "LinearCache",
    "ActivationCache",
    "linear_forward",
    "linear_forward_activation",
    "sigmoid_backward",
    "relu_backward",
    "linear_backward",
    "linear_backward_activation",
    "initialize_parameters",
    "initialize_parameters_series",
    "forward",
    "cost",
    "backward",
    "update_parameters",
    "DeepNeuralNetwork",
    "fit_span",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
    "gradient_check_sampled",
    "load_dataset",
    "available_datasets",
    "Dataset",
    "flatten_images",
    "checks",
    "check_forward",
    "check_cost",
    "check_sigmoid_backward",
    "check_relu_backward",
    "check_linear_backward",
    "check_backward",
    "check_update_parameters",
    "check_numerical_gradient",
    "show_source",
]
