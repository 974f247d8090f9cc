"""Loading the image data sets: the classic HDF5 layout, one example per column.

Chapters "Forward propagation" (chapters/02_forward.ipynb: data as columns, eq-flatten)
and "Training and testing on images" (chapters/09_training.ipynb).
"""

from pathlib import Path
from typing import NamedTuple

import h5py
import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The repository's data/ folder, where the shipped files live."""


class Dataset(NamedTuple):
    train_x: np.ndarray  # (m_train, h, w[, c]) as stored, e.g. uint8 images
    train_y: np.ndarray  # (1, m_train) labels 0/1
    test_x: np.ndarray  # (m_test, h, w[, c])
    test_y: np.ndarray  # (1, m_test)
    classes: tuple  # class names, index = label


def load_dataset(name, data_dir=None):
    """Read train_{name}.h5 and test_{name}.h5 in the layout of the classic Coursera files.

    Each file holds "{split}_set_x" (m, h, w[, c]), "{split}_set_y" (m,) and "list_classes";
    so the series' train_catvnoncat.h5 / test_catvnoncat.h5, dropped into data/, load with
    load_dataset("catvnoncat").

    Returns
    -------
    Dataset(train_x, train_y, test_x, test_y, classes)
        Images as stored; labels as (1, m) rows; classes as a tuple of str.
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    train_x, train_y, classes = _read(folder / f"train_{name}.h5", "train")
    test_x, test_y, _ = _read(folder / f"test_{name}.h5", "test")
    if train_x.shape[1:] != test_x.shape[1:]:
        raise ValueError(f"load_dataset: train_{name}.h5 holds examples of shape {train_x.shape[1:]} "
                         f"but test_{name}.h5 holds {test_x.shape[1:]}")
    return Dataset(train_x, train_y, test_x, test_y, classes)


def _read(path, split):
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    if not path.is_file():
        raise ValueError(f"load_dataset: no file {path}; the data sets live in {DATA_DIR} "
                         "(see data/README.md)")
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in (x_key, y_key, "list_classes") if k not in f]
            if missing:
                raise ValueError(f"load_dataset: {path} has no {missing}; it has {sorted(f.keys())} "
                                 f"(the classic layout has {x_key}, {y_key}, list_classes)")
            x, y, classes = f[x_key][()], f[y_key][()], f["list_classes"][()]
    except OSError as e:
        raise ValueError(f"load_dataset: {path} is not a readable HDF5 file ({e})") from None
    if y.ndim != 1 or len(y) != len(x) or not np.isin(y, (0, 1)).all():
        raise ValueError(f"load_dataset: {path}: {y_key} must be {len(x)} labels 0/1 of shape "
                         f"({len(x)},), got shape {y.shape}")
    names = tuple(c.decode() if isinstance(c, bytes) else str(c) for c in np.ravel(classes))
    return x, y.reshape(1, -1), names


def flatten_images(images, dtype=np.float64):
    """Images (m, h, w[, c]) -> X of shape (h·w·c, m), one example per column.  Equation: eq-flatten.

    uint8 pixels are divided by 255 (to [0, 1]); a floating table such as (m, 2) coordinates
    is only transposed and cast. Each column is one image raveled in C order (row, column,
    channel), as the series' CSV files store it; X is C-contiguous.
    """
    if not isinstance(images, np.ndarray) or images.ndim < 2:
        got = images.shape if isinstance(images, np.ndarray) else type(images).__name__
        raise ValueError(f"flatten_images: images must be an array (m, h, w[, c]) or (m, n), got {got}")
    if images.shape[0] == 0:
        raise ValueError(f"flatten_images: images has shape {images.shape}; it holds no example")
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"flatten_images: dtype must be float32 or float64, got {dtype}")
    X = np.array(images.reshape(images.shape[0], -1).T, dtype=dtype, order="C")  # a copy
    if images.dtype == np.uint8:
        X /= 255  # (eq-flatten)
    elif images.dtype.kind != "f":
        raise TypeError(f"flatten_images: images has dtype {images.dtype}; "
                        "it must be uint8 pixels or floating values")
    return X
