"""initialize_parameters_series: the Rust series' U(−1, 1)/⌊√n⌋ start, and the CLI's --init."""

import numpy as np
import pytest

import dnn
from dnn.__main__ import main


def test_series_start_divides_uniform_weights_by_the_integer_square_root():
    dims = [12288, 20, 7, 5, 1]
    theta = dnn.initialize_parameters_series(dims, seed=4)
    rng = np.random.default_rng(4)
    for l, root in zip(range(1, 5), (110, 4, 2, 2)):  # 110² = 12100 ≤ 12288 < 111² = 12321
        expected = rng.uniform(-1, 1, (dims[l], dims[l - 1])) / root
        assert np.array_equal(theta[f"W{l}"], expected), l
        assert np.array_equal(theta[f"b{l}"], np.zeros((dims[l], 1)))
    assert np.abs(theta["W1"]).max() <= 1 / 110
    # its spread: std of U(−1, 1) is 1/√3, so W1's is 0.5774/110 = 0.00525
    assert theta["W1"].std() == pytest.approx(1 / np.sqrt(3) / 110, rel=0.01)


def test_series_start_checks_like_initialize_parameters():
    with pytest.raises(ValueError, match="initialize_parameters"):
        dnn.initialize_parameters_series([3], seed=1)
    assert dnn.initialize_parameters_series([3, 2, 1], dtype=np.float32)["W1"].dtype == np.float32


def test_cli_init_series_and_the_true_final_cost(capsys):
    assert main(["train", "moons", "--hidden", "4", "--iterations", "150", "--quiet"]) == 0
    dnn_out = capsys.readouterr().out
    assert "final cost" in dnn_out and "(after 150 iterations)" in dnn_out
    args = ["train", "moons", "--hidden", "4", "--iterations", "150", "--quiet", "--init"]
    assert main([*args, "series"]) == 0
    series_out = capsys.readouterr().out
    assert series_out.splitlines()[2] != dnn_out.splitlines()[2]  # another start, another cost
