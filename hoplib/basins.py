"""Retrieval from a corrupted cue: brute force at small N, one-step thresholds at large N.

A cue is the stored pattern ξ¹ with exactly ``r = ρN`` bits flipped, independent of the other
patterns; every model here is :class:`~hoplib.ExponentialMSE` (Demircigil gives the same
dynamics).

**Small N, brute force** (:func:`retrieval_counts`, N <= 64, one 64-bit word per pattern).
For every load ``α`` and trial, ``K = round(e^{αN})`` packed patterns are drawn (``ξ¹`` is the
first) and every radius gets its own random cue on that set. Two dynamics start from the cue:

* one synchronous step ``σ_i ← sign h_i`` of every site (a tie keeps the spin);
* asynchronous random-order sweeps until a sweep flips nothing (a tie keeps the spin).

Exact retrieval means the final state equals ξ¹. The numba kernels mirror
:func:`hoplib.sync_step` and :func:`hoplib.run_async` operation for operation (same difference
tables, same summation order, same scale shift; the sums are branch-free), so they give
bit-identical trajectories. One sweep costs O(K·N). Two exact shortcuts: the synchronous check
stops at the first wrong site, and an asynchronous run stops as soon as its energy is below
that of ξ¹ (every flip lowers the energy, so ξ¹ can no longer be reached).

**Large N, semi-analytic** (:func:`one_step_error`, :func:`one_step_threshold`). On top of
:func:`hoplib.sampler.sample_site_stabilities`: the per-site error of one synchronous step is
``(1 − ρ)·P(error at an agreeing site) + ρ·P(error at a flipped site)``, sampled stratified
(a tie is an error only at a flipped site, as in the dynamics). The threshold is the load at
which this error crosses a level (default ¼, midway between 0 and the saturation value ½): a
noisy bisection on [0, ln 2] brackets it, then a fine grid of half-width ``5/N`` around the
bracket locates the crossing by linear interpolation, with a parametric-bootstrap standard
error.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from numba import njit

from ._validation import as_generator, check_count, check_packed, check_positive_finite
from .models import _EXPONENTIAL, ExponentialMSE, _difference_tables
from .patterns import random_packed_patterns
from .sampler import sample_site_stabilities

__all__ = [
    "RetrievalCounts",
    "retrieval_counts",
    "sync_retrieves",
    "async_retrieves",
    "one_step_error",
    "ThresholdEstimate",
    "one_step_threshold",
]

_MAX_PATTERNS = 1 << 26  # 64 Mi patterns: 512 MiB per word of packed storage


# --- small N: kernels (one 64-bit word per pattern, N <= 64) ------------------------------


@njit(cache=True)
def _word_distances(patterns, n_patterns, state):
    d = np.empty(n_patterns, dtype=np.uint8)
    for mu in range(n_patterns):
        x = patterns[mu] ^ state
        acc = 0
        while x:
            x &= x - np.uint64(1)
            acc += 1
        d[mu] = acc
    return d


@njit(cache=True)
def _signed_table(beta, n_neurons, shift):
    """``A(d)`` at index d and ``-D(d)`` at index N + 1 + d (hoplib.models tables)."""
    agree, disagree = _difference_tables(_EXPONENTIAL, beta, n_neurons, shift)
    return np.concatenate((agree, -disagree))


@njit(cache=True)
def _stability(patterns, n_patterns, state, d, site, table, n_neurons):
    """σ_i h_i in scaled units, branch-free, in the order of hoplib.models._site_stability.

    Adding the stored ``-D(d)`` is bit-identical to subtracting ``D(d)`` (IEEE 754), so the
    sum equals hoplib's to the last bit.
    """
    shift = np.uint64(site)
    own = (state >> shift) & np.uint64(1)
    offset = n_neurons + 1
    acc = 0.0
    for mu in range(n_patterns):
        differs = ((patterns[mu] >> shift) & np.uint64(1)) ^ own
        acc += table[np.int64(d[mu]) + offset * np.int64(differs)]
    return acc


@njit(cache=True)
def _sync_retrieves(patterns, n_patterns, cue, target, n_neurons, beta):
    d = _word_distances(patterns, n_patterns, cue)
    table = _signed_table(beta, n_neurons, np.int64(d.min()))
    wrong_bits = cue ^ target
    for site in range(n_neurons):
        wrong = (wrong_bits >> np.uint64(site)) & np.uint64(1) == np.uint64(1)
        flips = _stability(patterns, n_patterns, cue, d, site, table, n_neurons) < 0.0
        if wrong != flips:
            return False
    return True


_CONVERGED, _UNREACHABLE, _MAX_SWEEPS = 0, 1, 2
_STATUS = ("converged", "unreachable", "max_sweeps")


@njit(cache=True)
def _energy(d, n_patterns, weights):
    """-Σ_μ e^{-2β d_μ} from a table of e^{-2βd}."""
    total = 0.0
    for mu in range(n_patterns):
        total += weights[d[mu]]
    return -total


@njit(cache=True)
def _async_run(patterns, n_patterns, cue, n_neurons, beta, orders, target_energy, margin):
    """Asynchronous sweeps in the given orders: ``(final state, status)``.

    Every flip lowers the energy, so once the energy is below ``target_energy - margin`` the
    target can never be reached and the run stops with status ``_UNREACHABLE`` (pass
    ``target_energy = -inf`` to never stop early).
    """
    state = cue
    d = _word_distances(patterns, n_patterns, state)
    shift = np.int64(d.min())
    table = _signed_table(beta, n_neurons, shift)
    weights = np.exp(-2.0 * beta * np.arange(n_neurons + 1))
    for sweep in range(orders.shape[0]):
        flips = 0
        for site in orders[sweep]:
            if _stability(patterns, n_patterns, state, d, site, table, n_neurons) < 0.0:
                bit_shift = np.uint64(site)
                own = (state >> bit_shift) & np.uint64(1)
                low = 255
                energy = 0.0
                for mu in range(n_patterns):
                    differs = ((patterns[mu] >> bit_shift) & np.uint64(1)) ^ own
                    new = np.int64(d[mu]) + 1 - 2 * np.int64(differs)
                    d[mu] = new
                    low = min(low, new)
                    energy -= weights[new]
                state ^= np.uint64(1) << bit_shift
                flips += 1
                if energy < target_energy - margin:
                    return state, _UNREACHABLE
                if low != shift:
                    shift = np.int64(low)
                    table = _signed_table(beta, n_neurons, shift)
        if flips == 0:
            return state, _CONVERGED
    return state, _MAX_SWEEPS


@njit(cache=True)
def _target_energy(patterns, n_patterns, target, beta, n_neurons):
    d = _word_distances(patterns, n_patterns, target)
    weights = np.exp(-2.0 * beta * np.arange(n_neurons + 1))
    energy = _energy(d, n_patterns, weights)
    # rounding of a K-term sum stays far below this margin
    return energy, 1e-9 * abs(energy)


@njit(cache=True)
def _trial(patterns, target, cues, n_neurons, beta, orders, active, sync_hits, async_hits,
           unconverged, column):
    n_patterns = patterns.size
    target_energy, margin = _target_energy(patterns, n_patterns, target, beta, n_neurons)
    for row in range(cues.size):
        if not active[row]:
            continue
        if _sync_retrieves(patterns, n_patterns, cues[row], target, n_neurons, beta):
            sync_hits[row, column] += 1
        state, status = _async_run(patterns, n_patterns, cues[row], n_neurons, beta,
                                   orders[row], target_energy, margin)
        if status == _MAX_SWEEPS:
            unconverged[row, column] += 1
        if status == _CONVERGED and state == target:
            async_hits[row, column] += 1


# --- small N: public API ------------------------------------------------------------------


def _word_problem(packed_patterns, cue, n_neurons, n_patterns):
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1, maximum=64)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    state = check_packed(cue, "cue", n_neurons, ndim=1)
    if n_patterns is None:
        n_patterns = patterns.shape[0]
    n_patterns = check_count(n_patterns, "n_patterns", minimum=1, maximum=patterns.shape[0])
    return np.ascontiguousarray(patterns[:, 0]), state[0], n_neurons, n_patterns


def sync_retrieves(beta, packed_patterns, cue, n_neurons, n_patterns=None) -> bool:
    """True when one synchronous step from ``cue`` lands exactly on pattern 0.

    Parameters
    ----------
    beta : float
        Inverse temperature of :class:`~hoplib.ExponentialMSE`.
    packed_patterns : ndarray of uint64, shape (K, 1)
        Packed patterns (N <= 64); pattern 0 is the target ξ¹.
    cue : ndarray of uint64, shape (1,)
        Packed initial state.
    n_neurons : int
        N <= 64.
    n_patterns : int, optional
        Use only the first ``n_patterns`` patterns (default: all).

    Returns
    -------
    bool
        True when, after one step of every site (``σ_i ← sign h_i``, a tie keeps the spin),
        the state equals pattern 0 bit for bit.
    """
    beta = check_positive_finite(beta, "beta")
    patterns, state, n_neurons, k = _word_problem(packed_patterns, cue, n_neurons, n_patterns)
    return bool(_sync_retrieves(patterns, k, state, patterns[0], n_neurons, beta))


def async_retrieves(beta, packed_patterns, cue, n_neurons, orders, n_patterns=None,
                    stop_when_unreachable=True):
    """Asynchronous sweeps from ``cue`` in the given site orders: ``(retrieved, status)``.

    The sequence ``[rng.permutation(N) for _ in range(max_sweeps)]`` as ``orders`` reproduces
    :func:`hoplib.run_async` called with the same generator. With ``stop_when_unreachable``
    the run stops as soon as its energy falls below that of pattern 0 (by more than float
    rounding), since every flip lowers the energy and pattern 0 can then never be reached.

    Parameters
    ----------
    beta : float
        Inverse temperature of :class:`~hoplib.ExponentialMSE`.
    packed_patterns : ndarray of uint64, shape (K, 1)
        Packed patterns (N <= 64); pattern 0 is the target ξ¹.
    cue : ndarray of uint64, shape (1,)
        Packed initial state.
    n_neurons : int
        N <= 64.
    orders : array_like of int, shape (max_sweeps, N)
        One permutation of ``range(N)`` per sweep: the order in which sites are updated.
    n_patterns : int, optional
        Use only the first ``n_patterns`` patterns (default: all).
    stop_when_unreachable : bool, default True
        Stop early once pattern 0 can no longer be reached (does not change ``retrieved``).

    Returns
    -------
    retrieved : bool
        True when the run converged (a sweep flipped nothing) exactly on pattern 0.
    status : {"converged", "max_sweeps", "unreachable"}
        How the run ended: a fixed point, ``max_sweeps`` sweeps used up, or stopped early.
    """
    beta = check_positive_finite(beta, "beta")
    patterns, state, n_neurons, k = _word_problem(packed_patterns, cue, n_neurons, n_patterns)
    orders = _check_orders(orders, n_neurons)
    if stop_when_unreachable:
        target_energy, margin = _target_energy(patterns, k, patterns[0], beta, n_neurons)
    else:
        target_energy, margin = -np.inf, 0.0
    final, status = _async_run(patterns, k, state, n_neurons, beta, orders, target_energy,
                               margin)
    return bool(status == _CONVERGED and final == patterns[0]), _STATUS[status]


def _check_orders(orders, n_neurons):
    arr = np.asarray(orders)
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"orders must hold integer site indices, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != n_neurons or arr.shape[0] < 1:
        raise ValueError(f"orders must have shape (max_sweeps, {n_neurons}), got {arr.shape}")
    if not np.all(np.sort(arr, axis=1) == np.arange(n_neurons)):
        raise ValueError("every row of orders must be a permutation of range(n_neurons)")
    return np.ascontiguousarray(arr, dtype=np.int64)


@dataclass(frozen=True)
class RetrievalCounts:
    """Exact-retrieval counts from cues at ``flips`` distances, for loads ``alphas``.

    Attributes
    ----------
    n_neurons : int
    beta : float
    alphas : ndarray, shape (A,)
        Requested loads (ascending); the realised load is ``ln(n_patterns) / N``.
    n_patterns : ndarray of int, shape (A,)
        K = round(e^{αN}) (at least 1), ξ¹ included.
    flips : ndarray of int, shape (R,)
        Hamming distances of the cues from ξ¹ (ρ = flips / N).
    n_trials : int
    measured : ndarray of bool, shape (R, A)
        False where a radius was dropped after its retrieval probability had fallen to
        ``stop_below`` at a smaller load.
    sync, asynchronous, unconverged : ndarray of int, shape (R, A)
        Trials retrieved exactly by one synchronous step, by asynchronous dynamics run to
        convergence, and asynchronous runs stopped by ``max_sweeps`` (counted as failures).
    """

    n_neurons: int
    beta: float
    alphas: np.ndarray
    n_patterns: np.ndarray
    flips: np.ndarray
    n_trials: int
    measured: np.ndarray
    sync: np.ndarray
    asynchronous: np.ndarray
    unconverged: np.ndarray

    @property
    def rho(self) -> np.ndarray:
        return self.flips / self.n_neurons

    @property
    def realised_alphas(self) -> np.ndarray:
        return np.log(self.n_patterns) / self.n_neurons

    def probability(self, dynamics: str) -> np.ndarray:
        """Estimated retrieval probability ``counts / n_trials``.

        Parameters
        ----------
        dynamics : {"sync", "async"}

        Returns
        -------
        ndarray of float, shape (R, A)
            nan where the radius was not measured at that load.
        """
        if dynamics not in ("sync", "async"):
            raise ValueError(f"dynamics must be 'sync' or 'async', got {dynamics!r}")
        counts = self.sync if dynamics == "sync" else self.asynchronous
        return np.where(self.measured, counts / self.n_trials, np.nan)

    def stderr(self, dynamics: str) -> np.ndarray:
        """Binomial standard error ``sqrt(p(1-p)/n_trials)`` of :meth:`probability`.

        Parameters
        ----------
        dynamics : {"sync", "async"}

        Returns
        -------
        ndarray of float, shape (R, A)
            0 where p is 0 or 1, nan where not measured.
        """
        p = self.probability(dynamics)
        return np.sqrt(p * (1.0 - p) / self.n_trials)


def retrieval_counts(n_neurons: int, alphas, flips, n_trials: int, rng, beta: float = 1.0,
                     max_sweeps: int = 32, stop_below: float = 0.0,
                     progress=None) -> RetrievalCounts:
    """Count exact retrievals after one synchronous step and after asynchronous dynamics.

    For every load (ascending) and trial a fresh pattern set is drawn; each radius gets its
    own random cue and sweep orders on that set.

    Parameters
    ----------
    n_neurons : int
        N <= 64 (brute force: the K = e^{αN} patterns are stored; N ≈ 12-20 in practice).
    alphas : array_like of float
        Increasing loads α = ln K / N, each >= 0.
    flips : array_like of int
        Cue distances r from ξ¹, each in [0, N].
    n_trials : int
        Independent pattern sets per load.
    rng : int or numpy.random.Generator
        Seed or generator for patterns, cues and sweep orders.
    beta : float, default 1.0
        Inverse temperature of :class:`~hoplib.ExponentialMSE`.
    max_sweeps : int, default 32
        Bound on asynchronous sweeps (runs that hit it count as failures).
    stop_below : float
        Once both probabilities of a radius are <= this value at some load, larger loads skip
        that radius (``measured`` is False there). 0 keeps only radii that still retrieve.
    progress : callable, optional
        Wraps the load iterator (e.g. :func:`hoplib.progress.progress`).

    Returns
    -------
    RetrievalCounts
        Counts of exact retrievals per radius and load (arrays of shape (R, A)).
    """
    n_neurons = check_count(n_neurons, "n_neurons", minimum=2, maximum=64)
    beta = check_positive_finite(beta, "beta")
    n_trials = check_count(n_trials, "n_trials", minimum=1)
    max_sweeps = check_count(max_sweeps, "max_sweeps", minimum=1)
    gen = as_generator(rng)
    alphas = np.asarray(alphas, dtype=float)
    if alphas.ndim != 1 or alphas.size == 0 or not np.all(np.isfinite(alphas)) \
            or np.any(alphas < 0) or np.any(np.diff(alphas) <= 0):
        raise ValueError(f"alphas must be a non-empty increasing 1-d array of loads >= 0, "
                         f"got {alphas}")
    flips = np.asarray(flips)
    if flips.ndim != 1 or flips.size == 0 or not np.issubdtype(flips.dtype, np.integer):
        raise TypeError("flips must be a non-empty 1-d array of integers")
    if np.any(flips < 0) or np.any(flips > n_neurons):
        raise ValueError(f"flips must lie in [0, {n_neurons}], got {flips}")
    if isinstance(stop_below, bool) or not isinstance(stop_below, numbers.Real) \
            or not 0.0 <= stop_below < 1.0:
        raise ValueError(f"stop_below must lie in [0, 1), got {stop_below}")
    if alphas[-1] * n_neurons > math.log(_MAX_PATTERNS):
        raise ValueError(f"e^(max(alphas)·N) exceeds {_MAX_PATTERNS} patterns; lower the loads")
    sizes = np.maximum(1, np.round(np.exp(alphas * n_neurons))).astype(np.int64)

    shape = (flips.size, alphas.size)
    sync_hits = np.zeros(shape, dtype=np.int64)
    async_hits = np.zeros(shape, dtype=np.int64)
    unconverged = np.zeros(shape, dtype=np.int64)
    measured = np.zeros(shape, dtype=bool)
    active = np.ones(flips.size, dtype=bool)
    base = np.tile(np.arange(n_neurons), (flips.size, max_sweeps, 1))
    columns = range(alphas.size) if progress is None else progress(range(alphas.size))
    for column in columns:
        if not active.any():
            break
        measured[:, column] = active
        for _ in range(n_trials):
            patterns = random_packed_patterns(int(sizes[column]), n_neurons, gen)[:, 0]
            target = patterns[0]
            cues = np.empty(flips.size, dtype=np.uint64)
            for row, r in enumerate(flips):
                mask = 0
                for site in gen.choice(n_neurons, size=int(r), replace=False):
                    mask |= 1 << int(site)
                cues[row] = target ^ np.uint64(mask)
            orders = gen.permuted(base, axis=2)
            _trial(patterns, target, cues, n_neurons, beta, orders, active, sync_hits,
                   async_hits, unconverged, column)
        best = np.maximum(sync_hits[:, column], async_hits[:, column]) / n_trials
        active &= best > stop_below
    return RetrievalCounts(n_neurons, beta, alphas, sizes, flips.astype(np.int64), n_trials,
                           measured, sync_hits, async_hits, unconverged)


# --- large N: one-step per-site error on top of the sampler -------------------------------


def one_step_error(beta: float, n_neurons: int, log_K, distance: int, n_samples: int, rng):
    """Per-site error of one synchronous step from a cue at distance ``distance``.

    Stratified over the cue's sites: ``round(ρ·n_samples)`` samples at flipped sites (ρ =
    distance / N), the rest at agreeing sites; a tie keeps the spin (wrong only at a flipped
    site). Sites are sampled with :func:`hoplib.sampler.sample_site_stabilities`, each from an
    independent pattern set.

    Parameters
    ----------
    beta : float
        Inverse temperature of :class:`~hoplib.ExponentialMSE`.
    n_neurons : int
        N >= 2 (large N is fine: no patterns are stored).
    log_K : float
        ``ln K`` (natural log), K = number of stored patterns including ξ¹, so
        ``log_K = αN``.
    distance : int
        Hamming distance r of the cue from ξ¹, in [0, N - 1].
    n_samples : int
        Total sampled sites (>= 2), split between the two strata.
    rng : int or numpy.random.Generator

    Returns
    -------
    p : float
        Estimated per-site error ``(1 − ρ) p_agree + ρ p_flipped``.
    stderr : float
        Its standard error (binomial, both strata).
    agree : tuple of int
        ``(errors, samples)`` at agreeing sites.
    flipped : tuple of int
        ``(errors, samples)`` at flipped sites (``(0, 0)`` when ``distance`` is 0).
    """
    beta = check_positive_finite(beta, "beta")
    n_neurons = check_count(n_neurons, "n_neurons", minimum=2)
    distance = check_count(distance, "distance", minimum=0, maximum=n_neurons - 1)
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    gen = as_generator(rng)
    model = ExponentialMSE(beta)
    rho = distance / n_neurons
    n_flip = int(round(rho * n_samples)) if distance else 0
    n_flip = min(max(n_flip, 1 if distance else 0), n_samples - 1)
    n_agree = n_samples - n_flip
    agree = sample_site_stabilities(model, n_neurons, log_K, n_agree, gen, distance=distance,
                                    site="agree")
    e_agree = int(np.count_nonzero(agree.errors(ties_are_errors=False)))
    e_flip = 0
    if n_flip:
        flipped = sample_site_stabilities(model, n_neurons, log_K, n_flip, gen,
                                          distance=distance, site="flipped")
        e_flip = int(np.count_nonzero(flipped.errors(ties_are_errors=True)))
    p_a = e_agree / n_agree
    p_f = e_flip / n_flip if n_flip else 0.0
    p = (1.0 - rho) * p_a + rho * p_f
    var = (1.0 - rho) ** 2 * p_a * (1 - p_a) / n_agree
    if n_flip:
        var += rho**2 * p_f * (1 - p_f) / n_flip
    return p, math.sqrt(var), (e_agree, n_agree), (e_flip, n_flip)


@dataclass(frozen=True)
class ThresholdEstimate:
    """Load at which the one-step per-site error crosses ``level``.

    Attributes
    ----------
    alpha : float
        Crossing (nan if the fine grid does not straddle the level).
    stderr : float
        Parametric-bootstrap standard error of ``alpha``.
    grid, error, error_stderr : ndarray
        The fine grid of loads, the measured per-site errors there and their standard errors.
    level : float
    n_neurons, distance : int
    beta : float
    """

    alpha: float
    stderr: float
    grid: np.ndarray
    error: np.ndarray
    error_stderr: np.ndarray
    level: float
    n_neurons: int
    distance: int
    beta: float


def _crossing(grid, values, level):
    above = values >= level
    idx = np.flatnonzero(~above[:-1] & above[1:])
    if idx.size == 0:
        return math.nan
    j = idx[0]
    return grid[j] + (level - values[j]) * (grid[j + 1] - grid[j]) / (values[j + 1] - values[j])


def one_step_threshold(beta: float, n_neurons: int, distance: int, rng, *, level: float = 0.25,
                       n_bisect: int = 11, bisect_samples: int = 400, n_grid: int = 9,
                       grid_samples: int = 1500, n_boot: int = 200) -> ThresholdEstimate:
    """Load α at which the one-step per-site error from ``distance`` flips crosses ``level``.

    A bisection on [0, ln 2] with ``bisect_samples`` per step brackets the crossing; ``n_grid``
    loads spaced over ``±5/N`` around it, ``grid_samples`` each, locate it by linear
    interpolation between the first pair of neighbours that straddles ``level``. The standard
    error redraws every grid error from its two binomial strata ``n_boot`` times.

    Parameters
    ----------
    beta : float
        Inverse temperature of :class:`~hoplib.ExponentialMSE`.
    n_neurons : int
        N >= 2.
    distance : int
        Hamming distance r of the cue from ξ¹, in [0, N - 1].
    rng : int or numpy.random.Generator
    level : float, default 0.25
        Error level in (0, ½) whose crossing defines the threshold.
    n_bisect, bisect_samples : int
        Bisection steps and sampled sites per step (:func:`one_step_error`).
    n_grid, grid_samples : int
        Points of the fine grid (half-width 5/N in α) and sampled sites per point.
    n_boot : int
        Bootstrap redraws for the standard error.

    Returns
    -------
    ThresholdEstimate
        ``alpha`` is the load α = ln K / N (natural log) of the crossing, nan if the fine
        grid does not straddle ``level``.
    """
    beta = check_positive_finite(beta, "beta")
    n_neurons = check_count(n_neurons, "n_neurons", minimum=2)
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0.0 < level < 0.5:
        raise ValueError(f"level must be a number in (0, 1/2), got {level!r}")
    distance = check_count(distance, "distance", minimum=0, maximum=n_neurons - 1)
    bisect_samples = check_count(bisect_samples, "bisect_samples", minimum=2)
    grid_samples = check_count(grid_samples, "grid_samples", minimum=2)
    n_bisect = check_count(n_bisect, "n_bisect", minimum=1)
    n_grid = check_count(n_grid, "n_grid", minimum=2)
    n_boot = check_count(n_boot, "n_boot", minimum=2)
    gen = as_generator(rng)

    lo, hi = 0.0, math.log(2.0)
    for _ in range(n_bisect):
        mid = 0.5 * (lo + hi)
        p, *_ = one_step_error(beta, n_neurons, mid * n_neurons, distance, bisect_samples, gen)
        lo, hi = (mid, hi) if p < level else (lo, mid)
    centre = 0.5 * (lo + hi)
    grid = centre + np.linspace(-5.0, 5.0, n_grid) / n_neurons
    grid = grid[grid > 0.0]
    rho = distance / n_neurons
    err, se, strata = [], [], []
    for a in grid:
        p, s, agree, flipped = one_step_error(beta, n_neurons, a * n_neurons, distance,
                                              grid_samples, gen)
        err.append(p)
        se.append(s)
        strata.append((agree, flipped))
    err, se = np.array(err), np.array(se)
    alpha = _crossing(grid, err, level)
    boots = []
    for _ in range(n_boot):
        redraw = []
        for (e_a, n_a), (e_f, n_f) in strata:
            p_a = gen.binomial(n_a, e_a / n_a) / n_a
            p_f = gen.binomial(n_f, e_f / n_f) / n_f if n_f else 0.0
            redraw.append((1.0 - rho) * p_a + rho * p_f)
        boots.append(_crossing(grid, np.array(redraw), level))
    boots = np.array(boots)
    stderr = float(np.nanstd(boots)) if np.isfinite(boots).sum() > 1 else math.nan
    return ThresholdEstimate(float(alpha), stderr, grid, err, se, level, n_neurons, distance,
                             beta)
