"""The command line reproduces the book's recipe (chapter "Training and testing on images").

A consistency test between two code paths: chapters/09_training.ipynb trains the book's recipe
with `dnn.DeepNeuralNetwork(...).fit` in chunks of 20 iterations, `python -m dnn train` trains it
in chunks of 100. Both must print the same accuracies. The expected lines are copied from the
chapter's stored output (section "The book's recipe"); they must match it, so if the chapter's
recipe or its numbers change, change them here too.
"""

from threadpoolctl import threadpool_limits

from dnn.__main__ import main

# The book's recipe: [64, 20, 7, 5, 1], learning rate 0.1, 1500 iterations, lambda 0, seed 1,
# float64, on the shipped digits (odd or even?).
RECIPE = [
    "train",
    "digits",
    "--hidden",
    "20,7,5",
    "--learning-rate",
    "0.1",
    "--iterations",
    "1500",
    "--lambd",
    "0",
    "--seed",
    "1",
    "--dtype",
    "float64",
    "--quiet",
]

# As printed in chapters/09_training.ipynb, the cell that trains the recipe.
EXPECTED = [
    "network: DeepNeuralNetwork([64, 20, 7, 5, 1], learning_rate=0.1, lambd=0.0, seed=1, "
    "dtype=float64)",
    "final cost      0.002425 (after 1500 iterations)",
    "train accuracy  100.00 %",
    "test accuracy   98.00 %",
]


def test_cli_prints_the_chapters_numbers(capsys):
    # One BLAS thread, as in the chapter: the products are small, and on a busy 2-core machine
    # OpenBLAS's threads make this run 40 times slower. The thread count can change the last
    # bits of a product (about 1e-11 in the parameters here), never the printed digits.
    with threadpool_limits(limits=1):
        assert main(RECIPE) == 0
    lines = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == "data: digits  train 1297  test 500  classes ['even', 'odd']"
    assert lines[1] == EXPECTED[0]
    assert lines[2] == EXPECTED[1]
    assert lines[3] == EXPECTED[2]
    # the CLI adds the majority-class baseline after the test accuracy
    assert lines[4] == EXPECTED[3] + "   (always predicting 'odd': 50.00 %)"
