"""The engine of the exercise checks: cases, comparison, mistakes, the verdict, the runner.

A check runs the reader's function and the reference on the same seeded cases, chosen to expose
mistakes. When the answer is wrong, each catalogued Mistake of that check tries its signature on
the outputs (the first that fits names the mistake), then the general detectors of this module
(a sign flip, a constant factor, a transpose, returns in the wrong order, the wrong layer), and
last a description of what differs.

Outputs agree when |got - want| <= 100·eps·max|want|, eps the case's dtype's. The reader's
function gets deep copies of the inputs: any change to them is a mistake.
"""

import copy
import dis
import itertools
import sys
import types
import warnings
from collections.abc import Callable
from contextlib import ExitStack
from typing import NamedTuple
from unittest import mock

import numpy as np


class Mistake(NamedTuple):
    """One catalogued mistake: its words and its numerical signature side by side.

    signature(results) -> None, or the index of the case that shows the mistake, or
    (index, output name) when `says` has "{out}" in it. results is the list of Run.
    """

    key: str  # the book page's label is mistake-KEY
    check: str  # the function the check grades ("forward", ...), or "" for every check
    chapter: int
    title: str
    spot: str  # how to spot it in the numbers (markdown)
    says: str  # what the check prints after "✗ name: "
    signature: Callable = None  # None: found by the engine itself (unpacking, mutation)

    @property
    def message(self):
        return self.says


class Case(NamedTuple):
    label: str  # "W (3, 5), m = 4, float64"
    args: tuple  # the reader's function gets a deep copy
    want: list  # the accepted outputs, each a dict {name: array or float}
    dtype: type
    info: dict  # what the signatures need


class Typed(float):
    """A number of the wrong type (np.float32, a 0-d array): compared by value, never right."""

    def __new__(cls, value, what):
        self = super().__new__(cls, value)
        self.what = what
        return self


class Run(NamedTuple):
    case: Case
    got: object  # {name: output}, a sentence (str) or the exception raised
    args: tuple  # the copies the reader's function got, after the call


# ------------------------------------------------------------------ comparing outputs


def close(got, want, dtype):
    try:
        got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return False
    if got.shape != want.shape or not np.isfinite(got).all():
        return False
    scale = np.abs(want).max(initial=0.0) or 1.0
    return bool(np.abs(got - want).max(initial=0.0) <= 100 * np.finfo(dtype).eps * scale)


def same(got, want, dtype, outs=None):
    """got ≈ want on the outputs `outs` (on all of want's, and no others, when None)."""
    if outs is None and set(got) != set(want):
        return False
    return all(k in got and close(got[k], want[k], dtype) for k in (outs or want))


def finite(got):
    try:
        return all(np.isfinite(np.asarray(v, dtype=float)).all() for v in got.values())
    except (TypeError, ValueError):
        return False


def right(case, got):
    if isinstance(got, dict) and any(isinstance(v, Typed) for v in got.values()):
        return False
    return isinstance(got, dict) and any(
        same(got, w, case.dtype)
        and all(
            getattr(got[k], "dtype", None) == v.dtype
            for k, v in w.items()
            if isinstance(v, np.ndarray)
        )
        for w in case.want
    )


def ran(results):
    """The runs that returned finite outputs."""
    return [(i, r) for i, r in enumerate(results) if isinstance(r.got, dict) and finite(r.got)]


def first(results, test):
    return next((i for i, r in enumerate(results) if test(r.case, r.got)), None)


def key_error_past_L(results, prefixes):
    """The first run that raised KeyError for a key of layer L + 1 ("W4" in a 3-layer net):
    L counted as len(parameters), which holds two entries per layer."""
    return first(
        results,
        lambda c, g: (
            isinstance(g, KeyError)
            and bool(g.args)
            and g.args[0] in [f"{p}{c.info['L'] + 1}" for p in prefixes]
        ),
    )


def fits(results, variant, outs=None):
    """The first case that shows the mistake `variant`, if the reader's outputs match the
    variant's on every case that gave finite outputs (and at least one did); else None.

    variant(case) -> a dict of outputs or a list of alternatives."""
    seen, any_ran = None, False
    for i, r in ran(results):
        alternatives = variant(r.case)
        alternatives = alternatives if isinstance(alternatives, list) else [alternatives]
        if not any(same(r.got, v, r.case.dtype, outs) for v in alternatives):
            return None
        any_ran = True
        if seen is None and not any(
            same(v, w, r.case.dtype, outs) for v in alternatives for w in r.case.want
        ):
            seen = i
    return seen if any_ran else None


def variant(f, outs=None, out=""):
    """A signature: the reader's outputs are f(case), a wrong version's, on every case."""

    def signature(results):
        i = fits(results, f, outs)
        return None if i is None else (i, out)

    return signature


def when(predicate):
    """A signature by predicate(results) -> the index of the case that shows it, or None."""
    return predicate


def changed(path, before, after):
    """Where an input and the copy the reader's function got differ after the call, or None."""
    if isinstance(before, np.ndarray):
        same_ = (
            isinstance(after, np.ndarray)
            and after.shape == before.shape
            and after.dtype == before.dtype
            and np.array_equal(after, before)
        )
        return None if same_ else path
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(after) != set(before):
            return path
        return next(
            filter(None, (changed(f"{path}[{k!r}]", before[k], after[k]) for k in before)), None
        )
    if isinstance(before, (tuple, list)):
        if type(after) is not type(before) or len(after) != len(before):
            return path
        names = getattr(before, "_fields", None)  # a NamedTuple: cache.Z, caches[0][0].W
        return next(
            filter(
                None,
                (
                    changed(f"{path}.{names[i]}" if names else f"{path}[{i}]", b, a)
                    for i, (b, a) in enumerate(zip(before, after))
                ),
            ),
            None,
        )
    return None


def describe(x):
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of {len(x)}"
    return f"a {type(x).__name__}"


def difference(case, got):
    """What differs between a case's outputs and the reference's, in words; None if nothing."""
    want = case.want[0]
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        return "the result " + " and ".join(
            [f"is missing {missing}"] * bool(missing) + [f"has extra keys {extra}"] * bool(extra)
        )
    for k, w in want.items():
        g = got[k]
        try:
            shape = np.shape(g)
        except ValueError:  # a ragged list
            return f"{k} is {describe(g)}, not an array"
        if shape != np.shape(w):
            return f"{k} has shape {shape}; it should be {np.shape(w)}"
        if not close(g, w, case.dtype):
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                return f"{k} is {describe(g)} of {np.asarray(g).dtype}, not of numbers"
            if not np.isfinite(g).all():
                return f"{k} contains NaN or inf"
            err, top = np.abs(g - w).max(), np.abs(np.asarray(w, dtype=float)).max()
            return (
                f"{k} differs from the expected values: largest error {err:.2g}, "
                f"where they reach {top:.2g}"
            )
    for k, w in want.items():
        dtype = getattr(got[k], "dtype", None)
        if isinstance(w, np.ndarray) and dtype != w.dtype:
            if w.dtype == np.float32 and dtype == np.float64:
                return FLOAT64_OUT.says
            return f"{k} has dtype {dtype}; it should be {w.dtype}, like the inputs"
    return None


# ------------------------------------------------------------------ mistakes of every check

NO_RETURN = Mistake(
    "no-return",
    "",
    0,
    "Forgot to return",
    "The function gives `None` for every input: it computes the answer but never returns it.",
    "your function returned None: did you forget the `return` line?",
)
FLOAT64_OUT = Mistake(
    "float64-out",
    "",
    0,
    "float32 in, float64 out",
    "The values are right, but float32 inputs give a float64 result: `astype(float)`, "
    "`np.float64(...)` or `np.zeros(shape)` without a dtype upcast it.",
    "your values are right, but float32 inputs give a float64 result: something float64 "
    "(astype(float), np.float64(x), np.zeros(shape) without a dtype) upcast it; keep the "
    "inputs' dtype",
)
SHORTCUT = Mistake(
    "shortcut",
    "",
    0,
    "Calling dnn's own function",
    "The values are right because the function calls `dnn`'s own version of itself (or "
    "imports it under another name): the exercise is to write it.",
    "your function calls {out}, dnn's own version of the function the exercise asks you to "
    "write: compute the result yourself",
)
SATURATED = Mistake(
    "overflow-nan",
    "",
    0,
    "NaN for large |Z|",
    "Right for small inputs, NaN or inf once |Z| reaches the hundreds: `np.exp(-Z)` overflows "
    "to inf for Z < −88 in float32 (−709 in float64), and inf/inf is NaN.",
    "your {out} is NaN or inf where |Z| is large (hundreds): np.exp overflows there and "
    "inf/inf is NaN. Compute σ with dnn.sigmoid (stable for any Z), then use σ·(1 − σ)",
)

GENERAL = []  # the general detectors below, in the order they are tried


def general(key, title, spot, says):
    """A general detector: a Mistake of every check, its signature the function decorated.

    The function takes (results, outputs) and returns (index, words) or None: `says` is
    formatted with words (a dict)."""

    def register(f):
        GENERAL.append(Mistake(key, "", 0, title, spot, says, f))
        return f

    return register


def _ratio(g, w):
    """The c with g = c·w, if there is one (least squares, then checked), else None."""
    g, w = np.asarray(g, dtype=float), np.asarray(w, dtype=float)
    if g.shape != w.shape or not np.isfinite(g).all() or not np.any(w):
        return None
    c = float(np.sum(g * w) / np.sum(w * w))
    return c if np.abs(g - c * w).max() <= 1e-4 * np.abs(w).max() else None


def _per_output(results, test):
    """The first (index, words) that test(case, name, got, want) -> words gives, provided the
    same output fails the same way on every case where it is wrong; else None."""
    found = None
    for i, r in ran(results):
        want = r.case.want[0]
        for k in want:
            if k not in r.got or close(r.got[k], want[k], r.case.dtype):
                continue
            words = test(r.case, k, r.got[k], want[k])
            if words is None:
                return None
            if found is None:
                found = (i, words)
    return found


def _factor_words(c, case, k):
    info = case.info
    m, alpha, L = info.get("m"), info.get("alpha"), info.get("L")
    names = []
    for value, words in [
        (-1, None),
        (2, "twice the right value"),
        (0.5, "half the right value"),
        (m, f"m = {m} times too large (a 1/m missing?)"),
        (1 / m if m else None, f"1/m times the right value: divided by m = {m} twice?"),
        (alpha, f"α = {alpha} times the right value: the learning rate belongs in the update"),
        (L, f"L = {L} times the right value: summed over the layers where one layer is meant"),
    ]:
        if value and words and value not in (1,) and np.isclose(c, value, rtol=1e-4):
            names.append(words)
    for name, d in info.get("dims", {}).items():  # m from the wrong axis
        if m and d != m and np.isclose(c, m / d, rtol=1e-4):
            names.append(
                f"m/{d} times the right value: divided by {name} = {d} instead of the number "
                f"of examples m = {m} (m is the number of columns, .shape[1], not .shape[0])"
            )
    return names[0] if names else None


@general(
    "general-sign",
    "A sign flip",
    "An output is exactly −1 times the right one.",
    "your {out} has the wrong sign: it is −1 × the right value; look for a minus lost or added "
    "(or two terms subtracted in the wrong order)",
)
def _sign(results):
    return _per_output(
        results,
        lambda c, k, g, w: (
            {"out": k} if _ratio(g, w) is not None and np.isclose(_ratio(g, w), -1) else None
        ),
    )


@general(
    "general-factor",
    "A constant factor",
    "An output is a constant times the right one: 2, ½, m, 1/m, α, L, or m/n for an m "
    "taken from the wrong axis.",
    "your {out} is off by a constant factor: {factor}",
)
def _factor(results):
    def test(c, k, g, w):
        r = _ratio(g, w)
        words = None if r is None else _factor_words(r, c, k)
        return None if words is None else {"out": k, "factor": words}

    return _per_output(results, test)


@general(
    "general-transpose",
    "A transpose",
    "An output has the transposed shape and holds the right values transposed.",
    "your {out} is the transpose of the right one: it should have shape {shape}; "
    "swap the operands of the product (or drop a .T)",
)
def _transpose(results):
    def test(c, k, g, w):
        g = np.asarray(g)
        if g.ndim == 2 and g.shape == np.shape(w)[::-1] and close(g.T, w, c.dtype):
            return {"out": k, "shape": np.shape(w)}
        return None

    return _per_output(results, test)


@general(
    "general-order",
    "Return values in the wrong order",
    "The right outputs come back, but in another order.",
    "your function returns the right values in the wrong order: return {order}",
)
def _order(results):
    found = None
    for i, r in ran(results):
        want = r.case.want[0]
        names = list(want)
        if not 2 <= len(names) <= 4 or set(r.got) != set(names):
            return None
        values = [r.got[k] for k in names]
        hit = any(
            all(close(values[j], want[names[p[j]]], r.case.dtype) for j in range(len(names)))
            for p in itertools.permutations(range(len(names)))
            if list(p) != list(range(len(names)))
        )
        if not hit:
            return None
        found = found or (i, {"order": "(" + ", ".join(names) + ")"})
    return found


@general(
    "general-layer",
    "The wrong layer",
    "An output of layer l holds the right value of layer l − 1 or l + 1: an index off by one.",
    "your {out} holds layer {other}'s value: the layer index is off by one there",
)
def _layer(results):
    import re

    def test(c, k, g, w):
        m_ = re.fullmatch(r"([A-Za-z]+)(\d+)", k)
        if not m_:
            return None
        for d in (-1, 1):
            other = f"{m_.group(1)}{int(m_.group(2)) + d}"
            if other in c.want[0] and close(g, c.want[0][other], c.dtype):
                return {"out": k, "other": int(m_.group(2)) + d}
        return None

    return _per_output(results, test)


# ------------------------------------------------------------------ no shortcut


def _references(code, namespace, targets, seen=None):
    """Whether code (or a function nested in it) loads a global that is one of `targets`."""
    for ins in dis.get_instructions(code):
        if (
            ins.opname in ("LOAD_GLOBAL", "LOAD_NAME")
            and isinstance(ins.argval, str)
            and any(namespace.get(ins.argval) is t for t in targets)
        ):
            return True
    return any(
        _references(c, namespace, targets) for c in code.co_consts if isinstance(c, types.CodeType)
    )


def delegates(fn, targets):
    """Whether fn's code names one of `targets` (a global alias or a closure cell)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    if _references(code, getattr(fn, "__globals__", {}), targets):
        return True
    cells = [c.cell_contents for c in (fn.__closure__ or ()) if _filled(c)]
    return any(any(x is t for t in targets) for x in cells)


def _filled(cell):
    try:
        _ = cell.cell_contents
    except ValueError:
        return False
    return True


class _Spy:
    """Patches dnn.<name> and its defining module's attribute while the reader's code runs."""

    def __init__(self, name, reference):
        self.name, self.reference, self.called = name, reference, False

    def patches(self):
        import dnn

        def spy(*args, **kwargs):
            self.called = True
            return self.reference(*args, **kwargs)

        modules = [dnn, sys.modules[self.reference.__module__]]
        return [mock.patch.object(mod, self.name, spy) for mod in modules]


# ------------------------------------------------------------------ the runner


def run(
    name, fn, cases, argnames, unpack, mistakes, summary, reference, mutation=None, strict=False
):
    """Run fn on every case, print the verdict, return True or False.

    With strict=True a wrong function raises AssertionError(verdict) after the verdict is
    printed (an nbgrader test cell then fails with the verdict's words)."""
    ok, text = verdict(name, fn, cases, argnames, unpack, mistakes, summary, reference, mutation)
    print(text)
    if strict and not ok:
        raise AssertionError(text)
    return ok


def _fail(name, text, n, i, case):
    return False, f"✗ {name}: {text}\n  (case {i + 1} of {n}: {case.label})"


def verdict(name, fn, cases, argnames, unpack, mistakes, summary, reference, mutation=None):
    """(True or False, the verdict's text)."""
    results, spy = [], _Spy(name, reference)
    for i, case in enumerate(cases):
        args = copy.deepcopy(case.args)
        try:
            with ExitStack() as stack:
                for p in spy.patches():
                    stack.enter_context(p)
                stack.enter_context(warnings.catch_warnings())
                stack.enter_context(np.errstate(all="ignore"))
                warnings.simplefilter("ignore")
                out = fn(*args)
        except NotImplementedError:
            return False, (
                f"… {name}: not implemented yet. Write the function's body in place "
                "of `raise NotImplementedError`, then run this check again."
            )
        except Exception as e:  # the reader's code may raise anything: name it
            results.append(Run(case, e, args))
            continue
        path = next(filter(None, map(changed, argnames, case.args, args)), None)
        if path:
            text = (
                mutation[1].says
                if mutation and path.startswith(mutation[0])
                else f"your function changed its input {path} in place; no dnn function "
                "modifies its inputs: compute new arrays instead"
            )
            return _fail(name, text, len(cases), i, case)
        got = NO_RETURN.says if out is None else unpack(out)
        if isinstance(got, Mistake):
            got = got.says
        results.append(Run(case, got, args))
    if all(right(r.case, r.got) for r in results):
        if spy.called or delegates(fn, [reference]):  # right, but not the reader's work
            return _fail(
                name, SHORTCUT.says.replace("{out}", f"dnn.{name}"), len(cases), 0, cases[0]
            )
        return True, f"✓ {name}: correct on {len(cases)} cases ({summary})."
    for mistake in mistakes:  # a bug in a signature raises: no except here
        if mistake.signature is None:  # found while unpacking
            continue
        found = mistake.signature(results)
        if found is not None:
            i, out = found if isinstance(found, tuple) else (found, "")
            return _fail(name, mistake.says.replace("{out}", out), len(cases), i, results[i].case)
    for mistake in GENERAL:
        found = mistake.signature(results)
        if found is not None:
            i, words = found
            return _fail(name, mistake.says.format(**words), len(cases), i, results[i].case)
    for i, r in enumerate(results):
        if isinstance(r.got, Exception):
            text = type(r.got).__name__ + (f": {str(r.got).splitlines()[0]}" if str(r.got) else "")
            return _fail(name, f"your function raised {text}", len(cases), i, r.case)
        problem = r.got if isinstance(r.got, str) else difference(r.case, r.got)
        if problem:
            return _fail(name, problem, len(cases), i, r.case)
    raise AssertionError("unreachable: a case was wrong")  # pragma: no cover
