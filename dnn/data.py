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
    train_path, test_path = folder / f"train_{name}.h5", folder / f"test_{name}.h5"
    if train_x.shape[1:] != test_x.shape[1:] or train_x.dtype != test_x.dtype:
        raise ValueError(
            f"load_dataset: {train_path} holds examples of shape {train_x.shape[1:]} "
            f"({train_x.dtype}) but {test_path} holds {test_x.shape[1:]} ({test_x.dtype})"
        )
    if classes != test_classes:
        raise ValueError(
            f"load_dataset: {train_path} names the classes {list(classes)} but "
            f"{test_path} names them {list(test_classes)}"
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


# HDF5 types read from untrusted files: only the standard ones (a corrupt type description can
# claim any precision), and never variable-length strings: reading one follows a pointer into the
# file's global heap, and HDF5 loops forever on some corrupt heaps (the fuzzer found it).
_H5T = h5py.h5t
_STANDARD = {
    "f": [_H5T.IEEE_F32LE, _H5T.IEEE_F32BE, _H5T.IEEE_F64LE, _H5T.IEEE_F64BE],
    "i": [_H5T.STD_I8LE, _H5T.STD_I16LE, _H5T.STD_I32LE, _H5T.STD_I64LE]
    + [_H5T.STD_I8BE, _H5T.STD_I16BE, _H5T.STD_I32BE, _H5T.STD_I64BE],
    "u": [_H5T.STD_U8LE, _H5T.STD_U16LE, _H5T.STD_U32LE, _H5T.STD_U64LE]
    + [_H5T.STD_U8BE, _H5T.STD_U16BE, _H5T.STD_U32BE, _H5T.STD_U64BE],
}
_STANDARD["b"] = [_H5T.NATIVE_INT8, _H5T.NATIVE_UINT8]  # h5py's bool is an enum of int8
MAX_TEXT = 64
"""Longest fixed-length string (a class name, the format, the dtype) read from a file."""


def _kind(t):
    """The NumPy kind of an HDF5 type: one of "fiubS", or None for anything else."""
    if isinstance(t, _H5T.TypeStringID):
        ok = not t.is_variable_str() and 0 < t.get_size() <= MAX_TEXT
        return "S" if ok else None
    if isinstance(t, _H5T.TypeEnumID) and t.get_nmembers() == 2:  # h5py's bool
        return "b" if t.get_super() in _STANDARD["b"] else None
    for kind, types in _STANDARD.items():
        if kind != "b" and any(t == standard for standard in types):
            return kind
    return None


def _describe(t):
    if isinstance(t, _H5T.TypeStringID) and t.is_variable_str():
        return "variable-length strings (only fixed-length ones are read)"
    names = {
        _H5T.INTEGER: "integers",
        _H5T.FLOAT: "floats",
        _H5T.STRING: "strings",
        _H5T.OPAQUE: "opaque bytes (such as a pickle, never read)",
        _H5T.COMPOUND: "records (a compound type)",
        _H5T.REFERENCE: "references",
        _H5T.ENUM: "an enumeration",
        _H5T.VLEN: "variable-length sequences",
        _H5T.ARRAY: "array elements",
    }
    what = names.get(t.get_class(), f"HDF5 type class {t.get_class()}")
    return f"{what} of {t.get_size()} bytes each, which is not allowed here"


def _dataset(f, path, key, ranks, kinds):
    """f[key] if it is a plain dataset stored in the file with a sane declared shape."""
    parent, _, leaf = key.rpartition("/")
    if parent:
        _group(f, path, parent)
    link = f.get(key, getlink=True)
    if link is None:
        where = f[parent] if parent else f
        raise ValueError(f"{path}: it has no {key!r}; it has {sorted(where.keys())}")
    if not isinstance(link, h5py.HardLink):
        raise ValueError(
            f"{path}: {key!r} is a link ({type(link).__name__}), not data stored in the file"
        )
    d = f[key]
    if not isinstance(d, h5py.Dataset):
        raise ValueError(f"{path}: {key!r} is a {type(d).__name__}, not a dataset")
    if d.is_virtual or d.external:
        raise ValueError(f"{path}: {key!r} is stored outside the file (external or virtual)")
    kind = _kind(d.id.get_type())
    if kind is None or kind not in kinds:
        raise ValueError(f"{path}: {key!r} holds {_describe(d.id.get_type())}")
    if d.ndim not in ranks:
        raise ValueError(f"{path}: {key!r} has shape {d.shape}; it needs {ranks[0]} dimensions")
    if d.size > MAX_ELEMENTS:
        raise ValueError(f"{path}: {key!r} declares {d.size:,} elements, more than this reads")
    return d


def _group(f, path, key):
    link = f.get(key, getlink=True)
    if link is None:
        raise ValueError(f"{path}: it has no group {key!r}")
    if not isinstance(link, h5py.HardLink) or not isinstance(f[key], h5py.Group):
        raise ValueError(f"{path}: {key!r} is not a group stored in the file")


def _read_dataset(d, dtype):
    """The whole of dataset d converted by HDF5 to `dtype` (after _dataset's checks)."""
    out = np.empty(d.shape, dtype=dtype)
    if out.size:
        d.read_direct(out)
    return out


def _attribute(f, path, key, kind, shape=()):
    """A file attribute read with the low-level API after checking its type and shape.

    kind "S": a fixed-length string, returned as str; "i": integers; "f": floats (as int64 or
    float64 arrays of the attribute's shape; shape () or (None,) for one or a list).
    """
    name = key.encode()
    if not h5py.h5a.exists(f.id, name):
        raise ValueError(f"{path} is not a saved DeepNeuralNetwork (no {key!r} setting)")
    a = h5py.h5a.open(f.id, name)
    t = a.get_type()
    found = _kind(t)
    if found != kind and not (kind == "i" and found == "u"):
        raise ValueError(f"{path}: the setting {key!r} holds {_describe(t)}")
    if len(a.shape) != len(shape) or (shape and not 2 <= a.shape[0] <= 100):
        raise ValueError(f"{path}: the setting {key!r} has shape {a.shape}")
    if kind == "S":
        out = np.zeros(a.shape, dtype=f"S{t.get_size()}")
        a.read(out, mtype=_H5T.py_create(out.dtype))
        try:
            return out[()].decode("ascii")
        except UnicodeDecodeError:
            raise ValueError(f"{path}: the setting {key!r} is not ASCII text") from None
    out = np.zeros(a.shape, dtype=np.int64 if kind == "i" else np.float64)
    a.read(out)
    return out


def _read(folder, name, split):
    path = folder / f"{split}_{name}.h5"
    if not path.is_file():
        raise ValueError(_missing(folder, name, path))
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    try:
        with h5py.File(path, "r") as f:
            dx = _dataset(f, path, x_key, (2, 3, 4), "iuf")
            dy = _dataset(f, path, y_key, (1, 2), "biuf")
            dc = _dataset(f, path, "list_classes", (1,), "S")
            if dx.shape[0] == 0:
                raise ValueError(f"{path}: {x_key!r} has shape {dx.shape}: no examples")
            if 0 in dx.shape:
                raise ValueError(f"{path}: {x_key!r} has shape {dx.shape}: empty examples")
            if dy.size != dx.shape[0] or (dy.ndim == 2 and 1 not in dy.shape):
                raise ValueError(
                    f"{path}: {y_key!r} has shape {dy.shape} for {dx.shape[0]} examples; "
                    "it needs one label per example"
                )
            if dc.shape[0] != 2:
                raise ValueError(f"{path}: 'list_classes' holds {dc.shape[0]} names; it needs 2")
            x_dtype = dx.dtype
            if x_dtype.kind in "iu" and x_dtype != np.uint8:
                raise ValueError(f"{path}: {x_key!r} has dtype {x_dtype}; pixels are uint8")
            x = _read_dataset(dx, "u1" if x_dtype.kind == "u" else f"f{x_dtype.itemsize}")
            y = _read_dataset(dy, np.float64).reshape(-1)
            classes = _read_dataset(dc, dc.dtype)
    except ValueError as e:
        message = str(e)
        if str(path) not in message:  # raised by h5py or NumPy, not by the checks above
            message = f"{path} is not a readable HDF5 data file ({message})"
        raise ValueError(f"load_dataset: {message}") from None
    except Exception as e:  # h5py raises OSError, KeyError, RuntimeError, ... on broken files
        raise ValueError(
            f"load_dataset: {path} is not a readable HDF5 data file ({type(e).__name__}: {e})"
        ) from None
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError(f"load_dataset: {path}: {x_key!r} contains NaN or inf")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"load_dataset: {path}: {y_key!r} must hold labels 0 and 1 only")
    try:
        names = tuple(c.decode("utf-8") for c in classes)
    except UnicodeDecodeError:
        raise ValueError(f"load_dataset: {path}: 'list_classes' is not UTF-8 text") from None
    if any(not n.strip() or not n.isprintable() for n in names) or names[0] == names[1]:
        raise ValueError(
            f"load_dataset: {path}: 'list_classes' must hold two different printable names, "
            f"got {list(names)}"
        )
    return x, y.reshape(1, -1).astype(np.int64), names


MAX_PARAMETERS = require.MAX_PARAMETERS


def read_model(path, format):
    """Settings, parameters, costs, iterations and extras of a model file written by save.

    extras: {"final_cost": float or None, "init": str or None}, both optional in the file (files
    written before they existed load with None); when present they are checked like the rest.

    Every setting's type and shape and every array's shape are checked against layer_dims
    before any array is read; nothing is built here (load makes the model from the result).
    """
    func = "DeepNeuralNetwork.load"
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{func}: path must be a file name, got {type(path).__name__}")
    if not Path(path).is_file():
        raise ValueError(f"{func}: no file {path}")
    try:
        with h5py.File(path, "r") as f:
            fmt = _attribute(f, path, "format", "S")
            if fmt != format:
                raise ValueError(f"{path} is not a saved DeepNeuralNetwork (format {fmt!r})")
            dims = [int(n) for n in _attribute(f, path, "layer_dims", "i", shape=(None,))]
            if min(dims) < 1 or dims[-1] != 1:
                raise ValueError(f"{path}: layer_dims {dims} is not a list of sizes ending in 1")
            count = sum(n * (p + 1) for p, n in zip(dims, dims[1:]))
            if count > MAX_PARAMETERS:
                raise ValueError(
                    f"{path}: layer_dims {dims} means {count:,} parameters, more than this reads"
                )
            settings = (
                dims,
                float(_attribute(f, path, "learning_rate", "f")),
                float(_attribute(f, path, "lambd", "f")),
                int(_attribute(f, path, "seed", "i")),
                _attribute(f, path, "dtype", "S"),
            )
            iterations = int(_attribute(f, path, "iterations", "i"))
            extras = {"final_cost": None, "init": None}
            if h5py.h5a.exists(f.id, b"final_cost"):
                extras["final_cost"] = float(_attribute(f, path, "final_cost", "f"))
                if not np.isfinite(extras["final_cost"]) or extras["final_cost"] < 0:
                    raise ValueError(f"{path}: final_cost {extras['final_cost']} is not a cost")
            if h5py.h5a.exists(f.id, b"init"):
                extras["init"] = _attribute(f, path, "init", "S")
                if extras["init"] not in ("dnn", "series"):
                    raise ValueError(f"{path}: init {extras['init']!r} is not 'dnn' or 'series'")
            _group(f, path, "parameters")
            expected = {f"W{l}" for l in range(1, len(dims))} | {
                f"b{l}" for l in range(1, len(dims))
            }
            if set(f["parameters"].keys()) != expected:
                raise ValueError(
                    f"{path}: parameters holds {sorted(f['parameters'].keys())}; layer_dims "
                    f"{dims} need {sorted(expected)}"
                )
            found = {}
            for l in range(1, len(dims)):
                for key, needed in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
                    d = _dataset(f, path, f"parameters/{key}", (2,), "f")
                    if d.shape != needed:
                        raise ValueError(
                            f"{path}: {key} has shape {d.shape}; layer_dims {dims} need {needed}"
                        )
                    found[key] = d
            dc = _dataset(f, path, "costs", (1,), "f")
            if dc.shape[0] > max(iterations, 1) + 1:
                raise ValueError(
                    f"{path}: 'costs' holds {dc.shape[0]} values for {iterations} iterations"
                )
            if settings[4] not in ("float32", "float64"):
                raise ValueError(f"{path}: dtype {settings[4]!r} is not float32 or float64")
            dtype = np.dtype(settings[4])
            parameters = {key: _read_dataset(d, dtype) for key, d in found.items()}
            costs = _read_dataset(dc, np.float64).tolist()
    except ValueError as e:
        message = str(e)
        if str(path) not in message:  # raised by h5py or NumPy, not by the checks above
            message = f"{path} is not a readable saved network ({message})"
        elif message.startswith(func):
            message = message[len(func) + 2 :]
        raise ValueError(f"{func}: {message}") from None
    except Exception as e:
        raise ValueError(
            f"{func}: {path} is not a readable saved network ({type(e).__name__}: {e})"
        ) from None
    for key, value in parameters.items():
        require.finite(func, f"{path}: {key}", value)
    if not all(np.isfinite(costs)):
        raise ValueError(f"{func}: {path}: 'costs' contains NaN or inf")
    try:
        require.model(*settings)
        require.count(func, "iterations", iterations)
    except (ValueError, TypeError) as e:
        raise ValueError(f"{func}: {path}: {str(e).split(': ', 1)[-1]}") from None
    return settings, parameters, costs, iterations, extras


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
