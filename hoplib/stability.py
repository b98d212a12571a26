"""Stability of stored patterns against bit-packed pattern sets (the typical-case check).

For one state ``σ`` and packed patterns, the stabilities ``σ_i h_i`` of all sites follow from
the Hamming distances alone (see :mod:`hoplib.models`): every pattern adds ``A(d_μ)`` to all
sites and subtracts ``A(d_μ) + D(d_μ)`` at the sites where it disagrees with ``σ``. One pass of
XOR + popcount gives the distances; a second walks the set bits of each XOR.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from ._validation import check_count, check_packed
from .models import Model, _difference_tables
from .patterns import _popcount64

__all__ = ["stabilities_packed", "count_unstable_sites"]


@njit(cache=True)
def _packed_distances(packed_patterns, packed_state):
    n_patterns, words = packed_patterns.shape
    d = np.empty(n_patterns, dtype=np.int64)
    for mu in range(n_patterns):
        acc = 0
        for w in range(words):
            acc += _popcount64(packed_patterns[mu, w] ^ packed_state[w])
        d[mu] = acc
    return d


@njit(cache=True)
def _stabilities_packed(kind, parameter, packed_patterns, packed_state, n_neurons):
    d = _packed_distances(packed_patterns, packed_state)
    shift = d.min() if kind == 0 else 0
    agree, disagree = _difference_tables(kind, parameter, n_neurons, shift)
    total = 0.0
    lost = np.zeros(n_neurons, dtype=np.float64)
    words = packed_patterns.shape[1]
    for mu in range(d.size):
        dm = d[mu]
        total += agree[dm]
        if dm == 0:
            continue
        both = agree[dm] + disagree[dm]
        for w in range(words):
            x = packed_patterns[mu, w] ^ packed_state[w]
            while x:
                low = x & (~x + np.uint64(1))  # lowest set bit
                bit = int(_popcount64(low - np.uint64(1)))
                lost[w * 64 + bit] += both
                x ^= low
    out = total - lost
    return out, shift


@njit(cache=True, parallel=True)
def _count_unstable(kind, parameter, packed_patterns, which, n_neurons):
    out = np.empty(which.size, dtype=np.int64)
    for k in prange(which.size):
        stab, _ = _stabilities_packed(kind, parameter, packed_patterns,
                                      packed_patterns[which[k]], n_neurons)
        c = 0
        for i in range(n_neurons):
            if stab[i] <= 0.0:
                c += 1
        out[k] = c
    return out


def _check_model(model):
    if not isinstance(model, Model):
        raise TypeError(f"model must be a hoplib Model (e.g. ExponentialMSE()), got {model!r}")


def stabilities_packed(model, packed_patterns, packed_state, n_neurons: int):
    """Stabilities ``σ_i h_i`` of every site of a packed state, as ``(values, log_scale)``.

    Parameters
    ----------
    model : Model
    packed_patterns : ndarray of uint64, shape (K, W)
        Patterns packed with :func:`hoplib.pack` or drawn by :func:`random_packed_patterns`.
    packed_state : ndarray of uint64, shape (W,)
    n_neurons : int

    Returns
    -------
    values : ndarray of float64, shape (N,)
        Scaled stabilities; the true value is ``values * exp(log_scale)``.
    log_scale : float
    """
    _check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    state = check_packed(packed_state, "packed_state", n_neurons, ndim=1)
    values, shift = _stabilities_packed(model._kind, model.parameter, patterns, state, n_neurons)
    return values, model._log_scale(n_neurons, int(shift))


def count_unstable_sites(model, packed_patterns, n_neurons: int, which) -> np.ndarray:
    """Number of sites with ``ξ_i h_i <= 0`` at each stored pattern listed in ``which``.

    A pattern is a fixed point when its count is zero; count / N is its per-site error rate.
    Patterns are checked in parallel (numba threads); results do not depend on thread count.
    """
    _check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    idx = np.asarray(which)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError("which must be a 1-d array of integer pattern indices")
    if idx.size and (idx.min() < 0 or idx.max() >= patterns.shape[0]):
        raise ValueError(f"which must index patterns in [0, {patterns.shape[0]})")
    return _count_unstable(model._kind, model.parameter, patterns, idx.astype(np.int64),
                           n_neurons)
