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
of each. dnn.fast.LAYOUTS holds the choice this table supports, per BLAS kernel and dtype.
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

from bench_fit import machine  # noqa: E402

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
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
