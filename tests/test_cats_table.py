"""benchmarks/cats_table.py on small synthetic files in the series' cat layout."""

import importlib.util
import re
from pathlib import Path

import h5py
import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "cats_table.py"
spec = importlib.util.spec_from_file_location("cats_table", SCRIPT)
cats_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cats_table)


def _write_cats(folder, m_train=10, m_test=5):
    """Files with the keys, shapes and dtypes of train_/test_catvnoncat.h5, random pixels."""
    rng = np.random.default_rng(0)
    for split, m in (("train", m_train), ("test", m_test)):
        with h5py.File(folder / f"{split}_catvnoncat.h5", "w") as f:
            f[f"{split}_set_x"] = rng.integers(0, 256, (m, 64, 64, 3), dtype=np.uint8)
            f[f"{split}_set_y"] = (np.arange(m) % 2).astype(np.int64)
            f["list_classes"] = np.array([b"non-cat", b"cat"])


def _rows(text):
    return [line for line in text.splitlines() if line.startswith("| `dnn`")]


def test_without_the_files_it_says_so_and_measures_nothing(tmp_path):
    out = tmp_path / "table.md"
    cats_table.main(["--data-dir", str(tmp_path), "--out", str(out)])
    text = out.read_text()
    assert len(_rows(text)) == 2
    assert all(row.count("not measured") == 2 for row in _rows(text))
    assert "were not in the data folder" in text
    # every reported accuracy in percent: 206/209 = 98.56 %, 38/50 = 76 %; no fractions
    assert "| 98.56 | 80.00 |" in text and "76.00 (38/50)" in text
    assert not re.search(r"\| 0\.\d+ \|", text) and "0.98565" not in text


def test_with_synthetic_files_it_trains_both_starts_on_the_stated_seeds(tmp_path):
    _write_cats(tmp_path)
    out = tmp_path / "table.md"
    cats_table.main(
        ["--data-dir", str(tmp_path), "--seeds", "1", "2", "--iterations", "2", "--out", str(out)]
    )
    text = out.read_text()
    dnn_row, series_row = _rows(text)
    assert "N(0,1)/√n" in dnn_row and "--init series" in series_row
    assert "seeds 1, 2" in dnn_row and "2 iterations" in series_row
    assert "not measured" not in text
    per_seed = re.findall(r"seed (\d): ([\d.]+), ([\d.]+)", text)
    assert [s for s, _, _ in per_seed] == ["1", "2", "1", "2"]
    for _, train, test in per_seed:  # percent of 10 and of 5 images: multiples of 10 and 20
        assert float(train) % 10 == 0 and 0 <= float(train) <= 100
        assert float(test) % 20 == 0 and 0 <= float(test) <= 100


def test_the_series_start_is_the_series_draw(tmp_path, monkeypatch):
    """The 'series' runs start from U(-1, 1)/isqrt(n), drawn here independently."""
    _write_cats(tmp_path)
    import dnn

    data = dnn.load_dataset("catvnoncat", data_dir=tmp_path)
    starts = []
    original = dnn.DeepNeuralNetwork.fit

    def spy(self, X, Y, iterations, **kw):
        starts.append({k: v.copy() for k, v in self.parameters.items()})
        return original(self, X, Y, iterations, **kw)

    monkeypatch.setattr(dnn.DeepNeuralNetwork, "fit", spy)
    cats_table.train_one(data, "series", 3, 1)
    cats_table.train_one(data, "dnn", 3, 1)
    rng = np.random.default_rng(3)
    W1 = rng.uniform(-1.0, 1.0, (20, 12288)) / 110  # isqrt(12288) = 110
    assert starts[0]["W1"].dtype == np.float32
    np.testing.assert_allclose(starts[0]["W1"], W1, rtol=1e-6, atol=0)
    assert not np.allclose(starts[1]["W1"], W1)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(starts[1]["W1"], W1, rtol=1e-6, atol=0)
