"""Where the time of a training iteration goes: dnn's fit next to its floor.

Run from the repository root (about three minutes on 2 cores):

    .venv/bin/python benchmarks/bench_fit.py

On a machine that sets OPENBLAS_CORETYPE (older OpenBLAS builds needed it), unset it and
OPENBLAS_L2_SIZE for this one command and check the kernel it prints:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_fit.py

It times, in one process, one full training iteration of DeepNeuralNetwork.fit (forward,
cost, backward, update; the cost is computed every 100th iteration, as fit does) for the
series' network [12288, 20, 7, 5, 1] on 209 examples, in float32 and float64, next to:

- the floor: the matrix products alone: the forward product W·A_prev of every layer,
  dZ·A_prevᵀ of every layer, Wᵀ·dZ of every layer but the first; X (n_0, m) in C order;
- the teaching loop: forward -> cost -> backward -> update_parameters, as the chapters write it;
- fit_span, the span trainer (dnn/fast.py, train_span): its steady iteration and its one-time setup;
- PyTorch on the CPU, when a Python with torch is found (this one, or --torch-python):
  same sizes, dtype, data and plain SGD, timed in its own process (benchmarks/torch_peer.py).

Each is timed in several rounds, interleaved, so that a machine busy with other work slows
all of them alike; it prints medians and their spread (the lowest and highest round), and
the ratio to the floor, round by round. Then a scaling table: the iteration for m examples
and for first-layer widths n_1, per example and per GFLOP. Absolute times move between
machines, even of one kind; the ratios within one run are what count. Nothing here is a test.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dnn  # noqa: E402
from dnn import fast  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # only for the report and --threads; the benchmark runs without it
    threadpool_info = threadpool_limits = None

LAYERS = [12288, 20, 7, 5, 1]
M = 209
DTYPES = (np.float32, np.float64)


# ---------------------------------------------------------------- the machine


def machine():
    """CPU model, BLAS, its kernel and threads: what the times depend on."""
    cpu = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            cpu.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    flags = set(cpu.get("flags", "").split())
    info = {
        "cpu": cpu.get("model name") or platform.processor() or platform.machine(),
        "cpu_id": (
            f"family {cpu['cpu family']}, model {cpu['model']}, stepping {cpu['stepping']}"
            if "cpu family" in cpu
            else ""
        ),
        "simd": " ".join(f for f in ("avx2", "fma", "avx512f") if f in flags),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": "unknown (install threadpoolctl to see it)",
        "threads": None,
    }
    if threadpool_info is not None:
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                info["blas"] = (
                    f"{pool.get('internal_api')} {pool.get('version')}, kernel "
                    f"{pool.get('architecture')}, {pool.get('threading_layer')}"
                )
                info["threads"] = pool.get("num_threads")
                break
    info["env"] = {
        k: os.environ[k]
        for k in (
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
        )
        if k in os.environ
    }
    return info


def limits(rounds=3):
    """The machine's own limits: a large square product (GFLOP/s) and a large copy (GB/s)."""
    out = {}
    n = 1536
    for dtype in DTYPES:
        A = np.random.default_rng(0).random((n, n)).astype(dtype)
        B, C = A.copy(), np.empty_like(A)
        np.matmul(A, B, out=C)
        t = min(timed(lambda: np.matmul(A, B, out=C)) for _ in range(rounds))
        out[f"gemm_gflops_{np.dtype(dtype).name}"] = 2 * n**3 / t / 1e9
    src = np.ones(32 * 2**20)  # 256 MiB of float64: far beyond every cache
    dst = np.empty_like(src)
    np.copyto(dst, src)
    t = min(timed(lambda: np.copyto(dst, src)) for _ in range(rounds))
    out["copy_gbs"] = 2 * src.nbytes / t / 1e9  # read + write
    return out


def timed(fn, k=1):
    t0 = time.perf_counter()
    for _ in range(k):
        fn()
    return (time.perf_counter() - t0) / k


# ---------------------------------------------------------------- data, floor, FLOPs


def data(layers, m, dtype, seed=0):
    """Random 64x64 RGB 'images' flattened as the series does (n_0 = 12288), random labels;
    another n_0 gives that many random pixels. X (n_0, m) is C-contiguous."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(m, layers[0]), dtype=np.uint8)
    X = dnn.flatten_images(pixels, dtype)
    Y = (rng.random((1, m)) < 0.35).astype(np.int64)  # about the series' share of cats
    return X, Y


def make_floor(layers, m, X):
    """The matrix products of one iteration, and nothing else.

    NumPy's plain `@`: writing into preallocated outputs (np.matmul(..., out=...)) measured
    about 3 % slower here, so the floor is the faster of the two.
    """
    dtype = X.dtype
    rng = np.random.default_rng(1)
    params = dnn.initialize_parameters(layers, dtype=dtype)
    L = len(layers) - 1
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]
    As = [X] + [rng.random((n, m)).astype(dtype) for n in layers[1:-1]]
    dZs = [rng.random((n, m)).astype(dtype) for n in layers[1:]]

    def floor():
        for l in range(L):
            Ws[l] @ As[l]  # forward: W·A_prev
            dZs[l] @ As[l].T  # dW: dZ·A_prevᵀ
            if l > 0:
                Ws[l].T @ dZs[l]  # dA_prev: Wᵀ·dZ, not for layer 1

    return floor


def make_layout_floor(layers, m, X, layout):
    """The floor with the first layer's two products in `layout` (dnn.fast.Layout): X kept in
    its order, Z1 or Z1ᵀ, dW1 or dW1ᵀ; the other layers' products as in make_floor."""
    dtype = X.dtype
    rng = np.random.default_rng(1)
    params = dnn.initialize_parameters(layers, dtype=dtype)
    L = len(layers) - 1
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]
    X = np.asarray(X, order=layout.x_order)
    W1T = np.ascontiguousarray(Ws[0].T)
    W1 = W1T.T if "T" in layout[1:3] else Ws[0]
    As = [X] + [rng.random((n, m)).astype(dtype) for n in layers[1:-1]]
    dZs = [rng.random((n, m)).astype(dtype) for n in layers[1:]]
    fwd, bwd = layout.forward, layout.backward

    def floor():
        _ = (X.T @ W1T).T if fwd == "T" else W1 @ X
        if bwd == "T":
            X @ np.ascontiguousarray(dZs[0].T)
        else:
            dZs[0] @ X.T
        for l in range(1, L):
            Ws[l] @ As[l]
            dZs[l] @ As[l].T
            Ws[l].T @ dZs[l]

    return floor


ALL_LAYOUTS = [fast.Layout(o, f, b) for o in "CF" for f in "NT" for b in "NT"]


def best_layout(layers, m, X, rounds=5, k=5):
    """The layout whose floor is fastest here (lowest of a few interleaved rounds), its times."""
    floors = {lay[:3]: make_layout_floor(layers, m, X, lay) for lay in ALL_LAYOUTS}
    times = {key: [] for key in floors}
    for fn in floors.values():
        fn()
    for r in range(rounds):
        for key in list(floors) if r % 2 == 0 else list(floors)[::-1]:
            times[key].append(timed(floors[key], k))
    best = min(times, key=lambda key: min(times[key]))
    return fast.Layout(*best), {"".join(key): t for key, t in times.items()}


def gflop(layers, m):
    """FLOPs of one iteration's products: 2·n_l·n_{l-1}·m each; three per layer, two for layer 1."""
    return (
        sum(
            2 * n * n_prev * m * (3 if l > 1 else 2)
            for l, (n_prev, n) in enumerate(zip(layers, layers[1:]), start=1)
        )
        / 1e9
    )


def teaching_loop(model, X, Y):
    """The chapters' loop, forward -> cost (every 100th) -> backward -> update_parameters."""
    state = {"p": {k: v.copy() for k, v in model.parameters.items()}, "i": 0}

    def run(k):
        p = state["p"]
        for _ in range(k):
            AL, caches = dnn.forward(X, p)
            if state["i"] % 100 == 0:
                dnn.cost(AL, Y, p, model.lambd)
            grads = dnn.backward(AL, Y, caches, model.lambd)
            p = dnn.update_parameters(p, grads, model.learning_rate)
            state["i"] += 1
        state["p"] = p

    return run


# ---------------------------------------------------------------- PyTorch, in its own process


def torch_python(requested):
    """A Python that can import torch: --torch-python, else this one if it has torch."""
    if requested:
        return requested
    import importlib.util

    return sys.executable if importlib.util.find_spec("torch") else None


class TorchPeer:
    """benchmarks/torch_peer.py, running the same network on the same data in its own process.

    Between its rounds the peer is stopped (SIGSTOP): PyTorch's idle threads would otherwise
    keep spinning on the cores that NumPy is being timed on.
    """

    def __init__(self, python, model, X, Y, threads):
        with tempfile.NamedTemporaryFile(suffix=".npz", delete=False) as f:
            self.file = f
        np.savez(
            self.file.name,
            X=X,
            Y=Y.astype(X.dtype),
            learning_rate=model.learning_rate,
            **model.parameters,
        )
        self.proc = subprocess.Popen(
            [python, str(Path(__file__).with_name("torch_peer.py")), self.file.name, str(threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError(f"the PyTorch peer ({python}) did not start")
        self.info = json.loads(line)
        self.proc.send_signal(signal.SIGSTOP)

    def run(self, k):
        time.sleep(0.15)  # as every step: let this process's BLAS threads stop spinning first
        self.proc.send_signal(signal.SIGCONT)
        self.proc.stdin.write(f"{k}\n")
        self.proc.stdin.flush()
        result = json.loads(self.proc.stdout.readline())
        self.proc.send_signal(signal.SIGSTOP)
        return result

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=30)
        os.unlink(self.file.name)


# ---------------------------------------------------------------- the main comparison


def compare(dtype, rounds, k, span_k, python, threads, layout_rounds=5):
    """Interleaved rounds of the floors, fit, teaching loop, fit_span (and PyTorch) in one dtype.

    Every figure is a steady state timed from a prepared state: no figure is a difference of
    two timings (which a busy machine can make <= 0).
    """
    X, Y = data(LAYERS, M, dtype)
    floor = make_floor(LAYERS, M, X)
    best, layout_times = best_layout(LAYERS, M, X, rounds=layout_rounds, k=max(k // 4, 2))
    best_floor = make_layout_floor(LAYERS, M, X, best)
    model = dnn.DeepNeuralNetwork(LAYERS, dtype=dtype)
    model1 = dnn.DeepNeuralNetwork(LAYERS, dtype=dtype)
    fit_layout = fast.choose_layout(X, model.parameters)
    teach = teaching_loop(model, X, Y)
    peer = TorchPeer(python, model, X, Y, threads) if python else None
    first_cost = dnn.DeepNeuralNetwork(LAYERS, dtype=dtype).fit(X, Y, 1).costs[0]
    # the span form from a prepared state: its steady iteration and its setup, timed apart
    span_params = {key: value.copy() for key, value in model.parameters.items()}
    span_state = fast.span_setup(span_params, X)

    def span_iteration():
        with fast.blas_threads(1):  # as train_span runs it
            t = (
                timed(
                    lambda: fast.span_steps(
                        span_state, span_params, X, Y, span_k, model.learning_rate, 0.0
                    )
                )
                / span_k
            )
            setup = timed(
                lambda: fast.span_finish(fast.span_setup(span_params, X), {"W1": None}, X)
            )
        return t, setup

    def fit_one_thread():
        with fast.forced_threads(1):
            return timed(lambda: model1.fit(X, Y, k)) / k

    steps = {
        "floor": lambda: timed(floor, k),
        "best_floor": lambda: timed(best_floor, k),
        "fit": lambda: timed(lambda: model.fit(X, Y, k)) / k,
        "fit_1thread": fit_one_thread,
        "teaching": lambda: timed(lambda: teach(max(k // 4, 1))) / max(k // 4, 1),
        "span": span_iteration,
    }
    times = {
        name: []
        for name in [
            *steps,
            "span_setup",
            "torch",
            "torch_floor",
            "torch_sequential",
            "torch_lean_rows",
            "torch_lean_cols",
        ]
    }
    floor(), best_floor(), model.fit(X, Y, 1), model1.fit(X, Y, 1), teach(1)  # warm up
    span_iteration()
    for r in range(rounds):
        order = list(steps) if r % 2 == 0 else list(steps)[::-1]  # ABBA: drift cancels
        for name in order:
            # OpenBLAS's idle threads spin for about 0.1 s after a call with two threads
            # (benchmarks/spin.py) and take a core from whatever runs next (the PyTorch peer, a
            # split layout's two threads): every step starts after a pause that outlasts it
            time.sleep(0.15)
            result = steps[name]()
            if name == "span":
                times["span"].append(result[0])
                times["span_setup"].append(result[1])
            else:
                times[name].append(result)
        if peer:
            t = peer.run(k)
            times["torch"].append(t["iteration"])
            times["torch_floor"].append(t["floor"])
            for form in ("sequential", "lean_rows", "lean_cols"):
                times[f"torch_{form}"].append(t[form])
    result = {
        "dtype": np.dtype(dtype).name,
        "times": times,
        "first_cost": first_cost,
        "best_layout": "".join(best[:3]),
        "layout_floors": layout_times,
        "fit_layout": fit_layout.reason,
        "fit_threads": fast.choose_threads(X, model.parameters, span=False),
    }
    if peer:
        result["torch_info"] = peer.info
        peer.close()
    return result


def ratios(a, b):
    """Round-by-round a/b; a round whose b came out <= 0 (a difference of two timings on a busy
    machine) is left out rather than divided by."""
    return [x / y for x, y in zip(a, b) if y > 0] or [float("nan")]


def spread(values, scale=1.0, fmt="{:.3f}"):
    v = np.array(values) * scale
    return f"{fmt.format(np.median(v))}  [{fmt.format(v.min())} - {fmt.format(v.max())}]"


def report_compare(res):
    t = res["times"]
    ms = 1e3
    print(
        f"\n{res['dtype']}: one iteration of {LAYERS} on m = {M} "
        f"({gflop(LAYERS, M):.3f} GFLOP of products)    median  [lowest - highest round]"
    )
    print(f"  floor (the products alone)      {spread(t['floor'], ms)} ms   (plain layout)")
    print(
        f"  floor, best layout              {spread(t['best_floor'], ms)} ms   "
        f"({res['best_layout']}: X order, Z1 N/T, dW1 N/T)"
    )
    print(f"  fit                             {spread(t['fit'], ms)} ms   ({res['fit_layout']})")
    print(f"  fit, one BLAS thread            {spread(t['fit_1thread'], ms)} ms")
    print(f"  teaching loop                   {spread(t['teaching'], ms)} ms")
    print(f"  fit_span, per iteration         {spread(t['span'], ms)} ms   (one BLAS thread)")
    print(
        f"  fit_span, setup once per call   {spread(t['span_setup'], ms)} ms "
        "(W1_0·X, XᵀX, W1 at the end)"
    )
    print(f"  fit / floor                     {spread(ratios(t['fit'], t['floor']))}")
    print(f"  fit / best-layout floor         {spread(ratios(t['fit'], t['best_floor']))}")
    print(f"  fit one thread / fit            {spread(ratios(t['fit_1thread'], t['fit']))}")
    print(f"  teaching loop / floor           {spread(ratios(t['teaching'], t['floor']))}")
    print(
        f"  fit_span / floor                {spread(ratios(t['span'], t['floor']))}"
        f"   (floor / fit_span = {np.median(ratios(t['floor'], t['span'])):.1f}x)"
    )
    if t["torch"]:
        info = res["torch_info"]
        print(
            f"  PyTorch {info['torch']} ({info['threads']} threads, own process)"
            f"  {spread(t['torch'], ms)} ms"
        )
        print(f"  PyTorch / floor                 {spread(ratios(t['torch'], t['floor']))}")
        print(f"  fit / PyTorch                   {spread(ratios(t['fit'], t['torch']))}")
        print(f"  PyTorch / fit_span              {spread(ratios(t['torch'], t['span']))}")
        for form in ("sequential", "lean_rows", "lean_cols"):
            print(
                f"  PyTorch {form:<12} / floor    {spread(ratios(t[f'torch_{form}'], t['floor']))}"
            )
        print(f"  PyTorch / its own products      {spread(ratios(t['torch'], t['torch_floor']))}")
        print(f"  first cost: dnn {res['first_cost']:.10f}, PyTorch {info['first_cost']:.10f}")


# ---------------------------------------------------------------- scaling


def scaling(dtype, rounds, budget=0.15):
    """fit's iteration for m examples (n_1 = 20) and for first-layer widths n_1 (m = 209)."""
    rows = []
    configs = [("m", m, [LAYERS[0], 20, 7, 5, 1], m) for m in (64, 128, 256, 512, 1024)]
    configs += [("n_1", n1, [LAYERS[0], n1, 7, 5, 1], M) for n1 in (10, 20, 40, 80)]
    for kind, value, layers, m in configs:
        X, Y = data(layers, m, dtype)
        floor = make_floor(layers, m, X)
        model = dnn.DeepNeuralNetwork(layers, dtype=dtype)
        model.fit(X, Y, 1)
        k = max(3, int(budget / timed(floor)))
        fit_t, floor_t = [], []
        for _ in range(rounds):
            floor_t.append(timed(floor, k))
            fit_t.append(timed(lambda: model.fit(X, Y, k)) / k)
        t, tf = np.median(fit_t), np.median(floor_t)
        rows.append(
            {
                "kind": kind,
                "value": value,
                "m": m,
                "n_1": layers[1],
                "fit": t,
                "floor": tf,
                "ratio": np.median(ratios(fit_t, floor_t)),
                "gflop": gflop(layers, m),
            }
        )
    return rows


def report_scaling(dtype, rows):
    print(f"\n{np.dtype(dtype).name}: scaling of fit's iteration ([12288, n_1, 7, 5, 1]; medians)")
    print(
        f"  {'':>10} {'fit ms':>9} {'floor ms':>9} {'ratio':>6} {'µs/example':>11} "
        f"{'ms/GFLOP':>9} {'GFLOP/s':>8}"
    )
    for r in rows:
        label = f"m = {r['m']}" if r["kind"] == "m" else f"n_1 = {r['n_1']}"
        print(
            f"  {label:>10} {r['fit'] * 1e3:9.3f} {r['floor'] * 1e3:9.3f} {r['ratio']:6.3f} "
            f"{r['fit'] / r['m'] * 1e6:11.2f} {r['fit'] / r['gflop'] * 1e3:9.3f} "
            f"{r['gflop'] / r['fit']:8.1f}"
        )
    per_example = [r["fit"] / r["m"] for r in rows if r["kind"] == "m" and r["m"] >= 128]
    low, high = min(per_example), max(per_example)
    print(
        f"  time per example, m = 128 to 1024: {low * 1e6:.2f} to {high * 1e6:.2f} µs, "
        f"±{(high - low) / (high + low):.0%} around their middle"
    )


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds per measurement (15)")
    parser.add_argument(
        "--iterations",
        type=int,
        default=100,
        help="iterations per round (100: one cost per round, as fit records)",
    )
    parser.add_argument(
        "--threads", type=int, help="BLAS threads (default: the BLAS's own, usually one per CPU)"
    )
    parser.add_argument("--torch-python", help="a Python with torch, for the PyTorch peer")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling table")
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the headline only, in under a minute: 3 rounds of 50 iterations, no scaling",
    )
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.iterations, args.no_scaling = min(args.rounds, 3), 50, True
    if args.threads:
        if threadpool_limits is None:
            parser.error("--threads needs threadpoolctl")
        threadpool_limits(args.threads)

    load = os.getloadavg()[0]
    info = machine()
    print(f"CPU      {info['cpu']} ({info['cpu_id']}; {info['simd']}), {info['cpus']} CPUs")
    print(f"Python   {info['python']}, NumPy {info['numpy']}")
    print(f"BLAS     {info['blas']}, {info['threads']} threads")
    print(
        f"load     {load:.2f} (1-minute average before starting; other work on the machine"
        " slows every measurement, and a BLAS thread that loses its core stalls the others)"
    )
    if info["env"]:
        print(f"env      {info['env']}")
    if "OPENBLAS_CORETYPE" in info["env"]:
        print("         OPENBLAS_CORETYPE is set: it may force a slower kernel; see the docstring")
    lim = limits(rounds=1 if args.quick else 3)
    print(
        f"limits   GEMM 1536³: {lim['gemm_gflops_float32']:.0f} GFLOP/s float32, "
        f"{lim['gemm_gflops_float64']:.0f} GFLOP/s float64; copy: {lim['copy_gbs']:.1f} GB/s"
    )
    python = None if args.no_torch else torch_python(args.torch_python)
    if python is None and not args.no_torch:
        print("PyTorch  not found: skipped (pip install torch, or --torch-python PATH)")
    threads = info["threads"] or os.cpu_count()

    results = {"machine": info, "limits": lim, "compare": [], "scaling": {}}
    for dtype in DTYPES:
        span_k, layout_rounds = (50, 3) if args.quick else (500, 5)
        res = compare(dtype, args.rounds, args.iterations, span_k, python, threads, layout_rounds)
        results["compare"].append(res)
        report_compare(res)
    if not args.no_scaling:
        for dtype in DTYPES:
            rows = scaling(dtype, max(3, args.rounds // 2))
            results["scaling"][np.dtype(dtype).name] = rows
            report_scaling(dtype, rows)

    print("\nsummary (medians of the round-by-round ratios)")
    for res in results["compare"]:
        t = res["times"]
        line = (
            f"  {res['dtype']}: fit / floor {np.median(ratios(t['fit'], t['floor'])):.3f}, "
            f"fit / best-layout floor {np.median(ratios(t['fit'], t['best_floor'])):.3f}, "
            f"floor / fit_span {np.median(ratios(t['floor'], t['span'])):.1f}x"
        )
        if t["torch"]:
            line += f", PyTorch / fit {np.median(ratios(t['torch'], t['fit'])):.2f}x"
            line += f", PyTorch / fit_span {np.median(ratios(t['torch'], t['span'])):.1f}x"
        print(line)
    print(f"  load average now {os.getloadavg()[0]:.2f}")
    if args.json:
        results["load"] = [load, os.getloadavg()[0]]
        results["command"] = " ".join([sys.executable, *sys.argv])
        Path(args.json).write_text(json.dumps(results, indent=1, default=float))


if __name__ == "__main__":
    main()
