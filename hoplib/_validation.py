"""Input checks shared by the public wrappers.

Every public function of :mod:`hoplib` validates its arguments here before calling a
numba kernel, so that bad input fails with a message naming the argument and the fix
instead of an opaque typing error from inside numba.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_generator",
    "check_count",
    "check_positive_finite",
    "check_spins",
    "check_packed",
    "check_model",
    "check_finite_array",
]


def as_generator(rng, name: str = "rng") -> np.random.Generator:
    """Return a ``np.random.Generator`` from an integer seed or a Generator.

    ``None`` is refused on purpose: every random result in this project must be
    reproducible, so the caller always states where the randomness comes from.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{name} must be a non-negative integer seed, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be an integer seed or a numpy.random.Generator, got "
        f"{type(rng).__name__}; pass e.g. {name}=0 or {name}=np.random.default_rng(0)"
    )


def check_count(value, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    """Check that ``value`` is an integer in ``[minimum, maximum]`` and return it as int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_positive_finite(value, name: str) -> float:
    """Check that ``value`` is a real number, positive and finite, and return it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0.0:
        raise ValueError(f"{name} must be positive and finite, got {value}")
    return value


def check_spins(array, name: str, ndim: int) -> np.ndarray:
    """Return ``array`` as a C-contiguous int8 array of ±1 with ``ndim`` dimensions.

    Integer, boolean-free real and int8 inputs are accepted when every entry is exactly
    -1 or +1; anything else raises with the offending value.
    """
    arr = np.asarray(array)
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(
            f"{name} must hold integers -1/+1 (any int or float dtype), got dtype {arr.dtype}"
        )
    if arr.ndim != ndim:
        shape = "(n_neurons,)" if ndim == 1 else "(n_patterns, n_neurons)"
        raise ValueError(f"{name} must have shape {shape}, got shape {arr.shape}")
    if arr.size == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name} must not be empty (need n_neurons >= 1), got shape {arr.shape}")
    bad = (arr != 1) & (arr != -1)
    if bad.any():
        first = arr[bad].flat[0]
        raise ValueError(f"{name} entries must be -1 or +1, found {first!r}")
    return np.ascontiguousarray(arr, dtype=np.int8)


def check_packed(array, name: str, n_neurons: int, ndim: int) -> np.ndarray:
    """Check a bit-packed uint64 array (``ndim`` 1 or 2) against ``n_neurons``."""
    arr = np.asarray(array)
    if arr.dtype != np.uint64:
        raise TypeError(f"{name} must be bit-packed uint64 (see hoplib.pack), got {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    n_words = (n_neurons + 63) // 64
    if arr.shape[-1] != n_words:
        raise ValueError(
            f"{name} has {arr.shape[-1]} words per row but n_neurons={n_neurons} needs {n_words}"
        )
    if ndim == 2 and arr.shape[0] == 0:
        raise ValueError(f"{name} holds no patterns: need at least one (K >= 1)")
    tail = n_neurons % 64
    # OR-reduce first: no temporary array, ~6x faster than any(x >> tail) on 2^22 words
    if tail and np.bitwise_or.reduce(arr[..., -1], axis=None) >> np.uint64(tail):
        raise ValueError(f"{name} has bits set beyond n_neurons={n_neurons}")
    return np.ascontiguousarray(arr)


def check_model(model, name: str = "model"):
    """Check that ``model`` is a :class:`hoplib.Model` instance and return it."""
    from .models import Model  # local import: models imports this module

    if not isinstance(model, Model):
        raise TypeError(
            f"{name} must be a hoplib Model (e.g. ExponentialMSE(1.0) or Hopfield()), "
            f"got {type(model).__name__} {model!r}"
        )
    return model


def check_finite_array(values, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array, raising if it is not numeric or holds nan/inf."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must hold real numbers, got {values!r}") from err
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no nan or inf), got {values!r}")
    return arr
