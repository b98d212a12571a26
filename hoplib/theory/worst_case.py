"""Typical versus worst-case recall (theory brief §6): every stored pattern a fixed point.

Units. At a stored pattern ν the stability of site i is ``σ_i h_i = e^{-β} sinh β · P_i`` with
``P_i = 1 + Σ_{μ≠ν} c_μ``: a pattern at Hamming distance d from ν adds ``q^d`` where it agrees
with ν and ``-q^{d-1}`` where it disagrees, ``q = e^{-2β}``. The signal is 1.

Symbols: ``beta`` (β), ``n`` (N), ``K``, ``eps`` (a failure probability ε), ``d`` (a distance),
``rho`` (a cue radius ρ), ``q``.

Noise by distance shell (one random pattern; d and the site are random):

* ``shell_mean_expr`` / ``shell_m2_expr`` — its contribution's mean and second moment from
  distance d: C(N, d) 2^{-N} [(N-d)/N q^d - d/N q^{d-1}] and
  C(N, d) 2^{-N} [(N-d)/N q^{2d} + d/N q^{2d-2}].
* ``pattern_m2_expr`` — their sum over d, ((1 + q²)/2)^{N-1} = e^{-α₀(N-1)} (mean 0): the §3
  noise variance per pattern.
* ``near_m1_expr`` / ``near_m2_expr`` — the shells d <= 1 (duplicates and distance-1
  neighbours); ``bulk_m1_expr`` / ``bulk_m2_expr`` — the rest (d >= 2).
* ``bulk_z_expr`` — (1 + (K-1) m₁) / √((K-1)(m₂ - m₁²)) for the bulk: its Gaussian
  signal-to-noise ratio once the near shells are treated exactly.

Worst case (all K patterns fixed points):

* ``tie_pair_mean_expr`` — C(K, 2) N 2^{-N}: expected pairs at distance exactly 1. Such a pair
  shares h_i at the differing site i, so exactly one of the two is unstable there (or both, on
  an exact tie): every such pair is a failure.
* ``near_pair_mean_expr`` — K²(N+1) 2^{-N-1}: pairs within distance 1 (duplicates included),
  the brief's large-K form; duplicates alone do not fail.
* ``bulk_failure_mean_expr`` — N K Φ̄(z_bulk): expected bulk failures (Gaussian).
* ``p_all_fixed_expr`` — exp(-tie_pair_mean - bulk_failure_mean): the finite-N prediction.
* ``crossing_K_expr`` / ``crossing_alpha_expr`` — K and α = ln K / N where the pair mean is
  ln 2 (P(all fixed) = ½ when the bulk is negligible); ``crossing_asymptotic_expr`` —
  ln 2/2 - (ln N - ln(2 ln 2))/(2N), its large-N expansion.
* ``chebyshev_bound_expr`` — N K (K-1) e^{-α₀(N-1)}: Cantelli's inequality plus a union bound
  over the N K sites, a rigorous upper bound on P(not all fixed); ``chebyshev_kmax_expr`` —
  the K where it equals ε, √(ε e^{α₀(N-1)}/N) (exponent α₀/2).
* ``gaussian_union_kmax_expr`` — e^{α₀(N-1)}/(2 α₀ N): the leading-order K where the Gaussian
  union estimate N K Φ̄(SNR) reaches a fixed ε (exponent α₀, prefactor 1/(2α₀N)).
* ``alpha_worst_expr`` — ln 2/2; ``alpha_worst_radius_expr`` — I(1-2ρ)/2 (Demircigil et al.).

Typical case (a random stored pattern is a fixed point):

* ``p_fixed_typical_expr`` — exp(-(K-1) N 2^{-N-1}) (1 - Φ̄(z_bulk))^N: each distance-1
  neighbour makes its site unstable with probability ½ (a fair coin). It gets the mean number
  of unstable sites right but overestimates P(fixed) by a few percent near the typical
  threshold: ``typical_local_samples`` keeps the neighbourhood that biases the coin.
  ``typical_crossing_alpha_expr`` — where its first factor is ½: exactly twice
  ``crossing_alpha_expr`` up to K vs K-1, the finite-N square law behind the factor-two gap
  (the large-N typical threshold is α₀, where the bulk takes over).

Numerical helpers (not SymPy): ``typical_local_samples`` / ``p_fixed_typical_local`` — a
sampler of the neighbourhood of a stored pattern (shells d <= 3 pattern by pattern, the rest
Gaussian) for the typical criterion at finite N; ``competitor_failure(N, n)`` — the
probability that one random competitor spoils one synchronous step from a cue with n flipped
bits (exact ties broken by the bulk with probability ½ per tied site), ``p_all_recalled`` and
``radius_crossing_alpha`` built on it, and ``gaussian_union_log_kmax`` (the exact root of
N K Φ̄(SNR) = ε).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from scipy.optimize import brentq
from scipy.special import gammaln, log_ndtr, logsumexp

from .._validation import as_generator, check_count, check_positive_finite
from . import _checks
from .snr import K, alpha0_expr, beta, n, rate_I_expr
from .snr import m as _m

__all__ = [
    "beta", "n", "K", "eps", "d", "rho", "q",
    "q_expr", "shell_mean_expr", "shell_m2_expr", "pattern_m2_expr", "near_m1_expr",
    "near_m2_expr", "bulk_m1_expr", "bulk_m2_expr", "bulk_z_expr", "tie_pair_mean_expr",
    "near_pair_mean_expr", "bulk_failure_mean_expr", "p_all_fixed_expr", "crossing_K_expr",
    "crossing_alpha_expr", "crossing_asymptotic_expr", "chebyshev_bound_expr",
    "chebyshev_kmax_expr", "gaussian_union_kmax_expr", "alpha_worst_expr",
    "alpha_worst_radius_expr", "p_fixed_typical_expr", "typical_crossing_K_expr",
    "typical_crossing_alpha_expr",
    "tie_pair_mean", "near_pair_mean", "bulk_z", "bulk_failure_mean", "p_all_fixed",
    "crossing_alpha", "crossing_asymptotic", "chebyshev_bound", "chebyshev_log_kmax",
    "gaussian_union_log_kmax", "gaussian_union_log_kmax_leading", "p_fixed_typical",
    "typical_crossing_alpha", "alpha_worst_radius", "competitor_failure", "radius_pair_mean",
    "p_all_recalled", "radius_crossing_alpha", "log_competitor_failure", "typical_local_samples",
    "p_fixed_typical_local",
]

eps = sp.Symbol("epsilon", positive=True)
d = sp.Symbol("d", integer=True, nonnegative=True)
rho = sp.Symbol("rho", nonnegative=True)
q = sp.Symbol("q", positive=True)

q_expr = sp.exp(-2 * beta)

# --- noise by distance shell ------------------------------------------------------------------
_shell = sp.binomial(n, d) / 2**n
shell_mean_expr = _shell * ((n - d) / n * q**d - d / n * q ** (d - 1))
shell_m2_expr = _shell * ((n - d) / n * q ** (2 * d) + d / n * q ** (2 * d - 2))
pattern_m2_expr = ((1 + q**2) / 2) ** (n - 1)
near_m1_expr = sp.simplify(shell_mean_expr.subs(d, 0) + shell_mean_expr.subs(d, 1))
near_m2_expr = sp.simplify(shell_m2_expr.subs(d, 0) + shell_m2_expr.subs(d, 1))
bulk_m1_expr = -near_m1_expr  # the full mean is 0
bulk_m2_expr = pattern_m2_expr - near_m2_expr
bulk_z_expr = (1 + (K - 1) * bulk_m1_expr) / sp.sqrt((K - 1) * (bulk_m2_expr - bulk_m1_expr**2))


def _phi_bar(x):
    return sp.erfc(x / sp.sqrt(2)) / 2


# --- worst case ------------------------------------------------------------------------------
tie_pair_mean_expr = K * (K - 1) / 2 * n / 2**n
near_pair_mean_expr = K**2 * (n + 1) / 2 ** (n + 1)
bulk_failure_mean_expr = n * K * _phi_bar(bulk_z_expr)
p_all_fixed_expr = sp.exp(-tie_pair_mean_expr - bulk_failure_mean_expr)
crossing_K_expr = sp.Rational(1, 2) + sp.sqrt(sp.Rational(1, 4) + 2 ** (n + 1) * sp.log(2) / n)
crossing_alpha_expr = sp.log(crossing_K_expr) / n
crossing_asymptotic_expr = sp.log(2) / 2 - (sp.log(n) - sp.log(2 * sp.log(2))) / (2 * n)
chebyshev_bound_expr = n * K * (K - 1) * sp.exp(-alpha0_expr * (n - 1))
chebyshev_kmax_expr = sp.sqrt(eps * sp.exp(alpha0_expr * (n - 1)) / n)
gaussian_union_kmax_expr = sp.exp(alpha0_expr * (n - 1)) / (2 * alpha0_expr * n)
alpha_worst_expr = sp.log(2) / 2
alpha_worst_radius_expr = rate_I_expr.subs(_m, 1 - 2 * rho) / 2

# --- typical case ----------------------------------------------------------------------------
p_fixed_typical_expr = (sp.exp(-(K - 1) * n / 2 ** (n + 1))
                        * (1 - _phi_bar(bulk_z_expr)) ** n)
typical_crossing_K_expr = 1 + 2 ** (n + 1) * sp.log(2) / n
typical_crossing_alpha_expr = sp.log(typical_crossing_K_expr) / n

# --- lambdified ------------------------------------------------------------------------------
_with_q = {q: q_expr}
_tie_pair_mean = sp.lambdify((K, n), tie_pair_mean_expr, "numpy")
_near_pair_mean = sp.lambdify((K, n), near_pair_mean_expr, "numpy")
_bulk_z = sp.lambdify((beta, n, K), bulk_z_expr.subs(_with_q), "numpy")
_bulk_failure_mean = sp.lambdify((beta, n, K), bulk_failure_mean_expr.subs(_with_q),
                                 ["scipy", "numpy"])
_p_all_fixed = sp.lambdify((beta, n, K), p_all_fixed_expr.subs(_with_q), ["scipy", "numpy"])
_crossing_alpha = sp.lambdify(n, crossing_alpha_expr, "numpy")
_crossing_asymptotic = sp.lambdify(n, crossing_asymptotic_expr, "numpy")
_chebyshev_bound = sp.lambdify((beta, n, K), chebyshev_bound_expr, "numpy")
# logs taken symbolically, so that e^{α₀N} never overflows
_log_chebyshev_kmax = sp.lambdify(
    (beta, n, eps), sp.expand_log(sp.log(chebyshev_kmax_expr), force=True), "numpy")
_log_gaussian_union_kmax = sp.lambdify(
    (beta, n), sp.expand_log(sp.log(gaussian_union_kmax_expr), force=True), "numpy")
_p_fixed_typical = sp.lambdify((beta, n, K), p_fixed_typical_expr.subs(_with_q),
                               ["scipy", "numpy"])
_typical_crossing_alpha = sp.lambdify(n, typical_crossing_alpha_expr, "numpy")
_alpha_worst_radius = sp.lambdify(rho, alpha_worst_radius_expr, "numpy")


def _arr(value):
    return np.asarray(value, dtype=float)


_beta = _checks.beta
_size = _checks.neurons


def _k(k):
    return _checks.at_least(k, "k", 1, " (the number of stored patterns K)")


def tie_pair_mean(k, n_neurons):
    """Expected number of pattern pairs at Hamming distance exactly 1, C(K,2) N 2^{-N}."""
    return _tie_pair_mean(_k(k), _size(n_neurons))


def near_pair_mean(k, n_neurons):
    """K² (N+1) 2^{-N-1}: pairs within distance 1, duplicates included (large-K form)."""
    return _near_pair_mean(_k(k), _size(n_neurons))


def bulk_z(beta_value, n_neurons, k):
    """Gaussian signal-to-noise ratio of the bulk (patterns at distance >= 2), K >= 2."""
    return _bulk_z(_beta(beta_value), _size(n_neurons), _k(k))


def bulk_failure_mean(beta_value, n_neurons, k):
    """N K Φ̄(z_bulk): expected number of sites failing through the bulk noise."""
    return _bulk_failure_mean(_beta(beta_value), _size(n_neurons), _k(k))


def p_all_fixed(beta_value, n_neurons, k):
    """Finite-N prediction of P(all K patterns are fixed points), K >= 2."""
    return _p_all_fixed(_beta(beta_value), _size(n_neurons), _k(k))


def crossing_alpha(n_neurons):
    """α = ln K / N at which the distance-1 pair mean equals ln 2 (P(all fixed) = ½)."""
    return _crossing_alpha(_size(n_neurons))


def crossing_asymptotic(n_neurons):
    """ln 2/2 - (ln N - ln(2 ln 2))/(2N): the large-N expansion of ``crossing_alpha``."""
    return _crossing_asymptotic(_size(n_neurons))


def chebyshev_bound(beta_value, n_neurons, k):
    """Rigorous upper bound N K (K-1) e^{-α₀(N-1)} on P(some stored pattern is not fixed)."""
    return _chebyshev_bound(_beta(beta_value), _size(n_neurons), _k(k))


def chebyshev_log_kmax(beta_value, n_neurons, epsilon):
    """ln K at which the Chebyshev (Cantelli) union bound equals ε."""
    epsilon = _checks.positive_finite(epsilon, "epsilon")
    return _log_chebyshev_kmax(_beta(beta_value), _size(n_neurons), epsilon)


def gaussian_union_log_kmax_leading(beta_value, n_neurons):
    """ln of e^{α₀(N-1)}/(2 α₀ N), the leading-order Gaussian union-bound capacity."""
    return _log_gaussian_union_kmax(_beta(beta_value), _size(n_neurons))


def gaussian_union_log_kmax(beta_value, n_neurons, epsilon):
    """ln K solving N K Φ̄(SNR) = ε with the §3 Gaussian SNR² = e^{α₀(N-1)}/(K-1) (scalars)."""
    beta_value = check_positive_finite(beta_value, "beta_value")
    if 2 * beta_value < 700.0:
        a0 = float(2 * beta_value - math.log(math.cosh(2 * beta_value)))
    else:  # cosh 2β overflows: α₀ = ln 2 − ln(1 + e^{−4β})
        a0 = math.log(2.0) - math.log1p(math.exp(-4.0 * beta_value))
    epsilon = check_positive_finite(epsilon, "epsilon")
    n_f = float(n_neurons)

    def excess(log_k):
        log_snr2 = (n_f - 1) * a0 - log_k - math.log1p(-math.exp(-log_k))
        return math.log(n_f) + log_k + float(log_ndtr(-math.exp(0.5 * log_snr2))) \
            - math.log(epsilon)

    return brentq(excess, 1e-9, (n_f - 1) * a0 + 50.0, xtol=1e-12)


def p_fixed_typical(beta_value, n_neurons, k):
    """Finite-N prediction of P(a random stored pattern is a fixed point), K >= 2."""
    return _p_fixed_typical(_beta(beta_value), _size(n_neurons), _k(k))


def typical_crossing_alpha(n_neurons):
    """α at which the distance-1 factor of ``p_fixed_typical`` is ½."""
    return _typical_crossing_alpha(_size(n_neurons))


def alpha_worst_radius(rho_value):
    """I(1-2ρ)/2 for 0 < ρ < ½, and ln 2/2 at ρ = 0 (Demircigil et al.'s worst-case load)."""
    r = _checks.in_range(rho_value, "rho_value", 0.0, 0.5, low_closed=True,
                         hint=" (a flip fraction; I(1 - 2ρ) needs ρ < ½)")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _alpha_worst_radius(r)
    return np.where(r == 0.0, math.log(2.0) / 2.0, out)


# --- typical case beyond the fair coin: the local neighbourhood --------------------------------
def typical_local_samples(beta_value, n_neurons, k, n_samples, rng, *, exact_shells=3,
                          chunk=4000):
    """Sample the neighbourhood of a random stored pattern ν: is ν a fixed point?

    The other K - 1 patterns are grouped by their distance d from ν (independent Poisson
    counts with means (K-1) C(N, d) 2^{-N}). Shells d <= ``exact_shells`` are drawn pattern by
    pattern, each with a uniformly random set of d differing sites: it adds q^d to P_i where it
    agrees with ν and -q^{d-1} where it differs. Farther shells enter every site as an
    independent Gaussian with their exact mean and variance. A site is stable iff P_i > 0.

    This keeps what the fair-coin formula ``p_fixed_typical`` drops: at a site i where ν has a
    distance-1 partner, the sign is decided by ν's other distance-1 neighbours (+q each) against
    its distance-2 neighbours that differ at i (-q each), so a pattern with few neighbours of
    its own fails more often than ½ there.

    Returns
    -------
    fixed : ndarray of bool, shape (n_samples,)
    n_pairs : ndarray of int, shape (n_samples,)
        Number of distance-1 neighbours of ν in each sample.
    """
    q_value = math.exp(-2.0 * check_positive_finite(beta_value, "beta_value"))
    n = check_count(n_neurons, "n_neurons", minimum=1)
    others = check_positive_finite(k, "k") - 1.0
    if others < 0.0:
        raise ValueError(f"k (the number of stored patterns) must be >= 1, got {k!r}")
    n_samples = check_count(n_samples, "n_samples", minimum=1)
    exact_shells = check_count(exact_shells, "exact_shells", minimum=0)
    chunk = check_count(chunk, "chunk", minimum=1)
    gen = as_generator(rng)
    mean = var = 0.0
    for dist in range(exact_shells + 1, n + 1):
        lam = others * math.comb(n, dist) / 2.0**n
        mean += lam * ((n - dist) / n * q_value**dist - dist / n * q_value ** (dist - 1))
        var += lam * ((n - dist) / n * q_value ** (2 * dist)
                      + dist / n * q_value ** (2 * dist - 2))
    fixed = np.empty(n_samples, dtype=bool)
    n_pairs = np.empty(n_samples, dtype=np.int64)
    for start in range(0, n_samples, chunk):
        rows = min(chunk, n_samples - start)
        stab = np.ones((rows, n))
        for dist in range(0, min(exact_shells, n) + 1):
            counts = gen.poisson(others * math.comb(n, dist) / 2.0**n, rows)
            if dist == 1:
                n_pairs[start:start + rows] = counts
            stab += counts[:, None] * q_value**dist
            total = int(counts.sum())
            if dist == 0 or total == 0:
                continue
            owner = np.repeat(np.arange(rows), counts)
            sites = gen.integers(0, n, (total, dist))
            while dist > 1:  # redraw the sets with a repeated site
                ordered = np.sort(sites, axis=1)
                bad = np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)
                if not bad.any():
                    break
                sites[bad] = gen.integers(0, n, (int(bad.sum()), dist))
            np.add.at(stab, (np.repeat(owner, dist), sites.ravel()),
                      -(q_value ** (dist - 1) + q_value**dist))
        stab += mean + math.sqrt(var) * gen.standard_normal(stab.shape)
        fixed[start:start + rows] = np.all(stab > 0.0, axis=1)
    return fixed, n_pairs


def p_fixed_typical_local(beta_value, n_neurons, k, n_samples, rng, *, exact_shells=3):
    """P(a random stored pattern is a fixed point) from ``typical_local_samples``."""
    fixed, _ = typical_local_samples(beta_value, n_neurons, k, n_samples, rng,
                                     exact_shells=exact_shells)
    return float(fixed.mean())


# --- one synchronous step from cues: a single competitor ------------------------------------
def _log_binomial_pmf(n_neurons, dist):
    return (math.lgamma(n_neurons + 1) - math.lgamma(dist + 1) - math.lgamma(n_neurons - dist + 1)
            - n_neurons * math.log(2.0))


def log_competitor_failure(n_neurons: int, n_flips: int) -> float:
    """ln P(one random pattern spoils one synchronous step from a cue with ``n_flips`` flips).

    The cue σ differs from its target in the set S (|S| = n); the competitor differs from σ
    in a uniformly random set D, |D| = d ~ Binomial(N, ½). Alone with the target, the
    competitor turns some site strictly wrong when d <= n - 2, when d = n - 1 unless D ⊂ S,
    and when d = n unless D = S (a duplicate of the target); it ties the sites of S \\ D when
    d = n - 1 and D ⊂ S, and those of D \\ S when d = n + 1. A tie is broken by the rest of
    the patterns, against the target with probability ½ per site. Log domain: any N.
    """
    n, f = int(n_neurons), int(n_flips)
    if not 0 <= f <= n:
        raise ValueError(f"n_flips must lie in [0, n_neurons], got {n_flips}")
    logs, weights = [], []
    if f >= 2:  # d <= n - 2: always, summed in one log-sum-exp
        dist = np.arange(f - 1)
        terms = (gammaln(n + 1) - gammaln(dist + 1) - gammaln(n - dist + 1)
                 - n * math.log(2.0))
        logs.append(float(logsumexp(terms)))
        weights.append(1.0)
    if f >= 1:  # d = n - 1: D ⊂ S in n of the C(N, n-1) sets, then one tied site
        logs.append(_log_binomial_pmf(n, f - 1))
        weights.append(1.0 - 0.5 * math.exp(math.log(f) - _log_binomial_pmf(n, f - 1)
                                            - n * math.log(2.0)))
    if f < n or f == 0:  # d = n: unless D = S
        logs.append(_log_binomial_pmf(n, f))
        weights.append(-math.expm1(-_log_binomial_pmf(n, f) - n * math.log(2.0)))
    if f + 1 <= n:  # d = n + 1: j = |D ∩ S| (hypergeometric), n + 1 - j tied sites
        log_size = _log_binomial_pmf(n, f + 1) + n * math.log(2.0)
        spoil = sum(math.exp(_log_binomial_pmf(f, j) + f * math.log(2.0)
                             + _log_binomial_pmf(n - f, f + 1 - j) + (n - f) * math.log(2.0)
                             - log_size) * (1.0 - 0.5 ** (f + 1 - j))
                    for j in range(max(0, 2 * f + 1 - n), f + 1))
        logs.append(_log_binomial_pmf(n, f + 1))
        weights.append(spoil)
    logs, weights = np.asarray(logs), np.asarray(weights)
    keep = weights > 0
    top = logs[keep].max()
    return float(top + np.log(np.sum(weights[keep] * np.exp(logs[keep] - top))))


def competitor_failure(n_neurons: int, n_flips: int) -> float:
    """P(one random pattern spoils one synchronous step from a cue); see the log version."""
    return math.exp(log_competitor_failure(n_neurons, n_flips))


def radius_pair_mean(k, n_neurons, n_flips):
    """K (K-1) p₁: expected (target, competitor) pairs spoiling one-step recall from cues."""
    k = _k(k)
    return k * (k - 1) * competitor_failure(n_neurons, n_flips)


def p_all_recalled(k, n_neurons, n_flips):
    """Prediction of P(every pattern is recalled in one step from its cue), Poisson form."""
    return np.exp(-radius_pair_mean(k, n_neurons, n_flips))


def radius_crossing_alpha(n_neurons, n_flips):
    """α = ln K / N at which ``radius_pair_mean`` equals ln 2 (any N: log domain)."""
    log_ratio = math.log(math.log(2.0)) - log_competitor_failure(n_neurons, n_flips)
    # K = ½ + √(¼ + e^x), ln K = x/2 + ln(½ e^{-x/2} + √(¼ e^{-x} + 1))
    half = 0.5 * log_ratio
    return (half + math.log(0.5 * math.exp(-half) + math.sqrt(0.25 * math.exp(-log_ratio) + 1)))\
        / n_neurons
