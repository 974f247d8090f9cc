"""The PyTorch peer of bench_fit.py: the same network, data and plain SGD on the CPU, timed in
a process of its own (timed right after NumPy in one process it runs about 2x slower: the
spinning OpenBLAS threads take its cores).

Started by bench_fit.py, never by hand:  python torch_peer.py DATA.npz THREADS
DATA.npz holds X (n_0, m), Y (1, m) and W1, b1, ..., WL, bL (dnn's layout and dtype).
It prints one JSON line when ready, then for each line "K" it reads, runs K iterations of
each form (nn.Sequential; raw tensors with examples in rows, A·Wᵀ + b; raw tensors with
examples in columns, W·A + b, dnn's layout) and K floors, and prints their times as one JSON
line; "iteration" is the faster raw-tensor form of the round, PyTorch at its best. An empty
line ends it.
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

    # PyTorch at its best: raw tensors, no module overhead, in both natural layouts
    lr = float(data["learning_rate"])

    def lean(examples_in_rows):
        if examples_in_rows:  # A (m, n): A @ Wᵀ + b, PyTorch's usual layout
            Ps = [torch.from_numpy(np.ascontiguousarray(data[f"W{l}"])) for l in range(1, L + 1)]
            Bs = [torch.from_numpy(data[f"b{l}"][:, 0].copy()) for l in range(1, L + 1)]
            A0, T = Xt, Yt
        else:  # A (n, m): W @ A + b, dnn's layout
            Ps = [torch.from_numpy(data[f"W{l}"].copy()) for l in range(1, L + 1)]
            Bs = [torch.from_numpy(data[f"b{l}"].copy()) for l in range(1, L + 1)]
            A0, T = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(Y.copy())
        params = [t.requires_grad_() for t in Ps + Bs]
        opt = torch.optim.SGD(params, lr=lr)

        def step():
            opt.zero_grad(set_to_none=True)
            A = A0
            for l in range(L):
                Z = A @ Ps[l].T + Bs[l] if examples_in_rows else Ps[l] @ A + Bs[l]
                A = torch.relu(Z) if l < L - 1 else Z
            loss = loss_fn(A, T)
            loss.backward()
            opt.step()
            return loss

        return step

    lean_rows, lean_cols = lean(True), lean(False)

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
    lean_first = [lean_rows().item(), lean_cols().item()]
    for _ in range(5):
        iteration()
        lean_rows()
        lean_cols()
        floor()
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "first_cost": first_loss,
                "lean_first_costs": lean_first,
            }
        ),
        flush=True,
    )
    for line in sys.stdin:
        if not line.strip():
            break
        k = int(line)
        out = {}
        for name, fn in (
            ("sequential", iteration),
            ("lean_rows", lean_rows),
            ("lean_cols", lean_cols),
            ("floor", floor),
        ):
            t0 = time.perf_counter()
            for _ in range(k):
                fn()
            out[name] = (time.perf_counter() - t0) / k
        # PyTorch at its best: the faster of its lean forms in this round
        out["iteration"] = min(out["lean_rows"], out["lean_cols"])
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
