"""The cost of one finiteness check of X: np.isfinite(X).all() against dnn's all_finite.

Run from the repository root (a few seconds):

    .venv/bin/python benchmarks/checks.py | tee benchmarks/checks_<cpu>.txt

For X of the series' shape (12288, 209), in float32 and float64, C order, it times the exact
test, which writes a mask of X's size, and `dnn._validate.all_finite`, which certifies X by its
row sums (one BLAS product with a vector of ones), in interleaved rounds, with the BLAS's own
threads; it prints the median and the lowest round of each, in ms.
"""

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_fit import machine  # noqa: E402

from dnn._validate import all_finite  # noqa: E402


def main(rounds=15, k=20):
    info = machine()
    print(f"CPU {info['cpu']} ({info['cpu_id']}); BLAS {info['blas']}")
    print(f"load {os.getloadavg()[0]:.2f} (1-minute average before starting)")
    for dtype in (np.float32, np.float64):
        X = np.random.default_rng(0).random((12288, 209)).astype(dtype)
        cases = {
            "np.isfinite(X).all()": lambda: np.isfinite(X).all(),
            "all_finite(X)": lambda: all_finite(X),
        }
        times = {name: [] for name in cases}
        for fn in cases.values():
            fn()
        for r in range(rounds):
            for name in cases if r % 2 == 0 else list(cases)[::-1]:
                t0 = time.perf_counter()
                for _ in range(k):
                    cases[name]()
                times[name].append((time.perf_counter() - t0) / k)
        for name, t in times.items():
            med, low = np.median(t) * 1e3, min(t) * 1e3
            print(f"{np.dtype(dtype).name:8} {name:22} median {med:6.3f} ms   lowest {low:6.3f} ms")


if __name__ == "__main__":
    main()
