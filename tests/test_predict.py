"""python -m dnn predict MODEL IMAGE: one image (or one test example) through a saved network.

The networks here are logistic regressions [64, 1] with hand-set weights, so the probability
the command prints is worked out by hand: a = sigmoid(W·x + b), x the pixels divided by 255.
"""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import dnn
from dnn.__main__ import main


def network(path, W, b):
    model = dnn.DeepNeuralNetwork([64, 1])
    model.parameters = {
        "W1": np.asarray(W, dtype=np.float64).reshape(1, 64),
        "b1": np.array([[b]], dtype=np.float64),
    }
    model.save(path)
    return path


def png(path, pixels):
    Image.fromarray(np.asarray(pixels, dtype=np.uint8), mode="L").save(path)
    return path


@pytest.fixture
def corner_model(tmp_path):
    W = np.zeros(64)
    W[0] = 2.0  # only the top-left pixel counts
    return network(tmp_path / "corner.h5", W, -1.0)


def test_one_pixel_by_hand(tmp_path, corner_model, capsys):
    bright = np.zeros((8, 8))
    bright[0, 0] = 255  # x_0 = 1: z = 2·1 − 1 = 1, sigmoid(1) = 0.731059
    assert main(["predict", str(corner_model), str(png(tmp_path / "a.png", bright))]) == 0
    out = capsys.readouterr().out
    assert "P(class 1) = 0.7311" in out and out.strip().endswith("class 1")

    dark = np.zeros((8, 8))  # x_0 = 0: z = −1, sigmoid(−1) = 0.268941
    assert main(["predict", str(corner_model), str(png(tmp_path / "b.png", dark))]) == 0
    out = capsys.readouterr().out
    assert "P(class 1) = 0.2689" in out and out.strip().endswith("class 0")


def test_resized_to_the_input_and_class_names(tmp_path, capsys):
    # A 32×24 white RGB JPEG becomes 8×8 grey, all x = 1: z = 64·0.1 − 3.2 = 3.2, a = 0.960834.
    model = network(tmp_path / "mean.h5", np.full(64, 0.1), -3.2)
    photo = tmp_path / "white.jpg"
    Image.new("RGB", (32, 24), (255, 255, 255)).save(photo)
    assert main(["predict", str(model), str(photo), "--data", "digits"]) == 0
    out = capsys.readouterr().out
    assert "P(odd) = 0.9608" in out and out.strip().endswith("odd")
    # --invert: all x = 0, z = −3.2, a = 0.039166
    assert main(["predict", str(model), str(photo), "--data", "digits", "--invert"]) == 0
    assert "P(odd) = 0.0392" in capsys.readouterr().out


def test_index_into_the_test_split(tmp_path, corner_model, capsys):
    data = dnn.load_dataset("digits")
    x_0 = data.test_x[3, 0, 0] / 255
    a = 1 / (1 + np.exp(-(2 * x_0 - 1)))
    assert main(["predict", str(corner_model), "--data", "digits", "--index", "3"]) == 0
    out = capsys.readouterr().out
    assert f"digits test example 3: P(odd) = {a:.4f}" in out
    assert f"true label: {data.classes[data.test_y[0, 3]]}" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (["missing.h5", "x.png"], "no model file missing.h5"),
        (["{model}", "{tmp}/none.png"], "no image file"),
        (["{model}", "{tmp}/text.png"], "is not a PNG or JPEG image"),
        (["{model}"], "give either IMAGE or --index N"),
        (["{model}", "--index", "0"], "--index N needs --data NAME"),
        (["{model}", "--data", "digits", "--index", "500"], "--index must be in 0..499"),
        (["{small}", "--data", "digits", "--index", "0"], "has 64 values but the network takes 10"),
    ],
)
def test_clear_one_line_errors(tmp_path, corner_model, args, words):
    (tmp_path / "text.png").write_text("not an image")
    small = tmp_path / "small.h5"
    dnn.DeepNeuralNetwork([10, 1]).save(small)
    args = [a.format(model=corner_model, tmp=tmp_path, small=small) for a in args]
    run = subprocess.run(
        [sys.executable, "-m", "dnn", "predict", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2
    assert words in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
