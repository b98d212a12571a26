"""Vectorised input checks shared by the public functions of :mod:`hoplib.theory`.

The theory functions are lambdified SymPy expressions: left alone they turn a negative β, an
overlap outside [−1, 1] or ``None`` into a silent ``nan``. Each check here takes a scalar or an
array, rejects it if ANY entry is invalid (naming the argument, the valid range and the first
offending value) and returns the input as a float64 array. ``None``, strings, booleans and other
non-numeric input raise ``TypeError``; numeric input outside the range raises ``ValueError``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["real", "positive_finite", "in_range", "at_least", "count", "count_array"]


def real(value, name: str) -> np.ndarray:
    """``value`` as a float64 array; ``TypeError`` unless it holds real numbers (no bools)."""
    if value is None or isinstance(value, (str, bytes, bool)):
        raise TypeError(f"{name} must be a real number or an array of them, got {value!r}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged lists
        raise TypeError(f"{name} must be a real number or an array of them, got {value!r}") \
            from err
    if arr.dtype.kind == "O" and all(  # e.g. Python ints beyond int64 (10**48)
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in arr.flat):
        return arr.astype(float)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a real number or an array of them, got {value!r} "
            f"(dtype {arr.dtype})"
        )
    return arr.astype(float, copy=False)


def _fail(name: str, arr: np.ndarray, bad: np.ndarray, requirement: str):
    first = arr[bad].flat[0] if arr.ndim else float(arr)
    raise ValueError(f"{name} must be {requirement}, got {first!r}"
                     + (f" (among {arr.size} values)" if arr.size > 1 else ""))


def positive_finite(value, name: str) -> np.ndarray:
    """Real array with every entry > 0 and finite (β, λ, ...)."""
    arr = real(value, name)
    bad = ~(np.isfinite(arr) & (arr > 0.0))
    if np.any(bad):
        _fail(name, arr, bad, "positive and finite")
    return arr


def in_range(value, name: str, low: float, high: float, *, low_closed: bool = False,
             high_closed: bool = False, hint: str = "") -> np.ndarray:
    """Real array with every entry in the interval between ``low`` and ``high``.

    The ends are open unless ``low_closed``/``high_closed``; nan always fails. ``hint`` is
    appended to the message (e.g. what the argument means).
    """
    arr = real(value, name)
    above = arr >= low if low_closed else arr > low
    below = arr <= high if high_closed else arr < high
    bad = ~(above & below)
    if np.any(bad):
        interval = f"{'[' if low_closed else '('}{low:g}, {high:g}{']' if high_closed else ')'}"
        _fail(name, arr, bad, f"in {interval}{hint}")
    return arr


def at_least(value, name: str, minimum: float, hint: str = "") -> np.ndarray:
    """Real array with every entry finite and >= ``minimum``."""
    arr = real(value, name)
    bad = ~(np.isfinite(arr) & (arr >= minimum))
    if np.any(bad):
        _fail(name, arr, bad, f"finite and >= {minimum:g}{hint}")
    return arr


def count(value, name: str, minimum: int = 1) -> int:
    """A scalar integer count >= ``minimum`` (Python or NumPy integer, or an integral float).

    Returns a Python ``int`` (arbitrary size). A float with a fractional part, nan, inf, a bool
    or ``None`` is refused instead of being rounded.
    """
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if isinstance(value, numbers.Integral):
        out = int(value)
    elif isinstance(value, numbers.Real):
        if not (np.isfinite(float(value)) and float(value).is_integer()):
            raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}; "
                             f"pass an integer (it is not rounded for you)")
        out = int(value)
    else:
        raise TypeError(f"{name} must be an integer >= {minimum}, got "
                        f"{type(value).__name__} {value!r}")
    if out < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return out


def count_array(value, name: str, minimum: int = 1) -> np.ndarray:
    """Real array whose entries are whole numbers >= ``minimum`` (vectorised :func:`count`)."""
    arr = real(value, name)
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(arr) & (arr >= minimum) & (np.mod(arr, 1.0) == 0.0))
    if np.any(bad):
        _fail(name, arr, bad, f"a whole number >= {minimum}")
    return arr


def beta(value) -> np.ndarray:
    """β > 0 and finite (scalar or array), as checked by every theory module."""
    return positive_finite(value, "beta_value")


def neurons(value) -> np.ndarray:
    """N >= 1 (scalar or array; non-integer N is allowed for asymptotic formulas)."""
    return at_least(value, "n_neurons", 1, " (the number of neurons N)")

