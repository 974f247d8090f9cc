"""Hostile-file machinery for tests/test_files_hostile.py and `make fuzz`.

Seeded byte mutations of a model file written by `save` and of a data file in the classic
layout, and a runner that loads files in a child process under a memory limit (RLIMIT_AS) and
a per-file timeout. The child loads the files one after the other and reports each result as a
JSON line; the parent watches the clock, kills a child that takes too long on one file and starts
a new one from the next file, so a hang or a crash is counted, never waited for.

Run by hand:  python tests/hostile.py [N] [SEED]   (N mutations of each kind, default 2000)
"""

import json
import os
import resource
import selectors
import shutil
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np

MEMORY_LIMIT = 2 * 2**30  # bytes of address space for the child
TIMEOUT = 20.0  # seconds for one file

WORKER = r"""
import json, sys, traceback
import dnn
for line in sys.stdin:
    kind, path, name = json.loads(line)
    try:
        if kind == "model":
            dnn.DeepNeuralNetwork.load(path)
        else:
            dnn.load_dataset(name, data_dir=path)
        out = {"result": "ok"}
    except MemoryError:
        out = {"result": "MemoryError"}
    except BaseException as e:
        out = {"result": type(e).__name__, "message": str(e)}
    print(json.dumps(out), flush=True)
"""


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _start():
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_limit_memory,
        env=env,
    )


def load_all(jobs, timeout=TIMEOUT):
    """Load every (kind, path, name) job in child processes; a list of result dicts.

    A result is {"result": "ok" | exception class name | "hang" | "crash", "message": ...}.
    """
    results, child, i = [], None, 0
    while i < len(jobs):
        fresh = child is None
        if fresh:
            child = _start()
            sel = selectors.DefaultSelector()
            sel.register(child.stdout, selectors.EVENT_READ)
        child.stdin.write(json.dumps([str(x) for x in jobs[i]]) + "\n")
        child.stdin.flush()
        start = time.monotonic()
        # the first file of a child also pays for importing dnn: give it the import time too
        ready = sel.select(timeout + (10 if fresh else 0))
        line = child.stdout.readline() if ready else ""
        if line:
            results.append(json.loads(line))
        else:
            hung = not ready
            child.kill()
            child.wait()
            sel.close()
            child = None
            results.append(
                {
                    "result": "hang" if hung else "crash",
                    "message": f"after {time.monotonic() - start:.1f} s",
                }
            )
        i += 1
    if child is not None:
        child.stdin.close()
        child.wait()
    return results


# ------------------------------------------------------------------ the seeds


def model_seed(path):
    """A small model file written by save (the issue's 10 KB kind)."""
    import dnn

    model = dnn.DeepNeuralNetwork([12, 5, 3, 1], learning_rate=0.05, lambd=0.1, seed=3)
    X = np.random.default_rng(0).random((12, 30))
    Y = (X[:1] > 0.5).astype(np.int64)
    model.fit(X, Y, 300)
    model.save(path)
    return path


def data_seed(folder, name, split="train", m=40):
    """A data file in the classic layout: uint8 images, int64 labels, two class names."""
    rng = np.random.default_rng(1)
    with h5py.File(Path(folder) / f"{split}_{name}.h5", "w") as f:
        f[f"{split}_set_x"] = rng.integers(0, 256, (m, 4, 4, 3), dtype=np.uint8)
        f[f"{split}_set_y"] = rng.integers(0, 2, m).astype(np.int64)
        f["list_classes"] = np.array([b"non-cat", b"cat"])
    return Path(folder) / f"{split}_{name}.h5"


SIGNATURES = (b"GCOL", b"TREE", b"HEAP", b"SNOD", b"OHDR", b"FRHP", b"BTHD", b"OCHK")


def _find_all(data, sig):
    at = data.find(sig)
    while at >= 0:
        yield at
        at = data.find(sig, at + 1)


def mutate(data, rng):
    """One seeded mutation: a few random bytes, a run of up to 33 bytes, or an int overwrite."""
    b = bytearray(data)
    how = rng.integers(0, 5)
    if how == 0:  # a few scattered bytes
        for _ in range(rng.integers(1, 9)):
            b[rng.integers(0, len(b))] = rng.integers(0, 256)
    elif how == 1:  # a run of random bytes (the 33-byte attribute-heap overwrite)
        n = int(rng.integers(1, 34))
        at = int(rng.integers(0, len(b) - n))
        b[at : at + n] = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
    elif how == 2:  # a plausible-looking integer: huge sizes, offsets and counts
        at = int(rng.integers(0, len(b) - 8))
        value = int(rng.choice([0, 1, 2**31 - 1, 2**32 - 1, 2**63 - 1, 10**9, 255]))
        b[at : at + 8] = value.to_bytes(8, "little")
    elif how == 3:  # a single bit
        at = int(rng.integers(0, len(b)))
        b[at] ^= 1 << int(rng.integers(0, 8))
    else:  # up to 33 bytes inside HDF5 metadata: global heap, B-trees, local heaps, symbols
        starts = [i for sig in SIGNATURES for i in _find_all(data, sig)] or [0]
        n = int(rng.integers(1, 34))
        at = min(int(rng.choice(starts)) + int(rng.integers(4, 128)), len(b) - n)
        b[at : at + n] = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
    return bytes(b)


def mutated_corpus(folder, n, seed):
    """n mutated model files and n mutated data sets in folder; the list of jobs."""
    folder = Path(folder)
    rng = np.random.default_rng(seed)
    model = model_seed(folder / "seed_model.h5").read_bytes()
    data_seed(folder, "seed")
    train = (folder / "train_seed.h5").read_bytes()
    test_folder = folder / "testseed"
    test_folder.mkdir()
    test = data_seed(test_folder, "seed", "test").read_bytes()
    jobs = []
    for i in range(n):
        path = folder / f"model_{i}.h5"
        path.write_bytes(mutate(model, rng))
        jobs.append(("model", path, ""))
        d = folder / f"data_{i}"
        d.mkdir()
        split = "train" if i % 3 else "test"  # both files are read: mutate either
        (d / "train_m.h5").write_bytes(mutate(train, rng) if split == "train" else train)
        (d / "test_m.h5").write_bytes(mutate(test, rng) if split == "test" else test)
        jobs.append(("data", d, "m"))
    return jobs


def acceptable(job, result):
    """A clean load, or a ValueError naming the file (or its folder and set for data)."""
    if result["result"] == "ok":
        return True
    if result["result"] != "ValueError":
        return False
    kind, path, name = job
    msg = result["message"]
    return str(path) in msg


def summary(jobs, results):
    counts = {}
    for job, r in zip(jobs, results):
        key = (job[0], r["result"] if acceptable(job, r) else "BAD " + r["result"])
        counts[key] = counts.get(key, 0) + 1
    return counts


def main(argv):
    import tempfile

    n = int(argv[1]) if len(argv) > 1 else 2000
    seed = int(argv[2]) if len(argv) > 2 else 12
    folder = Path(tempfile.mkdtemp(prefix="dnn-fuzz-"))
    try:
        jobs = mutated_corpus(folder, n, seed)
        start = time.monotonic()
        results = load_all(jobs)
        seconds = time.monotonic() - start
        for key, count in sorted(summary(jobs, results).items()):
            print(f"{key[0]:6} {key[1]:20} {count}")
        bad = [(j, r) for j, r in zip(jobs, results) if not acceptable(j, r)]
        for job, r in bad[:20]:
            print("BAD", job[0], job[1], r)
        print(f"{len(jobs)} files ({n} model, {n} data sets), seed {seed}, {seconds:.0f} s")
        return 1 if bad else 0
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
