"""The series' recipe through the command line, on a quiet machine and with one core kept busy.

Run from the repository root (about half a minute):

    .venv/bin/python benchmarks/cli_recipe.py | tee benchmarks/cli_recipe_<cpu>.txt

It runs `python -m dnn train catvnoncat --hidden 20,7,5 --iterations 2500 --quiet` `--runs`
times with nothing else running, then as often while another process spins on one core (a
Python busy loop, started before and killed after), alternating quiet and busy runs, and reads
the training time the command prints on its `time` line (the training only: not Python's
start, the imports, nor reading the files).

The series' files (train_catvnoncat.h5, test_catvnoncat.h5) are not in the repository: with
--data-dir DIR it reads them from DIR; without, it writes stand-ins of the same shapes and
types (209 and 50 random 64×64×3 images, seeded) to a temporary folder. The time depends on the
shapes, not on the pixels: every iteration does the same products whatever the numbers are.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fit import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "dnn", "train", "catvnoncat", "--hidden", "20,7,5", "--iterations", "2500"]
BUSY = "while True: pass"


def stand_in(folder):
    """train_catvnoncat.h5 and test_catvnoncat.h5 with the series' shapes, random pixels."""
    import h5py

    rng = np.random.default_rng(0)
    for part, m in (("train", 209), ("test", 50)):
        with h5py.File(Path(folder) / f"{part}_catvnoncat.h5", "w") as f:
            f["list_classes"] = np.array([b"non-cat", b"cat"], dtype="S7")
            f[f"{part}_set_x"] = rng.integers(0, 256, (m, 64, 64, 3), dtype=np.uint8)
            f[f"{part}_set_y"] = rng.integers(0, 2, m, dtype=np.int64)
    return folder


def run_once(data_dir):
    """(training seconds, the trainer line) of one run of the command."""
    env = {**os.environ, "DNN_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, *COMMAND, "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise SystemExit(f"cli_recipe: the command failed:\n{done.stderr}")
    seconds = re.search(r"^time\s+([\d.]+) s", done.stdout, re.M)
    trainer = re.search(r"^trainer\s+(.*)$", done.stdout, re.M)
    if not (seconds and trainer):
        raise SystemExit(f"cli_recipe: no time or trainer line in:\n{done.stdout}")
    return float(seconds.group(1)), trainer.group(1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each kind (default 9)")
    parser.add_argument("--data-dir", type=Path, help="folder with the series' two files")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    info = machine()
    print(f"CPU {info['cpu']} ({info['cpu_id']}); BLAS {info['blas']}")
    print(f"load {os.getloadavg()[0]:.2f} (1-minute average before starting)")
    print("command: python " + " ".join(COMMAND) + " --quiet")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or stand_in(tmp)
        print(f"data: {'the files in ' + str(data_dir) if args.data_dir else 'stand-ins'}")
        run_once(data_dir)  # the first run reads the files from disk into the page cache
        times, trainer = {"quiet": [], "busy": []}, None
        for _ in range(args.runs):
            seconds, trainer = run_once(data_dir)
            times["quiet"].append(seconds)
            busy = subprocess.Popen([sys.executable, "-c", BUSY])
            try:
                times["busy"].append(run_once(data_dir)[0])
            finally:
                busy.kill()
                busy.wait()
    print(f"trainer: {trainer}")
    quiet = statistics.median(times["quiet"])
    for kind, label in (("quiet", "quiet"), ("busy", "one core busy")):
        t = times[kind]
        print(
            f"{label:14s} median {statistics.median(t):.2f} s, range {min(t):.2f}–{max(t):.2f} s, "
            f"slowest / quiet median {max(t) / quiet:.2f}   runs: "
            + " ".join(f"{x:.2f}" for x in t)
        )
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "trainer": trainer, **times}, indent=1))


if __name__ == "__main__":
    main()
