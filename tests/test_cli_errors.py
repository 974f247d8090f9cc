"""The command line's misuse: one clear line on stderr, a non-zero exit, never a traceback.

Each case runs `python -m dnn` in a child process, as a user would, so a traceback anywhere
(argparse, loading, training, saving, Ctrl-C) shows up in its stderr.
"""

import os
import signal
import subprocess
import sys
import time

import pytest

import dnn

ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dnn", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=120,
    )


def error_lines(stderr):
    """The lines that are not argparse's usage block."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(("usage:", " "))]


def assert_one_clear_line(result, *words):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


CASES = {
    "iterations 0": (["--iterations", "0"], ["--iterations", ">= 1"]),
    "iterations -5": (["--iterations", "-5"], ["--iterations", ">= 1"]),
    "iterations 2.5": (["--iterations", "2.5"], ["--iterations"]),
    "hidden 20,,5": (["--hidden", "20,,5"], ["--hidden", "20,,5"]),
    "hidden 20,": (["--hidden", "20,"], ["--hidden"]),
    "hidden empty": (["--hidden", ""], ["--hidden"]),
    "hidden 0": (["--hidden", "0"], ["--hidden", ">= 1"]),
    "hidden x": (["--hidden", "a,b"], ["--hidden"]),
    "hidden 1000000000": (["--hidden", "1000000000"], ["parameters", "GiB"]),
    "learning rate nan": (["--learning-rate", "nan"], ["--learning-rate", "finite"]),
    "learning rate inf": (["--learning-rate", "inf"], ["--learning-rate", "finite"]),
    "learning rate 0": (["--learning-rate", "0"], ["learning_rate", "> 0"]),
    "learning rate -1": (["--learning-rate=-1"], ["learning_rate", "> 0"]),
    "learning rate text": (["--learning-rate", "fast"], ["--learning-rate"]),
    "lambd -1": (["--lambd=-1"], ["lambd", ">= 0"]),
    "seed -1": (["--seed=-1"], ["--seed", ">= 0"]),
    "seed 1.7": (["--seed", "1.7"], ["--seed"]),
    "dtype float16": (["--dtype", "float16"], ["--dtype"]),
    "data dir missing": (["--data-dir", "/no/such/folder"], ["/no/such/folder"]),
}


@pytest.mark.parametrize("case", CASES)
def test_misuse_is_one_line_without_traceback(case):
    extra, words = CASES[case]
    result = run("train", "digits", "--quiet", "--iterations", "10", *extra)
    assert_one_clear_line(result, *words)


def test_unknown_data_set_lists_the_available_ones():
    line = assert_one_clear_line(run("train", "nosuchset", "--quiet"), "nosuchset")
    for name in dnn.available_datasets():
        assert name in line


def test_no_command_and_unknown_command():
    assert_one_clear_line(run())
    assert_one_clear_line(run("fly"))


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_save_path_checked_before_training(tmp_path, where):
    target = tmp_path / "no" / "model.h5" if where == "missing folder" else tmp_path
    start = time.monotonic()
    # 100,000 iterations would take minutes: the refusal must come before training
    result = run("train", "digits", "--quiet", "--iterations", "100000", "--save", str(target))
    assert time.monotonic() - start < 30
    assert_one_clear_line(result, "--save", str(target))
    assert "train accuracy" not in result.stdout


def test_hostile_data_file_is_one_line(tmp_path):
    (tmp_path / "train_bad.h5").write_bytes(b"not an hdf5 file" * 10)
    (tmp_path / "test_bad.h5").write_bytes(b"not an hdf5 file" * 10)
    result = run("train", "bad", "--quiet", "--data-dir", str(tmp_path))
    assert_one_clear_line(result, str(tmp_path / "train_bad.h5"))


def test_ctrl_c_stops_cleanly_and_says_what_happened_to_the_model(tmp_path):
    target = tmp_path / "model.h5"
    child = subprocess.Popen(
        [sys.executable, "-m", "dnn", "train", "digits", "--iterations", "1000000", "--quiet"]
        + ["--save", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    # wait until training has started (the network line is printed before the first step)
    line = child.stdout.readline()
    while line and not line.startswith("network:"):
        line = child.stdout.readline()
    time.sleep(1.0)
    child.send_signal(signal.SIGINT)
    try:
        out, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()  # never leave the child training after a failed test
        child.communicate()
        raise
    assert child.returncode == 128 + signal.SIGINT
    assert "Traceback" not in err, err
    lines = error_lines(err)
    assert len(lines) == 1 and lines[0].startswith("stopped: interrupted after "), err
    assert "not saved" in lines[0] and str(target) in lines[0]
    assert not target.exists()
    assert not list(tmp_path.iterdir())  # no temporary file left behind either


def test_a_good_run_saves_a_loadable_model(tmp_path):
    target = tmp_path / "m.h5"
    result = run("train", "moons", "--quiet", "--iterations", "200", "--save", str(target))
    assert result.returncode == 0, result.stderr
    assert dnn.DeepNeuralNetwork.load(target).iterations == 200
