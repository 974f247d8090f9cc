"""The fast paths of issue 14 train exactly as the plain loop does.

- every first-layer layout (dnn.fast.Layout: X's order, Z1 or Z1ᵀ, dW1 or dW1ᵀ) against the
  chapters' teaching loop;
- the layout and thread choices: made from shapes, dtype and the BLAS's name, never a timing;
- the CLI's span form against its plain loop on the shipped digits, upscaled so that features
  outnumber examples (the series' regime), to 1e-9 in float64.

No timings here: benchmarks/ measures, tests only compare results.
"""

import itertools
import os
import signal
import threading
import time

import h5py
import numpy as np
import pytest
from numpy.testing import assert_allclose
from threadpoolctl import threadpool_info

import dnn
from dnn import fast
from dnn.__main__ import main

LAYERS = [40, 6, 4, 1]


def problem(n_0=40, m=15, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_0, m))
    Y = (X[:3].sum(axis=0, keepdims=True) > 0).astype(np.int64)
    return X, Y


def teaching_loop(X, Y, parameters, learning_rate, lambd, iterations):
    costs = []
    for i in range(iterations):
        AL, caches = dnn.forward(X, parameters)
        if i % 10 == 0:
            costs.append(dnn.cost(AL, Y, parameters, lambd))
        grads = dnn.backward(AL, Y, caches, lambd)
        parameters = dnn.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


ALL_LAYOUTS = [fast.Layout(*c) for c in itertools.product("CF", "NT", "NT", (False, True))]


@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda y: "".join(y[:3]) + "S" * y.split)
@pytest.mark.parametrize("layers", [LAYERS, [40, 1]], ids=["L=3", "L=1"])
@pytest.mark.parametrize("lambd", [0.0, 0.4])
def test_every_layout_trains_as_the_teaching_loop(layout, layers, lambd):
    X, Y = problem()
    start = dnn.initialize_parameters(layers, seed=2)
    for key in start:
        if key.startswith("b"):
            start[key] += 0.03  # non-zero biases: a layout that forgot b1 would show
    params = {k: v.copy() for k, v in start.items()}
    with fast.forced_threads(2):  # else a problem this small runs one thread, and no split
        costs = fast.train(params, X, Y, 60, 0.1, lambd, every=10, layout=layout)
    expected, expected_costs = teaching_loop(X, Y, start, 0.1, lambd, 60)
    assert_allclose(costs, expected_costs, rtol=1e-12, atol=0)
    for key in expected:
        assert params[key].flags.c_contiguous and params[key].dtype == np.float64, key
        assert_allclose(params[key], expected[key], rtol=1e-12, atol=1e-13, err_msg=key)
    assert expected_costs[-1] < expected_costs[0]


def test_a_layout_keeps_float32_and_does_not_touch_X():
    X, Y = problem()
    X32 = X.astype(np.float32)
    before = X32.copy()
    params = dnn.initialize_parameters(LAYERS, dtype=np.float32)
    fast.train(params, X32, Y, 5, 0.1, 0.0, layout=fast.Layout("F", "T", "T"))
    assert all(v.dtype == np.float32 for v in params.values())
    np.testing.assert_array_equal(X32, before)
    assert X32.flags.c_contiguous


def with_blas(monkeypatch, kernel, vendor):
    monkeypatch.setattr(fast, "blas_kernel", lambda: kernel)
    monkeypatch.setattr(fast, "cpu_vendor", lambda: vendor)


def test_the_layout_comes_from_the_table_by_kernel_cpu_and_dtype(monkeypatch):
    X = np.zeros((12288, 209), dtype=np.float32)
    params = {"W1": np.zeros((20, 12288), dtype=np.float32)}
    with_blas(monkeypatch, "SkylakeX", "GenuineIntel")
    assert fast.choose_layout(X, params)[:4] == fast.LAYOUTS["SkylakeX", "GenuineIntel", "float32"]
    with_blas(monkeypatch, "NoSuchKernel", "GenuineIntel")
    assert fast.choose_layout(X, params).plain  # not measured: the plain layout
    with_blas(monkeypatch, "SkylakeX", "GenuineIntel")
    small = np.zeros((64, 209), dtype=np.float32)
    assert fast.choose_layout(small, {"W1": np.zeros((20, 64))}).plain  # small first layer


def test_the_choice_does_not_depend_on_load_or_timing(monkeypatch):
    # the same inputs give the same bits: two runs of fit, whatever happened in between
    X, Y = problem(n_0=2048, m=12)
    a, b = dnn.DeepNeuralNetwork([2048, 5, 1]), dnn.DeepNeuralNetwork([2048, 5, 1])
    a.fit(X, Y, 20)
    np.linalg.svd(np.random.default_rng(0).random((300, 300)))  # other work on the BLAS
    b.fit(X, Y, 20)
    for key in a.parameters:
        np.testing.assert_array_equal(a.parameters[key], b.parameters[key])


def test_span_pays_by_the_arithmetic():
    # The series: n_0 = 12288, m = 209, n_1 = 20. Per iteration the plain first layer costs
    # 4·20·12288·209 = 205,455,360 FLOPs, the span form 2·20·209² = 1,747,240; the setup
    # 4·20·12288·209 + 2·12288·209² = 1,278,959,616. Span wins from k > 1,278,959,616 /
    # 203,708,120 = 6.28 iterations on.
    assert not fast.span_pays(12288, 209, 20, 6)
    assert fast.span_pays(12288, 209, 20, 7)
    assert fast.span_pays(12288, 209, 20, 2500)
    assert not fast.span_pays(64, 1297, 20, 1500)  # the digits: more examples than features
    assert not fast.span_pays(10**7, 5000, 20, 10**6)  # XᵀX would be 25e6 numbers: too big


def test_threads_one_for_small_products_and_the_span_form():
    X, _ = problem()
    small = dnn.initialize_parameters(LAYERS)
    assert fast.choose_threads(X, small, span=False) == 1
    big = {"W1": np.zeros((20, 12288)), "b1": np.zeros((20, 1))}
    X_big = np.zeros((12288, 209))
    assert fast.choose_threads(X_big, big, span=False) is None  # the BLAS's own count
    assert fast.choose_threads(X_big, big, span=True) == 1
    with fast.forced_threads(2):
        assert fast.choose_threads(X, small, span=True) == 2
    with fast.forced_threads(0):
        assert fast.choose_threads(X, small, span=False) is None


def blas_threads_now():
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


def test_the_thread_limit_is_scoped_to_the_call():
    before = blas_threads_now()
    seen = []
    X, Y = problem()
    params = dnn.initialize_parameters(LAYERS)
    fast.train(
        params,
        X,
        Y,
        3,
        0.1,
        0.0,
        callback=lambda done, costs: seen.append(blas_threads_now()),
        every=1,
    )
    assert seen and all(t == [1] for t in seen)
    assert blas_threads_now() == before


def test_fit_span_reports_progress_and_a_raising_callback_changes_nothing():
    X, Y = problem(n_0=60, m=10)
    model = dnn.DeepNeuralNetwork([60, 4, 1], learning_rate=0.1)
    seen = []
    dnn.fit_span(model, X, Y, 250, callback=lambda done, costs: seen.append((done, len(costs))))
    assert seen == [(100, 1), (200, 2), (250, 3)]
    before = {k: v.copy() for k, v in model.parameters.items()}

    def stop(done, costs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        dnn.fit_span(model, X, Y, 250, callback=stop)
    assert model.iterations == 250
    for key in before:
        np.testing.assert_array_equal(model.parameters[key], before[key])
    with pytest.raises(TypeError, match="fit_span: callback"):
        dnn.fit_span(model, X, Y, 5, callback="print")


@pytest.fixture(scope="module")
def big_digits(tmp_path_factory):
    """The shipped digits, each 8x8 image upscaled 5x to 40x40 (1600 features), the first 120
    for training and 60 for testing: features outnumber examples, as in the series."""
    folder = tmp_path_factory.mktemp("bigdigits")
    data = dnn.load_dataset("digits")
    for split, x, y, m in (
        ("train", data.train_x, data.train_y, 120),
        ("test", data.test_x, data.test_y, 60),
    ):
        images = np.kron(x[:m], np.ones((1, 5, 5), dtype=np.uint8))
        with h5py.File(folder / f"{split}_bigdigits.h5", "w") as f:
            f[f"{split}_set_x"] = images
            f[f"{split}_set_y"] = y[0, :m].astype(np.int64)
            f["list_classes"] = np.array([c.encode() for c in data.classes])
    return folder


def cli(folder, tmp_path, trainer, capsys, iterations=400):
    target = tmp_path / f"{trainer}.h5"
    args = ["train", "bigdigits", "--data-dir", str(folder), "--hidden", "20,7,5"]
    args += ["--learning-rate", "0.05", "--iterations", str(iterations), "--quiet"]
    args += ["--trainer", trainer, "--save", str(target)]
    assert main(args) == 0
    out = capsys.readouterr().out
    return dnn.DeepNeuralNetwork.load(target), out


def test_the_cli_trains_the_span_form_exactly_as_the_plain_loop(big_digits, tmp_path, capsys):
    span, out_span = cli(big_digits, tmp_path, "auto", capsys)
    plain, out_plain = cli(big_digits, tmp_path, "plain", capsys)
    assert "trainer         span form: n_0 = 1600 features > m = 120 examples" in out_span
    assert "trainer         plain loop (--trainer plain)" in out_plain
    assert span.iterations == plain.iterations == 400
    assert_allclose(span.costs, plain.costs, rtol=1e-9, atol=0)
    for key in plain.parameters:
        scale = np.abs(plain.parameters[key]).max()
        assert_allclose(
            span.parameters[key], plain.parameters[key], rtol=1e-9, atol=1e-9 * scale, err_msg=key
        )
    assert plain.costs[-1] < 0.5 * plain.costs[0]  # it trained: the comparison means something
    # the printed results agree too
    same = [line for line in out_plain.splitlines() if line.startswith(("final", "train acc"))]
    assert same and all(line in out_span for line in same)


def test_the_cli_keeps_the_plain_loop_where_the_span_form_does_not_pay(capsys):
    assert main(["train", "digits", "--iterations", "100", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "trainer         plain loop: n_0 = 64 features, m = 1297 examples" in out


def test_a_split_layout_runs_its_second_half_on_a_thread_of_its_own(monkeypatch):
    X, Y = problem()
    threads, halves = set(), []
    real = fast._FirstLayer.step_part

    def spy(self, k, *args):
        threads.add(threading.get_ident())
        halves.append(k)
        return real(self, k, *args)

    monkeypatch.setattr(fast._FirstLayer, "step_part", spy)
    params = dnn.initialize_parameters(LAYERS, seed=2)
    with fast.forced_threads(2):  # a problem this small gets one thread, and so no split
        fast.train(params, X, Y, 3, 0.1, 0.0, layout=fast.Layout("C", "N", "N", True))
    assert sorted(halves) == [0, 0, 0, 1, 1, 1] and len(threads) == 2
    halves.clear()
    with fast.forced_threads(1):  # one thread asked for: no split (here, the plain loop)
        fast.train(params, X, Y, 3, 0.1, 0.0, layout=fast.Layout("C", "N", "N", True))
    assert halves == []


def test_fit_runs_all_of_a_split_call_with_one_blas_thread(monkeypatch):
    with_blas(monkeypatch, "SkylakeX", "GenuineIntel")
    model = dnn.DeepNeuralNetwork([12288, 20, 1], dtype=np.float64)
    X = np.zeros((12288, 209))
    assert fast.choose_layout(X, model.parameters).split  # the table's float64 entry
    assert fast.call_threads(X, model) == 1
    assert fast.call_threads(X, model, batch_size=64) is None  # mini-batches: never split
    assert fast.call_threads(X, model, batch_size=209) == 1  # a batch of all m: full batch
    assert fast.call_threads(X.astype(np.float32), model) == 1  # the model's dtype decides
    assert fast.call_threads(X[:100], model) is None  # not checked yet: the contract will say
    assert fast.call_threads([[1.0]], model) is None
    assert fast.call_threads(X, model, batch_size="all") is None
    with fast.forced_threads(1):
        assert fast.call_threads(X, model) is None
    model32 = dnn.DeepNeuralNetwork([12288, 20, 1], dtype=np.float32)
    assert fast.call_threads(X, model32) is None  # float32's entry is not split


def test_fit_span_checks_and_scores_with_one_blas_thread(monkeypatch):
    # the check of X and the final cost too, not only the loop (a product with two threads
    # just before the loop leaves OpenBLAS's idle thread spinning on the other core)
    seen = {}
    real_fit, real_cost = dnn.training.require.fit, fast.cost

    def spy(name, real):
        def wrapped(*args, **kwargs):
            seen.setdefault(name, []).append(blas_threads_now())
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(dnn.training.require, "fit", spy("check", real_fit))
    monkeypatch.setattr(fast, "cost", spy("cost", real_cost))
    X, Y = problem()
    before = blas_threads_now()
    model = dnn.DeepNeuralNetwork(LAYERS, seed=3)
    dnn.fit_span(model, X, Y, 2)
    assert seen["check"] == [[1]] and seen["cost"] and all(t == [1] for t in seen["cost"])
    assert blas_threads_now() == before
    seen.clear()
    with fast.forced_threads(0):  # --threads 0: the BLAS's own count
        dnn.fit_span(model, X, Y, 2)
    assert seen["check"] == [before]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_split_layout_still_trains_in_a_forked_child():
    # the parent's extra thread does not survive fork: the child must make its own
    X, Y = problem()
    layout = fast.Layout("C", "N", "N", True)
    params = dnn.initialize_parameters(LAYERS, seed=2)
    with fast.forced_threads(2):
        fast.train(params, X, Y, 2, 0.1, 0.0, layout=layout)  # the parent's thread exists
    pid = os.fork()
    if pid == 0:  # the child: train in halves again, then report through the exit code
        code = 1
        try:
            with fast.forced_threads(2):
                fast.train(params, X, Y, 2, 0.1, 0.0, layout=layout)
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the forked child hung training in halves")
    assert os.waitstatus_to_exitcode(status) == 0
