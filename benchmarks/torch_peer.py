"""The PyTorch peer of bench_fit.py: the same network, data and plain SGD on the CPU, timed in
a process of its own (timed right after NumPy in one process it runs about 2x slower: the
spinning OpenBLAS threads take its cores).

Started by bench_fit.py, never by hand:  python torch_peer.py DATA.npz THREADS
DATA.npz holds X (n_0, m), Y (1, m) and W1, b1, ..., WL, bL (dnn's layout and dtype).
It prints one JSON line when ready, then for each line "K" it reads, runs K iterations and
K floors and prints their times as one JSON line; an empty line ends it.
"""

import json
import sys
import time

import numpy as np
import torch


def main():
    data = np.load(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]))
    X, Y = data["X"], data["Y"]
    L = sum(1 for key in data.files if key.startswith("W"))
    layers = []
    for l in range(1, L + 1):
        W, b = torch.from_numpy(data[f"W{l}"]), torch.from_numpy(data[f"b{l}"][:, 0])
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=W.dtype)
        with torch.no_grad():
            linear.weight.copy_(W)  # PyTorch's weight is (n_l, n_{l-1}), as dnn's W
            linear.bias.copy_(b)
        layers += [linear, torch.nn.ReLU()] if l < L else [linear]
    model = torch.nn.Sequential(*layers)
    # PyTorch's layout: one example per row, X (m, n_0) contiguous; labels (m, 1)
    Xt = torch.from_numpy(np.ascontiguousarray(X.T))
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))
    loss_fn = torch.nn.BCEWithLogitsLoss()  # sigmoid + cross-entropy, as dnn's dZL = AL - Y
    optimizer = torch.optim.SGD(model.parameters(), lr=float(data["learning_rate"]))

    def iteration():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(Xt), Yt)
        loss.backward()  # X does not require a gradient: no dA0 here either
        optimizer.step()
        return loss

    # PyTorch's own floor: the same products as bench_fit's floor, in PyTorch's layout
    Ws = [layer.weight.detach().clone() for layer in layers if isinstance(layer, torch.nn.Linear)]
    As = [Xt] + [torch.rand(Xt.shape[0], W.shape[0], dtype=W.dtype) for W in Ws]
    dZs = [torch.rand(Xt.shape[0], W.shape[0], dtype=W.dtype) for W in Ws]

    def floor():
        for l, W in enumerate(Ws):
            As[l] @ W.T  # forward product
            dZs[l].T @ As[l]  # dW
            if l > 0:
                dZs[l] @ W  # dA_prev, every layer but the first

    first_loss = iteration().item()
    for _ in range(5):
        iteration()
        floor()
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "first_cost": first_loss,
            }
        ),
        flush=True,
    )
    for line in sys.stdin:
        if not line.strip():
            break
        k = int(line)
        t0 = time.perf_counter()
        for _ in range(k):
            iteration()
        t1 = time.perf_counter()
        for _ in range(k):
            floor()
        t2 = time.perf_counter()
        print(json.dumps({"iteration": (t1 - t0) / k, "floor": (t2 - t1) / k}), flush=True)


if __name__ == "__main__":
    main()
