"""Command line: python -m dnn train NAME [options], python -m dnn predict MODEL IMAGE.

`train` trains a DeepNeuralNetwork on data/train_NAME.h5, tests it on data/test_NAME.h5, and
prints train and test accuracy next to the always-predict-the-majority-class baseline.
`predict` loads a saved network and classifies one image (a PNG or JPEG file, resized to the
network's input) or one example of a data set's test split (--index N).
"""

import argparse
import signal
import sys
import time
from pathlib import Path

import numpy as np

from . import _validate as require
from . import fast
from .data import data_folder, flatten_images, load_dataset
from .network import initialize_parameters_series
from .training import DeepNeuralNetwork, fit_span

EXAMPLES = """examples:
  python -m dnn train digits                       # the shipped digits: odd or even?
  python -m dnn train digits --hidden 32,16 --learning-rate 0.1 --iterations 3000
  python -m dnn train moons --hidden 16,8 --learning-rate 0.3 --save moons.h5
  python -m dnn train catvnoncat --hidden 20,7,5 --iterations 2500
      # the Rust series' network, once train_catvnoncat.h5 and test_catvnoncat.h5
      # (the Coursera files, not shipped) are in data/
  python -m dnn train digits --save digits.h5
  python -m dnn predict digits.h5 --data digits --index 0     # test example 0 of the digits
  python -m dnn predict digits.h5 my_digit.png --data digits --invert
"""

PREDICT_EXAMPLES = """examples:
  python -m dnn predict digits.h5 --data digits --index 0
  python -m dnn predict digits.h5 my_digit.png --data digits --invert   # dark ink on white paper
  python -m dnn predict cats.h5 cat.jpg --data catvnoncat
"""


def _hidden(text):
    items = text.split(",")
    if not text.strip() or any(not s.strip() for s in items):
        raise argparse.ArgumentTypeError(f"takes sizes like 20,7,5, got {text!r}")
    try:
        sizes = [int(s) for s in items]
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes sizes like 20,7,5, got {text!r}") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be >= 1, got {text!r}")
    return sizes


def _positive(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text!r}")
    return n


def _count(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text!r}")
    return n


def _number(text):
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return x


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m dnn",
        description="A deep neural network from scratch in NumPy (the book Backprop from Scratch).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train a network on data/train_NAME.h5 and test it on data/test_NAME.h5",
        description="Train [LINEAR->RELU]x(L-1) -> LINEAR->SIGMOID by full-batch gradient descent "
        "on data/train_NAME.h5, then report train and test accuracy. The input size "
        "comes from the data; the output is one sigmoid unit.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument(
        "name",
        metavar="NAME",
        help="data set name: reads train_NAME.h5 and test_NAME.h5 (e.g. digits, moons)",
    )
    train.add_argument(
        "--hidden",
        type=_hidden,
        default=[20, 7, 5],
        metavar="N1,N2,...",
        help="hidden layer sizes (default: 20,7,5, the series' network)",
    )
    train.add_argument(
        "--learning-rate",
        type=_number,
        default=0.0075,
        metavar="ALPHA",
        help="gradient-descent step α (default: 0.0075, the series')",
    )
    train.add_argument(
        "--iterations", type=_positive, default=2500, help="full-batch iterations (default: 2500)"
    )
    train.add_argument(
        "--lambd", type=_number, default=0.0, metavar="LAMBDA", help="L2 strength λ (default: 0)"
    )
    train.add_argument(
        "--seed", type=_count, default=1, help="seed of the initial weights (default: 1)"
    )
    train.add_argument(
        "--init",
        choices=["dnn", "series"],
        default="dnn",
        help="initial weights: dnn's N(0,1)/sqrt(n) or the Rust series' U(-1,1)/isqrt(n) "
        "(default: dnn)",
    )
    train.add_argument(
        "--dtype",
        choices=["float32", "float64"],
        default="float64",
        help="precision of the parameters and computations (default: float64)",
    )
    train.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help=f"folder with the HDF5 files (default: {data_folder()})",
    )
    train.add_argument("--save", metavar="PATH", help="write the trained network to this HDF5 file")
    train.add_argument(
        "--trainer",
        choices=["auto", "plain", "span"],
        default="auto",
        help="auto (default): the span form when it does less arithmetic (features well above "
        "examples), else the plain loop; both give the same training (appendix 'Where the time "
        "goes'); plain or span forces one",
    )
    train.add_argument(
        "--threads",
        type=_count,
        default=None,
        metavar="N",
        help="BLAS threads (default: 1 where a second does not pay, else the BLAS's own; "
        "0: the BLAS's own)",
    )
    train.add_argument("--quiet", action="store_true", help="no progress bar")

    predict = commands.add_parser(
        "predict",
        help="classify one image (PNG/JPEG) or one test example with a saved network",
        description="Load a network saved by `train --save` and print the probability it gives to "
        "class 1 and the class it predicts. IMAGE is resized to the network's input "
        "(and made grey or RGB to match it); --index N takes example N of the data "
        "set's test split instead, and prints its true label too. --data NAME gives "
        "the class names and the image size of that data set.",
        epilog=PREDICT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    predict.add_argument("model", metavar="MODEL", help="an HDF5 file written by train --save")
    predict.add_argument("image", metavar="IMAGE", nargs="?", help="a PNG or JPEG file")
    predict.add_argument(
        "--data",
        metavar="NAME",
        help="data set whose class names and image size to use (e.g. digits)",
    )
    predict.add_argument(
        "--index",
        type=int,
        metavar="N",
        help="classify example N of the data set's test split (needs --data)",
    )
    predict.add_argument(
        "--invert",
        action="store_true",
        help="invert the image's brightness (the digits store ink as bright pixels)",
    )
    predict.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help=f"folder with the HDF5 files (default: {data_folder()})",
    )
    return parser


class _NoBar:
    """Stands in for tqdm's bar when tqdm is not installed (it is the `cli` extra)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def set_postfix(self, **kwargs):
        pass

    def update(self, n):
        pass


def train(args):
    try:
        from tqdm import tqdm
    except ImportError:  # the progress bar is optional: pip install "backprop-from-scratch[cli]"
        tqdm = _NoBar

    if args.save:  # before training: a run is not lost to a path that cannot be written
        require.save_path("--save", args.save)
    data = load_dataset(args.name, args.data_dir)
    X_train, X_test = (
        flatten_images(data.train_x, args.dtype),
        flatten_images(data.test_x, args.dtype),
    )
    layer_dims = [X_train.shape[0], *args.hidden, 1]
    model = DeepNeuralNetwork(layer_dims, args.learning_rate, args.lambd, args.seed, args.dtype)
    if args.init == "series":
        model.parameters = initialize_parameters_series(layer_dims, args.seed, args.dtype)
    print(
        f"data: {args.name}  train {X_train.shape[1]}  test {X_test.shape[1]}  "
        f"classes {list(data.classes)}"
    )
    print(f"network: {model}")
    trainer, why = _trainer(args, X_train, layer_dims)
    reached = [0]
    start = time.perf_counter()
    try:
        with tqdm(
            total=args.iterations,
            unit="it",
            disable=args.quiet,
            file=sys.stderr,
            dynamic_ncols=True,
        ) as bar:

            def progress(done, costs):
                bar.update(done - reached[0])
                reached[0] = done
                if costs:
                    bar.set_postfix(cost=f"{costs[-1]:.4f}")

            with fast.forced_threads(args.threads):
                if trainer == "span":  # one call: its setup (W1_0·X, XᵀX) is paid once
                    fit_span(model, X_train, data.train_y, args.iterations, callback=progress)
                else:
                    while reached[0] < args.iterations:  # 100 at a time; fit continues
                        done = reached[0]
                        step = min(100, args.iterations - done)
                        model.fit(X_train, data.train_y, step)
                        progress(done + step, model.costs)
    except KeyboardInterrupt:
        kept = f"; {args.save} was not written" if args.save else ""
        raise Interrupted(
            f"interrupted after {reached[0]} of {args.iterations} iterations: "
            f"the model was not saved{kept}"
        ) from None
    seconds = time.perf_counter() - start
    train_acc, test_acc = model.score(X_train, data.train_y), model.score(X_test, data.test_y)
    majority = int(data.train_y.mean() >= 0.5)
    baseline = float(np.mean(data.test_y == majority))
    print(f"final cost      {model.final_cost:.6f} (after {model.iterations} iterations)")
    print(f"train accuracy  {100 * train_acc:.2f} %")
    print(
        f"test accuracy   {100 * test_acc:.2f} %   (always predicting "
        f"'{data.classes[majority]}': {100 * baseline:.2f} %)"
    )
    print(f"trainer         {why}")
    print(f"time            {seconds:.2f} s for {args.iterations} iterations")
    if args.save:
        model.save(args.save)
        print(f"saved           {args.save}")


def _trainer(args, X, layer_dims):
    """("span" or "plain", the reason in a line) for this run."""
    n_0, m = X.shape
    if args.trainer == "plain":
        return "plain", "plain loop (--trainer plain)"
    if args.trainer == "span":
        return "span", f"span form (--trainer span; n_0 = {n_0} features, m = {m} examples)"
    if fast.span_pays(n_0, m, layer_dims[1], args.iterations):
        return "span", (
            f"span form: n_0 = {n_0} features > m = {m} examples, less arithmetic for the "
            "same training (--trainer plain forces the plain loop)"
        )
    return (
        "plain",
        f"plain loop: n_0 = {n_0} features, m = {m} examples (the span form pays "
        "only when features far outnumber examples)",
    )


def _image_shape(n_0):
    """(h, w, c) of a square grey or RGB image with n_0 values, as the classic files store them."""
    for channels in (3, 1):
        side = round((n_0 / channels) ** 0.5)
        if side * side * channels == n_0:
            return (side, side, channels) if channels == 3 else (side, side)
    raise ValueError(
        f"the network takes {n_0} inputs, which is no square grey or RGB image: "
        "give --data NAME for its image size"
    )


def _read_image(path, shape):
    """The image file as uint8 pixels of the given shape (h, w) or (h, w, 3)."""
    from PIL import Image, UnidentifiedImageError  # Pillow comes with matplotlib

    try:
        with Image.open(path) as image:
            image = image.convert("RGB" if len(shape) == 3 else "L")
            image = image.resize((shape[1], shape[0]), Image.Resampling.LANCZOS)
            return np.asarray(image, dtype=np.uint8)
    except FileNotFoundError:
        raise ValueError(f"no image file {path}") from None
    except (UnidentifiedImageError, OSError) as e:
        raise ValueError(f"{path} is not a PNG or JPEG image Pillow can read ({e})") from None


def predict(args):
    if not Path(args.model).is_file():
        raise ValueError(
            f"no model file {args.model} (write one with: python -m dnn train NAME --save MODEL)"
        )
    model = DeepNeuralNetwork.load(args.model)
    n_0 = model.layer_dims[0]
    data = load_dataset(args.data, args.data_dir) if args.data else None
    if (args.image is None) == (args.index is None):
        raise ValueError("give either IMAGE or --index N (not both)")
    if args.index is not None and data is None:
        raise ValueError("--index N needs --data NAME, the data set whose test split to use")
    truth = None
    if args.index is not None:
        m = data.test_x.shape[0]
        if not 0 <= args.index < m:
            raise ValueError(
                f"--index must be in 0..{m - 1} (the test split of {args.data} has "
                f"{m} examples), got {args.index}"
            )
        pixels, truth = data.test_x[args.index], int(data.test_y[0, args.index])
        source = f"{args.data} test example {args.index}"
    else:
        if data is not None and data.test_x.dtype != np.uint8:
            raise ValueError(
                f"{args.data} holds no images (its examples are {data.test_x.shape[1:]} "
                "tables): use --index N"
            )
        shape = data.test_x.shape[1:] if data is not None else _image_shape(n_0)
        pixels, source = _read_image(args.image, shape), args.image
    if args.invert and pixels.dtype == np.uint8:
        pixels = 255 - pixels
    X = flatten_images(pixels[None], model.dtype)
    if X.shape[0] != n_0:
        raise ValueError(
            f"{source} has {X.shape[0]} values but the network takes {n_0} inputs: "
            "a network trained on another data set?"
        )
    a = float(model.predict_proba(X)[0, 0])
    classes = [str(c) for c in data.classes] if data is not None else ["class 0", "class 1"]
    label = int(a > 0.5)
    print(f"{source}: P({classes[1]}) = {a:.4f}  ->  {classes[label]}")
    if truth is not None:
        verdict = "right" if truth == label else "wrong"
        print(f"true label: {classes[truth]} ({verdict})")


class Interrupted(Exception):
    """Ctrl-C during a command, with what was done about it."""


def main(argv=None):
    """Run one command; every failure is one line on stderr and a non-zero exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            train(args)
        elif args.command == "predict":
            predict(args)
    except Interrupted as e:
        print(f"stopped: {e}", file=sys.stderr)
        return 128 + signal.SIGINT
    except KeyboardInterrupt:
        print("stopped: interrupted (Ctrl-C); nothing was written", file=sys.stderr)
        return 128 + signal.SIGINT
    except (ValueError, TypeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except MemoryError:
        print(
            "error: out of memory: try smaller --hidden sizes or a smaller data set",
            file=sys.stderr,
        )
        return 1
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: still one line, with what it was
        print(f"error: unexpected {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
