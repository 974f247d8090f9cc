"""save/load keep final_cost and the start (init); older files without them load with None."""

import h5py
import numpy as np
import pytest

import dnn


def _trained():
    X = np.array([[0.0, 1.0, 2.0, 3.0]])
    Y = np.array([[0, 0, 1, 1]])
    model = dnn.DeepNeuralNetwork([1, 1], learning_rate=0.5, seed=3)
    model.fit(X, Y, 7)
    return model, X, Y


def test_final_cost_and_init_survive_save_and_load(tmp_path):
    model, X, Y = _trained()
    path = tmp_path / "m.h5"
    model.save(path)
    loaded = dnn.DeepNeuralNetwork.load(path)
    assert loaded.final_cost == model.final_cost and loaded.init == "dnn"
    # the stored number is the cost of the stored parameters: cross-entropy by hand
    a = 1 / (1 + np.exp(-(loaded.parameters["W1"] @ X + loaded.parameters["b1"])))
    by_hand = -np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a))
    assert loaded.final_cost == pytest.approx(by_hand, rel=1e-12)


def test_series_start_is_recorded(tmp_path):
    model, _, _ = _trained()
    model.init = "series"
    model.save(tmp_path / "m.h5")
    assert dnn.DeepNeuralNetwork.load(tmp_path / "m.h5").init == "series"


def test_an_untrained_model_saves_no_final_cost(tmp_path):
    dnn.DeepNeuralNetwork([2, 1]).save(tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5", "r") as f:
        assert "final_cost" not in f.attrs
    assert dnn.DeepNeuralNetwork.load(tmp_path / "m.h5").final_cost is None


def test_older_files_load_with_none(tmp_path):
    model, _, _ = _trained()
    path = tmp_path / "m.h5"
    model.save(path)
    with h5py.File(path, "a") as f:  # a file as save wrote it before these fields existed
        del f.attrs["final_cost"]
        del f.attrs["init"]
    loaded = dnn.DeepNeuralNetwork.load(path)
    assert loaded.final_cost is None and loaded.init is None
    assert loaded.iterations == 7


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("final_cost", np.float64(np.nan), "final_cost"),
        ("final_cost", np.float64(-1.0), "final_cost"),
        ("final_cost", np.bytes_("low"), "final_cost"),
        ("init", np.bytes_("zeros"), "init"),
        ("init", np.int64(1), "init"),
    ],
)
def test_a_bad_extra_is_refused_naming_it(tmp_path, key, value, words):
    model, _, _ = _trained()
    path = tmp_path / "m.h5"
    model.save(path)
    with h5py.File(path, "a") as f:
        f.attrs[key] = value
    with pytest.raises(ValueError, match=f"DeepNeuralNetwork.load: .*{words}"):
        dnn.DeepNeuralNetwork.load(path)
