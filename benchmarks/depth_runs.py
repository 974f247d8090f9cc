"""Depth compared at convergence, on a validation split: the runs behind chapter 9's table.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/depth_runs.py   # a few minutes, 1 core

Splits the digits' training file with np.random.default_rng(0): 1,000 images to train on,
the other 297 to validate. Trains [64, 1], [64, 20, 1] and [64, 20, 7, 5, 1] with α = 0.1,
λ = 0, for 15,000 full-batch iterations each (the cost has stopped falling by then), with
seeds 1, 2 and 3. Every 500 iterations it records the training cost and the validation cost
and accuracy; at the end, the test accuracy (reported, never used to choose anything).
Writes benchmarks/depth_runs.json.
"""

import json
from pathlib import Path

import numpy as np

import dnn

OUT = Path(__file__).resolve().parent / "depth_runs.json"
MODELS = ([64, 1], [64, 20, 1], [64, 20, 7, 5, 1])
SEEDS = (1, 2, 3)
ITERATIONS, EVERY, ALPHA, N_TRAIN = 15000, 500, 0.1, 1000


def main():
    digits = dnn.load_dataset("digits")
    X, Y = dnn.flatten_images(digits.train_x), digits.train_y
    order = np.random.default_rng(0).permutation(X.shape[1])
    fit_cols, val_cols = np.sort(order[:N_TRAIN]), np.sort(order[N_TRAIN:])
    X_fit, Y_fit, X_val, Y_val = X[:, fit_cols], Y[:, fit_cols], X[:, val_cols], Y[:, val_cols]
    X_test, Y_test = dnn.flatten_images(digits.test_x), digits.test_y
    runs = []
    for dims in MODELS:
        for seed in SEEDS:
            model = dnn.DeepNeuralNetwork(dims, learning_rate=ALPHA, seed=seed)
            curve = []
            while model.iterations < ITERATIONS:
                model.fit(X_fit, Y_fit, EVERY)
                AL_val = model.predict_proba(X_val)
                curve.append(
                    [
                        model.iterations,
                        model.final_cost,
                        dnn.cost(AL_val, Y_val),
                        float(np.mean((AL_val > 0.5) == Y_val)),
                    ]
                )
            runs.append(
                {
                    "layer_dims": dims,
                    "seed": seed,
                    "curve": curve,  # [iteration, train cost, validation cost, validation acc]
                    "train_accuracy": model.score(X_fit, Y_fit),
                    "validation_accuracy": model.score(X_val, Y_val),
                    "test_accuracy": model.score(X_test, Y_test),
                }
            )
            print(dims, seed, curve[-1], runs[-1]["test_accuracy"], flush=True)
    settings = {"iterations": ITERATIONS, "every": EVERY, "learning_rate": ALPHA, "lambd": 0.0}
    split = {"seed": 0, "train": N_TRAIN, "validation": int(X.shape[1] - N_TRAIN)}
    OUT.write_text(json.dumps({"settings": settings, "split": split, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
