"""Measured storage capacity of any hoplib model, by one fixed-point criterion for all models.

A stored pattern is *recalled* when it is a fixed point: every site has strictly positive
stability ``ξ_i h_i > 0`` (a tie counts as a failure), exactly as in
:meth:`hoplib.Model.is_fixed_point`. For each load K we draw independent instances of K random
patterns and record the number of unstable sites of the checked patterns. From these counts
follow the per-site error, the probability that a typical pattern is recalled, and the
probability that all K are. :func:`crossing` turns a sweep over K into the K at which a
probability crosses a level (½).

Two evaluations of the same criterion, chosen by ``method``:

* ``"packed"`` — :func:`hoplib.stability.count_unstable_sites` on bit-packed patterns (built
  for huge K: the exponential models);
* ``"dense"``  — the stabilities of :meth:`hoplib.Model.scaled_stabilities` (the kernel of
  :mod:`hoplib.models`, O(K·N) per checked pattern), batched over the checked patterns of an
  instance in one compiled loop; cheaper when K is small (classical and polynomial models).

Both see the same random patterns for the same seed and agree count for count (tests).
"""

from __future__ import annotations

import numbers

import numpy as np
from numba import njit

from ._validation import as_generator, check_count, check_finite_array, check_model
from .models import _scaled_stabilities
from .patterns import random_packed_patterns, unpack
from .stability import count_unstable_sites

__all__ = ["unstable_counts", "crossing", "METHODS"]

METHODS = ("auto", "packed", "dense")
_DENSE_MAX_PATTERNS = 4096  # "auto" uses the dense kernel up to this K


@njit(cache=True)
def _dense_unstable(kind, parameter, patterns, n_checked):
    """Unstable-site counts at patterns ``0..n_checked-1`` with the models.py kernel."""
    out = np.empty(n_checked, dtype=np.int64)
    for j in range(n_checked):
        stab, _ = _scaled_stabilities(kind, parameter, patterns, patterns[j])
        c = 0
        for v in stab:
            if v <= 0.0:
                c += 1
        out[j] = c
    return out


def unstable_counts(model, n_neurons: int, n_patterns: int, n_instances: int, rng,
                    n_checked: int | None = None, method: str = "auto") -> np.ndarray:
    """Unstable-site counts at stored patterns over independent random instances.

    Parameters
    ----------
    model : Model
        Any :class:`hoplib.Model`.
    n_neurons, n_patterns : int
        N >= 1 and K >= 1.
    n_instances : int
        Independent draws of the K patterns (with :func:`hoplib.random_packed_patterns`).
    rng : int or numpy.random.Generator
        Seed or generator for the patterns; both methods draw the same patterns.
    n_checked : int, optional
        Patterns checked per instance (the first ones; all K by default).
    method : {"auto", "packed", "dense"}
        Evaluation of the criterion (module docstring); "auto" is dense for K <= 4096.

    Returns
    -------
    ndarray of int64, shape (n_instances, n_checked)
        Row r holds the counts of instance r; a zero means the pattern is a fixed point.
    """
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    n_patterns = check_count(n_patterns, "n_patterns", minimum=1)
    n_instances = check_count(n_instances, "n_instances", minimum=1)
    n_checked = n_patterns if n_checked is None else check_count(
        n_checked, "n_checked", minimum=1, maximum=n_patterns)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if method == "auto":
        method = "dense" if n_patterns <= _DENSE_MAX_PATTERNS else "packed"
    gen = as_generator(rng)
    which = np.arange(n_checked)
    out = np.empty((n_instances, n_checked), dtype=np.int64)
    for r in range(n_instances):
        packed = random_packed_patterns(n_patterns, n_neurons, gen)
        if method == "packed":
            out[r] = count_unstable_sites(model, packed, n_neurons, which)
        else:
            spins = np.ascontiguousarray(unpack(packed, n_neurons))
            out[r] = _dense_unstable(model._kind, model.parameter, spins, n_checked)
    return out


def crossing(loads, probabilities, level: float = 0.5) -> float:
    """Load K at which a decreasing probability crosses ``level``.

    Linear interpolation in ``ln K`` between the last point above and the first point at or
    below ``level``.

    Parameters
    ----------
    loads : array_like of float, shape (L,)
        Numbers of stored patterns K (natural counts, not ``ln K``), positive and strictly
        increasing, L >= 2.
    probabilities : array_like of float, shape (L,)
        Probability measured at each load (e.g. of recalling a typical pattern).
    level : float, default 0.5
        Level in (0, 1).

    Returns
    -------
    float
        The interpolated load K (natural count) where the probability reaches ``level``.

    Raises
    ------
    ValueError
        When the sweep does not bracket the level (first point already at or below it, or no
        point at or below it).
    """
    k = check_finite_array(loads, "loads")
    p = check_finite_array(probabilities, "probabilities")
    if k.ndim != 1 or k.shape != p.shape or k.size < 2:
        raise ValueError("loads and probabilities must be 1-d arrays of equal length >= 2")
    if np.any(k <= 0) or np.any(np.diff(k) <= 0):
        raise ValueError("loads must be positive and strictly increasing")
    if isinstance(level, bool) or not isinstance(level, numbers.Real):
        raise TypeError(f"level must be a real number in (0, 1), got {level!r}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    below = np.nonzero(p <= level)[0]
    if below.size == 0 or below[0] == 0:
        raise ValueError(f"the sweep does not bracket probability {level}: "
                         f"first {p[0]:.3g}, last {p[-1]:.3g}; widen the range of loads")
    j = below[0]
    x0, x1 = np.log(k[j - 1]), np.log(k[j])
    frac = (p[j - 1] - level) / (p[j - 1] - p[j])
    return float(np.exp(x0 + frac * (x1 - x0)))
