"""Checks of the shipped data sets in data/ (see data/README.md).

The files are read with h5py directly, not through `dnn`, so that these tests check the files
and nothing else. The rebuild tests run data/build_data.py into a temporary folder and compare
hashes: the moons need only NumPy and h5py, the digits need scikit-learn (skipped without it).
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SCRIPT = DATA / "build_data.py"

DIGITS_CLASSES = [b"even", b"odd"]
MOONS_CLASSES = [b"lower", b"upper"]
# file: (prefix of its keys, shape of x, dtype of x, list_classes, (count of 0s, count of 1s))
SPEC = {
    "train_digits.h5": ("train", (1297, 8, 8), np.uint8, DIGITS_CLASSES, (641, 656)),
    "test_digits.h5": ("test", (500, 8, 8), np.uint8, DIGITS_CLASSES, (250, 250)),
    "train_moons.h5": ("train", (300, 2), np.float64, MOONS_CLASSES, (150, 150)),
    "test_moons.h5": ("test", (200, 2), np.float64, MOONS_CLASSES, (100, 100)),
}
# round(v * 255 / 16) for v = 0..16: the only pixel values the digits may hold
DIGIT_PIXELS = {0, 16, 32, 48, 64, 80, 96, 112, 128, 143, 159, 175, 191, 207, 223, 239, 255}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_sums():
    sums = {}
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        sums[name.lstrip("*")] = digest
    return sums


def read(name):
    """{key: array} of one shipped file."""
    with h5py.File(DATA / name, "r") as f:
        return {key: f[key][()] for key in f}


def test_sha256sums_lists_exactly_the_four_files():
    assert sorted(read_sums()) == sorted(SPEC)


@pytest.mark.parametrize("name", sorted(SPEC))
def test_file_matches_its_hash(name):
    sums = read_sums()
    assert name in sums, f"{name} is not in data/SHA256SUMS"
    assert (DATA / name).is_file(), f"data/{name} is missing"
    assert sha256(DATA / name) == sums[name], f"data/{name} differs from data/SHA256SUMS"


def test_readme_lists_the_same_hashes():
    readme = (DATA / "README.md").read_text()
    for name, digest in read_sums().items():
        rows = [line for line in readme.splitlines() if f"`{name}`" in line and digest in line]
        assert rows, f"data/README.md has no line with `{name}` and its hash {digest}"
    stray = set(re.findall(r"\b[0-9a-f]{64}\b", readme)) - set(read_sums().values())
    assert not stray, f"data/README.md lists hashes that are not in SHA256SUMS: {stray}"


@pytest.mark.parametrize("name", sorted(SPEC))
def test_classic_layout(name):
    prefix, x_shape, x_dtype, classes, _ = SPEC[name]
    arrays = read(name)
    extra = [f"{prefix}_set_digit"] if "digits" in name else []  # the digits' 0..9
    assert sorted(arrays) == sorted([f"{prefix}_set_x", f"{prefix}_set_y", "list_classes", *extra])
    x, y = arrays[f"{prefix}_set_x"], arrays[f"{prefix}_set_y"]
    assert x.dtype == x_dtype and x.shape == x_shape
    assert y.dtype == np.int64 and y.shape == (x_shape[0],)
    assert arrays["list_classes"].dtype.kind == "S"
    assert arrays["list_classes"].tolist() == classes
    assert np.all(np.isfinite(x))


@pytest.mark.parametrize("name", sorted(SPEC))
def test_labels_are_0_or_1_with_the_documented_counts(name):
    prefix, _, _, _, counts = SPEC[name]
    y = read(name)[f"{prefix}_set_y"]
    assert set(np.unique(y).tolist()) <= {0, 1}
    assert (int(np.sum(y == 0)), int(np.sum(y == 1))) == counts


# The UCI digits as scikit-learn bundles them: images of each digit 0..9 (its DESCR lists
# 1,797 in all); the split takes 50 of each for the test set.
UCI_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


@pytest.mark.parametrize("name", ["train_digits.h5", "test_digits.h5"])
def test_digit_key_holds_each_images_digit_and_its_parity_is_the_label(name):
    prefix = SPEC[name][0]
    arrays = read(name)
    digit, y = arrays[f"{prefix}_set_digit"], arrays[f"{prefix}_set_y"]
    assert digit.dtype == np.int64 and digit.shape == y.shape
    assert np.array_equal(digit % 2, y)
    per_digit = np.bincount(digit, minlength=10).tolist()
    assert per_digit == ([50] * 10 if prefix == "test" else [c - 50 for c in UCI_COUNTS])


@pytest.mark.parametrize("name", ["train_digits.h5", "test_digits.h5"])
def test_digit_pixels_are_rescaled_0_to_16(name):
    x = read(name)[f"{SPEC[name][0]}_set_x"]
    assert set(np.unique(x).tolist()) <= DIGIT_PIXELS


@pytest.mark.parametrize("data_set", ["digits", "moons"])
def test_train_and_test_share_no_example(data_set):
    train = read(f"train_{data_set}.h5")["train_set_x"]
    test = read(f"test_{data_set}.h5")["test_set_x"]
    train_keys = {example.tobytes() for example in train}
    test_keys = {example.tobytes() for example in test}
    assert len(train_keys) == len(train), f"train_{data_set}.h5 holds an example twice"
    assert len(test_keys) == len(test), f"test_{data_set}.h5 holds an example twice"
    shared = train_keys & test_keys
    assert not shared, f"{len(shared)} example(s) of test_{data_set}.h5 are also in train"


def rebuild(tmp_path, *args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_rebuilt_files_match(tmp_path, names):
    sums = read_sums()
    for name in names:
        assert sha256(tmp_path / name) == sums[name], (
            f"rebuilt {name} differs from data/SHA256SUMS (h5py {h5py.__version__}, "
            f"HDF5 {h5py.version.hdf5_version}, NumPy {np.__version__}; the shipped files were "
            "built with h5py 3.16.0, HDF5 2.0.0, NumPy 2.4.6)"
        )


def test_rebuilding_the_moons_gives_the_same_bytes(tmp_path):
    result = rebuild(tmp_path, "--only", "moons")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test_moons.h5", "train_moons.h5"]
    assert_rebuilt_files_match(tmp_path, ["train_moons.h5", "test_moons.h5"])


def test_rebuilding_the_digits_gives_the_same_bytes(tmp_path):
    pytest.importorskip("sklearn")
    result = rebuild(tmp_path, "--only", "digits")
    assert result.returncode == 0, result.stderr
    assert_rebuilt_files_match(tmp_path, ["train_digits.h5", "test_digits.h5"])


def test_build_without_sklearn_says_what_to_install(tmp_path):
    out = tmp_path / "out"
    hide_sklearn = (
        "import runpy, sys; sys.modules['sklearn'] = None; "  # `import sklearn` now fails
        f"sys.argv = ['build_data.py', '--out', {str(out)!r}]; "
        f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide_sklearn],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "pip install scikit-learn" in result.stderr and "--only moons" in result.stderr
    assert not out.exists(), "nothing should be written when the digits cannot be built"
