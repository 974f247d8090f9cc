"""How long OpenBLAS's idle thread slows a split layout after a product with two BLAS threads.

Run from the repository root (about half a minute):

    .venv/bin/python benchmarks/spin.py | tee benchmarks/spin_<cpu>.txt

After a product with two BLAS threads, OpenBLAS's second thread keeps spinning for a while
before it sleeps (OPENBLAS_THREAD_TIMEOUT). A split layout (dnn.fast.Layout(..., split=True))
runs two threads of its own, each with one BLAS thread, and shares the two cores with that
spinning thread until it sleeps. This times 20 iterations of the series' network in the
float64 split layout right after a two-thread product, and after pauses of 0.05 to 0.3 s,
interleaved over 7 rounds; medians in ms per iteration.
"""

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_fit import LAYERS, M, data, machine  # noqa: E402

from dnn import fast, initialize_parameters  # noqa: E402


def main(rounds=7, k=20):
    info = machine()
    print(f"CPU {info['cpu']} ({info['cpu_id']}); BLAS {info['blas']}")
    print(f"load {os.getloadavg()[0]:.2f} (1-minute average before starting)")
    X, Y = data(LAYERS, M, np.float64)
    Y = Y.astype(np.float64)
    params = initialize_parameters(LAYERS, dtype=np.float64)
    split = fast.Layout("C", "N", "N", True)
    W = np.random.default_rng(0).random((512, 512))
    pauses = (0.0, 0.05, 0.1, 0.15, 0.3)
    times = {p: [] for p in pauses}
    fast.train(params, X, Y, 3, 0.0075, 0.0, layout=split)
    for r in range(rounds):
        for pause in pauses if r % 2 == 0 else pauses[::-1]:
            W @ W  # a product with two BLAS threads
            time.sleep(pause)
            t0 = time.perf_counter()
            fast.train(params, X, Y, k, 0.0075, 0.0, layout=split)
            times[pause].append((time.perf_counter() - t0) / k)
    print(f"float64, split layout, {k} iterations a call, ms per iteration")
    for pause, t in times.items():
        print(f"pause {pause:4.2f} s after a two-thread product: median {np.median(t) * 1e3:6.3f}")


if __name__ == "__main__":
    main()
