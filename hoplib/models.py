"""Dense associative memories whose energy depends on the Hamming distances only.

Every model here has energy ``E(σ) = -Σ_μ F(N - 2 d_μ)`` with ``d_μ`` the Hamming distance
between ``σ`` and pattern ``ξ^μ``:

* :class:`ExponentialMSE` — the paper's cost ``-Σ_μ exp(-β N L_μ) = -Σ_μ exp(-2β d_μ)``;
* :class:`Demircigil` — ``F(x) = exp(λ x)`` (equal to ExponentialMSE times ``exp(λN)``);
* :class:`Polynomial` — Krotov–Hopfield ``F(x) = x^n``;
* :class:`Hopfield` — classical ``F(x) = x² / (2N)``.

Numbers are computed in a scaled domain: a model returns values ``ṽ`` and a log scale ``s``
with true value ``ṽ · exp(s)``. For the exponential models the scale follows the closest
pattern, so ``N = 4096`` neither overflows nor underflows to a spurious zero field.

Energy-difference field (Demircigil / Krotov–Hopfield rule):
``h_i = ½ [E(σ with σ_i = -1) - E(σ with σ_i = +1)]``. Writing ``x_μ = N - 2 d_μ``, pattern μ
adds ``A(d_μ) = ½ [F(x_μ) - F(x_μ - 2)]`` to the stability ``σ_i h_i`` when it agrees with
``σ`` at site i and ``-D(d_μ) = -½ [F(x_μ + 2) - F(x_μ)]`` when it disagrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from ._validation import check_count, check_positive_finite, check_spins

__all__ = ["Model", "ExponentialMSE", "Demircigil", "Polynomial", "Hopfield"]

_EXPONENTIAL, _POLYNOMIAL, _HOPFIELD = 0, 1, 2


@njit(cache=True)
def _scaled_f(kind, parameter, n_neurons, shift):
    """F̃(d) for d = -1..N+1 at index d + 1, in the model's scaled units."""
    f = np.empty(n_neurons + 3, dtype=np.float64)
    for idx in range(n_neurons + 3):
        d = idx - 1
        x = n_neurons - 2 * d
        if kind == _EXPONENTIAL:
            f[idx] = math.exp(-2.0 * parameter * (d - shift))
        elif kind == _POLYNOMIAL:
            f[idx] = float(x) ** parameter
        else:
            f[idx] = 0.5 * x * x
    return f


@njit(cache=True)
def _difference_tables(kind, parameter, n_neurons, shift):
    """A(d) and D(d) for d = 0..N (see module docstring); D(d) == A(d - 1) bit for bit."""
    f = _scaled_f(kind, parameter, n_neurons, shift)
    agree = np.empty(n_neurons + 1, dtype=np.float64)
    disagree = np.empty(n_neurons + 1, dtype=np.float64)
    for d in range(n_neurons + 1):
        agree[d] = 0.5 * (f[d + 1] - f[d + 2])
        disagree[d] = 0.5 * (f[d] - f[d + 1])
    return agree, disagree


@njit(cache=True)
def _distances(patterns, state):
    n_patterns, n_neurons = patterns.shape
    d = np.zeros(n_patterns, dtype=np.int64)
    for mu in range(n_patterns):
        acc = 0
        for i in range(n_neurons):
            if patterns[mu, i] != state[i]:
                acc += 1
        d[mu] = acc
    return d


@njit(cache=True)
def _shift(kind, distances):
    # Exponential weights are measured relative to the closest pattern.
    return distances.min() if kind == _EXPONENTIAL else 0


@njit(cache=True)
def _scaled_energy(kind, parameter, patterns, state):
    n_neurons = patterns.shape[1]
    d = _distances(patterns, state)
    shift = _shift(kind, d)
    f = _scaled_f(kind, parameter, n_neurons, shift)
    total = 0.0
    for mu in range(d.size):
        total += f[d[mu] + 1]
    return -total, shift


@njit(cache=True)
def _site_stability(patterns, state, distances, site, agree, disagree):
    """σ_i h_i in scaled units for one site, given all Hamming distances."""
    acc = 0.0
    s = state[site]
    for mu in range(distances.size):
        if patterns[mu, site] == s:
            acc += agree[distances[mu]]
        else:
            acc -= disagree[distances[mu]]
    return acc


@njit(cache=True)
def _scaled_stabilities(kind, parameter, patterns, state):
    n_neurons = patterns.shape[1]
    d = _distances(patterns, state)
    shift = _shift(kind, d)
    agree, disagree = _difference_tables(kind, parameter, n_neurons, shift)
    out = np.empty(n_neurons, dtype=np.float64)
    for i in range(n_neurons):
        out[i] = _site_stability(patterns, state, d, i, agree, disagree)
    return out, shift


@dataclass(frozen=True)
class Model:
    """Base class: a model is its kind, one parameter, and a display name."""

    name: str
    _kind: int
    parameter: float

    # --- what subclasses define ----------------------------------------------------------
    def F(self, x, n_neurons: int):  # noqa: N802 (F mirrors the paper's notation)
        """The separation function F(x), in natural units (NumPy, for references and plots)."""
        raise NotImplementedError

    def _log_offset(self, n_neurons: int) -> float:
        return 0.0

    def _log_scale(self, n_neurons: int, shift: int) -> float:
        return self._log_offset(n_neurons)

    # --- public API -----------------------------------------------------------------------
    def _checked(self, patterns, state):
        xi = check_spins(patterns, "patterns", ndim=2)
        sigma = check_spins(state, "state", ndim=1)
        if xi.shape[1] != sigma.size:
            raise ValueError(
                f"patterns have n_neurons={xi.shape[1]} but state has length {sigma.size}"
            )
        return xi, sigma

    def scaled_energy(self, patterns, state) -> tuple[float, float]:
        """Energy as ``(ẽ, s)`` with ``E = ẽ · exp(s)``; safe at any N."""
        xi, sigma = self._checked(patterns, state)
        value, shift = _scaled_energy(self._kind, self.parameter, xi, sigma)
        return float(value), self._log_scale(sigma.size, int(shift))

    def energy(self, patterns, state) -> float:
        """Energy ``E(σ) = -Σ_μ F(N - 2 d_μ)`` in natural units.

        Raises ``OverflowError`` when the value does not fit in float64 (Demircigil at large
        N): use :meth:`scaled_energy` there.
        """
        value, log_scale = self.scaled_energy(patterns, state)
        return _to_natural(value, log_scale, "energy", "scaled_energy")

    def scaled_stabilities(self, patterns, state) -> tuple[np.ndarray, float]:
        """Stabilities ``σ_i h_i`` of every site as ``(array, s)``; true value = array · exp(s)."""
        xi, sigma = self._checked(patterns, state)
        values, shift = _scaled_stabilities(self._kind, self.parameter, xi, sigma)
        return values, self._log_scale(sigma.size, int(shift))

    def local_fields(self, patterns, state) -> np.ndarray:
        """Energy-difference fields ``h_i = ½[E(σ_i=-1) - E(σ_i=+1)]`` in natural units."""
        xi, sigma = self._checked(patterns, state)
        values, log_scale = self.scaled_stabilities(xi, sigma)
        return _to_natural(values * sigma, log_scale, "local fields", "scaled_stabilities")

    def is_fixed_point(self, patterns, state) -> bool:
        """True when every site is strictly stable (``σ_i h_i > 0``; a zero field is a tie)."""
        values, _ = self.scaled_stabilities(patterns, state)
        return bool(np.all(values > 0.0))


def _to_natural(values, log_scale, what, alternative):
    if log_scale > 709.0:
        raise OverflowError(
            f"{what} exceed float64 (log scale {log_scale:.1f} > 709); use {alternative}(), "
            "which returns the scaled value and its log scale"
        )
    return values * math.exp(log_scale)


class ExponentialMSE(Model):
    """The paper's cost ``H(σ) = -Σ_μ exp(-β N L_μ(σ))`` with ``L_μ = ‖ξ^μ - σ‖² / (2N)``."""

    def __init__(self, beta: float = 1.0):
        super().__init__("exponential-MSE", _EXPONENTIAL, check_positive_finite(beta, "beta"))

    @property
    def beta(self) -> float:
        return self.parameter

    def F(self, x, n_neurons: int):  # noqa: N802
        return np.exp(self.parameter * (np.asarray(x, dtype=float) - n_neurons))

    def _log_scale(self, n_neurons, shift):
        return -2.0 * self.parameter * shift


class Demircigil(Model):
    """Demircigil et al.'s exponential energy ``-Σ_μ exp(λ ξ^μ·σ)``."""

    def __init__(self, lam: float = 1.0):
        super().__init__("Demircigil", _EXPONENTIAL, check_positive_finite(lam, "lam"))

    @property
    def lam(self) -> float:
        return self.parameter

    def F(self, x, n_neurons: int):  # noqa: N802
        return np.exp(self.parameter * np.asarray(x, dtype=float))

    def _log_scale(self, n_neurons, shift):
        return self.parameter * (n_neurons - 2.0 * shift)


class Polynomial(Model):
    """Krotov–Hopfield dense memory with ``F(x) = x^n`` (n >= 2)."""

    def __init__(self, n: int = 3):
        super().__init__("polynomial", _POLYNOMIAL, float(check_count(n, "n", 2, 30)))

    @property
    def n(self) -> int:
        return int(self.parameter)

    def F(self, x, n_neurons: int):  # noqa: N802
        return np.asarray(x, dtype=float) ** self.n


class Hopfield(Model):
    """Classical Hopfield network, ``F(x) = x² / (2N)`` (Hebbian couplings with self-coupling)."""

    def __init__(self):
        super().__init__("Hopfield", _HOPFIELD, 0.0)

    def F(self, x, n_neurons: int):  # noqa: N802
        return np.asarray(x, dtype=float) ** 2 / (2.0 * n_neurons)

    def _log_offset(self, n_neurons):
        return -math.log(n_neurons)
