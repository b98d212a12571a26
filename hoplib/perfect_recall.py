"""Perfect recall of one stored pattern: brute force at small N, a whole-pattern sampler at large N.

A stored pattern ``ξ¹`` is *perfectly recalled* when all its ``N`` sites are stable,
``ξ¹_i h_i(ξ¹) > 0`` for every ``i`` (a zero field is a tie and counts as unstable). Two ways to
estimate the probability of that event over random pattern sets:

* :func:`brute_force_unstable_sites` draws ``K`` packed patterns and counts the unstable sites of
  some of them with :func:`hoplib.stability.count_unstable_sites` (exact, ``N`` up to ≈ 28).
* :func:`sample_unstable_sites` draws the unstable-site count of one pattern without drawing the
  ``K`` patterns (any ``K``, including ``K = e^{αN}`` at ``N`` in the hundreds).

The whole-pattern sampler
-------------------------
Gauge ``ξ¹`` to all ``+1``. In units of the signal ``A(0)``, the stability of site ``i`` is

``s_i = 1 + Σ_k Σ_{μ at distance k} [ A_k / A_0 if μ agrees at i, −D_k / A_0 if not ]``

with ``A_k / A_0 = e^{−2βk}`` and ``D_k = A_{k−1}`` (:mod:`hoplib.models`). Writing ``n_k`` for
the number of other patterns at Hamming distance ``k`` and ``m_{k,i}`` for how many of them
disagree at site ``i`` (``Σ_i m_{k,i} = k n_k`` exactly),

``s_i = 1 + Σ_k (n_k − λ_k) c_k − Σ_k w_k (m_{k,i} − k n_k / N)``,

``c_k = e^{−2βk}[1 − (k/N)(1 + e^{2β})]``, ``w_k = e^{−2βk}(1 + e^{2β})``, where
``λ_k = (K−1) C(N,k) 2^{−N}`` and ``Σ_k λ_k c_k = 0`` exactly (so the large mean terms cancel
analytically, not numerically). The first sum is **common to all sites** of the pattern: this is
what correlates the site errors. The second is site specific and sums to zero over sites.

* Counts: ``n_k`` are independent Poisson(``λ_k``) (the multinomial with ``K−1`` trials in the
  large-``K`` limit; both have the same mean and, because ``Σ_k λ_k c_k = 0``, the same variance
  of the common term), drawn exactly for ``λ_k < 10¹²`` and as ``λ_k + √λ_k G`` above.
* Near distances (``λ_k k / N <= explicit_mean``: at most a few disagreeing patterns per site on
  average) are treated **exactly**: each of the ``n_k`` patterns gets a uniformly random set of
  ``k`` disagreeing sites, and ``m_{k,i}`` is counted.
* Far distances (many disagreeing patterns per site) are replaced by a Gaussian vector with the
  exact conditional mean and covariance of ``Σ_k w_k m_{k,·}`` given the counts: variance
  ``v = Σ_k w_k² n_k k (N−k) / (N(N−1))`` per site, projected on the sum-zero subspace,
  ``−√(v N/(N−1)) (g_i − ḡ)`` with i.i.d. standard normal ``g``. This reproduces the exact
  covariance ``−v/(N−1)`` between sites; only higher cumulants of the far part are neglected,
  and they are small because each such site sees many (> ``explicit_mean``) patterns.

Exact ties (a stability of exactly zero, e.g. one other pattern at distance 1 and nothing else)
are decided by float rounding here, while brute force decides them exactly; any further pattern
breaks such a tie, so this matters only for ``K`` of a few.

One sample costs ``O(N + Σ_{explicit k} k n_k)`` whatever ``K`` is. Randomness: counts and
normals come from the caller's ``numpy.random.Generator``; the random disagreement sets come
from a SplitMix64 counter stream inside the kernel, seeded per sample by 64-bit integers drawn
from the same Generator, so results do not depend on the number of threads.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numba import njit, prange

from ._validation import (
    as_generator,
    check_count,
    check_finite_array,
    check_model,
    check_positive_finite,
)
from .patterns import random_packed_patterns
from .stability import count_unstable_sites

__all__ = [
    "log_distance_counts",
    "sample_unstable_sites",
    "brute_force_unstable_sites",
    "sweep",
    "probit_threshold",
    "crossing_log_K",
]

_GAUSSIAN_COUNTS = 1e12  # λ above which a Poisson count is drawn as λ + √λ G
_BATCH = 1024  # samples per batch (bounds the memory of the normal draws to batch × N)


def log_distance_counts(n_neurons: int, log_K: float) -> np.ndarray:  # noqa: N803
    """``ln λ_k``, k = 0..N: log of the expected number of the other ``K − 1`` patterns at
    Hamming distance ``k`` from a given one, ``λ_k = (K − 1) C(N, k) 2^{−N}``.

    Parameters
    ----------
    n_neurons : int
        N >= 1.
    log_K : float
        ``ln K`` (natural log, K > 1), so that ``K = e^{αN}`` far beyond float range is
        allowed.

    Returns
    -------
    ndarray of float64, shape (N + 1,)
        ``ln λ_k`` for k = 0..N.
    """
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    log_K = check_positive_finite(log_K, "log_K")  # noqa: N806
    log_k_minus_1 = log_K + math.log1p(-math.exp(-log_K))
    k = np.arange(n_neurons + 1)
    log_binom = np.array([math.lgamma(n_neurons + 1) - math.lgamma(j + 1)
                          - math.lgamma(n_neurons - j + 1) for j in k])
    return log_k_minus_1 + log_binom - n_neurons * math.log(2.0)


@njit(cache=True)
def _splitmix64(state):
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return state, z


@njit(cache=True, parallel=True)
def _sample_kernel(n_neurons, explicit_k, explicit_w, explicit_counts, offset, bulk_sd, gauss,
                   seeds):
    """Unstable-site count and minimum stability of each sample (see module docstring)."""
    n_samples = offset.size
    n_unstable = np.empty(n_samples, dtype=np.int64)
    margin = np.empty(n_samples, dtype=np.float64)
    for s in prange(n_samples):
        loss = np.zeros(n_neurons, dtype=np.float64)
        perm = np.arange(n_neurons)
        state = seeds[s]
        for e in range(explicit_k.size):
            k = explicit_k[e]
            w = explicit_w[e]
            for _ in range(explicit_counts[s, e]):
                # partial Fisher–Yates: perm[:k] becomes a uniform random k-subset
                for j in range(k):
                    state, z = _splitmix64(state)
                    r = j + int((z >> np.uint64(11)) * (n_neurons - j) / 9007199254740992.0)
                    tmp = perm[j]
                    perm[j] = perm[r]
                    perm[r] = tmp
                    loss[perm[j]] += w
        g_mean = 0.0
        for i in range(n_neurons):
            g_mean += gauss[s, i]
        g_mean /= n_neurons
        count = 0
        lowest = np.inf
        for i in range(n_neurons):
            st = offset[s] - loss[i] - bulk_sd[s] * (gauss[s, i] - g_mean)
            if st <= 0.0:
                count += 1
            if st < lowest:
                lowest = st
        n_unstable[s] = count
        margin[s] = lowest
    return n_unstable, margin


def _draw_counts(gen, log_lam, size):
    """Poisson counts (exact below 1e12, Gaussian above) as (counts, excess, log_counts)."""
    lam = np.exp(np.minimum(log_lam, 700.0))
    big = log_lam > math.log(_GAUSSIAN_COUNTS)
    small_lam = np.where(big, 0.0, lam)
    counts = gen.poisson(small_lam, size=(size, log_lam.size)).astype(np.float64)
    g = gen.standard_normal((size, log_lam.size))
    excess = counts - small_lam  # n_k − λ_k for the exactly drawn counts
    # for huge λ: n − λ = √λ G, computed through logs to stay in range
    sqrt_lam = np.exp(0.5 * log_lam)
    excess = np.where(big, sqrt_lam * g, excess)
    with np.errstate(divide="ignore"):
        log_counts = np.where(big, log_lam + np.log1p(np.where(big, g / sqrt_lam, 0.0)),
                              np.log(counts))
    return counts, excess, log_counts


def _log_weights(beta, n):
    """``(ln w_k, ln |c_k|, sign c_k)`` for k = 0..N (module docstring).

    For ``2β`` beyond float range of ``e^{2β}`` (β > 350) the same quantities are formed in
    the log domain, with ``ln(1 + e^{2β}) = 2β + ln(1 + e^{-2β})``; below, the direct formulas.
    """
    k = np.arange(n + 1)
    two_beta = 2.0 * beta
    if two_beta < 700.0:
        log_w = math.log1p(math.exp(two_beta)) - two_beta * k
        c_factor = 1.0 - (k / n) * (1.0 + math.exp(two_beta))
        log_abs_c = -two_beta * k + np.log(np.abs(c_factor) + (c_factor == 0))
        return log_w, log_abs_c, np.sign(c_factor)
    log_one_plus = two_beta + math.log1p(math.exp(-two_beta))  # ln(1 + e^{2β})
    log_w = log_one_plus - two_beta * k
    # c_k = 1 - (k/N)(1 + e^{2β}) = -(k/N)(1 + e^{2β})(1 - N/(k(1 + e^{2β}))) for k >= 1
    with np.errstate(divide="ignore"):
        log_ratio = np.log(k / n)
    log_abs_c = -two_beta * k + log_ratio + log_one_plus
    log_abs_c[1:] += np.log1p(-n / k[1:] * math.exp(-log_one_plus))
    log_abs_c[0] = 0.0
    sign_c = np.where(k == 0, 1.0, -1.0)
    return log_w, log_abs_c, sign_c


def sample_unstable_sites(n_neurons: int, log_K: float, beta: float, n_samples: int, rng,  # noqa: N803
                          explicit_mean: float = 32.0):
    """Sample the number of unstable sites of one stored pattern (whole-pattern sampler).

    Parameters
    ----------
    n_neurons : int
        N >= 2.
    log_K : float
        ``ln K``, natural log of the number of stored patterns (K > 1).
    beta : float
        β of :class:`hoplib.ExponentialMSE`.
    n_samples : int
        Independent pattern sets to sample.
    rng : int or numpy.random.Generator
    explicit_mean : float, optional
        Distances ``k`` with ``λ_k k / N <= explicit_mean`` (mean number of such patterns
        disagreeing at a site) are drawn pattern by pattern; the others are the Gaussian bulk.
        ``inf`` treats every distance exactly (cost ``~ K N / 2`` per sample).

    Returns
    -------
    n_unstable : ndarray of int64, shape (n_samples,)
        Sites with ``ξ_i h_i <= 0``; perfect recall is ``n_unstable == 0``.
    margin : ndarray of float64, shape (n_samples,)
        ``min_i ξ_i h_i`` in units of the signal ``A(0)``.
    """
    n_neurons = check_count(n_neurons, "n_neurons", minimum=2)
    beta = check_positive_finite(beta, "beta")
    n_samples = check_count(n_samples, "n_samples", minimum=1)
    if isinstance(explicit_mean, bool) or not isinstance(explicit_mean, numbers.Real):
        raise TypeError(f"explicit_mean must be a real number >= 0 (inf allowed), "
                        f"got {explicit_mean!r}")
    explicit_mean = float(explicit_mean)
    if not explicit_mean >= 0.0:
        raise ValueError(f"explicit_mean must be >= 0, got {explicit_mean}")
    gen = as_generator(rng)
    log_lam = log_distance_counts(n_neurons, log_K)
    n = n_neurons
    k = np.arange(n + 1)
    log_w, log_abs_c, sign_c = _log_weights(beta, n)
    with np.errstate(divide="ignore"):
        log_mean_per_site = log_lam + np.log(k / n)
    explicit = (k >= 1) & (log_mean_per_site <= math.log(explicit_mean)
                           if explicit_mean > 0 else np.zeros(n + 1, bool))
    bulk = (k >= 1) & ~explicit
    explicit_k = k[explicit].astype(np.int64)
    explicit_w = np.exp(log_w[explicit])
    with np.errstate(divide="ignore"):
        log_site_var = 2.0 * log_w + np.log(k * (n - k) / (n * (n - 1.0)))

    n_unstable = np.empty(n_samples, dtype=np.int64)
    margin = np.empty(n_samples, dtype=np.float64)
    for start in range(0, n_samples, _BATCH):
        size = min(_BATCH, n_samples - start)
        counts, excess, log_counts = _draw_counts(gen, log_lam, size)
        # common term Σ_k (n_k − λ_k) c_k, each product formed in the log domain
        mag = np.exp(np.minimum(np.log(np.abs(excess) + (excess == 0)) + log_abs_c, 700.0))
        common = (np.sign(excess) * sign_c * mag * (excess != 0)).sum(axis=1)
        # the explicit patterns' mean load, Σ_explicit w_k k n_k / N, is added back
        centre = (counts[:, explicit] * (explicit_w * explicit_k / n)).sum(axis=1)
        offset = 1.0 + common + centre
        var_terms = np.where(bulk & np.isfinite(log_counts),
                             np.exp(np.minimum(log_counts + log_site_var, 700.0)), 0.0)
        variance = var_terms.sum(axis=1)
        bulk_sd = np.sqrt(variance * n / (n - 1.0))
        gauss = gen.standard_normal((size, n))
        seeds = gen.integers(0, np.iinfo(np.uint64).max, size=size, dtype=np.uint64,
                             endpoint=True)
        nu, mg = _sample_kernel(n, explicit_k, explicit_w,
                                counts[:, explicit].astype(np.int64), offset, bulk_sd, gauss,
                                seeds)
        n_unstable[start:start + size] = nu
        margin[start:start + size] = mg
    return n_unstable, margin


def brute_force_unstable_sites(model, n_neurons: int, n_patterns: int, n_sets: int,
                               n_checked: int, rng) -> np.ndarray:
    """Unstable-site counts of ``n_checked`` stored patterns in each of ``n_sets`` random sets.

    Each set holds ``n_patterns`` i.i.d. packed patterns (:func:`hoplib.random_packed_patterns`)
    and its first ``n_checked`` patterns are checked with
    :func:`hoplib.stability.count_unstable_sites` for ``model``. Exact (ties are unstable).

    Parameters
    ----------
    model : Model
        Any :class:`hoplib.Model`.
    n_neurons : int
        N >= 1 (brute force: ``N`` up to ≈ 28 at ``K = e^{αN}``).
    n_patterns : int
        K >= 1, natural count of patterns per set.
    n_sets : int
        Independent pattern sets.
    n_checked : int
        Patterns checked per set (the first ones), 1 <= n_checked <= K.
    rng : int or numpy.random.Generator

    Returns
    -------
    ndarray of int64, shape (n_sets, n_checked)
        Unstable sites of each checked pattern; perfect recall is a zero.
    """
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    n_patterns = check_count(n_patterns, "n_patterns", minimum=1)
    n_sets = check_count(n_sets, "n_sets", minimum=1)
    n_checked = check_count(n_checked, "n_checked", minimum=1, maximum=n_patterns)
    gen = as_generator(rng)
    which = np.arange(n_checked)
    out = np.empty((n_sets, n_checked), dtype=np.int64)
    for s in range(n_sets):
        packed = random_packed_patterns(n_patterns, n_neurons, gen)
        out[s] = count_unstable_sites(model, packed, n_neurons, which)
    return out


def sweep(n_neurons: int, beta: float, log_K_values, n_samples: int, rng,  # noqa: N803
          explicit_mean: float = 32.0) -> dict:
    """Run :func:`sample_unstable_sites` at every ``ln K`` of ``log_K_values``.

    Parameters
    ----------
    n_neurons : int
        N >= 2.
    beta : float
        β of :class:`hoplib.ExponentialMSE`.
    log_K_values : array_like of float, shape (L,)
        Values of ``ln K`` (natural log), each > 0.
    n_samples : int
        Samples per value.
    rng : int or numpy.random.Generator
        One generator is shared by all values, in order.
    explicit_mean : float, default 32.0
        As in :func:`sample_unstable_sites`.

    Returns
    -------
    dict of ndarray, each of shape (L,)
        ``log_K``, ``trials`` (= ``n_samples``), ``perfect`` (samples with no unstable site),
        ``mean_unstable`` and ``se_unstable`` (its standard error; inf when n_samples is 1).
    """
    values = np.atleast_1d(np.asarray(log_K_values, dtype=float))
    if values.ndim != 1 or values.size == 0:
        raise ValueError("log_K_values must be a non-empty 1-d sequence of ln K values")
    gen = as_generator(rng)
    perfect, mean, se = [], [], []
    for lk in values:
        nu, _ = sample_unstable_sites(n_neurons, float(lk), beta, n_samples, gen, explicit_mean)
        perfect.append(int((nu == 0).sum()))
        mean.append(nu.mean())
        se.append(nu.std(ddof=1) / math.sqrt(nu.size) if nu.size > 1 else np.inf)
    return dict(log_K=values, trials=np.full(values.size, n_samples), perfect=np.array(perfect),
                mean_unstable=np.array(mean), se_unstable=np.array(se))


def probit_threshold(log_K, successes, trials, target: float = 0.5):  # noqa: N803
    """Fit ``P(ln K) = Φ((μ − ln K)/s)`` by maximum likelihood; return ``(ln K*, stderr)``.

    ``ln K*`` is where the fitted probability equals ``target`` (½ by default: the median
    capacity); ``stderr`` comes from the observed Fisher information (delta method).

    Parameters
    ----------
    log_K : array_like of float, shape (L,)
        ``ln K`` values (natural log), L >= 2.
    successes : array_like of float, shape (L,)
        Successes (e.g. perfect recalls) at each value, 0 <= successes <= trials.
    trials : array_like of float, shape (L,)
        Trials at each value, > 0.
    target : float, default 0.5
        Probability in (0, 1) whose ``ln K`` is returned.

    Returns
    -------
    log_K_star : float
        Fitted ``ln K`` at which the success probability equals ``target``.
    stderr : float
        Its standard error.
    """
    from scipy import optimize, stats

    x = check_finite_array(log_K, "log_K")
    y = check_finite_array(successes, "successes")
    n = check_finite_array(trials, "trials")
    if x.ndim != 1 or x.shape != y.shape or x.shape != n.shape or x.size < 2:
        raise ValueError("log_K, successes and trials must be 1-d arrays of equal length >= 2")
    if np.any(n <= 0) or np.any(y < 0) or np.any(y > n):
        raise ValueError("need trials > 0 and 0 <= successes <= trials")
    if isinstance(target, bool) or not isinstance(target, numbers.Real) \
            or not 0.0 < target < 1.0:
        raise ValueError(f"target must be a probability in (0, 1), got {target!r}")

    def nll(theta):
        mu, log_s = theta
        z = (mu - x) / np.exp(log_s)
        return -(y * stats.norm.logcdf(z) + (n - y) * stats.norm.logsf(z)).sum()

    p = y.sum() / n.sum()
    start = np.array([np.interp(0.5, (y / n)[::-1], x[::-1]) if 0 < p < 1 else x.mean(),
                      math.log(max(np.ptp(x), 1e-3) / 4)])
    fit = optimize.minimize(nll, start, method="Nelder-Mead",
                            options=dict(xatol=1e-8, fatol=1e-10, maxiter=4000))
    mu, log_s = fit.x
    s = math.exp(log_s)
    q = stats.norm.ppf(target)
    estimate = mu - s * q
    # observed information by central differences, then the delta method for μ − s q
    h = 1e-4
    hess = np.empty((2, 2))
    for a in range(2):
        for b in range(2):
            ea, eb = np.eye(2)[a] * h, np.eye(2)[b] * h
            hess[a, b] = (nll(fit.x + ea + eb) - nll(fit.x + ea - eb) - nll(fit.x - ea + eb)
                          + nll(fit.x - ea - eb)) / (4 * h * h)
    cov = np.linalg.pinv(hess)
    grad = np.array([1.0, -s * q])
    return float(estimate), float(math.sqrt(max(grad @ cov @ grad, 0.0)))


def crossing_log_K(log_K, values, stderr, target: float, n_boot: int = 400, rng=0):  # noqa: N803
    """ln K at which a positive increasing quantity (e.g. the mean number of unstable sites)
    equals ``target``: weighted quadratic fit of ``ln values`` against ``ln K``, then its root.

    Parameters
    ----------
    log_K : array_like of float, shape (L,)
        ``ln K`` values (natural log), L >= 3.
    values : array_like of float, shape (L,)
        Positive measured quantity at each value.
    stderr : array_like of float, shape (L,)
        Standard errors of ``values``, > 0 (inf allowed: the point gets no weight).
    target : float
        Positive level of the quantity.
    n_boot : int, default 400
        Parametric-bootstrap refits (normal with the given standard errors).
    rng : int or numpy.random.Generator, default 0

    Returns
    -------
    log_K_star : float
        ``ln K`` of the root closest to the linear interpolation; nan if the fit has no
        real root.
    stderr : float
        Bootstrap standard deviation of the root (failed refits ignored).
    """
    x = check_finite_array(log_K, "log_K")
    y = check_finite_array(values, "values")
    se = np.asarray(stderr, dtype=float)  # inf allowed: a point with no weight (see sweep)
    if np.any(np.isnan(se)):
        raise ValueError(f"stderr must not hold nan, got {stderr!r}")
    if x.ndim != 1 or x.shape != y.shape or x.shape != se.shape or x.size < 3:
        raise ValueError("log_K, values and stderr must be 1-d arrays of equal length >= 3")
    target = check_positive_finite(target, "target")
    if np.any(y <= 0) or np.any(se <= 0):
        raise ValueError("values, stderr and target must be positive")
    n_boot = check_count(n_boot, "n_boot", minimum=2)
    gen = as_generator(rng)
    x0 = x.mean()

    def root(yy):
        coef = np.polyfit(x - x0, np.log(yy), 2, w=yy / se)
        roots = np.roots(coef - np.array([0.0, 0.0, math.log(target)]))
        roots = roots[np.isreal(roots)].real + x0
        if roots.size == 0:
            return np.nan
        return roots[np.argmin(np.abs(roots - np.interp(math.log(target), np.log(yy), x)))]

    estimate = root(y)
    boot = [root(np.maximum(y + se * gen.standard_normal(y.size), 1e-300))
            for _ in range(n_boot)]
    return float(estimate), float(np.nanstd(boot, ddof=1))
