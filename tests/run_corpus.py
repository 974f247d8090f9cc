"""Run every exercise check over the student corpus; print the table (caught? named?).

.venv/bin/python tests/run_corpus.py          # the table and the rates
"""

import contextlib
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from student_corpus import CORPUS, named  # noqa: E402

import dnn.checks  # noqa: E402


def run_one(entry):
    """(caught, named, the verdict's first line, seconds) for one corpus entry."""
    check = getattr(dnn.checks, f"check_{entry.check}")
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        ok = check(entry.fn)
    seconds = time.perf_counter() - start
    verdict = out.getvalue()
    return (not ok), (not ok) and named(verdict, entry.expect), verdict.strip(), seconds


def table(entries=CORPUS):
    rows = [(e, *run_one(e)) for e in entries]
    return rows


def main():
    rows = table()
    width = max(len(e.name) for e, *_ in rows)
    for e, caught, is_named, verdict, seconds in rows:
        mark = "named" if is_named else ("caught" if caught else "MISSED")
        first = verdict.splitlines()[0]
        print(f"{e.name:<{width}}  {mark:<6}  {seconds:4.2f}s  {first[:150]}")
    n = len(rows)
    caught = sum(r[1] for r in rows)
    nm = sum(r[2] for r in rows)
    print(
        f"\n{n} wrong implementations: {caught} caught ({caught / n:.0%}), "
        f"{nm} named ({nm / n:.0%})"
    )


if __name__ == "__main__":
    main()
