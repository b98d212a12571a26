"""Semi-analytic sampler of the one-step stability of a site, for any N and K = e^{αN}.

Setting (theory brief §3, §9). Pattern ``ξ¹`` is the condensed pattern; the other ``K - 1``
patterns are i.i.d. uniform ±1. The state ``σ`` (the cue) is ``ξ¹`` with ``r`` bits flipped
(``r = 0``: the stored pattern itself) and is independent of the other patterns. For a site
``i`` we sample the **retrieval stability** ``ξ¹_i h_i(σ)``: it is positive when one update of
site ``i`` gives (or keeps) the correct bit ``ξ¹_i``.

* ``site="agree"``: ``σ_i = ξ¹_i``, so ``ξ¹_i h_i = σ_i h_i`` (the usual stability; at ``r = 0``
  this is the fixed-point test of a stored pattern).
* ``site="flipped"``: ``σ_i = -ξ¹_i`` (needs ``r >= 1``), so ``ξ¹_i h_i = -σ_i h_i``.

Decomposition. With the difference tables of :mod:`hoplib.models`, a pattern at Hamming distance
``d`` from ``σ`` adds ``A(d)`` to ``σ_i h_i`` when it agrees with ``σ`` at ``i`` and
``-D(d) = -A(d - 1)`` when it disagrees. Writing ``k`` for the distance on the *other* ``N - 1``
sites, every random pattern adds ``a · A(k)`` to ``ξ¹_i h_i`` with an independent fair sign
``a = ±1``. Hence, exactly,

    ξ¹_i h_i = A(r')  +  Σ_{k=0}^{N-1} A(k) · S_k,     r' = r (agree) or r - 1 (flipped),

where ``n_k`` = number of other patterns at distance ``k`` on the other sites is multinomial
with ``K - 1`` trials and probabilities ``C(N-1, k) / 2^{N-1}``, and ``S_k = 2·Binomial(n_k, ½)
- n_k`` is the signed sum of their signs. For the exponential-MSE model
``A(k) = e^{-β} sinh β · e^{-2βk}``, so the signal is ``e^{-β} sinh β · e^{-2βr'}``. One sample
costs O(N) whatever K is.

Regimes for the counts (chosen from ``log_K``):

* ``K < 2^53``: ``K = round(e^{log_K})`` and the ``K - 1`` others are split *exactly*
  (multinomial); this is the brute-force distribution, sample for sample.
* larger ``K``: the total is Poissonised, ``n_k ~ Poisson(λ_k)`` independently with
  ``λ_k = (K - 1) C(N-1, k) / 2^{N-1}`` (relative difference from the multinomial O(K^{-1/2}));
  layers with ``λ_k >= 2^52`` use ``S_k ~ Normal(0, λ_k)`` (the binomial's CLT error and the
  relative count fluctuation ``λ^{-1/2}`` are below 1e-7 there).
* layers with ``λ_k < 1e-15`` are skipped (total-variation error below ``N · 1e-15`` per
  sample).

Scaled domain. Each term is handled as ``(sign, log|term|)`` and the sum is taken relative to
the largest term of its sample, so neither ``e^{βN}`` nor a signal ``e^{-2βr}`` far below the
noise underflows to a spurious zero (N in the thousands is fine). The result for sample ``s`` is
``scaled[s] * exp(log_scale[s])`` in the model's natural units.

Ties. For the exponential models (:class:`~hoplib.ExponentialMSE`, :class:`~hoplib.Demircigil`)
the field is ``Σ_k c_k e^{-2βk}`` with integer ``c_k``; it is exactly zero only when every
``c_k`` is zero (``e^{-2β}`` is transcendental for algebraic β ≠ 0), which the sampler detects on
integers and reports as ``ties`` with ``scaled = 0.0``. (Example: the only other pattern sits at
distance 1 and differs at ``i``.) Brute force finds the same ties up to float rounding.

Public API
----------
``sample_site_stabilities(model, n_neurons, log_K, n_samples, rng, *, distance=0,
site="agree")`` → :class:`SiteSamples` with

* ``scaled``, ``log_scale`` (arrays of shape ``(n_samples,)``):
  ``ξ¹_i h_i = scaled · e^{log_scale}``;
* ``ties`` (bool array), ``errors(ties_are_errors=True)`` (bool array: ``ξ¹_i h_i < 0``, or a
  tie); ``ties_are_errors=True`` matches the strict fixed-point test and
  :func:`hoplib.stability.count_unstable_sites`; in the dynamics a tie keeps the spin, which is
  correct at an agree site and wrong at a flipped site;
* ``relative_to_signal()`` → ``ξ¹_i h_i / A(r')`` as float64 (1 means no noise; ±inf only if
  the noise exceeds the signal by more than e^{709});
* ``log_signal``: ``ln |A(r')|`` in natural units.

``signal_log(model, n_neurons, distance=0, site="agree")`` and ``layer_log_means(n_neurons,
log_K)`` expose the two ingredients (log signal, log λ_k) for theory comparisons.

Example
-------
>>> from hoplib import ExponentialMSE
>>> s = sample_site_stabilities(ExponentialMSE(1.0), 1000, 0.6 * 1000, 2000, rng=0)
>>> p_error = s.errors().mean()       # per-site error of a stored pattern at α = 0.6
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from ._validation import as_generator, check_count, check_model
from .models import _EXPONENTIAL, _difference_tables

__all__ = ["SiteSamples", "sample_site_stabilities", "signal_log", "layer_log_means"]

_EXACT_MAX_LOG_K = 52 * math.log(2.0)  # K < 2^52: exact multinomial counts
_GAUSS_COUNT = 2.0**52  # Poisson mean above which S_k ~ Normal(0, λ_k)
_SKIP_MEAN = 1e-15  # layers with λ_k below this are never populated
_CHUNK_ELEMENTS = 1 << 21  # samples × layers processed at once


@dataclass(frozen=True)
class SiteSamples:
    """Samples of the retrieval stability ``ξ¹_i h_i`` of one site (see module docstring).

    Attributes
    ----------
    scaled, log_scale : ndarray of float64, shape (n_samples,)
        ``ξ¹_i h_i = scaled * exp(log_scale)`` in the model's natural units.
    ties : ndarray of bool
        Exact zero fields (exponential models only; always False for the others).
    log_signal : float
        ``ln |A(r')|``, the condensed pattern's contribution, natural units.
    signal_sign : float
        Sign of ``A(r')`` (+1 for the exponential models).
    distance : int
        Hamming distance ``r`` of the cue from ``ξ¹``.
    site : str
        ``"agree"`` or ``"flipped"``.
    """

    scaled: np.ndarray
    log_scale: np.ndarray
    ties: np.ndarray
    log_signal: float
    signal_sign: float
    distance: int
    site: str

    def errors(self, ties_are_errors: bool = True) -> np.ndarray:
        """Boolean array: the site is wrong after one update (``ξ¹_i h_i < 0``, or a tie)."""
        wrong = self.scaled < 0.0
        return wrong | self.ties if ties_are_errors else wrong

    def relative_to_signal(self) -> np.ndarray:
        """``ξ¹_i h_i / A(r')`` as float64 (1 + noise/signal)."""
        with np.errstate(over="ignore"):
            return self.signal_sign * self.scaled * np.exp(self.log_scale - self.log_signal)

    def natural(self) -> np.ndarray:
        """``ξ¹_i h_i`` in natural units; OverflowError when a value does not fit float64."""
        if np.any(self.log_scale > 709.0):
            raise OverflowError("stabilities exceed float64; use scaled and log_scale")
        return self.scaled * np.exp(self.log_scale)


def _check_log_k(log_k):
    if isinstance(log_k, bool) or not isinstance(log_k, numbers.Real):
        raise TypeError(f"log_K must be a real number (ln of the pattern count), got {log_k!r}")
    log_k = float(log_k)
    if not math.isfinite(log_k) or log_k < 0.0:
        raise ValueError(f"log_K must be finite and >= 0 (K >= 1 patterns), got {log_k}")
    return log_k


def _check_site(site, distance, n_neurons):
    if site not in ("agree", "flipped"):
        raise ValueError(f"site must be 'agree' or 'flipped', got {site!r}")
    distance = check_count(distance, "distance", minimum=0, maximum=n_neurons)
    if site == "agree" and distance == n_neurons:
        raise ValueError(f"site='agree' needs distance <= n_neurons - 1, got {distance}")
    if site == "flipped" and distance == 0:
        raise ValueError("site='flipped' needs distance >= 1 (a cue with at least one flip)")
    return distance


def _log_tables(model, n_neurons):
    """``(log|A(k)|, sign A(k))`` for k = 0..N-1 in natural units."""
    k = np.arange(n_neurons, dtype=np.float64)
    if model._kind == _EXPONENTIAL:
        b = model.parameter
        # A(k) = ½(e^{-2βk} - e^{-2β(k+1)}) · e^{log_scale(N, 0)}
        log_a = -2.0 * b * k + math.log(0.5 * -math.expm1(-2.0 * b))
        sign = np.ones(n_neurons)
    else:
        agree, _ = _difference_tables(model._kind, model.parameter, n_neurons, 0)
        table = agree[:n_neurons]
        with np.errstate(divide="ignore"):
            log_a = np.log(np.abs(table))
        sign = np.sign(table)
    return log_a + model._log_scale(n_neurons, 0), sign


def signal_log(model, n_neurons: int, distance: int = 0, site: str = "agree") -> float:
    """``ln |A(r')|``: log of the condensed pattern's contribution to ``ξ¹_i h_i``."""
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    distance = _check_site(site, distance, n_neurons)
    log_a, _ = _log_tables(model, n_neurons)
    return float(log_a[distance if site == "agree" else distance - 1])


def _log_layer_probs(n_neurons):
    """``ln [C(N-1, k) / 2^{N-1}]`` for k = 0..N-1."""
    k = np.arange(n_neurons, dtype=np.float64)
    n1 = n_neurons - 1
    return gammaln(n1 + 1.0) - gammaln(k + 1.0) - gammaln(n1 - k + 1.0) - n1 * math.log(2.0)


def layer_log_means(n_neurons: int, log_K) -> np.ndarray:
    """``ln λ_k = ln(K - 1) + ln C(N-1, k) - (N-1) ln 2`` for k = 0..N-1 (``-inf`` if K = 1)."""
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    log_k = _check_log_k(log_K)
    log_p = _log_layer_probs(n_neurons)
    if log_k == 0.0:
        return np.full(n_neurons, -np.inf)
    log_others = log_k + math.log(-math.expm1(-log_k))  # ln(K - 1)
    return log_others + log_p


def _draw_signed_sums(gen, n_rows, log_lambda, exact_others):
    """Signed sums S_k of the listed layers as ``(log|S|, sign S, integers or None)``.

    The integer array (int64) is returned when every S_k is an exact integer draw; layers with
    Poisson means >= 2^52 are Gaussian, handled in the log domain (their λ can exceed 1e308).
    """
    n_layers = log_lambda.size
    if exact_others is not None:
        if exact_others == 0:
            counts = np.zeros((n_rows, n_layers), dtype=np.int64)
        else:
            p = np.exp(log_lambda - log_lambda.max())
            counts = gen.multinomial(exact_others, p / p.sum(), size=n_rows)
        ints = 2 * gen.binomial(counts, 0.5) - counts
    else:
        huge = log_lambda >= math.log(_GAUSS_COUNT)
        if huge.any():
            z = gen.standard_normal((n_rows, n_layers))
            with np.errstate(divide="ignore"):
                log_abs = np.log(np.abs(z)) + 0.5 * log_lambda
            sign = np.sign(z)
            small = ~huge
            if small.any():
                counts = gen.poisson(np.exp(log_lambda[small]), size=(n_rows, int(small.sum())))
                part = (2 * gen.binomial(counts, 0.5) - counts).astype(np.float64)
                with np.errstate(divide="ignore"):
                    log_abs[:, small] = np.log(np.abs(part))
                sign[:, small] = np.sign(part)
            return log_abs, sign, None
        counts = gen.poisson(np.exp(log_lambda), size=(n_rows, n_layers))
        ints = 2 * gen.binomial(counts, 0.5) - counts
    with np.errstate(divide="ignore"):
        log_abs = np.log(np.abs(ints).astype(np.float64))
    return log_abs, np.sign(ints).astype(np.float64), ints


def sample_site_stabilities(model, n_neurons: int, log_K, n_samples: int, rng, *,
                            distance: int = 0, site: str = "agree") -> SiteSamples:
    """Sample ``ξ¹_i h_i`` at one site of a cue at distance ``distance`` from ``ξ¹``.

    Parameters
    ----------
    model : Model
        Any hoplib model; exact tie detection needs an exponential one.
    n_neurons : int
        N >= 1 (thousands are fine).
    log_K : float
        ``ln K``, K = total number of stored patterns including ``ξ¹`` (so ``log_K = αN``).
    n_samples : int
        Independent samples (independent pattern sets).
    rng : int or numpy.random.Generator
    distance : int, default 0
        Hamming distance ``r`` of the cue from ``ξ¹``.
    site : {"agree", "flipped"}
        A site where the cue agrees with ``ξ¹`` or one of its flipped sites.

    Returns
    -------
    SiteSamples
    """
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    log_k = _check_log_k(log_K)
    n_samples = check_count(n_samples, "n_samples", minimum=1)
    distance = _check_site(site, distance, n_neurons)
    gen = as_generator(rng)

    log_a, sign_a = _log_tables(model, n_neurons)
    r_eff = distance if site == "agree" else distance - 1
    log_sig, sign_sig = float(log_a[r_eff]), float(sign_a[r_eff])

    exact_others = None
    if log_k < _EXACT_MAX_LOG_K:
        exact_others = max(int(round(math.exp(log_k))), 1) - 1
    if exact_others is not None:
        # the multinomial needs every layer so that the probabilities sum to one
        log_lambda = _log_layer_probs(n_neurons) + math.log(max(exact_others, 1))
        layers = np.arange(n_neurons)
    else:
        log_lambda = layer_log_means(n_neurons, log_k)
        layers = np.flatnonzero(log_lambda >= math.log(_SKIP_MEAN))
    layers = layers[np.isfinite(log_a[layers])]  # A(k) = 0 layers add nothing
    log_a_l, sign_a_l = log_a[layers], sign_a[layers]
    exponential = model._kind == _EXPONENTIAL

    scaled = np.empty(n_samples)
    log_scale = np.empty(n_samples)
    ties = np.zeros(n_samples, dtype=bool)
    chunk = max(1, _CHUNK_ELEMENTS // max(layers.size, 1))
    for start in range(0, n_samples, chunk):
        rows = min(chunk, n_samples - start)
        block = slice(start, start + rows)
        log_s, sign_s, ints = _draw_signed_sums(gen, rows, log_lambda[layers], exact_others)
        log_t = log_a_l + log_s
        top = np.maximum(log_t.max(axis=1, initial=-np.inf), log_sig)
        total = sign_sig * np.exp(log_sig - top)
        total = total + (sign_a_l * sign_s * np.exp(log_t - top[:, None])).sum(axis=1)
        if exponential and ints is not None:
            # exact zero field iff every integer coefficient of e^{-2βk} vanishes
            hit = np.flatnonzero(layers == r_eff)
            if hit.size:
                coeff = ints.copy()
                coeff[:, hit[0]] += 1
                tie = ~np.any(coeff != 0, axis=1)
            else:
                tie = np.zeros(rows, dtype=bool)  # the signal's layer is never populated
            total = np.where(tie, 0.0, total)
            ties[block] = tie
        scaled[block] = total
        log_scale[block] = top
    return SiteSamples(scaled=scaled, log_scale=log_scale, ties=ties, log_signal=log_sig,
                       signal_sign=sign_sig, distance=distance, site=site)
