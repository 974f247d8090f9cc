"""The table of chapter 9's cats section: the series' recipe on the series' cat pictures.

    python benchmarks/cats_table.py [--data-dir DIR] [--seeds 1 2 3 4 5] [--out FILE]

Needs train_catvnoncat.h5 and test_catvnoncat.h5 (the Coursera files the series trains on, not
shipped with this book) in DIR (default: dnn's data folder). Trains the series' recipe
(src/bin/rust_dnn.rs: [12288, 20, 7, 5, 1], learning rate 0.0075, no lambda, 1,000 iterations,
float32) once per seed with each start, dnn's N(0,1)/sqrt(n) (dnn.initialize_parameters) and the
series' U(-1,1)/isqrt(n) (dnn.initialize_parameters_series, the CLI's --init series), and writes
a Markdown table, every accuracy in percent, with the series' and Coursera's reported numbers
(from the series' committed weights and Coursera's notebook, see the notes) beside dnn's.
Without the files it writes the reported rows only and says that dnn's were not measured.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import dnn

OUT = Path(__file__).with_name("cats_table.md")
SEEDS = (1, 2, 3, 4, 5)
RECIPE = {"hidden": [20, 7, 5], "learning_rate": 0.0075, "lambd": 0.0, "iterations": 1000}

# (source, model, train %, test %): reported figures, not measured by this script
REPORTED = [
    (
        "the series' committed `model.json` (dnn_rust_blog, branch `part4-5`)",
        "[12288, 20, 7, 5, 1], f32, α = 0.0075, 1,000 iterations, series' start (unseeded)",
        "94.74 (198/209)",
        "76.00 (38/50)",
    ),
    (
        'Coursera C1W4 "Deep Neural Network - Application", 4-layer model',
        "[12288, 20, 7, 5, 1], f64, α = 0.0075, 2,500 iterations, N(0,1)/√n start",
        "98.56",
        "80.00",
    ),
    (
        "the same notebook, 2-layer model",
        "[12288, 7, 1], f64, α = 0.0075, 2,500 iterations, N(0,1) × 0.01 start",
        "100.00",
        "72.00",
    ),
]


def train_one(data, start, seed, iterations):
    """(train %, test %) of the series' recipe from one start and seed."""
    X, Y = dnn.flatten_images(data.train_x).astype(np.float32), data.train_y
    X_test, Y_test = dnn.flatten_images(data.test_x).astype(np.float32), data.test_y
    dims = [X.shape[0], *RECIPE["hidden"], 1]
    model = dnn.DeepNeuralNetwork(
        dims,
        learning_rate=RECIPE["learning_rate"],
        lambd=RECIPE["lambd"],
        seed=seed,
        dtype=np.float32,
    )
    if start == "series":
        model.parameters = dnn.initialize_parameters_series(dims, seed, np.float32)
    model.fit(X, Y, iterations)
    return 100 * model.score(X, Y), 100 * model.score(X_test, Y_test)


def measure(data, seeds, iterations):
    """{start: [(seed, train %, test %), ...]} for the two starts."""
    return {
        start: [(seed, *train_one(data, start, seed, iterations)) for seed in seeds]
        for start in ("dnn", "series")
    }


def table(measured, seeds, iterations):
    """The Markdown table; measured is None when the files were absent."""
    lines = [
        "| source | model and start | train accuracy (%) | test accuracy (%) |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {src} | {model} | {train} | {test} |" for src, model, train, test in REPORTED]
    seed_list = ", ".join(str(s) for s in seeds)
    names = {"dnn": "dnn's N(0,1)/√n", "series": "the series' U(−1, 1)/⌊√n⌋ (`--init series`)"}
    for start in ("dnn", "series"):
        model = (
            f"[12288, 20, 7, 5, 1], f32, α = 0.0075, {iterations:,} iterations, "
            f"{names[start]}, seeds {seed_list}"
        )
        if measured is None:
            lines.append(f"| `dnn`, this script | {model} | not measured | not measured |")
            continue
        runs = measured[start]
        train, test = np.array([r[1] for r in runs]), np.array([r[2] for r in runs])
        lines.append(
            f"| `dnn`, this script | {model} | {train.min():.2f}–{train.max():.2f} "
            f"(mean {train.mean():.2f}) | {test.min():.2f}–{test.max():.2f} "
            f"(mean {test.mean():.2f}) |"
        )
    if measured is None:
        lines += [
            "",
            "dnn's rows were not measured: train_catvnoncat.h5 and test_catvnoncat.h5 were not in "
            "the data folder when this file was written. Put them there and run "
            "`python benchmarks/cats_table.py`.",
        ]
    else:
        lines += ["", "Per seed (train %, test %):", ""]
        for start in ("dnn", "series"):
            per_seed = "; ".join(f"seed {s}: {a:.2f}, {b:.2f}" for s, a, b in measured[start])
            lines.append(f"- {names[start]}: {per_seed}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="folder with the two cat files (default: dnn's)")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--iterations", type=int, default=RECIPE["iterations"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    folder = Path(args.data_dir) if args.data_dir else dnn.data.data_folder()
    present = all((folder / f"{s}_catvnoncat.h5").is_file() for s in ("train", "test"))
    measured = None
    if present:
        data = dnn.load_dataset("catvnoncat", data_dir=folder)
        measured = measure(data, args.seeds, args.iterations)
    text = table(measured, args.seeds, args.iterations)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
