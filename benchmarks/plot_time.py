"""Draw the appendix's figure from a run of bench_fit.py (the book never times anything itself).

    .venv/bin/python benchmarks/bench_fit.py --json benchmarks/results.json
    .venv/bin/python benchmarks/plot_time.py benchmarks/results.json

writes chapters/images/time_per_iteration.png: each way of running one iteration of
[12288, 20, 7, 5, 1] on 209 examples, as a multiple of the floor measured in the same round:
the median over the rounds, with the middle half of the rounds (quartiles) as whiskers.
"""

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "chapters" / "images" / "time_per_iteration.png"
ROWS = [
    ("teaching", "teaching loop"),
    ("torch", "PyTorch (CPU)"),
    ("fit", "fit"),
    ("floor", "floor: the products alone"),
    ("span", "fit_span (per iteration)"),
]


def main(path):
    results = json.loads(Path(path).read_text())
    fig, ax = plt.subplots(figsize=(7.5, 3.6), dpi=120)
    height = 0.38
    for j, res in enumerate(results["compare"]):
        t = res["times"]
        floor = np.array(t["floor"])
        rows = [(key, label) for key, label in ROWS if t.get(key)]
        for i, (key, _label) in enumerate(rows):
            r = np.array(t[key]) / floor  # round by round
            y = i + (j - 0.5) * height
            q1, med, q3 = np.percentile(r, [25, 50, 75])
            ax.barh(y, med, height, color=("C0", "C1")[j], label=res["dtype"] if i == 0 else None)
            ax.errorbar(med, y, xerr=[[med - q1], [q3 - med]], color="k", lw=0.8, capsize=2)
            ax.text(
                q3 * 1.08,
                y,
                f"{med:.2f}" if med >= 0.1 else f"1/{1 / med:.0f}",
                va="center",
                fontsize=8,
            )
    ax.set_yticks(range(len(rows)), [label for _, label in rows])
    ax.axvline(1.0, color="grey", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_xlim(0.01, 6)
    ax.set_xticks([0.01, 0.03, 0.1, 0.3, 1, 2, 4], ["0.01", "0.03", "0.1", "0.3", "1", "2", "4"])
    ax.set_xlabel("time of one iteration / the floor (same process, same round; log scale)")
    ax.invert_yaxis()
    ax.legend(loc="lower right", frameon=False)
    cpu = results["machine"]["cpu"]
    ax.set_title(
        f"[12288, 20, 7, 5, 1], m = 209, on {cpu} ({results['machine']['threads']} BLAS threads)",
        fontsize=9,
    )
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
