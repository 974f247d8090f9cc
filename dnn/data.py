"""Reading the HDF5 files: the image data sets (classic Coursera layout) and saved models.

Chapters "Forward propagation" (chapters/02_forward.ipynb: data as columns, eq-flatten)
and "Training and testing on images" (chapters/09_training.ipynb).

Where the data sets are found (the first folder that exists, unless `data_dir` is given):

1. the folder named by the environment variable ``DNN_DATA_DIR``;
2. ``dnn/datasets/`` beside the installed package, where ``pip install`` puts the shipped files;
3. the repository's ``data/`` folder, for an editable install or a checkout.

A file is untrusted input: its structure is checked before any array is read, and every problem
is a ValueError naming the file.
"""

import os
from pathlib import Path
from typing import NamedTuple

import h5py
import numpy as np

from . import _validate as require

PACKAGE_DATA = Path(__file__).resolve().parent / "datasets"
REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"
MAX_ELEMENTS = 2**28
"""No file may declare an array of more elements (2 GiB of float64): checked before reading."""


def data_folders():
    """The folders searched for data sets, in order (see the module docstring)."""
    folders = [Path(os.environ["DNN_DATA_DIR"])] if os.environ.get("DNN_DATA_DIR") else []
    folders.append(PACKAGE_DATA)
    if (REPOSITORY_DATA / "build_data.py").is_file():  # our checkout's data/, not any "data"
        folders.append(REPOSITORY_DATA)
    return folders


def data_folder():
    """The first folder of data_folders() that exists."""
    folders = data_folders()
    return next((f for f in folders if f.is_dir()), folders[0])


class Dataset(NamedTuple):
    train_x: np.ndarray  # (m_train, h, w[, c]) as stored, e.g. uint8 images
    train_y: np.ndarray  # (1, m_train) labels 0/1
    test_x: np.ndarray  # (m_test, h, w[, c])
    test_y: np.ndarray  # (1, m_test)
    classes: tuple  # class names, index = label


def available_datasets(data_dir=None):
    """The names NAME with both train_NAME.h5 and test_NAME.h5 in the data folder."""
    folder = Path(data_dir) if data_dir is not None else data_folder()
    train = {p.name[6:-3] for p in folder.glob("train_*.h5")}
    return sorted(n for n in train if (folder / f"test_{n}.h5").is_file())


def load_dataset(name, data_dir=None):
    """Read train_{name}.h5 and test_{name}.h5 in the layout of the classic Coursera files.

    Each file holds "{split}_set_x" (m, h, w[, c]), "{split}_set_y" (m,) and "list_classes";
    so the series' train_catvnoncat.h5 / test_catvnoncat.h5, dropped into the data folder, load
    with load_dataset("catvnoncat").

    Returns
    -------
    Dataset(train_x, train_y, test_x, test_y, classes)
        Images as stored; labels as (1, m) rows; classes as a tuple of str.
    """
    if not isinstance(name, str) or not name or "/" in name or "\\" in name:
        raise ValueError(
            f"load_dataset: name must be a data set's name such as 'digits', got {name!r}"
        )
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(
            f"load_dataset: data_dir must be a folder name, got {type(data_dir).__name__}"
        )
    folder = Path(data_dir) if data_dir is not None else data_folder()
    train_x, train_y, classes = _read(folder, name, "train")
    test_x, test_y, test_classes = _read(folder, name, "test")
    if train_x.shape[1:] != test_x.shape[1:] or train_x.dtype != test_x.dtype:
        raise ValueError(
            f"load_dataset: train_{name}.h5 holds examples of shape {train_x.shape[1:]} "
            f"({train_x.dtype}) but test_{name}.h5 holds {test_x.shape[1:]} ({test_x.dtype})"
        )
    if classes != test_classes:
        raise ValueError(
            f"load_dataset: train_{name}.h5 names the classes {list(classes)} but "
            f"test_{name}.h5 names them {list(test_classes)}"
        )
    return Dataset(train_x, train_y, test_x, test_y, classes)


def _missing(folder, name, path):
    if (folder / f"train_{name}.h5").is_file() or (folder / f"test_{name}.h5").is_file():
        return (
            f"load_dataset: no file {path}: a data set needs both train_{name}.h5 "
            f"and test_{name}.h5"
        )
    searched = [str(folder)] if folder not in data_folders() else [str(f) for f in data_folders()]
    there = available_datasets(folder) if folder.is_dir() else []
    return (
        f"load_dataset: no data set {name!r}: train_{name}.h5 and test_{name}.h5 are not in "
        f"{' or '.join(searched)} (the shipped sets are found in the package's datasets/ or "
        f"the repository's data/; set DNN_DATA_DIR or pass data_dir to read others). "
        f"Available there: {', '.join(there) or 'none'}"
    )


def _dataset(f, path, key, ranks, kinds):
    """f[key] if it is a plain dataset stored in the file with a sane declared shape."""
    link = f.get(key, getlink=True)
    if link is None:
        raise ValueError(f"{path}: it has no {key!r}; it has {sorted(f.keys())}")
    if not isinstance(link, h5py.HardLink):
        raise ValueError(f"{path}: {key!r} is a {type(link).__name__}, not data stored in the file")
    d = f[key]
    if not isinstance(d, h5py.Dataset):
        raise ValueError(f"{path}: {key!r} is a {type(d).__name__}, not a dataset")
    if d.is_virtual or d.external:
        raise ValueError(f"{path}: {key!r} is stored outside the file (external or virtual)")
    if d.ndim not in ranks:
        raise ValueError(f"{path}: {key!r} has shape {d.shape}; it needs {ranks[0]} dimensions")
    if d.dtype.kind not in kinds:
        raise ValueError(f"{path}: {key!r} has dtype {d.dtype}, which is not allowed here")
    if d.size > MAX_ELEMENTS:
        raise ValueError(f"{path}: {key!r} declares {d.size:,} elements, more than this reads")
    return d


def _read(folder, name, split):
    path = folder / f"{split}_{name}.h5"
    if not path.is_file():
        raise ValueError(_missing(folder, name, path))
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    try:
        with h5py.File(path, "r") as f:
            dx = _dataset(f, path, x_key, (2, 3, 4), "uif")
            dy = _dataset(f, path, y_key, (1, 2), "biuf")
            dc = _dataset(f, path, "list_classes", (1,), "SUO")
            if dx.shape[0] == 0 or dy.size != dx.shape[0]:
                raise ValueError(
                    f"{path}: {y_key!r} has shape {dy.shape} for {dx.shape[0]} examples; "
                    "it needs one label per example"
                )
            if dc.shape[0] != 2:
                raise ValueError(f"{path}: 'list_classes' holds {dc.shape[0]} names; it needs 2")
            x, y, classes = dx[()], dy[()].reshape(-1), dc[()]
    except ValueError as e:
        raise ValueError(f"load_dataset: {e}") from None
    except Exception as e:  # h5py raises OSError, KeyError, RuntimeError, ... on broken files
        raise ValueError(
            f"load_dataset: {path} is not a readable HDF5 data file ({type(e).__name__}: {e})"
        ) from None
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError(f"load_dataset: {path}: {x_key!r} contains NaN or inf")
    if x.dtype.kind in "iu" and x.dtype != np.uint8:
        raise ValueError(f"load_dataset: {path}: {x_key!r} has dtype {x.dtype}; pixels are uint8")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"load_dataset: {path}: {y_key!r} must hold labels 0 and 1 only")
    try:
        names = tuple(c.decode() if isinstance(c, bytes) else str(c) for c in classes)
    except UnicodeDecodeError:
        raise ValueError(f"load_dataset: {path}: 'list_classes' is not text") from None
    return x, y.reshape(1, -1).astype(np.int64), names


def read_model(path, format):
    """Settings, parameters, costs and iterations of a model file written by save."""
    func = "DeepNeuralNetwork.load"
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{func}: path must be a file name, got {type(path).__name__}")
    if not Path(path).is_file():
        raise ValueError(f"{func}: no file {path}")
    try:
        with h5py.File(path, "r") as f:
            attrs = {}
            for key in (
                "format",
                "layer_dims",
                "learning_rate",
                "lambd",
                "seed",
                "dtype",
                "iterations",
            ):
                if key not in f.attrs:
                    raise ValueError(f"{path} is not a saved DeepNeuralNetwork (no {key!r})")
                attrs[key] = f.attrs[key]
            fmt = attrs["format"]
            if not isinstance(fmt, str) or fmt != format:
                raise ValueError(f"{path} is not a saved DeepNeuralNetwork (format {fmt!r})")
            dims = np.asarray(attrs["layer_dims"])
            if dims.ndim != 1 or dims.dtype.kind not in "iu" or not 2 <= dims.size <= 100:
                raise ValueError(f"{path}: layer_dims {dims!r} is not a list of sizes")
            dims = [int(n) for n in dims]
            settings = (
                dims,
                float(attrs["learning_rate"]),
                float(attrs["lambd"]),
                int(attrs["seed"]),
                str(attrs["dtype"]),
            )
            parameters = {}
            for l in range(1, len(dims)):
                for key, needed in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
                    d = _dataset(f, path, f"parameters/{key}", (2,), "f")
                    if d.shape != needed:
                        raise ValueError(
                            f"{path}: {key} has shape {d.shape}; layer_dims {dims} need {needed}"
                        )
                    parameters[key] = d[()]
            costs = _dataset(f, path, "costs", (1,), "f")[()].tolist()
            iterations = int(attrs["iterations"])
    except ValueError as e:
        raise ValueError(f"{func}: {e}") from None
    except Exception as e:
        raise ValueError(
            f"{func}: {path} is not a readable saved network ({type(e).__name__}: {e})"
        ) from None
    dtype = require.float_dtype(func, settings[4])
    for key, value in parameters.items():
        require.finite(func, f"{path}: {key}", value)
        parameters[key] = value.astype(dtype)
    require.count(func, "iterations", iterations)
    return settings, parameters, costs, iterations


def flatten_images(images, dtype=np.float64):
    """Images (m, h, w[, c]) → X (h·w·c, m), one example per column.  Equation: eq-flatten.

    uint8 pixels are divided by 255 (to [0, 1]); a floating table such as (m, 2) coordinates
    is only transposed and cast. Each column is one image raveled in C order (row, column,
    channel), as the series' CSV files store it; X is a C-contiguous copy.
    """
    dtype = require.flatten_images(images, dtype)
    X = np.array(images.reshape(images.shape[0], -1).T, dtype=dtype, order="C")  # a copy
    if images.dtype == np.uint8:
        X /= 255  # (eq-flatten)
    return X
