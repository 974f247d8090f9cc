"""load_dataset and flatten_images (chapter "Training on images").

The files are written here with h5py in the classic Coursera layout (train_set_x (m, h, w, c)
uint8, train_set_y (m,) int64, list_classes), small enough to check every value.
"""

import h5py
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import dnn


def images(m, h, w, c=None, seed=0):
    shape = (m, h, w) if c is None else (m, h, w, c)
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


def write_toy(data_dir, name="toy", m_train=5, m_test=3, c=3, classes=(b"non-cat", b"cat")):
    train_x, test_x = images(m_train, 4, 2, c, seed=1), images(m_test, 4, 2, c, seed=2)
    train_y = np.array([1, 0, 0, 1, 1][:m_train], dtype=np.int64)
    test_y = np.array([0, 1, 1][:m_test], dtype=np.int64)
    with h5py.File(data_dir / f"train_{name}.h5", "w") as f:
        f["train_set_x"] = train_x
        f["train_set_y"] = train_y
        f["list_classes"] = np.array(classes)
    with h5py.File(data_dir / f"test_{name}.h5", "w") as f:
        f["test_set_x"] = test_x
        f["test_set_y"] = test_y
        f["list_classes"] = np.array(classes)
    return train_x, train_y, test_x, test_y


def as_text(c):
    return c.decode() if isinstance(c, (bytes, np.bytes_)) else str(c)


# ---------------------------------------------------------------- load_dataset


@pytest.mark.parametrize("as_str", [False, True], ids=["Path", "str"])
def test_load_dataset_classic_layout(tmp_path, as_str):
    train_x, train_y, test_x, test_y = write_toy(tmp_path)
    ds = dnn.load_dataset("toy", data_dir=str(tmp_path) if as_str else tmp_path)
    assert isinstance(ds, dnn.Dataset)
    assert dnn.Dataset._fields == ("train_x", "train_y", "test_x", "test_y", "classes")
    # images come back as stored: (m, h, w, c) uint8, values unchanged
    assert ds.train_x.shape == (5, 4, 2, 3) and ds.train_x.dtype == np.uint8
    assert ds.test_x.shape == (3, 4, 2, 3) and ds.test_x.dtype == np.uint8
    assert_array_equal(ds.train_x, train_x)
    assert_array_equal(ds.test_x, test_x)
    # labels become (1, m) rows, same values, an integer or bool dtype
    assert ds.train_y.shape == (1, 5)
    assert ds.test_y.shape == (1, 3)
    assert_array_equal(ds.train_y, [[1, 0, 0, 1, 1]])
    assert_array_equal(ds.test_y, [[0, 1, 1]])
    assert ds.train_y.dtype.kind in "iub"
    # classes in file order; bytes or str both fine
    assert [as_text(c) for c in ds.classes] == ["non-cat", "cat"]


def test_load_dataset_grayscale(tmp_path):
    train_x, _, test_x, _ = write_toy(tmp_path, name="gray", c=None)
    ds = dnn.load_dataset("gray", data_dir=tmp_path)
    assert ds.train_x.shape == (5, 4, 2)
    assert_array_equal(ds.train_x, train_x)
    assert_array_equal(ds.test_x, test_x)


def test_load_dataset_then_flatten_then_fit(tmp_path):
    # the whole path a chapter takes: files -> flatten -> a network
    write_toy(tmp_path)
    ds = dnn.load_dataset("toy", data_dir=tmp_path)
    X = dnn.flatten_images(ds.train_x)
    assert X.shape == (4 * 2 * 3, 5)
    model = dnn.DeepNeuralNetwork([24, 3, 1]).fit(X, ds.train_y, 10)
    assert model.predict(dnn.flatten_images(ds.test_x)).shape == (1, 3)


def test_load_dataset_does_not_keep_files_open(tmp_path):
    write_toy(tmp_path)
    dnn.load_dataset("toy", data_dir=tmp_path)
    # h5py refuses to open a file for writing while another handle holds it open
    for which in ("train", "test"):
        with h5py.File(tmp_path / f"{which}_toy.h5", "a") as f:
            f.attrs["touched"] = 1


# ---------------------------------------------------------------- flatten_images


def test_flatten_images_shape_scale_and_order():
    imgs = images(3, 4, 2, 3, seed=5)  # (m, h, w, c)
    X = dnn.flatten_images(imgs)
    assert X.shape == (4 * 2 * 3, 3)
    assert X.dtype == np.float64
    for j in range(3):
        # column j = image j read in C order (row, column, channel), divided by 255
        expected = [
            imgs[j, r, col, ch] / 255.0 for r in range(4) for col in range(2) for ch in range(3)
        ]
        assert_allclose(X[:, j], expected, rtol=1e-15)
    assert X.min() >= 0.0 and X.max() <= 1.0


def test_flatten_images_by_hand():
    imgs = np.zeros((2, 1, 2, 2), dtype=np.uint8)  # two 1x2 images, 2 channels
    imgs[0] = [[[255, 0], [51, 102]]]
    imgs[1] = [[[0, 255], [255, 0]]]
    X = dnn.flatten_images(imgs)
    # image 0 raveled (r, c, ch): 255, 0, 51, 102 -> 1, 0, 0.2, 0.4
    assert_allclose(X, [[1.0, 0.0], [0.0, 1.0], [0.2, 1.0], [0.4, 0.0]], rtol=1e-15)


def test_flatten_images_extremes_exact():
    imgs = np.array([[[0, 255]]], dtype=np.uint8)  # (1, 1, 2) grayscale
    X = dnn.flatten_images(imgs)
    assert X.shape == (2, 1)
    assert X[0, 0] == 0.0 and X[1, 0] == 1.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_flatten_images_dtype_option(dtype):
    imgs = images(2, 3, 3, 3, seed=6)
    X = dnn.flatten_images(imgs, dtype=dtype)
    assert X.dtype == dtype
    assert X.shape == (27, 2)
    assert_allclose(
        X[:, 1],
        imgs[1].reshape(-1).astype(np.float64) / 255.0,
        rtol=1e-7 if dtype == np.float32 else 1e-15,
    )


def test_flatten_images_grayscale():
    imgs = images(4, 3, 5, seed=7)  # (m, h, w), no channel axis
    X = dnn.flatten_images(imgs)
    assert X.shape == (15, 4)
    assert_allclose(
        X[:, 2], [imgs[2, r, c] / 255.0 for r in range(3) for c in range(5)], rtol=1e-15
    )


def test_flatten_images_float_table_is_not_rescaled():
    # a (m, 2) table of coordinates: one example per row -> one per column, values kept
    pts = np.array([[0.5, 2.0], [3.0, -1.0], [-7.25, 0.0]])
    X = dnn.flatten_images(pts)
    assert X.shape == (2, 3)
    assert X.dtype == np.float64
    assert_array_equal(X, [[0.5, 3.0, -7.25], [2.0, -1.0, 0.0]])
    X32 = dnn.flatten_images(pts, dtype=np.float32)
    assert X32.dtype == np.float32
    assert_array_equal(X32, np.array([[0.5, 3.0, -7.25], [2.0, -1.0, 0.0]], dtype=np.float32))


def test_flatten_images_does_not_modify_input_and_copies():
    imgs = images(2, 2, 2, 3, seed=8)
    before = imgs.copy()
    X = dnn.flatten_images(imgs)
    X[:] = 0.0
    assert_array_equal(imgs, before)
    pts = np.array([[0.5, 2.0], [3.0, -1.0]])
    P = dnn.flatten_images(pts)
    P[:] = 9.0
    assert_array_equal(pts, [[0.5, 2.0], [3.0, -1.0]])


@pytest.mark.parametrize("shape", [(1, 2), (3, 1), (1, 1), (3, 2)])
def test_flatten_images_float_result_never_aliases_input(shape):
    # a one-example or one-feature table transposes to a contiguous array: returning that
    # view would let `X -= X.mean()` on the result change the caller's data
    pts = np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape)
    X = dnn.flatten_images(pts)
    assert X.shape == (shape[1], shape[0])
    assert not np.shares_memory(X, pts)
    X -= 100.0
    assert_array_equal(pts, np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape))
