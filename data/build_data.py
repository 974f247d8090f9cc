"""Rebuild the data sets shipped with the book, byte for byte.

    python data/build_data.py [--out DIR] [--only {digits,moons}]

writes, into DIR (by default the folder of this script):

* ``train_digits.h5`` / ``test_digits.h5`` -- scikit-learn's bundled copy of the UCI
  "Optical Recognition of Handwritten Digits" images (8x8), as a binary task:
  odd digit (1) against even digit (0);
* ``train_moons.h5`` / ``test_moons.h5`` -- two interleaving half-moons with Gaussian
  noise, a 2-D set for decision-boundary pictures, made with NumPy alone.

Both pairs use the layout of the classic Coursera cat files: the train file holds
``train_set_x``, ``train_set_y`` (int64) and ``list_classes`` (bytes); the test file
``test_set_x``, ``test_set_y`` and ``list_classes``.

The digits need scikit-learn (only for the images it bundles; tested with
scikit-learn 1.9.1); the moons need only NumPy and h5py. Every run writes the same bytes:
the random choices come from ``numpy.random.default_rng`` with fixed seeds, and the HDF5
files carry no timestamps (``track_times=False``) and use the oldest, most stable file
format (``libver="earliest"``), uncompressed. After writing, the script compares each
file with ``SHA256SUMS`` beside it and says whether it matches. See ``README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent

DIGITS_SEED = 0  # seed of the train/test split of the digits
DIGITS_TEST_PER_DIGIT = 50  # 50 test images of each digit 0..9: 500 test images
DIGITS_CLASSES = [b"even", b"odd"]  # label 0 = even digit, 1 = odd digit

MOONS_SEED = 1  # seed of the moons generator (train drawn first, then test)
MOONS_N_TRAIN = 300
MOONS_N_TEST = 200
MOONS_NOISE = 0.15  # s.d. of the Gaussian noise on each coordinate (Bayes accuracy ~99%)
MOONS_CLASSES = [b"lower", b"upper"]  # label 0 = lower moon, 1 = upper moon

SKLEARN_MISSING = (
    "build_data.py: building the digits files needs scikit-learn, which bundles the "
    "UCI handwritten digits (install it with `pip install scikit-learn==1.9.1`). "
    "The moons files need only NumPy and h5py: `python data/build_data.py --only moons`."
)


# --------------------------------------------------------------------------- digits


def digits_arrays():
    """Return (train_x, train_y, test_x, test_y, train_digit, test_digit) of the odd-vs-even
    digits task; the last two are the digit 0..9 of each image (int64), for error analysis.

    Pixels: scikit-learn's values 0..16 rescaled to uint8 0..255 as round(v * 255 / 16)
    (the only value whose product ends in .5 is v = 8 -> 127.5, which every rounding rule
    in use -- half to even, half up -- sends to 128).

    Split: for each digit 0..9 in turn, the indices of its images (in scikit-learn's order)
    are permuted with one ``default_rng(DIGITS_SEED)`` and the first 50 go to the test set.
    Both sets then keep scikit-learn's order (ascending index), which already interleaves
    the digits.
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(SKLEARN_MISSING) from exc

    digits = load_digits()
    values = np.asarray(digits.images)  # (1797, 8, 8) float64, whole numbers 0..16
    digit = np.asarray(digits.target)
    if values.shape != (1797, 8, 8) or values.min() < 0 or values.max() > 16:
        raise SystemExit(f"build_data.py: unexpected digits from scikit-learn: {values.shape}")
    if not np.array_equal(values, np.round(values)):
        raise SystemExit("build_data.py: scikit-learn's digits are no longer whole numbers")
    images = np.rint(values * 255.0 / 16.0).astype(np.uint8)
    labels = (digit % 2).astype(np.int64)  # 1 = odd, 0 = even

    rng = np.random.default_rng(DIGITS_SEED)
    is_test = np.zeros(len(digit), dtype=bool)
    for d in range(10):
        idx = rng.permutation(np.flatnonzero(digit == d))
        is_test[idx[:DIGITS_TEST_PER_DIGIT]] = True
    train, test = np.flatnonzero(~is_test), np.flatnonzero(is_test)
    digit = digit.astype(np.int64)
    return images[train], labels[train], images[test], labels[test], digit[train], digit[test]


# --------------------------------------------------------------------------- moons


def make_moons(n, rng, noise=MOONS_NOISE):
    """Two interleaving half-moons: n points (n//2 upper, the rest lower), shuffled.

    Upper moon (label 1): (cos t, sin t); lower moon (label 0): (1 - cos t, 0.5 - sin t);
    t uniform in [0, pi]; then N(0, noise^2) added to each coordinate.
    Draw order from ``rng``: t (n values), noise ((n, 2) values), the shuffling permutation.
    """
    n_upper = n // 2
    y = np.concatenate([np.ones(n_upper, np.int64), np.zeros(n - n_upper, np.int64)])
    t = rng.uniform(0.0, np.pi, n)
    x = np.where(y == 1, np.cos(t), 1.0 - np.cos(t))
    v = np.where(y == 1, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x, v], axis=1) + rng.normal(0.0, noise, (n, 2))
    order = rng.permutation(n)
    return X[order].astype(np.float64), y[order]


def moons_arrays():
    """Return (train_x, train_y, test_x, test_y): train drawn first, then test, one rng."""
    rng = np.random.default_rng(MOONS_SEED)
    train_x, train_y = make_moons(MOONS_N_TRAIN, rng)
    test_x, test_y = make_moons(MOONS_N_TEST, rng)
    return train_x, train_y, test_x, test_y


# --------------------------------------------------------------------------- writing


def write_h5(path, prefix, x, y, classes, digit=None):
    """Write one file in the classic layout, deterministically, via a temporary file.

    digit, if given, is written last as "{prefix}_set_digit" (the digits' 0..9)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # then renamed: no half-written file
    try:
        # These are h5py 3.16's defaults already; they are spelt out so that no other
        # version's default can put a timestamp (track_times, on the root group and on each
        # dataset), a newer object format (libver) or a creation-order index (track_order)
        # into the files. No compression: zlib's output may change between versions.
        with h5py.File(tmp, "w", libver="earliest", track_order=False, track_times=False) as f:
            for name, data in (
                (f"{prefix}_set_x", x),
                (f"{prefix}_set_y", y),
                ("list_classes", np.array(classes, dtype="S")),
            ):
                f.create_dataset(name, data=data, track_times=False)
            if digit is not None:
                f.create_dataset(f"{prefix}_set_digit", data=digit, track_times=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_sums(path):
    """{filename: sha256} from a file in `sha256sum` format ('' if it does not exist)."""
    sums = {}
    if Path(path).is_file():
        for line in Path(path).read_text().splitlines():
            if line.strip():
                digest, name = line.split(maxsplit=1)
                sums[name.lstrip("*")] = digest
    return sums


def build(out=HERE, only=None):
    """Build the requested data sets into `out`; return {filename: sha256}."""
    wanted = [only] if only else ["digits", "moons"]
    if "digits" in wanted:
        try:
            import sklearn  # noqa: F401  (fail before writing anything)
        except ImportError:
            raise SystemExit(SKLEARN_MISSING) from None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    makers = {"digits": digits_arrays, "moons": moons_arrays}
    written = {}
    for name in wanted:
        train_x, train_y, test_x, test_y, *digits = makers[name]()
        train_d, test_d = digits or (None, None)  # the moons have no digit
        classes = DIGITS_CLASSES if name == "digits" else MOONS_CLASSES
        for prefix, x, y, d in (
            ("train", train_x, train_y, train_d),
            ("test", test_x, test_y, test_d),
        ):
            path = out / f"{prefix}_{name}.h5"
            write_h5(path, prefix, x, y, classes, d)
            written[path.name] = sha256(path)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="folder to write into (default: the folder of this script, data/)",
    )
    parser.add_argument("--only", choices=["digits", "moons"], help="build one data set only")
    args = parser.parse_args(argv)
    written = build(args.out, args.only)
    expected = read_sums(HERE / "SHA256SUMS")
    status = 0
    for name, digest in written.items():
        if name not in expected:
            verdict = "(not in SHA256SUMS)"
        elif expected[name] == digest:
            verdict = "matches SHA256SUMS"
        else:
            verdict = "DIFFERS from SHA256SUMS"
            status = 1
        print(f"{digest}  {args.out / name}  {verdict}")
    if status:
        print(
            f"h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version}, "
            f"NumPy {np.__version__}: the shipped files were built with h5py 3.16.0, "
            "HDF5 2.0.0, NumPy 2.4.6, scikit-learn 1.9.1",
            file=sys.stderr,
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
