"""The layout table: the two big products of an iteration in each form the CPU can run them.

Run from the repository root (about a minute on 2 cores):

    .venv/bin/python benchmarks/layouts.py --json benchmarks/layouts_<cpu>.json

For the series' first layer (n_0 = 12288, n_1 = 20, m = 209), in float32 and float64, with X
stored in C order and in Fortran order, it times

    Z1   = W1 @ X              (the plain forward product; W1 (n_1, n_0) C order)
    Z1ᵀ  = Xᵀ @ W1ᵀ            (W1ᵀ (n_0, n_1) kept C-contiguous)
    dW1  = dZ1 @ Xᵀ            (the plain weight gradient)
    dW1ᵀ = X @ dZ1ᵀ            (dZ1ᵀ (m, n_1) C-contiguous)

in interleaved rounds, with 1 and 2 BLAS threads, and prints the median and the lowest round
of each. Then, section "iterations", it times whole training iterations of the series' network
[12288, 20, 7, 5, 1] (dnn.fast.train, 20 iterations a round) in each of the 16 layouts: the
eight pairs of forms, and each of them split at the middle feature into two halves run by two
threads with one BLAS thread each. dnn.fast.LAYOUTS holds the choice this table supports, per
BLAS kernel, CPU vendor and dtype.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_fit import LAYERS, data, machine  # noqa: E402

from dnn import fast, initialize_parameters  # noqa: E402

N0, N1, M = 12288, 20, 209


def products(dtype, order):
    rng = np.random.default_rng(0)
    X = np.asarray(rng.random((N0, M)), dtype=dtype, order=order)
    W1 = rng.standard_normal((N1, N0)).astype(dtype)
    W1T = np.ascontiguousarray(W1.T)
    dZ1 = rng.standard_normal((N1, M)).astype(dtype)
    dZ1T = np.ascontiguousarray(dZ1.T)
    return {
        "Z1 = W1 @ X": lambda: W1 @ X,
        "Z1T = XT @ W1T": lambda: X.T @ W1T,
        "dW1 = dZ1 @ XT": lambda: dZ1 @ X.T,
        "dW1T = X @ dZ1T": lambda: X @ dZ1T,
    }


def iterations(rounds, k=20):
    """Median ms of one iteration of fast.train in each of the 16 layouts, per dtype."""
    layouts = [
        fast.Layout(o, f, b, split) for o in "CF" for f in "NT" for b in "NT" for split in (0, 1)
    ]
    rows = []
    for dtype in (np.float32, np.float64):
        X, Y = data(LAYERS, M, dtype)
        Y = Y.astype(dtype)
        params = initialize_parameters(LAYERS, dtype=dtype)
        runs = {
            lay: (lambda lay=lay: fast.train(params, X, Y, k, 0.0075, 0.0, layout=lay))
            for lay in layouts
        }
        times = {lay: [] for lay in layouts}
        for fn in runs.values():
            fn()
        for r in range(rounds):
            for lay in layouts if r % 2 == 0 else layouts[::-1]:
                # after a call with two BLAS threads, OpenBLAS's idle thread spins for about
                # 0.1 s (benchmarks/spin.py), taking a core from a split layout's two threads:
                # wait it out, then 3 untimed iterations
                time.sleep(0.15)
                fast.train(params, X, Y, 3, 0.0075, 0.0, layout=lay)
                times[lay].append(timed(runs[lay], 1) / k)
        for lay in layouts:
            name = "".join(lay[:3]) + (" split" if lay.split else "")
            med, low = float(np.median(times[lay])), float(np.min(times[lay]))
            rows.append(
                dict(dtype=np.dtype(dtype).name, layout=name, median=med, min=low, raw=times[lay])
            )
            print(f"{np.dtype(dtype).name:8} {name:10} {med * 1e3:10.3f} {low * 1e3:8.3f}")
        best = min(
            (r for r in rows if r["dtype"] == np.dtype(dtype).name), key=lambda r: r["median"]
        )
        print(f"{np.dtype(dtype).name}: fastest {best['layout']}")
    return rows


def timed(fn, k):
    t0 = time.perf_counter()
    for _ in range(k):
        fn()
    return (time.perf_counter() - t0) / k


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--k", type=int, default=20, help="products per round")
    parser.add_argument("--json")
    args = parser.parse_args()
    info = machine()
    load = os.getloadavg()
    print(f"CPU {info['cpu']} ({info['cpu_id']}; {info['simd']}); BLAS {info['blas']}")
    print(f"load {load[0]:.2f}")
    cases = {}
    for dtype in (np.float32, np.float64):
        for order in ("C", "F"):
            for name, fn in products(dtype, order).items():
                cases[(np.dtype(dtype).name, order, name)] = fn
    times = {f"{t}|{d}|{o}|{n}": [] for t in (1, 2) for (d, o, n) in cases}
    for fn in cases.values():
        fn()
    keys = list(cases)
    for r in range(args.rounds):
        for threads in (1, 2):
            with threadpool_limits(threads, user_api="blas"):
                for key in keys if r % 2 == 0 else keys[::-1]:
                    times[f"{threads}|{'|'.join(key)}"].append(timed(cases[key], args.k))
    print(f"\n{'threads dtype  X':18} {'product':18} {'median ms':>10} {'min ms':>8}")
    rows = []
    for label, t in times.items():
        threads, dtype, order, name = label.split("|")
        med, low = float(np.median(t)), float(np.min(t))
        rows.append(
            dict(
                threads=int(threads),
                dtype=dtype,
                x_order=order,
                product=name,
                median=med,
                min=low,
                raw=t,
            )
        )
        print(f"{threads:>2} {dtype:8} {order:6} {name:18} {med * 1e3:10.3f} {low * 1e3:8.3f}")
    print(f"\niterations of {LAYERS} on m = {M} (ms)")
    print(f"{'dtype':8} {'layout':10} {'median':>10} {'min':>8}")
    iteration_rows = iterations(max(args.rounds // 2, 3))
    print(f"load after {os.getloadavg()[0]:.2f}")
    if args.json:
        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": info,
                    "blas": blas,
                    "load": [load[0], os.getloadavg()[0]],
                    "command": " ".join(["benchmarks/layouts.py", *sys.argv[1:]]),
                    "rows": rows,
                    "iterations": iteration_rows,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
