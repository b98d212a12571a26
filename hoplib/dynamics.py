"""Zero-temperature dynamics: asynchronous random-order sweeps and synchronous updates.

A site flips only when its stability ``σ_i h_i`` is strictly negative; a tie (zero field)
keeps the current spin, so the dynamics always stop, while :meth:`Model.is_fixed_point`
still counts a tie as unstable. Every asynchronous flip lowers the energy by ``2|h_i|``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from ._validation import as_generator, check_count, check_model, check_spins
from .models import _difference_tables, _distances, _shift, _site_stability

__all__ = ["DynamicsResult", "run_async", "run_sync", "sync_step", "overlap"]


@dataclass(frozen=True)
class DynamicsResult:
    """Outcome of a dynamics run.

    Attributes
    ----------
    state : ndarray
        Final int8 state.
    converged : bool
        True when the last sweep (or step) changed nothing.
    n_sweeps : int
        Sweeps (asynchronous) or steps (synchronous) performed, the final quiet one included.
    n_flips : int
        Total spin flips.
    history : ndarray or None
        States after each sweep, starting with the initial state, when ``record=True``.
    flip_sites : ndarray or None
        Asynchronous runs with ``record=True``: the site of every flip, in order, so that the
        trajectory can be followed one update at a time.
    """

    state: np.ndarray
    converged: bool
    n_sweeps: int
    n_flips: int
    history: np.ndarray | None = None
    flip_sites: np.ndarray | None = None


@njit(cache=True)
def _async_sweep(kind, parameter, patterns, state, distances, order, flipped):
    """One sweep in the given site order; updates ``state`` and ``distances`` in place and
    writes the flipped sites, in order, to the front of ``flipped``."""
    n_neurons = patterns.shape[1]
    flips = 0
    shift = _shift(kind, distances)
    agree, disagree = _difference_tables(kind, parameter, n_neurons, shift)
    for site in order:
        if _site_stability(patterns, state, distances, site, agree, disagree) < 0.0:
            for mu in range(distances.size):
                distances[mu] += 1 if patterns[mu, site] == state[site] else -1
            state[site] = -state[site]
            flipped[flips] = site
            flips += 1
            new_shift = _shift(kind, distances)
            if new_shift != shift:
                shift = new_shift
                agree, disagree = _difference_tables(kind, parameter, n_neurons, shift)
    return flips


@njit(cache=True)
def _sync_step(kind, parameter, patterns, state):
    n_neurons = patterns.shape[1]
    distances = _distances(patterns, state)
    agree, disagree = _difference_tables(kind, parameter, n_neurons, _shift(kind, distances))
    new_state = state.copy()
    flips = 0
    for site in range(n_neurons):
        if _site_stability(patterns, state, distances, site, agree, disagree) < 0.0:
            new_state[site] = -state[site]
            flips += 1
    return new_state, flips


def _checked_inputs(model, patterns, state, max_sweeps):
    check_model(model)
    xi, sigma = model._checked(patterns, state)
    return xi, sigma.copy(), check_count(max_sweeps, "max_sweeps", minimum=1)


def run_async(model, patterns, state, rng, max_sweeps: int = 100, record: bool = False):
    """Asynchronous zero-temperature dynamics in random-order sweeps until a fixed point.

    Parameters
    ----------
    model : Model
    patterns : array_like, shape (K, N)
        Stored ±1 patterns.
    state : array_like, shape (N,)
        Initial ±1 state (not modified).
    rng : int or numpy.random.Generator
        Source of the sweep orders; equal seeds give equal trajectories for every model.
    max_sweeps : int
        Upper bound on sweeps.
    record : bool
        Keep the state after every sweep in ``result.history``.

    Returns
    -------
    DynamicsResult
    """
    xi, sigma, max_sweeps = _checked_inputs(model, patterns, state, max_sweeps)
    gen = as_generator(rng)
    distances = _distances(xi, sigma)
    history = [sigma.copy()] if record else None
    flipped = np.empty(sigma.size, dtype=np.int64)
    sites = []
    total = n_sweeps = 0
    converged = False
    while n_sweeps < max_sweeps and not converged:
        n_sweeps += 1
        order = gen.permutation(sigma.size)
        flips = _async_sweep(model._kind, model.parameter, xi, sigma, distances, order, flipped)
        total += flips
        if record:
            history.append(sigma.copy())
            sites.append(flipped[:flips].copy())
        converged = flips == 0
    flip_sites = np.concatenate(sites) if record else None
    return DynamicsResult(sigma, converged, n_sweeps, total, _stack(history), flip_sites)


def sync_step(model, patterns, state) -> np.ndarray:
    """One synchronous update ``σ_i ← sign(h_i)`` of every site (ties keep their spin)."""
    check_model(model)
    xi, sigma = model._checked(patterns, state)
    return _sync_step(model._kind, model.parameter, xi, sigma)[0]


def run_sync(model, patterns, state, max_steps: int = 100, record: bool = False):
    """Synchronous dynamics until nothing changes or ``max_steps`` (cycles do not converge)."""
    xi, sigma, max_steps = _checked_inputs(model, patterns, state, max_steps)
    history = [sigma.copy()] if record else None
    total = 0
    for step in range(1, max_steps + 1):
        sigma, flips = _sync_step(model._kind, model.parameter, xi, sigma)
        total += flips
        if record:
            history.append(sigma.copy())
        if flips == 0:
            return DynamicsResult(sigma, True, step, total, _stack(history))
    return DynamicsResult(sigma, False, max_steps, total, _stack(history))


def overlap(pattern, state) -> float:
    """Overlap ``m = ξ·σ / N`` between a pattern and a state."""
    xi = check_spins(pattern, "pattern", ndim=1)
    sigma = check_spins(state, "state", ndim=1)
    if xi.size != sigma.size:
        raise ValueError(f"pattern has length {xi.size} but state has length {sigma.size}")
    return float(np.dot(xi.astype(np.int64), sigma)) / xi.size


def _stack(history):
    return None if history is None else np.stack(history)
