"""Where one iteration's time goes, function by function: a cProfile of real training runs.

Run from the repository root (about half a minute):

    .venv/bin/python benchmarks/profile_fit.py [--json FILE]

For [12288, 20, 7, 5, 1] on 209 examples, in float32 and float64, it profiles the teaching
loop (forward -> cost -> backward -> update_parameters, the cost every 100th iteration) and
DeepNeuralNetwork.fit, groups each function's own time ("tottime": a NumPy product or
ufunc counts in the Python function that calls it) into a few kinds of work, and times each
first-layer product alone. cProfile adds about a microsecond per Python call, so small
functions look a little slower than they are; the products don't. Nothing here is a test.
"""

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fit import LAYERS, M, data, machine, teaching_loop, timed  # noqa: E402

import dnn  # noqa: E402

# (kind of work, test on (file, function)); the first that matches wins
KINDS = [
    (
        "input checks",
        lambda f, n: f.endswith("_validate.py") or n in ("_commit",),
    ),
    (
        "layer products (forward)",
        lambda f, n: n in ("linear_forward",) or (f.endswith("fast.py") and n == "forward"),
    ),
    (
        "layer products (backward) and update",
        lambda f, n: n in ("linear_backward", "backward_and_update", "gradient_step"),
    ),
    ("update_parameters", lambda f, n: n == "update_parameters"),
    ("activations", lambda f, n: f.endswith("activations.py")),
    ("cost", lambda f, n: n == "cost"),
]


def kind_of(func):
    file, _, name = func
    return next((kind for kind, test in KINDS if test(file, name)), None)


def split(profile, iterations):
    """Seconds per iteration of each kind of work, from a cProfile.Profile.

    Time spent in NumPy's own Python helpers or methods (say ndarray.all() in a check) goes
    to the dnn function that called them, in proportion to its calls' share.
    """
    stats = pstats.Stats(profile).stats
    out = {}

    def add(func, seconds, depth=0):
        kind = kind_of(func)
        callers = stats.get(func, (0, 0, 0, 0, {}))[4]
        if kind is None and callers and depth < 20:
            total = sum(c[2] for c in callers.values()) or len(callers)
            for caller, c in callers.items():
                add(caller, seconds * ((c[2] / total) if total else 1 / len(callers)), depth + 1)
            return
        kind = kind or "other (the loop itself)"
        out[kind] = out.get(kind, 0.0) + seconds / iterations

    for func, (_, _, tottime, _, _) in stats.items():
        add(func, tottime)
    return out


def profile(fn, iterations):
    fn(2)  # warm up
    p = cProfile.Profile()
    p.enable()
    fn(iterations)
    p.disable()
    return split(p, iterations)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--json", help="also write the split to this file")
    args = parser.parse_args()
    info = machine()
    print(f"CPU {info['cpu']} ({info['cpu_id']}), BLAS {info['blas']}, {info['threads']} threads")
    results = {"machine": info}
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        X, Y = data(LAYERS, M, dtype)
        model = dnn.DeepNeuralNetwork(LAYERS, dtype=dtype)
        loops = {"teaching loop": teaching_loop(model, X, Y), "fit": lambda k: model.fit(X, Y, k)}
        res = {loop: profile(fn, args.iterations) for loop, fn in loops.items()}
        W1, dZ1 = model.parameters["W1"], np.ones((LAYERS[1], M), dtype)
        alone = {
            "W1·X (forward, layer 1)": lambda: W1 @ X,
            "dZ1·Xᵀ (dW1)": lambda: dZ1 @ X.T,
            "W1ᵀ·dZ1 (dA0)": lambda: W1.T @ dZ1,
        }
        res["alone"] = {
            k: float(np.median([timed(f, 20) for _ in range(5)])) for k, f in alone.items()
        }
        results[name] = res
        print(f"\n{name}: ms per iteration (cProfile, {args.iterations} iterations)")
        kinds = [k for k, _ in KINDS] + ["other (the loop itself)"]
        print(f"  {'':40} {'teaching loop':>14} {'fit':>8}")
        for kind in kinds:
            a, b = (res[loop].get(kind, 0.0) * 1e3 for loop in loops)
            print(f"  {kind:40} {a:14.3f} {b:8.3f}")
        print(
            f"  {'total':40} {sum(res['teaching loop'].values()) * 1e3:14.3f} "
            f"{sum(res['fit'].values()) * 1e3:8.3f}"
        )
        print("  the first layer's products alone (median):")
        for k, t in res["alone"].items():
            print(f"    {k:36} {t * 1e3:8.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=float))


if __name__ == "__main__":
    main()
