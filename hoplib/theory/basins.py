"""Basins of attraction of the exponential-MSE model (theory brief §4).

A cue σ has ``ρN`` bits of the stored pattern ξ¹ flipped (overlap ``m₁ = 1 − 2ρ``) and is
independent of the other patterns. Symbols: ``beta`` (β > 0), ``rho`` (ρ in [0, ½]), ``n``
(N), ``log_K`` (ln K).

* ``log_snr2_expr`` — ln SNR² = 2β(N(1−2ρ) − 1) − ln K − (N − 1) ln cosh 2β of one synchronous
  step at a site that agrees with ξ¹ (Gaussian noise, K − 1 ≈ K).
* ``alpha_linear_expr`` — the Gaussian load α(ρ) = α₀(β) − 4βρ = lim ln SNR² / N = 0.
* ``largest_radius_expr`` — α₀(β)/(4β), where the linear load vanishes.
* ``rho_star_expr`` — ρ* = (1 − tanh 2β)/2: below it the noise is dominated by the bulk of the
  patterns (overlap tanh 2β with the cue), above it by the few patterns closest to the cue.
* ``alpha_shannon_expr`` — I(1 − 2ρ), the random-energy-model branch; equals
  ``ln 2 − binary_entropy_expr`` (binary symmetric channel capacity, nats).
* ``alpha_c_expr`` — the exact large-N one-step threshold: the linear branch for ρ ≤ ρ*, the
  Shannon branch above (continuous and C¹ at ρ*).
* ``in_tanh_variable(expr)`` — rewrites an expression in β through ``t = tanh 2β`` (so that
  β = ¼ ln((1+t)/(1−t)) and cosh 2β = ((1−t)(1+t))^{−½}) and simplifies: the log identities
  at ρ* become rational ones that SymPy decides.

The lambdified functions accept scalars or arrays and broadcast.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .snr import alpha0_expr, beta, rate_I_expr
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
    "t",
    "in_tanh_variable",
    "alpha_linear",
    "largest_radius",
    "rho_star",
    "binary_entropy",
    "alpha_shannon",
    "alpha_c",
]

rho = sp.Symbol("rho", nonnegative=True)
n = sp.Symbol("N", positive=True)
log_K = sp.Symbol("log_K", positive=True)

log_snr2_expr = (2 * beta * (n * (1 - 2 * rho) - 1) - log_K
                 - (n - 1) * sp.log(sp.cosh(2 * beta)))
alpha_linear_expr = alpha0_expr - 4 * beta * rho
largest_radius_expr = alpha0_expr / (4 * beta)
rho_star_expr = (1 - sp.tanh(2 * beta)) / 2
binary_entropy_expr = -rho * sp.log(rho) - (1 - rho) * sp.log(1 - rho)
alpha_shannon_expr = rate_I_expr.subs(_m, 1 - 2 * rho)
alpha_c_expr = sp.Piecewise(
    (alpha_linear_expr, rho <= rho_star_expr),
    (alpha_shannon_expr, True),
)

t = sp.Symbol("t", positive=True)


def in_tanh_variable(expr):
    """``expr`` with β replaced through t = tanh 2β (0 < t < 1), logs expanded, simplified."""
    out = expr.subs({sp.tanh(2 * beta): t, sp.cosh(2 * beta): 1 / sp.sqrt((1 - t) * (1 + t))})
    out = out.subs(beta, (sp.log(1 + t) - sp.log(1 - t)) / 4)
    return sp.simplify(sp.expand_log(sp.expand(out), force=True))


_alpha_linear = sp.lambdify((rho, beta), alpha_linear_expr, "numpy")
_largest_radius = sp.lambdify(beta, largest_radius_expr, "numpy")
_rho_star = sp.lambdify(beta, rho_star_expr, "numpy")
_binary_entropy = sp.lambdify(rho, binary_entropy_expr, "numpy")
_alpha_shannon = sp.lambdify(rho, alpha_shannon_expr, "numpy")
_alpha_c = sp.lambdify((rho, beta), alpha_c_expr, "numpy")


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
