"""Perfect recall of a stored pattern: capacity, prefactors, and site correlation (brief §5).

Perfect recall = all N sites of a stored pattern are stable. With the Gaussian per-site error
Φ̄(SNR) of :mod:`hoplib.theory.snr` (SNR² = e^{α₀(N−1)}/(K − 1)), the **expected number of
unstable sites** is N Φ̄(SNR); setting it to ε gives the capacity of notebook
``03_perfect_recall``. Symbols: ``beta``, ``n`` (N), ``K``, ``log_K``, ``z`` as in
:mod:`hoplib.theory.snr`, plus ``eps`` (ε), ``L`` (= ln(N/ε)) and ``g`` (a standard normal).

* ``z_eps_expr`` — z = Φ̄⁻¹(ε/N) = √2 erfc⁻¹(2ε/N).
* ``K_max_expr`` — K_max = e^{−α₀} z⁻² e^{α₀N} (drops the 1 of K − 1 = e^{α₀(N−1)}/z²);
  ``log_K_max_expr`` is its logarithm, ``prefactor_expr`` = K_max e^{−α₀N} = e^{−α₀}/z².
* ``tail_series(order)`` — Φ̄(z) ≈ φ(z)/z Σ_{j<order} (−1)^j (2j−1)!! z^{−2j}, the
  asymptotic normal-tail series from repeated integration by parts (error smaller than the
  first omitted term).
* ``z2_asymptotic_expr`` — z² = 2L − ln(4πL) + (ln(4πL) − 2)/(2L) + o(1/L), L = ln(N/ε);
  ``z2_leading_expr`` = 2 ln N, ``z2_two_term_expr`` = 2L − ln(4πL).
* ``hopfield_snr2_expr`` — classical Hopfield (F(x) = x²/2N): SNR² = (N − 1)/(K − 1);
  ``hopfield_K_max_expr`` = 1 + (N − 1)/z² and ``mceliece_expr`` = N/(2 ln N).
* ``site_correlation_expr`` — ρ = sinh²β / cosh 2β: the correlation between the noises of two
  sites of the same stored pattern (exact for every N and K; each other pattern adds
  a_i e^{β s_i} to site i and a_j e^{β s_j} to site j, and s_i, s_j share N − 2 terms);
  ``hopfield_site_correlation_expr`` = 1/(N − 1).
* ``perfect_independent_expr`` = (1 − Φ̄(z))^N and ``perfect_poisson_expr`` = e^{−NΦ̄(z)}:
  the perfect-recall probability if the N sites were independent.

Numerical functions (broadcasting): ``z_eps``, ``log_K_max``, ``prefactor``, ``z2_asymptotic``
and ``prefactor_asymptotic`` (with 1, 2 or 3 terms of the z² expansion), ``hopfield_K_max``,
``mceliece``, ``hopfield_p_perfect``, ``site_correlation``, ``p_perfect_independent``,
``p_perfect_poisson``, ``p_perfect_correlated`` — the probability that N equicorrelated
Gaussian sites with correlation ρ(β) are all stable, ∫ φ(g) Φ((SNR + √ρ g)/√(1 − ρ))^N dg — and
``log_K_correlated`` (the ln K at which that probability equals a target).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from scipy import optimize, special

from . import _checks
from .snr import K, alpha0_expr, beta, log_K, log_snr2, n, z

__all__ = [
    "beta",
    "n",
    "K",
    "log_K",
    "z",
    "eps",
    "L",
    "z_eps_expr",
    "K_max_expr",
    "log_K_max_expr",
    "prefactor_expr",
    "tail_series",
    "z2_leading_expr",
    "z2_two_term_expr",
    "z2_asymptotic_expr",
    "hopfield_snr2_expr",
    "hopfield_K_max_expr",
    "mceliece_expr",
    "site_correlation_expr",
    "hopfield_site_correlation_expr",
    "perfect_independent_expr",
    "perfect_poisson_expr",
    "z_eps",
    "log_K_max",
    "prefactor",
    "z2_asymptotic",
    "prefactor_asymptotic",
    "hopfield_K_max",
    "mceliece",
    "hopfield_p_perfect",
    "site_correlation",
    "p_perfect_independent",
    "p_perfect_poisson",
    "p_perfect_correlated",
    "log_K_correlated",
]

eps = sp.Symbol("epsilon", positive=True)
L = sp.Symbol("L", positive=True)

z_eps_expr = sp.sqrt(2) * sp.erfcinv(2 * eps / n)
K_max_expr = sp.exp(-alpha0_expr) * sp.exp(alpha0_expr * n) / z**2
log_K_max_expr = alpha0_expr * (n - 1) - 2 * sp.log(z)
prefactor_expr = sp.exp(-alpha0_expr) / z**2


def tail_series(order: int):
    """φ(z)/z Σ_{j<order} (−1)^j (2j−1)!! z^{−2j}: asymptotic series of Φ̄(z) (SymPy).

    Integration by parts gives Φ̄(z) = tail_series(m) + (−1)^m (2m−1)!! ∫_z^∞ φ(t) t^{−2m} dt:
    the error has the sign of, and is smaller in size than, the first omitted term.
    """
    phi = sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)
    terms = [(-1) ** j * sp.factorial2(2 * j - 1) / z ** (2 * j) for j in range(order)]
    return phi / z * sp.Add(*terms)


z2_leading_expr = 2 * sp.log(n)
z2_two_term_expr = 2 * L - sp.log(4 * sp.pi * L)
z2_asymptotic_expr = z2_two_term_expr + (sp.log(4 * sp.pi * L) - 2) / (2 * L)

hopfield_snr2_expr = (n - 1) / (K - 1)
hopfield_K_max_expr = 1 + (n - 1) / z**2
mceliece_expr = n / (2 * sp.log(n))

site_correlation_expr = sp.sinh(beta) ** 2 / sp.cosh(2 * beta)
hopfield_site_correlation_expr = 1 / (n - 1)

_tail = sp.erfc(z / sp.sqrt(2)) / 2
perfect_independent_expr = (1 - _tail) ** n
perfect_poisson_expr = sp.exp(-n * _tail)

_z_eps = sp.lambdify((n, eps), z_eps_expr, ["scipy", "numpy"])
_log_K_max = sp.lambdify((beta, n, z), log_K_max_expr, "numpy")
_prefactor = sp.lambdify((beta, z), prefactor_expr, "numpy")
_z2 = {
    1: sp.lambdify((n, L), z2_leading_expr, "numpy"),
    2: sp.lambdify((n, L), z2_two_term_expr, "numpy"),
    3: sp.lambdify((n, L), z2_asymptotic_expr, "numpy"),
}
_hopfield_K_max = sp.lambdify((n, z), hopfield_K_max_expr, "numpy")
_mceliece = sp.lambdify(n, mceliece_expr, "numpy")
_hopfield_snr2 = sp.lambdify((n, K), hopfield_snr2_expr, "numpy")
_site_correlation = sp.lambdify(beta, site_correlation_expr, "numpy")


def _arr(value):
    return np.asarray(value, dtype=float)


_beta = _checks.beta
_size = _checks.neurons


def _epsilon(n_neurons, epsilon, half=False):
    """ε in (0, N) (Φ̄⁻¹(ε/N) exists), or (0, N/2) where ln z needs z > 0."""
    n_arr, e_arr = np.broadcast_arrays(_size(n_neurons), _checks.real(epsilon, "epsilon"))
    top = n_arr / 2 if half else n_arr
    bad = ~((e_arr > 0) & (e_arr < top))
    if np.any(bad):
        bound = "n_neurons/2 (so that z > 0)" if half else "n_neurons"
        raise ValueError(f"epsilon (expected number of unstable sites) must lie in (0, {bound}), "
                         f"got {e_arr[bad].flat[0]!r} with n_neurons={n_arr[bad].flat[0]!r}")
    return e_arr


def _log_k(log_k):
    return _checks.at_least(log_k, "log_k", 0, " (ln K with K >= 1 stored patterns)")


def z_eps(n_neurons, epsilon):
    """z = Φ̄⁻¹(ε/N), the SNR at which the expected number of unstable sites is ε (0 < ε < N)."""
    _epsilon(n_neurons, epsilon)
    return _z_eps(_arr(n_neurons), _arr(epsilon))


def log_K_max(beta_value, n_neurons, epsilon):  # noqa: N802
    """ln K_max = α₀(N − 1) − 2 ln z, z = Φ̄⁻¹(ε/N) (overflow-free form of ``K_max_expr``).

    Needs β > 0 and 0 < ε < N/2 (z > 0).
    """
    _epsilon(n_neurons, epsilon, half=True)
    return _log_K_max(_beta(beta_value), _arr(n_neurons), z_eps(n_neurons, epsilon))


def prefactor(beta_value, n_neurons, epsilon):
    """K_max e^{−α₀N} = e^{−α₀} / z² with z = Φ̄⁻¹(ε/N) (β > 0, 0 < ε < N)."""
    return _prefactor(_beta(beta_value), z_eps(n_neurons, epsilon))


def z2_asymptotic(n_neurons, epsilon, terms: int = 3):
    """z² from its large-N expansion: ``terms`` = 1 (2 ln N), 2 (2L − ln 4πL) or 3
    (plus (ln 4πL − 2)/(2L)), with L = ln(N/ε) (0 < ε < N)."""
    if terms not in _z2:
        raise ValueError(f"terms must be 1, 2 or 3, got {terms!r}")
    _epsilon(n_neurons, epsilon)
    n_arr = _arr(n_neurons)
    return _z2[terms](n_arr, np.log(n_arr / _arr(epsilon)))


def prefactor_asymptotic(beta_value, n_neurons, epsilon, terms: int = 3):
    """e^{−α₀}/z² with z² from :func:`z2_asymptotic` (``terms`` = 1, 2 or 3)."""
    return _prefactor(_beta(beta_value), np.sqrt(z2_asymptotic(n_neurons, epsilon, terms)))


def hopfield_K_max(n_neurons, epsilon):  # noqa: N802
    """Classical Hopfield: K_max = 1 + (N − 1)/z², z = Φ̄⁻¹(ε/N) (0 < ε < N)."""
    return _hopfield_K_max(_arr(n_neurons), z_eps(n_neurons, epsilon))


def mceliece(n_neurons):
    """McEliece et al.'s N / (2 ln N) (N > 1)."""
    _checks.at_least(n_neurons, "n_neurons", 1, " (the number of neurons N)")
    n_arr = _arr(n_neurons)
    if np.any(n_arr == 1):
        raise ValueError("n_neurons must be > 1 for N/(2 ln N), got 1")
    return _mceliece(n_arr)


def hopfield_p_perfect(n_neurons, n_patterns):
    """Classical Hopfield, independent sites: (1 − Φ̄(SNR))^N with SNR² = (N − 1)/(K − 1)."""
    n_arr = _size(n_neurons)
    k_arr = _checks.at_least(n_patterns, "n_patterns", 1, " (the number of stored patterns K)")
    with np.errstate(divide="ignore"):  # K = 1: SNR = inf, perfect recall
        snr = np.sqrt(_hopfield_snr2(n_arr, k_arr))
    return np.exp(n_arr * special.log_ndtr(snr))


def site_correlation(beta_value):
    """ρ(β) = sinh²β / cosh 2β, correlation of the noises at two sites of one stored pattern."""
    return _site_correlation(_beta(beta_value))


def _snr(beta_value, n_neurons, log_k):
    return np.exp(0.5 * log_snr2(beta_value, n_neurons, log_k))


def p_perfect_independent(beta_value, n_neurons, log_k):
    """(1 − Φ̄(SNR))^N: perfect recall if the N sites erred independently."""
    n_arr = _arr(n_neurons)
    return np.exp(n_arr * special.log_ndtr(_snr(beta_value, n_arr, log_k)))


def p_perfect_poisson(beta_value, n_neurons, log_k):
    """e^{−N Φ̄(SNR)}: the Poisson form of :func:`p_perfect_independent`."""
    n_arr = _arr(n_neurons)
    return np.exp(-n_arr * special.ndtr(-_snr(beta_value, n_arr, log_k)))


_G = np.linspace(-12.0, 12.0, 4801)
_W = np.exp(-_G**2 / 2) / math.sqrt(2 * math.pi) * (_G[1] - _G[0])


def p_perfect_correlated(beta_value, n_neurons, log_k, rho=None):
    """∫ φ(g) Φ((SNR + √ρ g)/√(1 − ρ))^N dg: N equicorrelated Gaussian sites all stable.

    ``rho`` defaults to :func:`site_correlation` (β); ``rho = 0`` gives
    :func:`p_perfect_independent`. Trapezoid rule on g ∈ [−12, 12] (4801 nodes).
    """
    b, nn, lk = np.broadcast_arrays(_beta(beta_value), _size(n_neurons), _log_k(log_k))
    if rho is not None:
        _checks.in_range(rho, "rho", 0.0, 1.0, low_closed=True,
                         hint=" (a correlation between sites)")
    r = site_correlation(b) if rho is None else np.broadcast_to(_arr(rho), b.shape)
    snr = _snr(b, nn, lk)[..., None]
    arg = (snr + np.sqrt(r)[..., None] * _G) / np.sqrt(1 - r)[..., None]
    return (np.exp(nn[..., None] * special.log_ndtr(arg)) * _W).sum(axis=-1)


def log_K_correlated(beta_value: float, n_neurons: float, target: float = 0.5, rho=None):  # noqa: N802
    """ln K at which :func:`p_perfect_correlated` equals ``target`` (scalar inputs)."""
    target = float(_checks.in_range(target, "target", 0.0, 1.0, hint=" (a probability)"))
    if not 0.0 < target < 1.0:
        raise ValueError(f"target must be in (0, 1), got {target}")
    centre = float(log_K_max(beta_value, n_neurons, -math.log(target)))

    def f(x):
        return float(p_perfect_correlated(beta_value, n_neurons, x, rho)) - target

    return optimize.brentq(f, max(centre - 10.0, 1e-9), centre + 10.0, xtol=1e-12)
