"""Basins of attraction of the exponential-MSE model (theory brief §4).

A cue σ has ``ρN`` bits of the stored pattern ξ¹ flipped (overlap ``m₁ = 1 − 2ρ``) and is
independent of the other patterns. Symbols: ``beta`` (β > 0), ``rho`` (ρ in [0, ½]), ``n``
(N), ``log_K`` (ln K).

* ``log_snr2_expr`` — ln SNR² = 2β(N(1−2ρ) − 1) − (N − 1) ln cosh 2β − ln(K − 1) of one
  synchronous step at a site that agrees with ξ¹ (at ρ = 0 it is :mod:`snr`'s ``log_snr2_expr``).
* ``alpha_linear_expr`` — the Gaussian load α(ρ) = α₀(β) − 4βρ = lim ln SNR² / N = 0.
* ``largest_radius_expr`` — α₀(β)/(4β), where the linear load vanishes.
* ``rho_star_expr`` — ρ* = (1 − tanh 2β)/2: below it the noise is dominated by the bulk of the
  patterns (overlap tanh 2β with the cue), above it by the few patterns closest to the cue.
* ``alpha_shannon_expr`` — I(1 − 2ρ), the random-energy-model branch; equals
  ``ln 2 − binary_entropy_expr`` (binary symmetric channel capacity, nats).
* ``alpha_c_expr`` — the exact large-N one-step threshold: the linear branch for ρ ≤ ρ*, the
  Shannon branch above (continuous and C¹ at ρ*).
* ``gaussian_threshold_log_K_expr`` — ln K at which ln SNR² = 2 ln z (per-site error Φ̄(z)) at
  finite N: the linear branch's finite-N threshold.
* ``shannon_drift_expr`` — finite-N shift of the Shannon-branch threshold: the load at which the
  expected number of other patterns strictly closer to the cue than ξ¹ (on the N − 1 other
  sites) equals ``c`` is I(1 − 2ρ) + drift, with drift = [ln c − ln 2ρ + ½ ln(2πNρ(1−ρ))
  − ln((1−ρ)/(1−2ρ))]/N + o(1/N) (Stirling), i.e. O(ln N / N). Per-site error ≈ ½(1 − e^{−c}),
  so the error level p corresponds to c = −ln(1 − 2p).
* ``in_tanh_variable(expr)`` — rewrites an expression in β through ``t = tanh 2β`` (so that
  β = ¼ ln((1+t)/(1−t)), cosh 2β = ((1−t)(1+t))^{−½}, sinh 2β = t cosh 2β) and simplifies:
  the log identities at ρ* become rational ones that SymPy decides.

The lambdified functions accept scalars or arrays and broadcast.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.special import erfcinv

from .snr import alpha0_expr, beta, guarded_lambdify, log_K, n, rate_I_expr
from .snr import m as _m

__all__ = [
    "beta",
    "rho",
    "n",
    "log_K",
    "log_snr2_expr",
    "alpha_linear_expr",
    "largest_radius_expr",
    "rho_star_expr",
    "binary_entropy_expr",
    "alpha_shannon_expr",
    "alpha_c_expr",
    "z",
    "c",
    "gaussian_threshold_log_K_expr",
    "shannon_drift_expr",
    "t",
    "in_tanh_variable",
    "alpha_linear",
    "largest_radius",
    "rho_star",
    "binary_entropy",
    "alpha_shannon",
    "alpha_c",
    "gaussian_threshold",
    "shannon_threshold",
    "finite_n_threshold",
]

rho = sp.Symbol("rho", nonnegative=True)
z = sp.Symbol("z", positive=True)
c = sp.Symbol("c", positive=True)

# ln(K − 1) = ln K + ln(1 − e^{−ln K}) keeps K = e^{αN} out of float range
log_snr2_expr = (2 * beta * (n * (1 - 2 * rho) - 1) - (n - 1) * sp.log(sp.cosh(2 * beta))
                 - log_K - sp.log(1 - sp.exp(-log_K)))
alpha_linear_expr = alpha0_expr - 4 * beta * rho
largest_radius_expr = alpha0_expr / (4 * beta)
rho_star_expr = (1 - sp.tanh(2 * beta)) / 2
binary_entropy_expr = -rho * sp.log(rho) - (1 - rho) * sp.log(1 - rho)
alpha_shannon_expr = rate_I_expr.subs(_m, 1 - 2 * rho)
alpha_c_expr = sp.Piecewise(
    (alpha_linear_expr, rho <= rho_star_expr),
    (alpha_shannon_expr, True),
)
_gaussian_exponent_expr = (2 * beta * (n * (1 - 2 * rho) - 1)
                           - (n - 1) * sp.log(sp.cosh(2 * beta)) - 2 * sp.log(z))
gaussian_threshold_log_K_expr = sp.log(1 + sp.exp(_gaussian_exponent_expr))
shannon_drift_expr = (sp.log(c) - sp.log(2 * rho) + sp.log(2 * sp.pi * n * rho * (1 - rho)) / 2
                      - sp.log((1 - rho) / (1 - 2 * rho))) / n

t = sp.Symbol("t", positive=True)


def in_tanh_variable(expr):
    """``expr`` with β replaced through t = tanh 2β (0 < t < 1), logs expanded, simplified."""
    root = sp.sqrt((1 - t) * (1 + t))
    out = expr.subs({sp.tanh(2 * beta): t, sp.cosh(2 * beta): 1 / root,
                     sp.sinh(2 * beta): t / root})
    out = out.subs(beta, (sp.log(1 + t) - sp.log(1 - t)) / 4)
    out = out.replace(sp.log, lambda arg: sp.log(sp.factor(arg)))  # 1 − t² → (1 − t)(1 + t)
    return sp.simplify(sp.expand_log(sp.expand(out), force=True))


_alpha_linear = guarded_lambdify((rho, beta), alpha_linear_expr)
_largest_radius = guarded_lambdify(beta, largest_radius_expr)
_rho_star = sp.lambdify(beta, rho_star_expr, "numpy")
_binary_entropy = sp.lambdify(rho, binary_entropy_expr, "numpy")
_alpha_shannon = sp.lambdify(rho, alpha_shannon_expr, "numpy")
_alpha_c = guarded_lambdify((rho, beta), alpha_c_expr)
# ln K = ln(1 + e^x): lambdify x and take np.logaddexp(0, x), which does not overflow
_gaussian_exponent = guarded_lambdify((rho, beta, n, z), _gaussian_exponent_expr)
_shannon_drift = sp.lambdify((rho, n, c), shannon_drift_expr, "numpy")


def _radius(rho_value, name="rho"):
    arr = np.asarray(rho_value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0.0) or np.any(arr > 0.5):
        raise ValueError(f"{name} must lie in [0, 1/2], got {rho_value!r}")
    return arr


def _beta(beta_value):
    arr = np.asarray(beta_value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr <= 0.0):
        raise ValueError(f"beta must be positive and finite, got {beta_value!r}")
    return arr


def alpha_linear(rho_value, beta_value):
    """Gaussian (signal-to-noise) load α₀(β) − 4βρ; negative beyond ``largest_radius``."""
    return _alpha_linear(_radius(rho_value), _beta(beta_value))


def largest_radius(beta_value):
    """α₀(β)/(4β): the radius at which the linear load reaches zero."""
    return _largest_radius(_beta(beta_value))


def rho_star(beta_value):
    """ρ* = (1 − tanh 2β)/2, where the Gaussian argument stops being exact."""
    return _rho_star(_beta(beta_value))


def binary_entropy(rho_value):
    """H(ρ) = −ρ ln ρ − (1 − ρ) ln(1 − ρ) in nats (H(0) = 0)."""
    r = _radius(rho_value)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _binary_entropy(r)
    return np.where(r == 0.0, 0.0, out)


def alpha_shannon(rho_value):
    """I(1 − 2ρ) = ln 2 − H(ρ): the capacity of a binary symmetric channel with flip rate ρ."""
    r = _radius(rho_value)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _alpha_shannon(r)
    return np.where(r == 0.0, np.log(2.0), out)


def alpha_c(rho_value, beta_value):
    """Exact large-N one-step load: α₀ − 4βρ for ρ ≤ ρ*, I(1 − 2ρ) beyond (``alpha_c_expr``)."""
    r, b = np.broadcast_arrays(_radius(rho_value), _beta(beta_value))
    with np.errstate(divide="ignore", invalid="ignore"):  # the unused branch may be nan at ρ = 0
        out = _alpha_c(r, b)
    return out[()] if out.ndim == 0 else out


def _level(p):
    arr = np.asarray(p, dtype=float)
    if np.any(~(arr > 0.0)) or np.any(~(arr < 0.5)):
        raise ValueError(f"p must lie in (0, 1/2): a per-site error level, got {p!r}")
    return arr


def _size(n_neurons):
    arr = np.asarray(n_neurons, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 2):
        raise ValueError(f"n_neurons must be >= 2, got {n_neurons!r}")
    return arr


def gaussian_threshold(rho_value, beta_value, n_neurons, p):
    """Finite-N load α = ln K / N at which the Gaussian per-site error Φ̄(SNR) equals ``p``."""
    r, b, size, level = _radius(rho_value), _beta(beta_value), _size(n_neurons), _level(p)
    z_p = np.sqrt(2.0) * erfcinv(2.0 * level)
    return np.logaddexp(0.0, _gaussian_exponent(r, b, size, z_p)) / size


def shannon_threshold(rho_value, n_neurons, p):
    """Finite-N Shannon-branch load I(1 − 2ρ) + drift at per-site error level ``p`` (0 < ρ < ½)."""
    r, size, level = _radius(rho_value), _size(n_neurons), _level(p)
    if np.any(r <= 0.0) or np.any(r >= 0.5):
        raise ValueError(f"rho must lie in (0, 1/2) for the Shannon branch, got {rho_value!r}")
    return alpha_shannon(r) + _shannon_drift(r, size, -np.log1p(-2.0 * level))


def finite_n_threshold(rho_value, beta_value, n_neurons, p):
    """Leading finite-N estimate of the one-step threshold: the branch of ``alpha_c`` at ρ."""
    r, b = np.broadcast_arrays(_radius(rho_value), _beta(beta_value))
    gauss = gaussian_threshold(r, b, n_neurons, p)
    on_shannon = r > _rho_star(b)
    safe = np.where(on_shannon, r, 0.25)  # evaluate the Shannon branch only where it applies
    out = np.where(on_shannon, shannon_threshold(safe, n_neurons, p), gauss)
    return out[()] if out.ndim == 0 else out
