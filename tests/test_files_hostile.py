"""Hostile model and data files: each is refused with a ValueError naming the file.

Every file is loaded in a child process under a 2 GiB address-space limit and a 20 s timeout
(tests/hostile.py), so a hang, a crash or a huge allocation is a failure, not a stuck test run.
The crafted files are one per class the issue lists; the mutated ones are seeded byte mutations
of a file written by `save` and of a classic data file (a short run here, 2,000 of each in
`make fuzz`).
"""

import pickle
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hostile  # noqa: E402

# ------------------------------------------------------------------ crafted model files


def _model(path, edit=None, **attrs):
    """A valid model file for [3, 2, 1] written by hand, then changed by edit(f)."""
    with h5py.File(path, "w") as f:
        settings = {
            "format": np.bytes_("dnn.DeepNeuralNetwork"),
            "layer_dims": np.array([3, 2, 1], dtype=np.int64),
            "learning_rate": 0.1,
            "lambd": 0.0,
            "seed": 1,
            "dtype": np.bytes_("float64"),
            "iterations": 100,
        }
        settings.update(attrs)
        for key, value in settings.items():
            if value is not None:
                f.attrs[key] = value
        f["costs"] = np.array([0.7, 0.6])
        for key, shape in (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))):
            f[f"parameters/{key}"] = np.full(shape, 0.5)
        if edit:
            edit(f)
    return path


def _replace(key, make):
    def edit(f):
        del f[key]
        make(f, key)

    return edit


def _other_file(path):
    other = path.parent / "other.h5"
    with h5py.File(other, "w") as g:
        g["W1"] = np.full((2, 3), 7.0)
    return other


MODELS = {
    "valid": lambda p: _model(p),
    "external link for a weight": lambda p: _model(
        p,
        _replace(
            "parameters/W1", lambda f, k: f.__setitem__(k, h5py.ExternalLink(_other_file(p), "W1"))
        ),
    ),
    "external storage": lambda p: _model(
        p,
        _replace(
            "parameters/W1",
            lambda f, k: f.create_dataset(
                k, shape=(2, 3), dtype="f8", external=[(str(_other_file(p)), 0, 48)]
            ),
        ),
    ),
    "soft link": lambda p: _model(
        p, _replace("parameters/b2", lambda f, k: f.__setitem__(k, h5py.SoftLink("/costs")))
    ),
    "broken soft link": lambda p: _model(
        p, _replace("parameters/b2", lambda f, k: f.__setitem__(k, h5py.SoftLink("/nowhere")))
    ),
    "group for a weight": lambda p: _model(
        p, _replace("parameters/W2", lambda f, k: f.create_group(k))
    ),
    "scalar weight": lambda p: _model(
        p, _replace("parameters/b1", lambda f, k: f.__setitem__(k, 1.0))
    ),
    "parameters is a dataset": lambda p: _model(
        p, _replace("parameters", lambda f, k: f.__setitem__(k, np.zeros(3)))
    ),
    "pickle as opaque bytes": lambda p: _model(
        p,
        _replace(
            "parameters/W1",
            lambda f, k: f.__setitem__(k, np.void(pickle.dumps(np.full((2, 3), 0.5)))),
        ),
    ),
    "object strings as costs": lambda p: _model(
        p,
        _replace(
            "costs", lambda f, k: f.create_dataset(k, data=["a", "b"], dtype=h5py.string_dtype())
        ),
    ),
    "huge layer_dims": lambda p: _model(p, layer_dims=np.array([20000, 20000, 1])),
    "layer_dims disagree with arrays": lambda p: _model(p, layer_dims=np.array([4, 2, 1])),
    "array-valued format": lambda p: _model(p, format=np.array([b"dnn.DeepNeuralNetwork"] * 2)),
    "variable-length format (older save)": lambda p: _model(p, format="dnn.DeepNeuralNetwork"),
    "format of another program": lambda p: _model(p, format=np.bytes_("keras")),
    "no format": lambda p: _model(p, format=None),
    "string learning rate": lambda p: _model(p, learning_rate=np.bytes_("0.1")),
    "negative learning rate": lambda p: _model(p, learning_rate=-0.1),
    "nan learning rate": lambda p: _model(p, learning_rate=np.nan),
    "float seed": lambda p: _model(p, seed=1.7),
    "negative iterations": lambda p: _model(p, iterations=-5),
    "dtype float16": lambda p: _model(p, dtype=np.bytes_("float16")),
    "dtype garbage": lambda p: _model(p, dtype=np.bytes_(b"\xff\xfe")),
    "NaN weight": lambda p: _model(p, lambda f: f["parameters/W1"].__setitem__((0, 0), np.nan)),
    "extra weight": lambda p: _model(p, lambda f: f.__setitem__("parameters/W3", np.ones((1, 1)))),
    "int weights": lambda p: _model(
        p, _replace("parameters/W1", lambda f, k: f.__setitem__(k, np.ones((2, 3), dtype=np.int64)))
    ),
    "float16 weights": lambda p: _model(
        p,
        _replace("parameters/W1", lambda f, k: f.__setitem__(k, np.ones((2, 3), dtype=np.float16))),
    ),
    "compound weights": lambda p: _model(
        p,
        _replace(
            "parameters/W1",
            lambda f, k: f.__setitem__(k, np.zeros((2, 3), dtype=[("a", "f8"), ("b", "f8")])),
        ),
    ),
    "not hdf5": lambda p: (p.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(300)), p)[1],
    "empty file": lambda p: (p.write_bytes(b""), p)[1],
}


# ------------------------------------------------------------------ crafted data files


def _data(folder, edit=None, split="train", m=3):
    """train_x.h5 and test_x.h5, valid, then train (or test) changed by edit(f, split)."""
    for s in ("train", "test"):
        with h5py.File(folder / f"{s}_x.h5", "w") as f:
            f[f"{s}_set_x"] = np.arange(m * 12, dtype=np.uint8).reshape(m, 2, 2, 3)
            f[f"{s}_set_y"] = np.array([0, 1, 1][:m] + [0] * max(0, m - 3), dtype=np.int64)
            f["list_classes"] = np.array([b"non-cat", b"cat"])
            if edit and s == split:
                edit(f, s)
    return folder / f"{split}_x.h5"


def _set(key, value, **kw):
    def edit(f, s):
        k = key.format(s=s)
        if k in f:
            del f[k]
        f[k] = value(f, s) if callable(value) else value

    return edit


def _passwd_external(f, s):
    del f[f"{s}_set_x"]
    f.create_dataset(f"{s}_set_x", shape=(1, 4, 4), dtype="u1", external=[("/etc/passwd", 0, 16)])


def _huge(f, s):
    del f[f"{s}_set_x"]
    f.create_dataset(f"{s}_set_x", shape=(10**9, 1), dtype="u1", chunks=(1000, 1))
    del f[f"{s}_set_y"]
    f.create_dataset(f"{s}_set_y", shape=(10**9,), dtype="i8", chunks=(1000,))


def _virtual(f, s):
    layout = h5py.VirtualLayout(shape=(3, 2, 2, 3), dtype="u1")
    layout[:] = h5py.VirtualSource("other.h5", "x", shape=(3, 2, 2, 3))
    del f[f"{s}_set_x"]
    f.create_virtual_dataset(f"{s}_set_x", layout)


DATA = {
    "valid": lambda d: _data(d),
    "external storage (password file)": lambda d: _data(d, _passwd_external),
    "external link": lambda d: _data(
        d, _set("{s}_set_x", lambda f, s: h5py.ExternalLink("/etc/passwd", "x"))
    ),
    "virtual dataset": lambda d: _data(d, _virtual),
    "soft link": lambda d: _data(d, _set("{s}_set_y", lambda f, s: h5py.SoftLink("list_classes"))),
    "broken soft link": lambda d: _data(d, _set("{s}_set_x", lambda f, s: h5py.SoftLink("/gone"))),
    "group for images": lambda d: _data(
        d, lambda f, s: (f.__delitem__(f"{s}_set_x"), f.create_group(f"{s}_set_x"))
    ),
    "scalar images": lambda d: _data(d, _set("{s}_set_x", 3.0)),
    "scalar labels": lambda d: _data(d, _set("{s}_set_y", 1)),
    "huge declared shape": lambda d: _data(d, _huge),
    "int64 pixels": lambda d: _data(d, _set("{s}_set_x", np.zeros((3, 2, 2, 3), dtype=np.int64))),
    "NaN pixels": lambda d: _data(d, _set("{s}_set_x", np.full((3, 2, 2, 3), np.nan))),
    "m = 0": lambda d: _data(d, m=0),
    "one class name": lambda d: _data(d, _set("list_classes", np.array([b"cat"]))),
    "no class names": lambda d: _data(d, _set("list_classes", np.array([], dtype="S3"))),
    "two equal class names": lambda d: _data(d, _set("list_classes", np.array([b"cat", b"cat"]))),
    "empty class name": lambda d: _data(d, _set("list_classes", np.array([b"", b"cat"]))),
    "class names not text": lambda d: _data(d, _set("list_classes", np.array([b"\xff", b"cat"]))),
    "object class names": lambda d: _data(
        d,
        lambda f, s: (
            f.__delitem__("list_classes"),
            f.create_dataset("list_classes", data=["no", "yes"], dtype=h5py.string_dtype()),
        ),
    ),
    "pickled images": lambda d: _data(
        d, _set("{s}_set_x", np.void(pickle.dumps(np.zeros((3, 2, 2, 3)))))
    ),
    "labels 2": lambda d: _data(d, _set("{s}_set_y", np.array([0, 1, 2]))),
    "labels NaN": lambda d: _data(d, _set("{s}_set_y", np.array([0, 1, np.nan]))),
    "too few labels": lambda d: _data(d, _set("{s}_set_y", np.array([0, 1]))),
    "bad test file": lambda d: _data(
        d, _set("{s}_set_x", np.zeros((3, 5), dtype=np.uint8)), "test"
    ),
    "not hdf5": lambda d: (_data(d), (d / "train_x.h5").write_bytes(b"garbage" * 50))[0],
}


def _crafted(tmp_path, table, kind):
    jobs, names = [], []
    for i, (name, make) in enumerate(table.items()):
        folder = tmp_path / f"{kind}{i}"
        folder.mkdir()
        path = make(folder / "model.h5") if kind == "model" else make(folder)
        jobs.append((kind, path if kind == "model" else folder, "x"))
        names.append(name)
    return names, jobs, hostile.load_all(jobs)


@pytest.mark.parametrize("kind", ["model", "data"])
def test_crafted_hostile_files_are_refused_naming_the_file(tmp_path, kind):
    names, jobs, results = _crafted(tmp_path, MODELS if kind == "model" else DATA, kind)
    problems = []
    for name, job, result in zip(names, jobs, results):
        want_ok = name == "valid"
        if want_ok and result["result"] != "ok":
            problems.append(f"{name}: the valid file was refused: {result}")
        elif not want_ok and result["result"] != "ValueError":
            problems.append(f"{name}: {result}")
        elif not want_ok:
            if not result["message"].startswith(
                "DeepNeuralNetwork.load: " if kind == "model" else "load_dataset: "
            ):
                problems.append(f"{name}: does not name the function: {result['message']}")
            # the message names the file (the data set's file, not just its folder)
            path = job[1] if kind == "model" else None
            names_file = (
                str(path) in result["message"]
                if path
                else (
                    str(job[1] / "train_x.h5") in result["message"]
                    or str(job[1] / "test_x.h5") in result["message"]
                )
            )
            if not names_file:
                problems.append(f"{name}: does not name the file: {result['message']}")
            if "root:" in result["message"]:
                problems.append(f"{name}: shows the password file's bytes")
    assert not problems, "\n".join(problems)


def test_model_loaded_from_a_huge_layer_dims_file_builds_nothing(tmp_path):
    # refused before anything is built or read: fast and small (the issue measured 16 s, 6 GB)
    path = _model(tmp_path / "m.h5", layer_dims=np.array([20000, 20000, 1]))
    [result] = hostile.load_all([("model", path, "")], timeout=5)
    assert result["result"] == "ValueError" and "parameters" in result["message"]


def test_short_mutation_run(tmp_path):
    """A seeded byte-mutation run: no hang, no crash, nothing but a ValueError naming the file."""
    jobs = hostile.mutated_corpus(tmp_path, 150, seed=7)
    results = hostile.load_all(jobs)
    counts = hostile.summary(jobs, results)
    bad = {k: v for k, v in counts.items() if k[1].startswith("BAD")}
    assert not bad, counts
    # the mutations reach the checks: some files are refused, some still load
    assert (
        counts.get(("model", "ValueError"), 0) > 10 and counts.get(("data", "ValueError"), 0) > 10
    )


@pytest.mark.slow
def test_long_mutation_run(tmp_path):
    """make fuzz: 2,000 mutated model files and 2,000 mutated data sets."""
    jobs = hostile.mutated_corpus(tmp_path, 2000, seed=12)
    results = hostile.load_all(jobs)
    counts = hostile.summary(jobs, results)
    print(counts)
    assert not {k: v for k, v in counts.items() if k[1].startswith("BAD")}, counts


SAVER = r"""
import sys
import dnn
model = dnn.DeepNeuralNetwork([3000, 2000, 1], seed=2)
print("ready", flush=True)
while True:
    model.save(sys.argv[1])
"""


def test_save_killed_midway_leaves_a_loadable_file(tmp_path):
    import signal
    import subprocess

    import dnn

    path = tmp_path / "model.h5"
    dnn.DeepNeuralNetwork([3, 2, 1], seed=1).save(path)
    child = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline() == "ready\n"
    time_in = 0.3  # inside one of the 48 MB saves (each takes longer than this)
    import time

    time.sleep(time_in)
    child.send_signal(signal.SIGKILL)
    child.wait()
    model = dnn.DeepNeuralNetwork.load(path)  # the old file or a whole new one, never half
    assert model.layer_dims in ([3, 2, 1], [3000, 2000, 1])
