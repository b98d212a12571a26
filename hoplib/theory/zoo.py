"""Capacities of the exponential-MSE model's relatives (theory brief §8).

All models store ±1 patterns with an energy ``-Σ_μ F(ξ^μ·σ)``. At a stored pattern ``σ = ξ¹``
the flip cost of site i (``ΔH_i = 2 ξ¹_i h_i``, Krotov–Hopfield's convention) is

    signal + crosstalk,   signal = F(N) - F(N-2),
    crosstalk = Σ_{μ≥2} a_μ g(s_μ),   g(s) = F(s+1) - F(s-1),

with ``a_μ = ±1`` and ``s_μ`` a sum of ``M = N - 1`` independent ±1 (theory brief §3). Its
variance is exactly ``(K-1) E[g(s)²]``; moments of ``s`` come from its moment generating
function ``E e^{ts} = cosh(t)^M``. The Gaussian per-site error is ``Φ̄(signal / √Var)``.

Symbols: ``N`` (neurons), ``K`` (patterns), ``n`` (polynomial degree), ``y`` (the AGS
auxiliary variable), ``beta``.

* ``signal_expr(kind)`` / ``crosstalk_variance_expr(kind)`` — exact finite-N expressions for
  ``kind`` in {"hopfield", ("polynomial", n), "exponential"} (exponential = the paper's
  ``F(x) = e^{β(x-N)}``; Demircigil's ``e^{βx}`` differs by the constant ``e^{βN}``).
* ``kh_variance_expr`` — Krotov & Hopfield's leading-order ``4n²(2n-3)!!(K-1)N^{n-1}``.
* ``kh_capacity_expr`` — error-free ``K ≈ N^{n-1} / (2 (2n-3)!! ln N)``.
* ``mceliece_typical_expr`` = N/(2 ln N), ``mceliece_all_expr`` = N/(4 ln N).
* ``ags_alpha_of_y_expr`` — the load at which the zero-temperature replica-symmetric
  retrieval equation ``erf(y) = y(√(2α) + (2/√π) e^{-y²})`` has the solution y; its maximum
  over y is the AGS capacity α_c ≈ 0.138. :func:`ags_alpha_c` and :func:`ags_overlap`.
* ``demircigil_all_alpha`` = ln 2 / 2 (all patterns, one step, ρ = 0), ``info_limit_alpha`` = ln 2.
* ``excess_kurtosis_expr(kind)`` — excess kurtosis of the crosstalk (first non-Gaussian term).
* :func:`per_site_error` (optionally Edgeworth-corrected), :func:`finite_n_capacity` —
  numerical Gaussian/Poisson predictions at finite N.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy.optimize import brentq, minimize_scalar
from scipy.special import erf, log_ndtr

from . import _checks

__all__ = [
    "N", "K", "n", "y", "beta", "s", "M",
    "moment_expr", "mgf_expr", "signal_expr", "crosstalk_variance_expr", "excess_kurtosis_expr",
    "kh_variance_expr", "kh_capacity_expr", "mceliece_typical_expr", "mceliece_all_expr",
    "ags_alpha_of_y_expr", "demircigil_all_alpha", "info_limit_alpha",
    "ags_alpha_c", "ags_overlap", "snr2", "per_site_error", "log_per_site_error",
    "excess_kurtosis", "edgeworth_correction",
    "finite_n_capacity", "mceliece_typical", "mceliece_all", "kh_capacity",
]

N, K = sp.symbols("N K", positive=True)
n = sp.Symbol("n", positive=True, integer=True)
y = sp.Symbol("y", positive=True)
beta = sp.Symbol("beta", positive=True)
s, t = sp.symbols("s t", real=True)
M = N - 1  # number of ±1 terms in s

mgf_expr = sp.cosh(t) ** M
"""E[e^{ts}] for s a sum of N - 1 independent ±1."""


def moment_expr(k: int):
    """E[s^k] as a polynomial in N (zero for odd k), from the moment generating function."""
    return sp.expand(sp.simplify(sp.diff(mgf_expr, t, k).subs(t, 0)))


def _expect_polynomial(poly_in_s):
    """E[p(s)] for a polynomial p, replacing s^k by its moment."""
    p = sp.Poly(sp.expand(poly_in_s), s)
    return sp.expand(sum(c * moment_expr(k) for (k,), c in p.terms()))


def _F(kind):  # noqa: N802 (F mirrors the paper's notation)
    x = sp.Symbol("x")
    if kind == "hopfield":
        return sp.Lambda(x, x**2 / (2 * N))
    if kind == "exponential":
        return sp.Lambda(x, sp.exp(beta * (x - N)))
    if isinstance(kind, tuple) and kind[0] == "polynomial":
        return sp.Lambda(x, x ** int(kind[1]))
    raise ValueError(f"kind must be 'hopfield', 'exponential' or ('polynomial', n), got {kind!r}")


def signal_expr(kind):
    """Flip cost at a stored pattern from the pattern itself: F(N) - F(N-2)."""
    F = _F(kind)
    if kind == "exponential":
        return sp.simplify(F(N) - F(N - 2))
    return sp.expand(F(N) - F(N - 2))  # expanded: no cancellation of N^n - (N-2)^n in floats


def _expect_power_of_g(kind, power):
    """E[g(s)^power] with g(s) = F(s+1) - F(s-1)."""
    F = _F(kind)
    gp = sp.expand((F(s + 1) - F(s - 1)) ** power)
    if kind == "exponential":
        # g(s)^p = c e^{pβs}, and E e^{pβs} = cosh(pβ)^M
        coeff = sp.simplify(gp / sp.exp(power * beta * s))
        return coeff * mgf_expr.subs(t, power * beta)
    return _expect_polynomial(gp)


def crosstalk_variance_expr(kind):
    """Exact variance (K-1) E[(F(s+1) - F(s-1))²] of the flip-cost crosstalk."""
    if kind == "exponential":
        return sp.simplify((K - 1) * _expect_power_of_g(kind, 2))
    return sp.factor((K - 1) * _expect_power_of_g(kind, 2))


def excess_kurtosis_expr(kind):
    """Excess kurtosis of the crosstalk, (E g⁴ / (E g²)² - 3) / (K - 1) (a sum of K - 1
    independent symmetric terms a_μ g(s_μ)); it sets the first correction to the Gaussian tail.
    """
    ratio = _expect_power_of_g(kind, 4) / _expect_power_of_g(kind, 2) ** 2
    return sp.simplify((ratio - 3) / (K - 1))


kh_variance_expr = 4 * n**2 * sp.factorial2(2 * n - 3) * (K - 1) * N ** (n - 1)
kh_capacity_expr = N ** (n - 1) / (2 * sp.factorial2(2 * n - 3) * sp.log(N))
mceliece_typical_expr = N / (2 * sp.log(N))
mceliece_all_expr = N / (4 * sp.log(N))
ags_alpha_of_y_expr = (sp.erf(y) / y - 2 / sp.sqrt(sp.pi) * sp.exp(-y**2)) ** 2 / 2
demircigil_all_alpha = sp.log(2) / 2
info_limit_alpha = sp.log(2)

_mceliece_typical = sp.lambdify(N, mceliece_typical_expr, "numpy")
_mceliece_all = sp.lambdify(N, mceliece_all_expr, "numpy")
_ags_alpha_of_y = sp.lambdify(y, ags_alpha_of_y_expr, "scipy")


def _size(n_neurons):
    """N > 1 (the capacities divide by ln N)."""
    arr = _checks.at_least(n_neurons, "n_neurons", 1, " (the number of neurons N)")
    if np.any(arr == 1.0):
        raise ValueError("n_neurons must be > 1: the capacity divides by ln N, got 1")
    return arr


def mceliece_typical(n_neurons):
    """McEliece et al.'s exact-recall capacity of a typical pattern, N / (2 ln N) (N > 1)."""
    return _mceliece_typical(_size(n_neurons))


def mceliece_all(n_neurons):
    """McEliece et al.'s capacity with every pattern exactly recalled, N / (4 ln N) (N > 1)."""
    return _mceliece_all(_size(n_neurons))


def kh_capacity(degree: int, n_neurons):
    """Krotov–Hopfield error-free capacity N^{n-1} / (2 (2n-3)!! ln N) of F = x^n (n ≥ 2)."""
    degree = _checks.count(degree, "degree", 2)
    f = sp.lambdify(N, kh_capacity_expr.subs(n, degree), "numpy")
    return f(_size(n_neurons))


@lru_cache(maxsize=1)
def ags_alpha_c() -> tuple[float, float]:
    """(α_c, m_c): the largest load with a retrieval solution, and its overlap erf(y_c)."""
    res = minimize_scalar(lambda v: -_ags_alpha_of_y(v), bounds=(0.5, 4.0), method="bounded",
                          options={"xatol": 1e-12})
    return float(-res.fun), float(erf(res.x))


def ags_overlap(alpha: float) -> float:
    """Replica-symmetric zero-temperature retrieval overlap m(α) for 0 < α < α_c."""
    alpha_c, _ = ags_alpha_c()
    if not 0.0 < alpha < alpha_c:
        raise ValueError(f"alpha must be in (0, {alpha_c:.4f}) for a retrieval state, "
                         f"got {alpha}")
    y_c = minimize_scalar(lambda v: -_ags_alpha_of_y(v), bounds=(0.5, 4.0),
                          method="bounded", options={"xatol": 1e-12}).x
    # α(y) decreases for y > y_c: the retrieval branch is the root beyond y_c
    root = brentq(lambda v: _ags_alpha_of_y(v) - alpha, y_c, 50.0, xtol=1e-14)
    return float(erf(root))


def _model_kind(model):
    """Map a hoplib Model (or a kind) to the kind used by the expressions above."""
    if isinstance(model, str | tuple):
        return model, None
    name = type(model).__name__
    if name == "Hopfield":
        return "hopfield", None
    if name == "Polynomial":
        return ("polynomial", model.n), None
    if name in ("ExponentialMSE", "Demircigil"):
        return "exponential", float(model.parameter)
    raise TypeError(f"model must be a hoplib Hopfield, Polynomial, ExponentialMSE or "
                    f"Demircigil, got {model!r}")


@lru_cache(maxsize=32)
def _snr2_function(kind):
    ratio = signal_expr(kind) ** 2 / crosstalk_variance_expr(kind)
    return sp.lambdify((N, K), ratio, "numpy")


def snr2(model, n_neurons, n_patterns):
    """Squared signal-to-noise ratio signal² / Var(crosstalk), exact in N and K."""
    kind, b = _model_kind(model)
    n_arr = np.asarray(n_neurons, dtype=float)
    k_arr = np.asarray(n_patterns, dtype=float)
    if kind == "exponential":
        # the simplified ratio e^{2β(N-1)} / ((K-1) cosh^{N-1} 2β), evaluated in logs
        # because each factor overflows at large N (tests compare it with the expressions)
        # ln cosh 2β, overflow-free beyond β ≈ 177 (cosh 2β itself overflows there)
        log_cosh = (math.log(math.cosh(2 * b)) if 2 * b < 700.0
                    else 2 * b + math.log1p(math.exp(-4 * b)) - math.log(2.0))
        return np.exp(2 * b * (n_arr - 1) - (n_arr - 1) * log_cosh - np.log(k_arr - 1))
    return _snr2_function(kind)(n_arr, k_arr)


@lru_cache(maxsize=32)
def _kurtosis_function(kind):
    return sp.lambdify((N, K), excess_kurtosis_expr(kind), "numpy")


def excess_kurtosis(model, n_neurons, n_patterns):
    """Excess kurtosis of the crosstalk (classical and polynomial models)."""
    kind, _ = _model_kind(model)
    if kind == "exponential":
        raise ValueError("use excess_kurtosis_expr for the exponential model (it overflows)")
    return _kurtosis_function(kind)(np.asarray(n_neurons, dtype=float),
                                    np.asarray(n_patterns, dtype=float))


def edgeworth_correction(model, n_neurons, n_patterns):
    """First Edgeworth term of the per-site error: (κ/24)(z³ - 3z) φ(z), z = SNR.

    The crosstalk is symmetric, so the skewness term vanishes; ``κ`` is the excess kurtosis.
    """
    z = np.sqrt(snr2(model, n_neurons, n_patterns))
    kappa = excess_kurtosis(model, n_neurons, n_patterns)
    return kappa / 24.0 * (z**3 - 3.0 * z) * np.exp(-z * z / 2.0) / np.sqrt(2.0 * np.pi)


def log_per_site_error(model, n_neurons, n_patterns, edgeworth=False):
    """ln of the per-site error: Gaussian ln Φ̄(SNR) (finite for any SNR), or with the first
    Edgeworth correction (classical and polynomial models; clipped at 10⁻³⁰⁰ from below)."""
    log_gauss = log_ndtr(-np.sqrt(snr2(model, n_neurons, n_patterns)))
    if not edgeworth:
        return log_gauss
    total = np.exp(log_gauss) + edgeworth_correction(model, n_neurons, n_patterns)
    return np.log(np.maximum(total, 1e-300))


def per_site_error(model, n_neurons, n_patterns, edgeworth=False):
    """Per-site error at a stored pattern: Φ̄(signal / √Var), optionally Edgeworth-corrected."""
    return np.exp(log_per_site_error(model, n_neurons, n_patterns, edgeworth))


def finite_n_capacity(model, n_neurons: int, eps: float = math.log(2), all_patterns=False,
                      edgeworth=False):
    """Real K at which the Gaussian/Poisson estimate of the failure count equals ``eps``.

    Typical pattern: ``N Φ̄(SNR(K)) = ε`` (a stored pattern is a fixed point with probability
    ≈ e^{-ε}); all patterns: ``K N Φ̄(SNR(K)) = ε``. With ε = ln 2 this is the K at which the
    probability is ½. Its large-N limit is N/(2 ln N) (typical) or N/(4 ln N) (all) for the
    classical model, Krotov–Hopfield's formula for F = x^n. Site errors are treated as
    independent, which neglects the pattern-to-pattern fluctuation of the crosstalk variance.
    ``edgeworth=True`` uses the Edgeworth-corrected per-site error.
    """
    log_eps = math.log(eps)

    def excess(log_k_minus_1):
        k = 1.0 + math.exp(log_k_minus_1)
        lam = math.log(n_neurons) + float(log_per_site_error(model, n_neurons, k, edgeworth))
        if all_patterns:
            lam += math.log(k)
        return lam - log_eps

    return 1.0 + math.exp(brentq(excess, -20.0, 300.0, xtol=1e-12))
