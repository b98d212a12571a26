"""Signal-to-noise capacity of the exponential-MSE model (theory brief §3).

At a stored pattern σ = ξ¹ the stability of site i is ξ¹_i h_i = S + R with the signal
S = e^{-β} sinh β of the condensed pattern and the noise
R = e^{-βN} sinh β Σ_{μ≥2} a_μ e^{β s_μ} of the other K − 1 patterns (a_μ = ±1 and s_μ a sum of
N − 1 independent ±1). Notebook ``01_signal_to_noise`` derives every expression below; this
module holds the results so that simulations and figures use exactly what SymPy derived.

Symbols: ``beta`` (β > 0), ``m`` (an overlap in (−1, 1)), ``n`` (N), ``K``, ``log_K`` (ln K,
the same symbols as :mod:`hoplib.theory.basins`), ``z`` (a signal-to-noise ratio).

* ``alpha0_expr`` — capacity exponent α₀(β) = 2β − ln cosh 2β.
* ``alpha0_alt_expr`` — the same as ln 2 − ln(1 + e^{−4β}).
* ``rate_I_expr`` — I(m) = ½[(1+m) ln(1+m) + (1−m) ln(1−m)], the large-deviation rate of the
  overlap of two random ±1 vectors.
* ``signal_expr`` — S = e^{−β} sinh β.
* ``noise_variance_expr`` — Var R = (K − 1) e^{−2βN} sinh²β cosh^{N−1}(2β) (and E R = 0).
* ``snr2_expr`` — SNR² = S² / Var R = (K − 1)^{−1} (e^{2β} / cosh 2β)^{N−1}.
* ``log_snr2_expr`` — ln SNR² = (N − 1) α₀(β) − ln(K − 1), in terms of ``log_K`` (overflow-free).
* ``overlap_q_expr`` — q = tanh 2β, the overlap of the patterns that dominate Var R.
* ``validity_gap_expr`` — α₀ − I(tanh 2β) = 2β (1 − tanh 2β) > 0.
* ``gaussian_error_expr`` — Φ̄(z) = ½ erfc(z/√2), the per-site error at SNR = z.
* ``threshold_log_K_expr`` — ln K at which the Gaussian per-site error equals Φ̄(z):
  ln(1 + e^{(N−1)α₀ − 2 ln z}).

Lambdified functions accept scalars or arrays and broadcast: ``alpha0(β)``, ``rate_I(m)``,
``validity_gap(β)``, ``log_snr2(β, N, log_K)``, ``gaussian_error(β, N, log_K)`` and
``gaussian_threshold(β, N, p)`` (the load α = ln K / N at which Φ̄(SNR) = p, 0 < p < ½).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.special import erfcinv

from . import _checks

__all__ = [
    "beta",
    "m",
    "n",
    "K",
    "log_K",
    "z",
    "alpha0_expr",
    "alpha0_alt_expr",
    "rate_I_expr",
    "signal_expr",
    "noise_variance_expr",
    "snr2_expr",
    "log_snr2_expr",
    "overlap_q_expr",
    "validity_gap_expr",
    "gaussian_error_expr",
    "threshold_log_K_expr",
    "alpha0",
    "rate_I",
    "validity_gap",
    "log_snr2",
    "gaussian_error",
    "gaussian_threshold",
]

beta = sp.Symbol("beta", positive=True)
m = sp.Symbol("m", real=True)
n = sp.Symbol("N", positive=True)
K = sp.Symbol("K", positive=True)
log_K = sp.Symbol("log_K", positive=True)
z = sp.Symbol("z", positive=True)

alpha0_expr = 2 * beta - sp.log(sp.cosh(2 * beta))
alpha0_alt_expr = sp.log(2) - sp.log(1 + sp.exp(-4 * beta))
rate_I_expr = ((1 + m) * sp.log(1 + m) + (1 - m) * sp.log(1 - m)) / 2

signal_expr = sp.exp(-beta) * sp.sinh(beta)
noise_variance_expr = ((K - 1) * sp.exp(-2 * beta * n) * sp.sinh(beta) ** 2
                       * sp.cosh(2 * beta) ** (n - 1))
snr2_expr = (sp.exp(2 * beta) / sp.cosh(2 * beta)) ** (n - 1) / (K - 1)
# ln(K − 1) = ln K + ln(1 − e^{−ln K}) keeps K = e^{αN} out of float range
log_snr2_expr = (n - 1) * alpha0_expr - log_K - sp.log(1 - sp.exp(-log_K))
overlap_q_expr = sp.tanh(2 * beta)
validity_gap_expr = 2 * beta * (1 - sp.tanh(2 * beta))
gaussian_error_expr = sp.erfc(z / sp.sqrt(2)) / 2
threshold_log_K_expr = sp.log(1 + sp.exp((n - 1) * alpha0_expr - 2 * sp.log(z)))

def _log_cosh_rewritten(expr):
    """``expr`` with every ln cosh u written as u + ln(1 + e^{-2u}) − ln 2 (exact for u > 0)."""
    return expr.replace(
        lambda e: e.func == sp.log and e.args[0].func == sp.cosh,
        lambda e: e.args[0].args[0] + sp.log(1 + sp.exp(-2 * e.args[0].args[0])) - sp.log(2),
    )


def guarded_lambdify(args, expr, modules="numpy"):
    """``sympy.lambdify`` whose overflowing entries are recomputed in an overflow-free form.

    ``cosh 2β`` overflows for β > 177, which turns ln cosh 2β (and α₀) into ∓inf. Entries
    where the direct function is not finite are re-evaluated from the same expression with
    ln cosh u rewritten as u + ln(1 + e^{-2u}) − ln 2; finite entries are returned unchanged,
    bit for bit.
    """
    direct = sp.lambdify(args, expr, modules)
    stable = sp.lambdify(args, _log_cosh_rewritten(expr), modules)

    def f(*values):
        with np.errstate(over="ignore", invalid="ignore"):
            out = direct(*values)
            bad = ~np.isfinite(out)
            if not np.any(bad):
                return out
            safe = stable(*values)
        return np.where(bad & np.isfinite(safe), safe, out)[()]

    return f


_alpha0 = guarded_lambdify(beta, alpha0_expr)
_rate_I = sp.lambdify(m, rate_I_expr, "numpy")
_validity_gap = sp.lambdify(beta, validity_gap_expr, "numpy")
_log_snr2 = guarded_lambdify((beta, n, log_K), log_snr2_expr)
_gaussian_error = sp.lambdify(z, gaussian_error_expr, ["scipy", "numpy"])
_threshold_log_K = sp.lambdify((beta, n, z), threshold_log_K_expr, "numpy")


_beta = _checks.beta
_size = _checks.neurons


def _log_k(log_k):
    return _checks.at_least(log_k, "log_k", 0, " (ln K with K >= 1 stored patterns)")


def alpha0(beta_value):
    """α₀(β) = 2β − ln cosh 2β for scalars or arrays (lambdified from ``alpha0_expr``), β > 0."""
    return _alpha0(_beta(beta_value))


def rate_I(m_value):  # noqa: N802 (I mirrors the paper's notation)
    """I(m) for |m| ≤ 1, scalars or arrays (lambdified from ``rate_I_expr``; I(±1) = ln 2)."""
    m_arr = _checks.in_range(m_value, "m_value", -1.0, 1.0, low_closed=True, high_closed=True,
                             hint=" (an overlap)")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _rate_I(m_arr)
    return np.where(np.abs(m_arr) == 1.0, np.log(2.0), out)[()]


def validity_gap(beta_value):
    """α₀(β) − I(tanh 2β) = 2β(1 − tanh 2β) (lambdified from ``validity_gap_expr``), β > 0."""
    return _validity_gap(_beta(beta_value))


def log_snr2(beta_value, n_neurons, log_k):
    """ln SNR² = (N − 1) α₀(β) − ln(K − 1) at a stored pattern.

    β > 0, N ≥ 1 and ``log_k = ln K ≥ 0`` (at K = 1 there is no noise: +inf).
    """
    return _log_snr2(_beta(beta_value), _size(n_neurons), _log_k(log_k))


def gaussian_error(beta_value, n_neurons, log_k):
    """Per-site error Φ̄(SNR) of the Gaussian signal-to-noise picture (arguments as
    :func:`log_snr2`)."""
    with np.errstate(over="ignore"):
        snr = np.exp(0.5 * log_snr2(beta_value, n_neurons, log_k))
    return _gaussian_error(snr)


def gaussian_threshold(beta_value, n_neurons, p):
    """Load α = ln K / N at which the Gaussian per-site error Φ̄(SNR) equals ``p`` (0 < p < ½)."""
    p = _checks.in_range(p, "p", 0.0, 0.5,
                         hint=": the Gaussian error is below 1/2 at any load")
    b, n_arr = _beta(beta_value), _size(n_neurons)
    z_p = np.sqrt(2.0) * erfcinv(2.0 * p)
    exponent = (n_arr - 1) * alpha0(b) - 2 * np.log(z_p)
    # ln(1 + e^x) written stably for large x
    return np.logaddexp(0.0, exponent) / n_arr
