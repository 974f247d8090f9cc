"""Exercise checks: run a reader's function against the reference on fresh inputs.

The self-check cell under each implement exercise of chapters 2-8, such as
``dnn.checks.check_linear_backward(linear_backward)``, runs the reader's function and the
reference on the same seeded inputs, chosen to expose mistakes (m = 1 and m >= 2, square and
non-square layers, L >= 3, non-zero biases, lambda > 0, learning rates other than 1, Z with exact
zeros, AL with exact 0 and 1, float32 and float64; for numerical_gradient, steps h that are
powers of 2 and x in multiples of 2^-6, so that every way of writing the central difference
agrees to the last bit), prints one verdict and returns True or False. When the answer is
wrong, known-wrong versions of the function run on the same inputs too: the one the reader's
output matches names the mistake. CATALOGUE lists them, and the book page
chapters/mistakes.md is catalogue_markdown() (write_catalogue_page writes it).

Outputs agree when |got - want| <= 100·eps·max|want|, eps the case's dtype's (float32: about 1e-5
of the output's scale, not element by element). The reader's function gets copies of the inputs:
any change to them is a mistake.
"""

import copy
import warnings
from typing import NamedTuple

import numpy as np

from .activations import (ActivationCache, relu_backward, relu_prime, sigmoid, sigmoid_backward,
                          sigmoid_prime)
from .cost import cost
from .gradcheck import numerical_gradient
from .linear import LinearCache, linear_backward, linear_forward_activation
from .network import backward, forward, initialize_parameters
from .update import update_parameters


class Mistake(NamedTuple):
    key: str      # the book page's label is mistake-KEY
    chapter: int  # 0: any check
    title: str
    spot: str     # how to spot it in the numbers (markdown)
    message: str  # what the check prints after "✗ name: "; "{out}" is the output's name


CHAPTERS = {0: ("Any check", ""), 2: ("Forward propagation", "check_forward"),
            3: ("The cost function", "check_cost"),
            4: ("Backward activations", "check_sigmoid_backward, check_relu_backward"),
            5: ("Linear backward", "check_linear_backward"),
            6: ("Back propagation", "check_backward"),
            7: ("Updating the parameters", "check_update_parameters"),
            8: ("Gradient checking", "check_numerical_gradient")}

CATALOGUE = [Mistake(*entry) for entry in [
    ("no-return", 0, "Forgot to return",
     "The function gives `None` for every input: it computes the answer but never returns it.",
     "your function returned None: did you forget the `return` line?"),
    ("float64-out", 0, "float32 in, float64 out",
     "The values are right, but float32 inputs give a float64 result: `astype(float)`, "
     "`np.float64(...)` or `np.zeros(shape)` without a dtype upcast it.",
     "your values are right, but float32 inputs give a float64 result: something float64 "
     "(astype(float), np.float64(x), np.zeros(shape) without a dtype) upcast it; keep the "
     "inputs' dtype"),
    ("forward-sigmoid-everywhere", 2, "Sigmoid in every layer",
     "Z of layer 1 is right, every later Z and AL are not: the hidden layers apply σ instead of "
     "ReLU, so no hidden activation is ever 0, and each is below 1.",
     "your hidden layers apply the sigmoid: layers 1 to L − 1 use \"relu\", and only the "
     "output layer L uses \"sigmoid\""),
    ("forward-relu-output", 2, "ReLU on the output layer",
     "Every cache is right, but AL is ReLU(Z_L) instead of σ(Z_L): it can hold exact zeros "
     "and values above 1, so it is not a probability in (0, 1).",
     "your output layer applies ReLU: AL = σ(Z_L), so layer L uses \"sigmoid\" and AL lies "
     "in (0, 1)"),
    ("forward-cache-order", 2, "The caches in the wrong order",
     "AL is right, but caches[0] is not layer 1's pair: the list runs from layer L down "
     "(`caches.insert(0, cache)`), or each pair is (ActivationCache, LinearCache).",
     "your caches are out of order: caches[l-1] must be layer l's pair (LinearCache, "
     "ActivationCache), appended in order from layer 1 to layer L"),
    ("forward-no-activation-cache", 2, "The ActivationCache left out",
     "AL is right, but each entry of caches is a LinearCache alone: the Z that back propagation "
     "needs for g′(Z) is lost.",
     "your caches hold only the LinearCache: each entry must be the pair (LinearCache, "
     "ActivationCache(Z)) that linear_forward_activation returns, since backward needs Z for "
     "g′(Z)"),
    ("forward-skips-last-layer", 2, "The loop stops one layer early",
     "L − 1 caches instead of L, and AL is A_{L−1}, of shape (n_{L−1}, m), or σ of Z_{L−1}: "
     "a loop over `range(1, L)` never reaches the output layer.",
     "your loop stops one layer early: forward runs layers l = 1, …, L, range(1, L + 1), "
     "with the sigmoid on layer L"),
    ("forward-skips-first-layer", 2, "The loop starts at layer 2",
     "L − 1 caches, the first holding W2: `range(2, L + 1)` feeds X to W2. That is a shape "
     "error unless n_0 = n_1, which is why the check includes such a network.",
     "your loop skips layer 1: start from A = X and run l = 1, …, L, so that X meets W1 first"),
    ("forward-L-count", 2, "L counted as len(parameters)",
     "A KeyError for W{L+1} (W4 for a network of 3 layers): `parameters` holds a W and a b "
     "for each layer, 2L entries in all, so `L = len(parameters)` counts every layer twice.",
     "your L is twice the number of layers: parameters holds W{l} and b{l} for each layer, so "
     "L = len(parameters) // 2"),
    ("cost-no-mean", 3, "Summed, not averaged",
     "Right for m = 1; for m ≥ 2 the cross-entropy is m times too large.",
     "your cost is m times too large: did you forget to divide the sum by m?"),
    ("cost-sign", 3, "The minus sign lost",
     "The cross-entropy part comes out negative: minus the right value.",
     "your cross-entropy has the wrong sign: J = −(1/m)·Σ(Y·log(AL) + (1 − Y)·log(1 − AL)) "
     "has a minus in front"),
    ("cost-log-zero", 3, "log(0) for a confident prediction",
     "The cost is inf or NaN when AL holds an exact 0 or 1 (σ(Z) rounds to 1.0 from Z ≈ 36.7 in "
     "float64, 16.6 in float32): `log(0)` is −inf and `0 * log(0)` is NaN.",
     "your cost is inf or NaN when AL holds an exact 0 or 1: log(0) = −inf. Clamp each log at "
     "−100, np.maximum(np.log(AL), -100), or clip AL to [ε, 1 − ε] with ε = np.finfo(AL.dtype).eps"),
    ("cost-coarse-clip", 3, "Clipped too coarsely",
     "Right without an exact 0 or 1 in AL, finite but different with one: AL was clipped with a "
     "fixed ε such as 1e-6, so a confident wrong prediction costs about 14 instead of 36 "
     "(machine ε) or 100 (the clamp).",
     "your cost is right except where AL holds an exact 0 or 1: the ε you clip AL with is too "
     "coarse. Clip to [ε, 1 − ε] with ε = np.finfo(AL.dtype).eps, or clamp each log at −100"),
    ("cost-no-l2", 3, "L2 term left out of the cost",
     "Right for λ = 0; for λ > 0 the cost is the plain cross-entropy, so the printed cost is not "
     "the function that gradient descent minimises (the Rust series' quirk).",
     "your cost leaves out the L2 term: with lambd > 0 add (λ/(2m))·Σ‖W‖², summed over every "
     "layer's weights"),
    ("cost-l2-double", 3, "λ/m instead of λ/(2m) in the cost",
     "For λ > 0 the L2 part of the cost is twice the right one.",
     "your L2 term is twice too large: the cost adds (λ/(2m))·Σ‖W‖²; λ/m is the factor of its "
     "gradient, (λ/m)·W"),
    ("sigmoid-squared", 4, "σ′ written as σ(Z)·σ(Z)",
     "dZ equals dA·σ(Z)², not dA·σ(Z)·(1 − σ(Z)).",
     "σ′(Z) is σ(Z)·(1 − σ(Z)), not σ(Z)·σ(Z)"),
    ("sigmoid-a-for-z", 4, "A instead of Z in the activation derivative",
     "dZ equals dA·Z·(1 − Z) (the formula A·(1 − A) applied to Z) or dA·σ′(σ(Z)) (σ′ applied "
     "to A): the cache holds Z, the layer's input, not its output A.",
     "A and Z are mixed up: σ′(Z) = A·(1 − A) with A = σ(Z); the cache holds Z, so compute "
     "A = sigmoid(Z) first, not Z·(1 − Z) or σ′(A)"),
    ("forgot-dA", 4, "The chain rule's dA left out",
     "dZ equals g′(Z) whatever dA is: the derivative is returned without multiplying by the "
     "incoming gradient.",
     "your dZ does not depend on dA: the chain rule gives dZ = dA * g′(Z); multiply by dA"),
    ("matmul-for-star", 4, "A matrix product where `*` is needed",
     "A `matmul`/`dot` shape error whenever Z is not square; for a square Z, dZ equals "
     "`dA @ g′(Z)`.",
     "dZ = dA * g′(Z) is element by element: use `*`, not `@` or np.dot"),
    ("relu-at-zero", 4, "ReLU′ wrong at 0",
     "dZ is right except where Z is exactly 0, where it equals dA: `Z >= 0` where `Z > 0` is "
     "meant. ReLU has no derivative at 0; this book, like most libraries, takes 0.",
     "dZ is wrong only where Z is exactly 0: this book takes ReLU′(0) = 0, so use Z > 0, "
     "not Z >= 0"),
    ("relu-below-zero", 4, "ReLU′ wrong below 0",
     "dZ is right where Z > 0 but not 0 where Z < 0: the mask is missing (`dZ = dA`).",
     "dZ must be 0 where Z < 0, where ReLU is flat: keep dA only where Z > 0"),
    ("writes-into-dA", 4, "Writing into the caller's dA",
     "The returned dZ is right but the caller's dA has changed: `dZ = dA` makes no copy, so "
     "`dZ[Z <= 0] = 0` or `dZ *= ...` writes into dA.",
     "your function changed the caller's dA in place: dZ = dA makes no copy, so dZ[...] = 0 or "
     "dZ *= ... writes into dA too; start from dZ = dA.copy(), or compute a new array"),
    ("missing-1-over-m", 5, "Missing 1/m",
     "dW or db is m times the right value: right for m = 1, wrong by a factor of m for m ≥ 2. "
     "The cost is a mean over the examples, so its gradients are too.",
     "{out} is m times too large: did you forget the 1/m?"),
    ("db-wrong-axis", 5, "db summed over the wrong axis",
     "db has shape (1, m) or is one number: dZ was summed down each column (axis=0) or over "
     "everything, not along each row (over the examples, axis=1).",
     "db sums dZ over the wrong axis: sum over the examples, along each row (axis=1), one total "
     "per unit"),
    ("db-no-keepdims", 5, "db without keepdims",
     "db holds the right numbers but has shape (n_l,), or is repeated to (n_l, m). "
     "`np.sum(dZ, axis=1)` drops the axis, and then `b - α·db` broadcasts (n_l, 1) against "
     "(n_l,) into an (n_l, n_l) matrix.",
     "db has the right numbers but not the shape (n_l, 1): use np.sum(dZ, axis=1, keepdims=True)"),
    ("star-for-matmul", 5, "`*` where a matrix product is needed",
     "Right for m = 1, where `dZ * A_prev.T` happens to be the outer product; for m ≥ 2 a "
     "ValueError, “operands could not be broadcast together”.",
     "`*` multiplies element by element, but dW = dZ·A_prevᵀ/m and dA_prev = Wᵀ·dZ are matrix "
     "products: use `@` (or np.dot)"),
    ("w-not-transposed", 5, "W instead of Wᵀ in dA_prev",
     "A matmul shape error whenever the layer is not square; on a square layer dA_prev equals "
     "`W @ dZ`.",
     "dA_prev = Wᵀ·dZ: you used W where its transpose W.T is needed"),
    ("dw-transposed", 5, "dW transposed",
     "dW has the shape of Wᵀ, (n_{l−1}, n_l), and is the right dW transposed: `A_prev @ dZ.T` "
     "instead of `dZ @ A_prev.T`.",
     "your dW is the transpose of the right one: dW = dZ·A_prevᵀ/m has the shape of W, "
     "(n_l, n_{l−1})"),
    ("dAL-sign", 6, "A sign error in dA_L",
     "Every gradient's cross-entropy part is negated (the L2 part is not): "
     "dA_L = −(Y/AL − (1 − Y)/(1 − AL)) lost its minus, so dZ_L = Y − AL.",
     "every gradient has the wrong sign: dA_L = −(Y/AL − (1 − Y)/(1 − AL)), so the output layer "
     "starts from dZ_L = AL − Y, not Y − AL"),
    ("dAL-divides-by-zero", 6, "dA_L for a confident prediction",
     "Right except where AL holds an exact 0 or 1: Y/AL or (1 − Y)/(1 − AL) divides by zero, and "
     "inf or NaN flows back through every layer (or dnn's own functions reject it).",
     "your gradients are inf or NaN where AL holds an exact 0 or 1: dA_L divides by AL and "
     "1 − AL. Start the output layer from dZ_L = AL − Y, the same number, which stays finite"),
    ("dA-key-off-by-one", 6, "The dA keys off by one layer",
     "The dA values are right but filed one layer up, under dA1…dAL instead of dA0…dA{L−1} "
     "(the Rust series' convention).",
     "your dA keys are off by one layer: layer l's dA_prev goes under 'dA{l-1}' (dA0 is the "
     "gradient for X), not 'dA{l}'"),
    ("l2-missing-dW", 6, "L2 term missing from dW",
     "Right for λ = 0; for λ > 0 dW is the plain cross-entropy gradient.",
     "your dW leaves out the L2 term: with lambd > 0 add (λ/m)·W to each dW"),
    ("l2-on-b", 6, "L2 term applied to b",
     "For λ > 0, db has (λ/m)·b added: visible only when b ≠ 0, which is why the checks use "
     "non-zero biases.",
     "your db has an L2 term: the penalty (λ/(2m))·Σ‖W‖² covers the weights only, so db gets "
     "no λ"),
    ("l2-dW-half", 6, "λ/(2m) instead of λ/m in dW",
     "For λ > 0 the L2 part of dW is half the right one: the 2 of the square cancels the 1/2.",
     "your L2 term in dW is half the right size: the derivative of (λ/(2m))·‖W‖² is (λ/m)·W"),
    ("mutates-parameters", 7, "Changing the caller's parameters",
     "The returned values are right but the dict passed in has changed: `parameters[key] -= ...` "
     "writes into the caller's arrays, `parameters[key] = ...` replaces the caller's entries.",
     "you changed the caller's parameters: build and return a new dict, {key: parameters[key] - "
     "learning_rate * grads['d' + key]}, and leave the input as it was"),
    ("update-sign", 7, "Stepping uphill",
     "θ + α·dθ: every parameter moves by the right amount in the wrong direction, and training "
     "makes the cost grow.",
     "your step goes uphill: gradient descent subtracts, θ − α·dθ"),
    ("lr-ignored", 7, "The learning rate left out",
     "θ − dθ: right only for α = 1, which is why the checks use learning rates other than 1.",
     "your step ignores the learning rate: θ − α·dθ, with α = learning_rate"),
    ("last-layer-skipped", 7, "The last layer not updated",
     "W_L and b_L unchanged (or missing) while every other layer is right: a loop over "
     "`range(1, L)` stops one layer early.",
     "your update skips the last layer: loop over l = 1, …, L, which is range(1, L + 1)"),
    ("numgrad-one-sided", 8, "A one-sided difference",
     "The result is (f(x + h) − f(x)) / h, or (f(x) − f(x − h)) / h: its error is of order h, "
     "not h², and a large step shows it.",
     "your quotient is one-sided: use the central difference "
     "(f(x + h·e_i) − f(x − h·e_i)) / 2h"),
    ("numgrad-h-not-2h", 8, "Divided by h, not 2h",
     "Every entry is exactly twice the right one.",
     "your gradient is twice the right one: f(x + h·e_i) and f(x − h·e_i) are 2h apart, so "
     "divide their difference by 2h"),
    ("numgrad-not-restored", 8, "x not restored",
     "x is not what it was after the call: an entry was left at x_i + h or x_i − h, so every "
     "later f() reads a wrong x, and so does the caller (in a gradient check, the network's "
     "parameters have moved).",
     "your function left x changed: save the entry, old = x[i], and after the two evaluations "
     "put it back exactly, x[i] = old"),
    ("numgrad-h-ignored", 8, "The step h ignored",
     "Two calls that differ only in h give the same result: the step is a fixed number "
     "(often 1e-5), not the argument h.",
     "your result does not depend on h: step by the h passed in, not by a fixed number"),
    ("numgrad-first-entry-only", 8, "Only the first entry",
     "The first entry is right and every other is 0, or a single number comes back: `return` "
     "sits inside the loop, or the loop covers one entry.",
     "only your first entry is computed: loop over every index of x (np.ndindex(x.shape)) and "
     "return the whole array after the loop"),
    ("numgrad-all-at-once", 8, "All of x moved at once",
     "Every entry, or the single number returned, is (f(x + h) − f(x − h)) / 2h with the whole "
     "array moved, `x += h`: the sum of the partial derivatives, not one of them.",
     "you moved all of x at once: move one entry at a time, x[i] = old + h, so that each "
     "quotient is one partial derivative"),
    ("numgrad-f-with-argument", 8, "f called with an argument",
     "A TypeError from f: f takes no argument and reads x itself, so `f(x)` (cs231n's "
     "convention) fails.",
     "f takes no argument: call f(), which reads x, the array you perturb in place"),
]]
MISTAKES = {m.key: m for m in CATALOGUE}


# ------------------------------------------------------------------ comparing outputs

class Case(NamedTuple):
    label: str   # "W (3, 5), m = 4, float64"
    args: tuple  # the reader's function gets a deep copy
    want: list   # the accepted outputs, each a dict {name: array or float}
    dtype: type
    info: dict   # what the diagnoses need


def _close(got, want, dtype):
    try:
        got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return False
    if got.shape != want.shape or not np.isfinite(got).all():
        return False
    scale = np.abs(want).max(initial=0.0) or 1.0
    return bool(np.abs(got - want).max(initial=0.0) <= 100 * np.finfo(dtype).eps * scale)


def _same(got, want, dtype, outs=None):
    """got ≈ want on the outputs `outs` (on all of want's, and no others, when None)."""
    if outs is None and set(got) != set(want):
        return False
    return all(k in got and _close(got[k], want[k], dtype) for k in (outs or want))


def _finite(got):
    try:
        return all(np.isfinite(np.asarray(v, dtype=float)).all() for v in got.values())
    except (TypeError, ValueError):
        return False


def _right(case, got):
    return isinstance(got, dict) and any(
        _same(got, w, case.dtype) and all(getattr(got[k], "dtype", None) == v.dtype
                                          for k, v in w.items() if isinstance(v, np.ndarray))
        for w in case.want)


def _changed(path, before, after):
    """Where an input and the copy the reader's function got differ after the call, or None."""
    if isinstance(before, np.ndarray):
        same = (isinstance(after, np.ndarray) and after.shape == before.shape
                and after.dtype == before.dtype and np.array_equal(after, before))
        return None if same else path
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(after) != set(before):
            return path
        return next(filter(None, (_changed(f"{path}[{k!r}]", before[k], after[k])
                                  for k in before)), None)
    if isinstance(before, (tuple, list)):
        if type(after) is not type(before) or len(after) != len(before):
            return path
        names = getattr(before, "_fields", None)  # a NamedTuple: cache.Z, caches[0][0].W
        return next(filter(None, (_changed(f"{path}.{names[i]}" if names else f"{path}[{i}]", b, a)
                                  for i, (b, a) in enumerate(zip(before, after)))), None)
    return None


def _describe(x):
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of {len(x)}"
    return f"a {type(x).__name__}"


def _difference(case, got):
    """What differs between a case's outputs and the reference's, in words; None if nothing."""
    want = case.want[0]
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        return "the result " + " and ".join([f"is missing {missing}"] * bool(missing)
                                            + [f"has extra keys {extra}"] * bool(extra))
    for k, w in want.items():
        g = got[k]
        try:
            shape = np.shape(g)
        except ValueError:  # a ragged list
            return f"{k} is {_describe(g)}, not an array"
        if shape != np.shape(w):
            return f"{k} has shape {shape}; it should be {np.shape(w)}"
        if not _close(g, w, case.dtype):
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                return f"{k} is {_describe(g)} of {np.asarray(g).dtype}, not of numbers"
            if not np.isfinite(g).all():
                return f"{k} contains NaN or inf"
            err, top = np.abs(g - w).max(), np.abs(np.asarray(w, dtype=float)).max()
            return (f"{k} differs from the expected values: largest error {err:.2g}, "
                    f"where they reach {top:.2g}")
    for k, w in want.items():
        dtype = getattr(got[k], "dtype", None)
        if isinstance(w, np.ndarray) and dtype != w.dtype:
            if w.dtype == np.float32 and dtype == np.float64:
                return MISTAKES["float64-out"].message
            return f"{k} has dtype {dtype}; it should be {w.dtype}, like the inputs"
    return None


# ------------------------------------------------------------------ diagnoses and verdicts

def _fits(results, variant, outs=None):
    """The first case that shows the mistake `variant`, if the reader's outputs match the
    variant's on every case that ran and gave finite outputs; else None."""
    seen = None
    for i, (case, got) in enumerate(results):
        if not isinstance(got, dict) or not _finite(got):
            continue
        alternatives = variant(case)
        alternatives = alternatives if isinstance(alternatives, list) else [alternatives]
        if not any(_same(got, v, case.dtype, outs) for v in alternatives):
            return None
        if seen is None and not any(_same(v, w, case.dtype, outs)
                                    for v in alternatives for w in case.want):
            seen = i
    return seen


def _variant(key, variant, outs=None, out=""):
    """Diagnosis: the reader's outputs are variant(case), a wrong version's, on every case."""
    def diagnose(results):
        i = _fits(results, variant, outs)
        return None if i is None else (key, i, out)
    return diagnose


def _when(key, predicate):
    """Diagnosis by predicate(results) -> the index of the case that shows it, or None."""
    def diagnose(results):
        i = predicate(results)
        return None if i is None else (key, i, "")
    return diagnose


def _first(results, test):
    return next((i for i, (case, got) in enumerate(results) if test(case, got)), None)


def _fail(name, text, n, i, case):
    return False, f"✗ {name}: {text}\n  (case {i + 1} of {n}: {case.label})"


def _run(name, fn, cases, argnames, unpack, diagnoses, summary, mutation=("", ""), strict=False):
    """Run fn on every case; print the verdict: right, a catalogued mistake, or what differs.

    Returns True or False; with strict=True a wrong function raises AssertionError(verdict)
    after the verdict is printed (an nbgrader test cell then fails with the verdict's words)."""
    ok, text = _verdict(name, fn, cases, argnames, unpack, diagnoses, summary, mutation)
    print(text)
    if strict and not ok:
        raise AssertionError(text)
    return ok


def _verdict(name, fn, cases, argnames, unpack, diagnoses, summary, mutation):
    """(True or False, the verdict's text)."""
    results = []
    for i, case in enumerate(cases):
        args = copy.deepcopy(case.args)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                out = fn(*args)
        except NotImplementedError:
            return False, (f"… {name}: not implemented yet. Write the function's body in place "
                           "of `raise NotImplementedError`, then run this check again.")
        except Exception as e:  # the reader's code may raise anything: name it
            results.append((case, e))
            continue
        path = next(filter(None, map(_changed, argnames, case.args, args)), None)
        if path:
            text = (MISTAKES[mutation[1]].message if mutation[0] and path.startswith(mutation[0])
                    else f"your function changed its input {path} in place; no dnn function "
                    "modifies its inputs: compute new arrays instead")
            return _fail(name, text, len(cases), i, case)
        results.append((case, MISTAKES["no-return"].message if out is None else unpack(out)))
    if all(_right(case, got) for case, got in results):
        return True, f"✓ {name}: correct on {len(cases)} cases ({summary})."
    for diagnose in diagnoses:
        try:
            found = diagnose(results)
        except Exception:  # an output too odd to compare: the words below describe it
            found = None
        if found:
            key, i, out = found
            return _fail(name, MISTAKES[key].message.replace("{out}", out), len(cases), i,
                         results[i][0])
    for i, (case, got) in enumerate(results):
        if isinstance(got, Exception):
            text = type(got).__name__ + (f": {str(got).splitlines()[0]}" if str(got) else "")
            return _fail(name, f"your function raised {text}", len(cases), i, case)
        problem = got if isinstance(got, str) else _difference(case, got)
        if problem:
            return _fail(name, problem, len(cases), i, case)
    raise AssertionError("unreachable: a case was wrong")  # pragma: no cover


# ------------------------------------------------------------------ forward (chapter 2)

def _flat(AL, caches):
    """forward's (AL, caches) as {name: array}: caches[i][0].A_prev, ..., caches[i][1].Z."""
    out = {"AL": AL}
    for i, (linear_cache, activation_cache) in enumerate(caches):
        out.update({f"caches[{i}][0].A_prev": linear_cache.A_prev,
                    f"caches[{i}][0].W": linear_cache.W, f"caches[{i}][0].b": linear_cache.b,
                    f"caches[{i}][1].Z": activation_cache.Z})
    return out


def _layers(X, parameters, layers, activations):
    """A wrong forward: the given layers with the given activations ([] on a shape error)."""
    A, caches = X, []
    for l, activation in zip(layers, activations):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if W.shape[1] != A.shape[0]:
            return []
        A, cache = linear_forward_activation(A, W, b, activation)
        caches.append(cache)
    return [_flat(A, caches)]


def check_forward(fn, *, strict=False):
    """Check a reader's forward(X, parameters) -> (AL, caches); print a verdict."""
    rng = np.random.default_rng(2)
    cases = []
    for dims, m, dtype in [
            ([5, 4, 3, 1], 4, np.float64), ([5, 4, 3, 1], 4, np.float32),
            ([3, 6, 2, 1], 1, np.float64), ([4, 4, 3, 2, 1], 3, np.float32),
            ([2, 5, 1], 5, np.float64), ([6, 6, 4, 3, 1], 2, np.float64),
            ([3, 2, 4, 1], 1, np.float32)]:
        params = {}
        for l in range(1, len(dims)):  # non-zero biases: a bias added to the wrong layer shows
            params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
            params[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        params = {k: v.astype(dtype) for k, v in params.items()}
        X = rng.standard_normal((dims[0], m)).astype(dtype)
        AL, caches = forward(X, params)
        cases.append(Case(f"layers {dims}, m = {m}, {np.dtype(dtype).name}", (X, params),
                          [_flat(AL, caches)], dtype, {"L": len(dims) - 1, "AL": AL,
                                                       "caches": caches}))

    def unpack(out):
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            return f"forward should return (AL, caches); yours returned {_describe(out)}"
        AL, caches = out
        if not isinstance(caches, (list, tuple)):
            return ("caches should be a list, caches[l-1] the pair (LinearCache, ActivationCache) "
                    f"of layer l; yours is {_describe(caches)}")
        for i, c in enumerate(caches):
            pair = isinstance(c, tuple) and not isinstance(c, LinearCache) and len(c) == 2
            if pair and isinstance(c[0], ActivationCache) and isinstance(c[1], LinearCache):
                return MISTAKES["forward-cache-order"].message
            if isinstance(c, LinearCache) or (isinstance(c, (tuple, list)) and len(c) == 1
                                              and isinstance(c[0], LinearCache)):
                return MISTAKES["forward-no-activation-cache"].message
            if not (pair and isinstance(c[0], LinearCache) and isinstance(c[1], ActivationCache)):
                return (f"caches[{i}] should be layer {i + 1}'s pair (LinearCache, "
                        f"ActivationCache), as linear_forward_activation returns it; yours is "
                        + (f"({', '.join(type(x).__name__ for x in c)})"
                           if isinstance(c, (tuple, list)) else _describe(c)))
        return _flat(AL, caches)

    def layers(which, activations):  # which(L) -> layer numbers; activations(L) -> one each
        def variant(c):
            L = c.info["L"]
            return _layers(*c.args, which(L), activations(L))
        return variant

    def relu_then(last):
        return lambda L: ["relu"] * (L - 1) + [last]

    def too_many_layers(results):  # L = len(parameters): a KeyError for W{L+1} or b{L+1}
        return _first(results, lambda c, g: isinstance(g, KeyError) and bool(g.args)
                      and g.args[0] in (f"W{c.info['L'] + 1}", f"b{c.info['L'] + 1}"))

    diagnoses = [
        _variant("forward-sigmoid-everywhere", layers(lambda L: range(1, L + 1),
                                                      lambda L: ["sigmoid"] * L)),
        _variant("forward-relu-output", layers(lambda L: range(1, L + 1), lambda L: ["relu"] * L)),
        _variant("forward-cache-order", lambda c: _flat(c.info["AL"], c.info["caches"][::-1])),
        _variant("forward-skips-last-layer", lambda c: [
            v for last in ("relu", "sigmoid")
            for v in layers(lambda L: range(1, L), lambda L: relu_then(last)(L - 1))(c)]),
        _variant("forward-skips-first-layer", layers(lambda L: range(2, L + 1),
                                                     lambda L: relu_then("sigmoid")(L - 1))),
        _when("forward-L-count", too_many_layers)]
    return _run("forward", fn, cases, ("X", "parameters"), unpack, diagnoses,
                "L = 2 to 4, m = 1 to 5, square and non-square layers, non-zero biases, "
                "float32 and float64", strict=strict)


# ------------------------------------------------------------------ the cost (chapter 3)

def _cross_entropy(AL, Y, floor):
    Y = Y.astype(AL.dtype)
    if floor == "clip":  # the other allowed guard: AL clipped to [eps, 1 - eps]
        A = np.clip(AL, np.finfo(AL.dtype).eps, 1 - np.finfo(AL.dtype).eps)
        logs = np.log(A), np.log(1 - A)
    else:  # each log clamped at -100, as dnn.cost does
        with np.errstate(divide="ignore"):
            logs = np.maximum(np.log(AL), -100.0), np.maximum(np.log1p(-AL), -100.0)
    return float(-np.sum(Y * logs[0] + (1 - Y) * logs[1]) / AL.shape[1])


def _cost_variant(make):
    """A wrong cost: {"J": v} for v in make(cross-entropy, L2 term, m), with either guard."""
    def variant(case):
        AL, Y, params, lambd = (case.args + (None, 0.0))[:4]
        l2 = lambd / (2 * AL.shape[1]) * sum(float(np.sum(np.square(W)))
                                              for k, W in (params or {}).items() if k[0] == "W")
        return [{"J": v} for floor in ("clamp", "clip")
                for v in make(_cross_entropy(AL, Y, floor), l2, AL.shape[1])]
    return variant


def check_cost(fn, *, strict=False):
    """Check a reader's cost(AL, Y, parameters=None, lambd=0.0) -> float; print a verdict."""
    rng = np.random.default_rng(3)
    cases = []
    for m, dtype, lambd, dims, saturated in [
            (1, np.float64, 0.0, None, False), (4, np.float64, 0.0, None, False),
            (5, np.float32, 0.0, None, False), (3, np.float64, 0.7, [4, 3, 2, 1], False),
            (1, np.float32, 0.7, [3, 5, 2, 1], False), (2, np.float32, 0.3, [2, 4, 1], False),
            (6, np.float64, 0.0, None, True), (6, np.float32, 0.0, None, True)]:
        AL = rng.uniform(0.05, 0.95, (1, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.int64 if m == 4 else dtype)  # int64: the files'
        if saturated:  # confident predictions, right and wrong: log(0) unless guarded
            AL[0, :4], Y[0, :4] = [0.0, 1.0, 0.0, 1.0], [0, 1, 1, 0]
        args = (AL.astype(dtype), Y)
        if lambd:
            args += ({k: (v + 0.5).astype(dtype)
                      for k, v in initialize_parameters(dims, seed=3).items()}, lambd)
        clamp, clip = (_cross_entropy(args[0], Y, floor) for floor in ("clamp", "clip"))
        want = [{"J": cost(*args)}, {"J": cost(*args) - clamp + clip}]
        label = f"m = {m}, λ = {lambd:g}, {np.dtype(dtype).name}"
        cases.append(Case(label + ", AL with exact 0 and 1" * saturated, args, want, dtype,
                          {"saturated": saturated}))

    def unpack(out):
        try:
            if np.ndim(out) == 0:
                return {"J": float(out)}
        except (TypeError, ValueError):
            pass
        return f"cost should return one number, a Python float; yours returned {_describe(out)}"

    def log_zero(results):
        return _first(results, lambda case, got: isinstance(got, dict) and not _finite(got))

    def coarse_clip(results):  # right without exact 0 and 1, finite but wrong with them
        if all(_right(c, g) if not c.info["saturated"] else isinstance(g, dict) and _finite(g)
               for c, g in results):
            return _first(results, lambda c, g: not _right(c, g))
        return None

    diagnoses = [
        _variant("cost-no-mean", _cost_variant(lambda ce, l2, m: [m * ce + l2, m * (ce + l2)])),
        _variant("cost-sign", _cost_variant(lambda ce, l2, m: [l2 - ce, -ce - l2])),
        _variant("cost-no-l2", _cost_variant(lambda ce, l2, m: [ce])),
        _variant("cost-l2-double", _cost_variant(lambda ce, l2, m: [ce + 2 * l2])),
        _when("cost-log-zero", log_zero), _when("cost-coarse-clip", coarse_clip)]
    return _run("cost", fn, cases, ("AL", "Y", "parameters", "lambd"), unpack, diagnoses,
                "m = 1 to 6, λ = 0 and λ > 0, AL with exact 0 and 1, float32 and float64",
                strict=strict)


# ------------------------------------------------------------------ activations (chapter 4)

def _check_activation(name, fn, reference, prime, diagnoses, strict=False):
    rng = np.random.default_rng(4)
    cases = []
    for n, m, dtype in [(3, 4, np.float64), (3, 4, np.float32), (1, 1, np.float64),
                        (4, 4, np.float64), (2, 1, np.float32), (5, 3, np.float32),
                        (3, 3, np.float32)]:
        Z = 3 * rng.standard_normal((n, m))
        Z[rng.random((n, m)) < 0.25] = 0.0  # exact zeros, where ReLU has no derivative
        Z, dA = Z.astype(dtype), rng.standard_normal((n, m)).astype(dtype)
        cache = ActivationCache(Z)
        cases.append(Case(f"Z {Z.shape}, {Z.dtype}", (dA, cache), [{"dZ": reference(dA, cache)}],
                          dtype, {}))

    def unpack(out):
        if isinstance(out, np.ndarray) and out.dtype.kind in "biuf":
            return {"dZ": out}
        return f"{name} should return dZ, an array of numbers; yours returned {_describe(out)}"

    diagnoses = [_variant(key, _dZ(f)) for key, f in diagnoses if isinstance(key, str)] + [
        _variant("forgot-dA", _dZ(lambda dA, Z: [prime(Z)])),
        _variant("matmul-for-star", _dZ(lambda dA, Z: [dA @ prime(Z)] if _square(Z) else []))
    ] + [d for key, d in diagnoses if key is None]
    return _run(name, fn, cases, ("dA", "cache"), unpack, diagnoses,
                "m = 1 to 4, square and non-square, Z with exact zeros, float32 and float64",
                mutation=("dA", "writes-into-dA"), strict=strict)


def _square(a):
    return a.shape[0] == a.shape[1]


def _dZ(f):
    """A wrong activation backward: {"dZ": v} for v in f(dA, Z)."""
    return lambda case: [{"dZ": v} for v in f(case.args[0], case.args[1].Z)]


def _relu_below_zero(results):
    """Right where Z > 0 in every case, and not 0 somewhere Z < 0."""
    ok = [(i, c.args[1].Z, np.asarray(g["dZ"], dtype=float), c)
          for i, (c, g) in enumerate(results) if isinstance(g, dict)]
    if ok and all(g.shape == Z.shape and _close(np.where(Z > 0, g, 0), c.want[0]["dZ"], c.dtype)
                  for i, Z, g, c in ok):
        return next((i for i, Z, g, c in ok if np.any(g[Z < 0] != 0)), None)
    return None


def check_sigmoid_backward(fn, *, strict=False):
    """Check a reader's sigmoid_backward(dA, cache) -> dZ; print a verdict."""
    return _check_activation("sigmoid_backward", fn, sigmoid_backward, sigmoid_prime, [
        ("sigmoid-squared", lambda dA, Z: [dA * sigmoid(Z) ** 2]),
        ("sigmoid-a-for-z", lambda dA, Z: [dA * Z * (1 - Z), dA * sigmoid_prime(sigmoid(Z))])],
        strict=strict)


def check_relu_backward(fn, *, strict=False):
    """Check a reader's relu_backward(dA, cache) -> dZ; print a verdict."""
    return _check_activation("relu_backward", fn, relu_backward, relu_prime, [
        ("relu-at-zero", lambda dA, Z: [dA * (Z >= 0)]),
        (None, _when("relu-below-zero", _relu_below_zero))], strict=strict)


# ------------------------------------------------------------------ linear backward (chapter 5)

def check_linear_backward(fn, *, strict=False):
    """Check a reader's linear_backward(dZ, cache) -> (dA_prev, dW, db); print a verdict."""
    rng = np.random.default_rng(5)
    cases = []
    for n_l, n_prev, m, dtype in [
            (3, 5, 4, np.float64), (3, 5, 4, np.float32), (2, 3, 1, np.float64),
            (1, 4, 1, np.float32), (4, 4, 3, np.float64), (3, 3, 2, np.float32),
            (4, 2, 5, np.float32), (1, 3, 5, np.float64)]:
        A_prev, W, b, dZ = (rng.standard_normal(shape).astype(dtype)
                            for shape in [(n_prev, m), (n_l, n_prev), (n_l, 1), (n_l, m)])
        cache = LinearCache(A_prev, W, b)
        want = dict(zip(("dA_prev", "dW", "db"), linear_backward(dZ, cache)))
        cases.append(Case(f"W {W.shape}, m = {m}, {W.dtype}", (dZ, cache), [want], dtype, {}))

    def unpack(out):
        if isinstance(out, (tuple, list)) and len(out) == 3:
            return dict(zip(("dA_prev", "dW", "db"), out))
        return f"linear_backward should return (dA_prev, dW, db); yours returned {_describe(out)}"

    def wrong(out, f):  # f(the right output, dZ, W, m) -> the wrong versions of it
        return lambda c: [{out: v} for v in f(c.want[0][out], c.args[0], c.args[1].W,
                                              c.args[0].shape[1])]

    def broadcast_error(results):
        return _first(results, lambda c, g: isinstance(g, ValueError)
                      and "could not be broadcast" in str(g))

    diagnoses = [
        _variant("missing-1-over-m", wrong("dW", lambda dW, dZ, W, m: [m * dW]), ["dW"], "dW"),
        _variant("missing-1-over-m", wrong("db", lambda db, dZ, W, m: [m * db]), ["db"], "db"),
        _variant("dw-transposed", wrong("dW", lambda dW, dZ, W, m: [dW.T]), ["dW"]),
        _variant("w-not-transposed", wrong("dA_prev", lambda d, dZ, W, m: [W @ dZ] if _square(W)
                                           else []), ["dA_prev"]),
        _variant("db-wrong-axis", wrong("db", lambda db, dZ, W, m: [
            dZ.sum(axis=0, keepdims=True) / m, dZ.sum(axis=0) / m, dZ.sum() / m,
            dZ.sum(keepdims=True) / m]), ["db"]),
        _variant("db-no-keepdims", wrong("db", lambda db, dZ, W, m: [
            db[:, 0], np.broadcast_to(db, dZ.shape)]), ["db"]),
        _when("star-for-matmul", broadcast_error)]
    return _run("linear_backward", fn, cases, ("dZ", "cache"), unpack, diagnoses,
                "m = 1 to 5, square and non-square layers, float32 and float64", strict=strict)


# ------------------------------------------------------------------ back propagation (chapter 6)

def _grads(AL, Y, caches, lambd, sign=1.0, l2=1.0, l2_on_b=False):
    """backward, or one of its known-wrong versions."""
    L, m = len(caches), AL.shape[1]
    grads, dZ = {}, sign * (AL - Y.astype(AL.dtype))
    for l in reversed(range(1, L + 1)):
        linear_cache, activation_cache = caches[l - 1]
        if l < L:
            dZ = relu_backward(grads[f"dA{l}"], activation_cache)
        grads[f"dA{l - 1}"], dW, db = linear_backward(dZ, linear_cache)
        grads[f"dW{l}"] = dW + l2 * lambd / m * linear_cache.W
        grads[f"db{l}"] = db + lambd / m * linear_cache.b if l2_on_b else db
    return grads


def check_backward(fn, *, strict=False):
    """Check a reader's backward(AL, Y, caches, lambd) -> grads; print a verdict."""
    rng = np.random.default_rng(6)
    cases = []
    for dims, m, dtype, lambd, saturated in [
            ([4, 3, 2, 1], 5, np.float64, 0.0, False), ([4, 3, 2, 1], 5, np.float64, 0.7, False),
            ([3, 5, 2, 1], 1, np.float32, 0.7, False), ([5, 4, 3, 2, 1], 3, np.float32, 0.0, False),
            ([6, 2, 3, 1], 2, np.float32, 0.5, False), ([4, 3, 2, 1], 6, np.float64, 0.0, True)]:
        L = len(dims) - 1
        params = initialize_parameters(dims, seed=6)
        for l in range(1, L + 1):  # non-zero biases: an L2 term on b shows
            params[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        X = rng.standard_normal((dims[0], m))
        if saturated:  # Z_L = s·(u - median u) with s = 1e4: AL holds exact 0s and 1s
            u = params[f"W{L}"] @ forward(X, params)[1][L - 1][0].A_prev
            params[f"b{L}"] = -1e4 * np.median(u, axis=1, keepdims=True)
            params[f"W{L}"] = 1e4 * params[f"W{L}"]
        params = {k: v.astype(dtype) for k, v in params.items()}
        AL, caches = forward(X.astype(dtype), params)
        Y = (rng.random((1, m)) < 0.5).astype(dtype)
        if saturated:  # confident predictions, right and wrong
            Y = np.where(np.arange(m) % 2 == 0, 1 - np.round(AL), np.round(AL)).astype(dtype)
        label = f"layers {dims}, m = {m}, λ = {lambd:g}, {np.dtype(dtype).name}"
        cases.append(Case(label + ", AL with exact 0 and 1" * saturated, (AL, Y, caches, lambd),
                          [backward(AL, Y, caches, lambd)], dtype, {"saturated": saturated}))

    def unpack(out):
        return dict(out) if isinstance(out, dict) else (
            f"backward should return a dict of gradients; yours returned {_describe(out)}")

    def grads(**wrong):
        return lambda c: _grads(*c.args, **wrong)

    def shifted(c):
        return {(f"dA{int(k[2:]) + 1}" if k.startswith("dA") else k): v
                for k, v in c.want[0].items()}

    def divides_by_zero(results):  # right everywhere but where AL holds exact 0 and 1
        def bad(c, g):
            return isinstance(g, Exception) or isinstance(g, dict) and not _finite(g)
        if all(bad(c, g) or _right(c, g) if c.info["saturated"] else _right(c, g)
               for c, g in results):
            return _first(results, lambda c, g: c.info["saturated"] and bad(c, g))
        return None

    diagnoses = [_variant("dAL-sign", grads(sign=-1.0)), _variant("dA-key-off-by-one", shifted),
                 _variant("l2-missing-dW", grads(l2=0.0)), _variant("l2-dW-half", grads(l2=0.5)),
                 _variant("l2-on-b", grads(l2_on_b=True)),
                 _when("dAL-divides-by-zero", divides_by_zero)]
    return _run("backward", fn, cases, ("AL", "Y", "caches", "lambd"), unpack, diagnoses,
                "L = 3 and 4, m = 1 to 6, λ = 0 and λ > 0, AL with exact 0 and 1, "
                "float32 and float64", strict=strict)


# ------------------------------------------------------------------ the update (chapter 7)

def check_update_parameters(fn, *, strict=False):
    """Check a reader's update_parameters(parameters, grads, learning_rate); print a verdict."""
    rng = np.random.default_rng(7)
    cases = []
    for dims, dtype, alpha in [([4, 3, 2, 1], np.float64, 0.3), ([4, 3, 2, 1], np.float32, 0.05),
                               ([3, 5, 1], np.float64, 1.2), ([5, 4, 3, 2, 1], np.float32, 0.01)]:
        shapes = {k: v.shape for k, v in initialize_parameters(dims).items()}
        params = {k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}
        grads = {"d" + k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}
        grads.update({f"dA{l}": rng.standard_normal((n, 3)).astype(dtype)  # as backward gives
                      for l, n in enumerate(dims[:-1])})
        cases.append(Case(f"layers {dims}, α = {alpha:g}, {np.dtype(dtype).name}",
                          (params, grads, alpha), [update_parameters(params, grads, alpha)],
                          dtype, {"L": len(dims) - 1}))

    def unpack(out):
        return dict(out) if isinstance(out, dict) else (
            f"update_parameters should return a dict of parameters; yours returned {_describe(out)}")

    def step(f):
        return lambda c: {k: f(p, c.args[1]["d" + k], c.args[2]) for k, p in c.args[0].items()}

    def skipped(c):  # layer L left as it was, or left out
        last = (f"W{c.info['L']}", f"b{c.info['L']}")
        kept = {k: (c.args[0][k] if k in last else v) for k, v in c.want[0].items()}
        return [kept, {k: v for k, v in kept.items() if k not in last}]

    diagnoses = [_variant("update-sign", step(lambda p, g, a: p + a * g)),
                 _variant("lr-ignored", step(lambda p, g, a: p - g)),
                 _variant("last-layer-skipped", skipped)]
    return _run("update_parameters", fn, cases, ("parameters", "grads", "learning_rate"), unpack,
                diagnoses, "L = 2 to 4, learning rates 0.01 to 1.2, float32 and float64",
                mutation=("parameters", "mutates-parameters"), strict=strict)


# ------------------------------------------------------------------ gradient checking (chapter 8)

_NO_ARGUMENT = "f() takes no argument: it reads x, the array being perturbed"


class _Objective:
    """f() for numerical_gradient: formula(x, *data), reading x when called.

    The reader's function gets a deep copy of (f, x, h), in which f reads the copy of x."""

    def __init__(self, formula, x, *data):
        self.formula, self.x, self.data = formula, x, data

    def __call__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(_NO_ARGUMENT)
        return self.formula(self.x, *self.data)


def _wavy(x, C, D):
    """Σ C·sin(x) + D·x²: f‴ ≠ 0, so the step h shows in a central difference."""
    return float(np.sum(C * np.sin(x) + D * x * x))


def _network_cost(x, key, X, Y, parameters, lambd):
    """The cost of a network whose parameter `key` is x."""
    parameters = {**parameters, key: x}
    return cost(forward(X, parameters)[0], Y, parameters, lambd)


def _dyadic(rng, shape, dtype, scale=1.0):
    """Normal numbers rounded to multiples of 2^-6: x ± h is exact for h = 2^-k."""
    return (np.round(64 * scale * rng.standard_normal(shape)) / 64).astype(dtype)


def _differences(case):
    """Every entry's f(x + h·e_i), f(x − h·e_i), and f(x), on copies of the case's f and x."""
    f, x, h = copy.deepcopy(case.args)
    f0, plus, minus = f(), np.zeros(x.shape), np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus[i] = f()
        x[i] = old - h
        minus[i] = f()
        x[i] = old
    return f0, plus, minus, h, x.dtype


def check_numerical_gradient(fn, *, strict=False):
    """Check a reader's numerical_gradient(f, x, h) -> array of x's shape; print a verdict."""
    rng = np.random.default_rng(8)
    cases = []

    def wavy(shape, dtype, h, pair=None, f=None):
        if f is None:
            C, D = (rng.uniform(0.5, 2.0, shape).astype(dtype),
                    rng.standard_normal(shape).astype(dtype))
            f = _Objective(_wavy, _dyadic(rng, shape, dtype), C, D)
        f = copy.deepcopy(f)
        cases.append(Case(f"f = Σ C·sin(x) + D·x², x {shape}, h = {h:.3g}, "
                          f"{np.dtype(dtype).name}", (f, f.x, h),
                          [{"grad": numerical_gradient(f, f.x, h)}], dtype, {"pair": pair}))
        return f

    def network(dims, m, key, dtype, h, pair=None):
        params = {}
        for l in range(1, len(dims)):
            params[f"W{l}"] = _dyadic(rng, (dims[l], dims[l - 1]), dtype, 1 / np.sqrt(dims[l - 1]))
            params[f"b{l}"] = _dyadic(rng, (dims[l], 1), dtype, 0.5)
        X = rng.standard_normal((dims[0], m)).astype(dtype)
        Y = (np.arange(m) % 2).reshape(1, m)
        x = params.pop(key)
        f = _Objective(_network_cost, x, key, X, Y, params, 0.7)
        cases.append(Case(f"the cost of a {dims} network, m = {m}, λ = 0.7, as a function of "
                          f"{key} {x.shape}, h = {h:.3g}, {np.dtype(dtype).name}", (f, x, h),
                          [{"grad": numerical_gradient(f, x, h)}], dtype, {"pair": pair}))

    f = wavy((3, 2), np.float64, 2.0 ** -4, pair="wavy")
    wavy((3, 2), np.float64, 2.0 ** -17, pair="wavy", f=f)  # the same f and x, another h
    wavy((2, 3), np.float32, 2.0 ** -7)
    wavy((5,), np.float64, 2.0 ** -10)
    wavy((1, 1), np.float64, 2.0 ** -12)
    network([4, 3, 2, 1], 5, "W2", np.float64, 2.0 ** -14)
    network([4, 3, 2, 1], 1, "b1", np.float64, 2.0 ** -6)
    network([3, 4, 2, 1], 3, "W1", np.float32, 2.0 ** -7)

    def unpack(out):
        if isinstance(out, np.ndarray) and out.dtype.kind in "biuf":
            return {"grad": out}
        if isinstance(out, (int, float, np.number)) and not isinstance(out, bool):
            return {"grad": np.asarray(out)}
        return ("numerical_gradient should return an array of x's shape; yours returned "
                f"{_describe(out)}")

    def one_sided(c):
        f0, plus, minus, h, dtype = _differences(c)
        return [{"grad": ((plus - f0) / h).astype(dtype)},
                {"grad": ((f0 - minus) / h).astype(dtype)}]

    def all_at_once(c):
        f, x, h = copy.deepcopy(c.args)
        old = x.copy()
        x += h
        plus = f()
        x[...] = old - h
        d = (plus - f()) / (2 * h)
        return [{"grad": np.asarray(d)}, {"grad": np.full(x.shape, d, dtype=x.dtype)}]

    def h_ignored(results):  # the two cases that differ only in h give the same result
        (i, (ci, gi)), (_, (cj, gj)) = [(k, r) for k, r in enumerate(results)
                                        if r[0].info["pair"] == "wavy"]
        if not (isinstance(gi, dict) and isinstance(gj, dict) and _finite(gi) and _finite(gj)):
            return None
        g, small = np.asarray(gi["grad"], dtype=float), cj.want[0]["grad"]  # small: h = 2^-17
        near = g.shape == small.shape and np.linalg.norm(g - small) <= 1e-3 * np.linalg.norm(small)
        return i if near and _same(gi, gj, ci.dtype) and not _right(ci, gi) else None

    def first_entry_only(results):
        def fits(c, g):
            w, g = c.want[0]["grad"], np.asarray(g["grad"], dtype=float)
            if g.size == 1:
                return _close(g.reshape(()), w.flat[0], c.dtype)
            return (g.shape == w.shape and _close(g.flat[0], w.flat[0], c.dtype)
                    and not np.any(g.flat[1:]))
        ran = [(i, c, g) for i, (c, g) in enumerate(results) if isinstance(g, dict) and _finite(g)]
        if ran and all(fits(c, g) for i, c, g in ran):
            return next((i for i, c, g in ran if c.want[0]["grad"].size > 1), None)
        return None

    def calls_f_with_x(results):
        return _first(results, lambda c, g: isinstance(g, TypeError) and _NO_ARGUMENT in str(g))

    diagnoses = [
        _when("numgrad-f-with-argument", calls_f_with_x),
        _variant("numgrad-one-sided", one_sided),
        _variant("numgrad-h-not-2h", lambda c: {"grad": 2 * c.want[0]["grad"]}),
        _when("numgrad-h-ignored", h_ignored),
        _when("numgrad-first-entry-only", first_entry_only),
        _variant("numgrad-all-at-once", all_at_once)]
    return _run("numerical_gradient", fn, cases, ("f", "x", "h"), unpack, diagnoses,
                "x of 1 to 12 entries, 1-D and 2-D, steps h from 7.6e-06 to 0.0625, a smooth "
                "function and a network's cost, float32 and float64",
                mutation=("x", "numgrad-not-restored"), strict=strict)


# ------------------------------------------------------------------ the book page

def catalogue_markdown():
    """The page chapters/mistakes.md, made from CATALOGUE (a test keeps the two equal)."""
    lines = [
        "# Common mistakes and what the checks say", "",
        "Each exercise that asks you to implement a function ends with a one-line check, such as",
        "`dnn.checks.check_linear_backward(linear_backward)`. It runs your function and `dnn`'s",
        "on the same fresh inputs, chosen to expose mistakes: m = 1 and m ≥ 2, square and",
        "non-square layers, L ≥ 3, non-zero biases, λ > 0, learning rates other than 1, Z with",
        "exact zeros, AL with exact 0 and 1, steps h large and small, float32 and float64.",
        "Outputs must agree to about 100 machine epsilons of their size, and float32 inputs must",
        "give float32 outputs. (For `numerical_gradient`, h is a power of 2 and x holds multiples",
        "of 2⁻⁶, so x ± h is exact and every correct way of writing the central difference gives",
        "the same bits.) When yours differ, the check also runs known-wrong versions of the function",
        "on the same inputs; the one your output matches names the mistake. This page lists",
        "them: how each shows in the numbers, and the line the check prints; a second line names",
        "the case that shows it.",
        "",
        "When no mistake here fits, the check names the output that differs and its shape or its",
        "largest error. A function that changes one of its inputs in place fails, whatever it",
        "returns. A function that raises gets the exception's name and message, and a stub that",
        "still raises `NotImplementedError` is reported as not implemented yet.", ""]
    for chapter, (title, names) in CHAPTERS.items():
        where = ", ".join(f"`{name}`" for name in names.split(", ")) if names else "every check"
        lines += [f"## Chapter {chapter}: {title}" if chapter else f"## {title}", "",
                  f"Found by {where}.", ""]
        for m in (m for m in CATALOGUE if m.chapter == chapter):
            name = ("sigmoid_backward" if m.key.startswith("sigmoid") else
                    {2: "forward", 3: "cost", 5: "linear_backward", 6: "backward",
                     7: "update_parameters", 8: "numerical_gradient"}
                    .get(chapter, "relu_backward"))
            lines += [f"(mistake-{m.key})=", f"### {m.title}", "", f"**How to spot it.** {m.spot}",
                      "", "**The check says:**", "", "```text",
                      f"✗ {name}: " + m.message.replace("{out}", "dW"), "```", ""]
    return "\n".join(lines)


def write_catalogue_page(path="chapters/mistakes.md"):
    """Write catalogue_markdown() to the book page (run from the repository's root)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(catalogue_markdown())
