"""Exact worst-case check: is every stored pattern a fixed point? (theory brief §6, §9).

For the exponential models (:class:`~hoplib.ExponentialMSE`, :class:`~hoplib.Demircigil`)
the stability of site i at a state σ is, up to a positive factor and with
``q = exp(-2β)``,

.. math::  P_i(σ) = \\sum_{μ:\\,ξ^μ_i = σ_i} q^{d_μ} - \\sum_{μ:\\,ξ^μ_i ≠ σ_i} q^{d_μ - 1},

where ``d_μ`` is the Hamming distance from σ to pattern μ. So ``P_i`` is a polynomial in q
with integer coefficients. Since q = e^{-2β} is transcendental for every float β > 0
(Lindemann), ``P_i = 0`` exactly when all coefficients vanish; otherwise its sign is decided
with a certified floating-point bound, and in the (never observed) case where even that is
inconclusive, with interval arithmetic at increasing precision (mpmath). The answers are
therefore those of exact arithmetic; a site with ``P_i <= 0`` (a tie included) is unstable.

:func:`check_all_patterns` decides every site of every stored pattern without the naive
O(K²N) cost:

1. Pigeonhole blocks. B disjoint blocks of bits (about log2 K + 6 bits each, at most 20) are
   hashed by counting sort, with bucket-ordered copies of the patterns so that a bucket is a
   contiguous scan. Probing, for pattern ν, every bucket within t_b flips of ν's value in
   block b finds all "candidates" μ with ``d_b(μ, ν) <= t_b`` for some b; every pattern within
   distance ``Σ_b (t_b + 1) - 1`` of ν is a candidate. The radii t_b (-1: block not probed)
   are chosen per call from K, the block lengths and q (``_choose_probe_radii``).
2. Exact near part. Candidates within distance 3 enter ``P_i`` with exact integer
   coefficients (at most 16 per pattern; beyond, the pattern goes to the exact pass);
   farther candidates enter the far bound through their exact distances.
3. Certified far bound. A non-candidate has ``d_b >= t_b + 1`` in every block, so its weight
   ``q^d`` is at most ``q^{Σ_{b'≠b}(t_b'+1)} q^{d_b}`` with ``d_b > t_b``. The sums
   ``G_b(v) = Σ_μ q^{|ξ^μ_b ⊕ v|}`` are computed once for all v by a butterfly transform
   (positive terms only), and subtracting the probed buckets leaves a certified bound on the
   whole far contribution, uniform over sites, with float rounding margins.
4. A site is decided when the near part, minus its rounding bound, clears the far bound.
   Otherwise (mostly the two ends of a Hamming-distance-1 pair, whose near parts cancel) the
   undecided sites are recomputed exactly from all K patterns, once per pair: two states that
   differ only at site i share h_i, so ``P_i`` of one is minus that of the other.

The cost is about K · Σ_b Σ_{j<=t_b} C(L_b, j) · (1 + K 2^{-L_b}) bucket reads, plus O(K)
per distance-1 pair, instead of O(K² N). Patterns are checked in parallel (numba threads, one
thread by default below 2^15 patterns); every pattern's result depends on nothing else, so it
does not depend on the thread count.

:func:`stability_signs` (exact signs at any state, O(KN)) is the exact naive reference, and
:func:`one_step_recall` decides exactly whether one synchronous step from each cue lands on
its pattern with every field pointing at the pattern.
"""

from __future__ import annotations

import itertools
import math
from contextlib import contextmanager
from dataclasses import dataclass

import numba
import numpy as np
from numba import njit, prange

from ._validation import check_count, check_model, check_packed
from .models import _EXPONENTIAL
from .patterns import _popcount64

__all__ = ["WorstCaseResult", "check_all_patterns", "stability_signs", "one_step_recall"]

_U = 2.0**-53  # unit roundoff of float64
_FLOOR = 1e-300  # absolute allowance per term for underflowed powers of q
_UNRESOLVED = 2  # code of a sign that float arithmetic could not certify
_DEFERRED = 3  # code of a site decided by its distance-1 partner
_MAX_BLOCKS = 8
_MAX_BLOCK_BITS = 20
_NEAR_RADIUS = 3  # patterns this close enter the sites' stabilities exactly
_NEAR_CAP = 16  # near-list capacity per pattern; beyond it, the pattern is checked exactly
_PARALLEL_MIN_PATTERNS = 1 << 15  # below this K the checker runs on one thread by default
_PARALLEL_MIN_PAIRS = 1 << 22  # below this K x cues one_step_recall runs on one thread


# --------------------------------------------------------------------------------------------
# exact sign of an integer polynomial in q
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _q_powers(q, length):
    qpow = np.empty(length, dtype=np.float64)
    qpow[0] = 1.0
    for k in range(1, length):
        qpow[k] = qpow[k - 1] * q
    return qpow


@njit(cache=True)
def _poly_sign(coef, q, qpow):
    """Sign (-1, 0, +1) of Σ_k coef[k] q^k for the true q = e^{-2β}, or 2 when undecided.

    ``q`` is the float64 value of e^{-2β} (within 2 ulp of the true value), ``qpow`` its
    powers. Exact zero iff every coefficient is zero (q is transcendental).
    """
    n = coef.size
    k0 = -1
    for k in range(n):
        if coef[k] != 0:
            k0 = k
            break
    if k0 < 0:
        return 0
    lead = coef[k0]
    rest = 0.0
    for k in range(k0 + 1, n):
        rest += abs(coef[k])
    if rest == 0.0:
        return 1 if lead > 0 else -1
    # leading-term dominance: Σ_{k>k0} |c_k| q^{k-k0} <= rest q/(1-q) <= 2 rest q for q <= 1/2
    q_hi = q * (1.0 + 8.0 * _U) + 5e-324
    if q_hi <= 0.5 and 2.0 * rest * q_hi * (1.0 + 1e-9) < abs(lead):
        return 1 if lead > 0 else -1
    # normalised evaluation Σ c_k q^{k-k0} with a certified rounding bound
    s = 0.0
    mag = 0.0
    for k in range(k0, n):
        term = coef[k] * qpow[k - k0]
        s += term
        mag += abs(term)
    err = 4.0 * _U * (3.0 * n + 8.0) * mag + (rest + abs(lead)) * _FLOOR
    if s > err:
        return 1
    if s < -err:
        return -1
    return _UNRESOLVED


def _mp_sign(coef, two_beta):
    """Sign of Σ coef[k] e^{-2βk} by interval arithmetic at increasing precision."""
    from mpmath import iv

    if not np.any(coef):
        return 0
    old = iv.prec
    try:
        for prec in (128, 256, 512, 1024, 2048, 4096, 8192, 16384):
            iv.prec = prec
            q = iv.exp(-iv.mpf(float(two_beta)))
            total = iv.mpf(0)
            power = iv.mpf(1)
            for c in coef:
                if c:
                    total += int(c) * power
                power *= q
            if total.a > 0:
                return 1
            if total.b < 0:
                return -1
    finally:
        iv.prec = old
    raise ArithmeticError("could not certify the sign of a stability polynomial at 16384 bits")


# --------------------------------------------------------------------------------------------
# exact coefficients at one state (the naive O(K N) reference and the fallback)
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _state_coefficients(patterns, state, n_neurons):
    """coef[i, k]: integer coefficient of q^k in P_i(state), for every site i."""
    n_patterns, words = patterns.shape
    coef = np.zeros((n_neurons, n_neurons + 1), dtype=np.int64)
    base = np.zeros(n_neurons + 1, dtype=np.int64)
    for mu in range(n_patterns):
        d = 0
        for w in range(words):
            d += _popcount64(patterns[mu, w] ^ state[w])
        base[d] += 1
        for w in range(words):
            x = patterns[mu, w] ^ state[w]
            while x:
                low = x & (~x + np.uint64(1))
                i = w * 64 + int(_popcount64(low - np.uint64(1)))
                coef[i, d] -= 1
                coef[i, d - 1] -= 1
                x ^= low
    for i in range(n_neurons):
        for k in range(n_neurons + 1):
            coef[i, k] += base[k]
    return coef


@njit(cache=True)
def _state_signs(patterns, state, n_neurons, q):
    coef = _state_coefficients(patterns, state, n_neurons)
    qpow = _q_powers(q, n_neurons + 2)
    out = np.empty(n_neurons, dtype=np.int8)
    for i in range(n_neurons):
        out[i] = _poly_sign(coef[i], q, qpow)
    return out


@njit(cache=True, parallel=True)
def _many_state_signs(patterns, states, n_neurons, q):
    out = np.empty((states.shape[0], n_neurons), dtype=np.int8)
    for c in prange(states.shape[0]):
        out[c] = _state_signs(patterns, states[c], n_neurons, q)
    return out


def _resolve(signs, patterns, state, n_neurons, two_beta):
    """Replace undecided codes in ``signs`` (one state) by interval-arithmetic signs."""
    bad = np.flatnonzero(signs == _UNRESOLVED)
    if bad.size:
        coef = _state_coefficients(patterns, state, n_neurons)
        for i in bad:
            signs[i] = _mp_sign(coef[i], two_beta)
    return signs


# --------------------------------------------------------------------------------------------
# the fast all-patterns checker
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _block_key(patterns, mu, start, length):
    w0 = start >> 6
    off = start & 63
    v = patterns[mu, w0] >> np.uint64(off)
    if off + length > 64:
        v |= patterns[mu, w0 + 1] << np.uint64(64 - off)
    return v & ((np.uint64(1) << np.uint64(length)) - np.uint64(1))


@njit(cache=True)
def _build_tables(patterns, starts, lengths, q):
    """Block keys, buckets (counting sort), bucket-ordered copies, and the block sums.

    Returns ``keys`` (K, B); ``offsets`` (B, 2^L + 1) and ``order`` (B, K), the buckets;
    ``words`` (B, K, W) and ``bkeys`` (B, K, B), the patterns and their keys in the bucket
    order of each block (so that scanning a bucket reads contiguous memory); and ``sums``
    (B, 2^L) with ``sums[b, v] = Σ_μ q^{|key_b(μ) ⊕ v|}`` from a butterfly transform.
    """
    n_patterns, n_words = patterns.shape
    n_blocks = starts.size
    width = 1 << lengths.max()
    keys = np.empty((n_patterns, n_blocks), dtype=np.int64)
    for mu in range(n_patterns):
        for b in range(n_blocks):
            keys[mu, b] = int(_block_key(patterns, mu, starts[b], lengths[b]))
    offsets = np.zeros((n_blocks, width + 1), dtype=np.int64)
    order = np.empty((n_blocks, n_patterns), dtype=np.int64)
    words = np.empty((n_blocks, n_patterns, n_words), dtype=np.uint64)
    bkeys = np.empty((n_blocks, n_patterns, n_blocks), dtype=np.int64)
    sums = np.zeros((n_blocks, width), dtype=np.float64)
    for b in range(n_blocks):
        size = 1 << lengths[b]
        for mu in range(n_patterns):
            offsets[b, keys[mu, b] + 1] += 1
        for v in range(size):
            sums[b, v] = offsets[b, v + 1]
            offsets[b, v + 1] += offsets[b, v]
        fill = offsets[b, :size].copy()
        for mu in range(n_patterns):
            p = fill[keys[mu, b]]
            order[b, p] = mu
            words[b, p] = patterns[mu]
            bkeys[b, p] = keys[mu]
            fill[keys[mu, b]] += 1
        # butterfly: multiply by the product kernel ⊗_bits [[1, q], [q, 1]]
        for j in range(lengths[b]):
            step = 1 << j
            for v in range(size):
                if v & step == 0:
                    a = sums[b, v]
                    c = sums[b, v | step]
                    sums[b, v] = a + q * c
                    sums[b, v | step] = c + q * a
    return keys, offsets, order, words, bkeys, sums


@njit(cache=True, parallel=True)
def _probe_pass(b, radii, r_exact, masks, weights, patterns, keys, offsets, order, words,
                bkeys, lengths, qpow, far_q, far_q1, n_cand, near_mass, near_cnt, near_idx,
                near_d):
    """Visit, for every pattern ν, the candidates μ with d_b(μ, ν) <= t_b found in block b.

    Work is split over the buckets u of block b: every ν of bucket u probes the buckets
    u ⊕ mask (|mask| <= t_b), whose patterns lie contiguously in ``words[b]``; consecutive ν
    share the probed buckets, which stay in cache. A candidate already reachable through an
    earlier block is skipped, so each (ν, μ) is visited once over all passes. Each ν's
    accumulators are written by one thread in a fixed order: results do not depend on the
    thread count.
    """
    n_words = patterns.shape[1]
    cap = near_idx.shape[1]
    size = 1 << lengths[b]
    for u in prange(size):
        lo_u = offsets[b, u]
        hi_u = offsets[b, u + 1]
        if lo_u == hi_u:
            continue
        mass = 0.0
        for m in range(masks.size):
            v = u ^ masks[m]
            mass += (offsets[b, v + 1] - offsets[b, v]) * qpow[weights[m]]
        for pos in range(lo_u, hi_u):
            nu = order[b, pos]
            fq = 0.0
            fq1 = 0.0
            cand = 0
            cnt = near_cnt[nu]
            for m in range(masks.size):
                v = u ^ masks[m]
                for p in range(offsets[b, v], offsets[b, v + 1]):
                    seen = False  # reachable through an earlier block?
                    for b2 in range(b):
                        if _popcount64(np.uint64(bkeys[b, p, b2] ^ keys[nu, b2])) <= radii[b2]:
                            seen = True
                            break
                    if seen:
                        continue
                    cand += 1
                    d = 0
                    for w in range(n_words):
                        d += _popcount64(words[b, p, w] ^ patterns[nu, w])
                    if d <= r_exact:
                        mu = order[b, p]
                        if mu != nu:
                            if cnt < cap:
                                near_idx[nu, cnt] = mu
                                near_d[nu, cnt] = d
                            cnt += 1
                    else:
                        fq += qpow[d]
                        fq1 += qpow[d - 1]
            far_q[nu] += fq
            far_q1[nu] += fq1
            n_cand[nu] += cand
            near_cnt[nu] = cnt
            near_mass[nu, b] = mass


@njit(cache=True)
def _exact_sites(nu, sites, patterns, q, n_neurons):
    """Exact signs of P_i at pattern ν for the listed sites, from all K patterns.

    With ``hist[d]`` the number of patterns at distance d and ``dis[s, d]`` those among them
    that disagree with ν at site s, the coefficient of q^k is hist[k] - dis[s, k] -
    dis[s, k + 1]. The loop is branch-free (the disagreement bit is added, not tested).
    """
    n_patterns, n_words = patterns.shape
    n_sites = sites.size
    hist = np.zeros(n_neurons + 2, dtype=np.int64)
    dis = np.zeros((n_sites, n_neurons + 2), dtype=np.int64)
    word = sites >> 6
    shift = (sites & 63).astype(np.uint64)
    for mu in range(n_patterns):
        d = 0
        for w in range(n_words):
            d += _popcount64(patterns[mu, w] ^ patterns[nu, w])
        hist[d] += 1
        for s in range(n_sites):
            bit = ((patterns[mu, word[s]] ^ patterns[nu, word[s]]) >> shift[s]) & np.uint64(1)
            dis[s, d] += np.int64(bit)
    qpow = _q_powers(q, n_neurons + 2)
    coef = np.empty(n_neurons + 1, dtype=np.int64)
    signs = np.empty(n_sites, dtype=np.int8)
    for s in range(n_sites):
        for k in range(n_neurons + 1):
            coef[k] = hist[k] - dis[s, k] - dis[s, k + 1]
        signs[s] = _poly_sign(coef, q, qpow)
    return signs


@njit(cache=True)
def _decide_one(nu, patterns, keys, sums, lengths, radii, e, r_exact, q, qpow, n_neurons, far_q,
                far_q1, n_cand, near_mass, near_cnt, near_idx, near_d, state, undecided, base,
                coef, touched):
    """Decide the sites of pattern ν into ``state`` (its row of ``site_state``); the last four
    arguments are scratch arrays. Returns the number of sites sent to the exact pass."""
    n_patterns, n_words = patterns.shape
    n_blocks = lengths.size
    cap = near_idx.shape[1]
    # certified bounds on the patterns outside the near list:
    # u_agree >= Σ q^d and u_disagree >= Σ q^{d-1}
    n_far = n_patterns - n_cand[nu]
    bound = 0.0
    bound1 = 0.0
    if n_far > 0:
        bound = n_far * qpow[e]
        bound1 = n_far * qpow[e - 1] if e >= 1 else np.inf
        for b in range(n_blocks):
            f = e - (radii[b] + 1)  # distance guaranteed outside block b
            g = sums[b, keys[nu, b]]
            m = near_mass[nu, b]
            tail = g - m + (8.0 * lengths[b] + 32.0) * _U * (g + m)
            if tail < 0.0:
                tail = 0.0
            bound = min(bound, qpow[f] * tail)
            if f >= 1:
                bound1 = min(bound1, qpow[f - 1] * tail)
    fac = 1.0 + 4.0 * _U * (n_cand[nu] + 8.0 * (n_neurons + e) + 64.0)
    floor = (n_patterns + n_neurons) * _FLOOR
    u_agree = (far_q[nu] + bound) * fac + floor
    u_disagree = (far_q1[nu] + bound1) * fac + floor

    state[:] = 1
    undecided[:] = False
    n_undecided = 0
    if near_cnt[nu] > cap:  # near list overflowed: every site exactly
        undecided[:] = True
        n_undecided = n_neurons
    else:
        base[:] = 0
        base[0] = 1  # ν itself
        for c in range(near_cnt[nu]):
            base[near_d[nu, c]] += 1
        plain = 0.0
        plain_mag = 0.0
        for k in range(r_exact + 1):
            plain += base[k] * qpow[k]
            plain_mag += abs(base[k]) * qpow[k]
        touched[:] = False
        for c in range(near_cnt[nu]):
            mu = near_idx[nu, c]
            d = near_d[nu, c]
            for w in range(n_words):
                x = patterns[mu, w] ^ patterns[nu, w]
                while x:
                    low = x & (~x + np.uint64(1))
                    i = w * 64 + int(_popcount64(low - np.uint64(1)))
                    if not touched[i]:
                        touched[i] = True
                        coef[i, :] = 0
                    coef[i, d] -= 1
                    coef[i, d - 1] -= 1
                    x ^= low
        for i in range(n_neurons):
            value = plain
            mag = plain_mag
            if touched[i]:
                value = 0.0
                mag = 0.0
                for k in range(r_exact + 1):
                    term = (base[k] + coef[i, k]) * qpow[k]
                    value += term
                    mag += abs(term)
            err = 4.0 * _U * (3.0 * r_exact + 8.0) * mag + n_patterns * _FLOOR
            if value - err > u_disagree:
                continue  # certified stable
            if value + err + u_agree < 0.0:
                state[i] = -1  # certified unstable
                continue
            undecided[i] = True
            n_undecided += 1
        # sites shared with a distance-1 partner of smaller index follow from the partner
        for c in range(near_cnt[nu]):
            mu = near_idx[nu, c]
            if near_d[nu, c] == 1 and mu < nu:
                for w in range(n_words):
                    x = patterns[mu, w] ^ patterns[nu, w]
                    if x:
                        i = w * 64 + int(_popcount64((x & (~x + np.uint64(1))) - np.uint64(1)))
                        if undecided[i]:
                            undecided[i] = False
                            n_undecided -= 1
                            state[i] = _DEFERRED
    if n_undecided > 0:
        sites = np.flatnonzero(undecided)
        signs = _exact_sites(nu, sites, patterns, q, n_neurons)
        for s in range(sites.size):
            state[sites[s]] = signs[s]
    return n_undecided


@njit(cache=True, parallel=True)
def _decide(patterns, keys, sums, lengths, radii, r_exact, q, qpow, n_neurons, far_q, far_q1,
            n_cand, near_mass, near_cnt, near_idx, near_d):
    """Decide every site of every pattern from its near list and the certified far bound.

    Returns ``site_state`` (K, N) int8: +1 stable, -1 unstable, 0 exact tie, ``_UNRESOLVED``
    (float arithmetic inconclusive: interval arithmetic in Python), ``_DEFERRED`` (the site
    where ν has a Hamming-distance-1 partner μ < ν: the two states differ only there, so they
    share h_i and P_i(ν) = -P_i(μ) exactly); and ``exact_sites`` (K,), the sites that needed
    the exact O(K) pass. Patterns are processed in fixed chunks (scratch arrays allocated once
    per chunk); each pattern's result depends only on its own data.
    """
    n_patterns = patterns.shape[0]
    site_state = np.empty((n_patterns, n_neurons), dtype=np.int8)
    exact_sites = np.zeros(n_patterns, dtype=np.int64)
    e = 0
    for b in range(lengths.size):
        e += radii[b] + 1
    n_chunks = min(n_patterns, 256)
    for chunk in prange(n_chunks):
        undecided = np.zeros(n_neurons, dtype=np.bool_)
        base = np.zeros(r_exact + 1, dtype=np.int64)
        coef = np.zeros((n_neurons, r_exact + 1), dtype=np.int64)
        touched = np.zeros(n_neurons, dtype=np.bool_)
        for nu in range(chunk * n_patterns // n_chunks, (chunk + 1) * n_patterns // n_chunks):
            exact_sites[nu] = _decide_one(nu, patterns, keys, sums, lengths, radii, e, r_exact,
                                          q, qpow, n_neurons, far_q, far_q1, n_cand, near_mass,
                                          near_cnt, near_idx, near_d, site_state[nu],
                                          undecided, base, coef, touched)
    return site_state, exact_sites


@njit(cache=True)
def _pairs_of(nu, patterns, pair_radius):
    """All μ > ν within Hamming distance ``pair_radius`` of ν, by a full scan."""
    n_patterns, n_words = patterns.shape
    out = []
    for mu in range(nu + 1, n_patterns):
        d = 0
        for w in range(n_words):
            d += _popcount64(patterns[mu, w] ^ patterns[nu, w])
        if d <= pair_radius:
            out.append((mu, d))
    return out


def _near_pairs(patterns, pair_radius, near_cnt, near_idx, near_d):
    """Rows (ν, μ, d), ν < μ, d <= pair_radius, from the near lists (full scan on overflow)."""
    cap = near_idx.shape[1]
    rows = []
    stored = np.minimum(near_cnt, cap)
    slot = np.arange(cap)[None, :] < stored[:, None]
    nu_idx, c_idx = np.nonzero(slot & (near_d <= pair_radius))
    mu_idx = near_idx[nu_idx, c_idx]
    keep = mu_idx > nu_idx
    rows.append(np.column_stack((nu_idx[keep], mu_idx[keep], near_d[nu_idx, c_idx][keep])))
    for nu in np.flatnonzero(near_cnt > cap):
        found = _pairs_of(int(nu), patterns, pair_radius)
        if found:
            rows.append(np.array([(nu, mu, d) for mu, d in found], dtype=np.int64))
    pairs = np.concatenate(rows).astype(np.int64).reshape(-1, 3)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _probe_masks(length, t):
    """Every mask of at most t set bits among ``length`` bits, and its weight."""
    masks, weights = [], []
    for j in range(min(t, length) + 1):
        for combo in itertools.combinations(range(length), j):
            masks.append(sum(1 << i for i in combo))
            weights.append(j)
    return np.asarray(masks, dtype=np.int64), np.asarray(weights, dtype=np.int64)


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorstCaseResult:
    """Outcome of :func:`check_all_patterns`.

    Attributes
    ----------
    n_unstable : ndarray of int64, shape (K,)
        Exact number of sites with ``ξ_i h_i <= 0`` at each stored pattern (ties count).
    near_pairs : ndarray of int64, shape (P, 3)
        Every pair of patterns within Hamming distance ``pair_radius``: rows ``(ν, μ, d)``
        with ``ν < μ``, sorted.
    pair_radius : int
    probe_radii : ndarray of int64
        Probe radius t_b of each pigeonhole block (-1: block not probed).
    block_lengths : ndarray of int64
        Bits per pigeonhole block (contiguous blocks from bit 0).
    n_candidates : int
        Pairs (ν, μ) examined through the buckets, ν itself included.
    n_exact_patterns : int
        Patterns with at least one site that needed the exact O(K) pass.
    n_exact_sites : int
    n_interval : int
        Sites whose sign needed interval arithmetic (float arithmetic inconclusive).
    """

    n_unstable: np.ndarray
    near_pairs: np.ndarray
    pair_radius: int
    probe_radii: np.ndarray
    block_lengths: np.ndarray
    n_candidates: int
    n_exact_patterns: int
    n_exact_sites: int
    n_interval: int

    @property
    def fixed(self) -> np.ndarray:
        """Boolean mask: which patterns are fixed points (every site strictly stable)."""
        return self.n_unstable == 0

    @property
    def all_fixed(self) -> bool:
        """The worst-case criterion: every stored pattern is a fixed point."""
        return bool(np.all(self.n_unstable == 0))

    @property
    def failing(self) -> np.ndarray:
        """Indices of the patterns that are not fixed points."""
        return np.flatnonzero(self.n_unstable)


def _exponential_q(model):
    check_model(model)
    if model._kind != _EXPONENTIAL:
        raise ValueError(
            f"the exact worst-case checker supports the exponential models (ExponentialMSE, "
            f"Demircigil), got {model.name!r}; use hoplib.stability for the others"
        )
    two_beta = 2.0 * model.parameter
    return math.exp(-two_beta), two_beta


def _blocks(n_neurons, n_patterns):
    """Contiguous pigeonhole blocks of about log2 K + 6 bits (at most 20), 2 to 8 of them.

    Blocks much longer than log2 K keep the buckets nearly empty, so probing costs little;
    the 20-bit cap bounds the tables (2^20 entries per block).
    """
    target = min(_MAX_BLOCK_BITS, max(4, math.ceil(math.log2(max(n_patterns, 2))) + 6))
    n_blocks = min(n_neurons, _MAX_BLOCKS, max(2, math.ceil(n_neurons / target)))
    if n_blocks * target >= n_neurons:
        lengths = [n_neurons // n_blocks + (b < n_neurons % n_blocks) for b in range(n_blocks)]
    else:
        lengths = [target] * n_blocks  # large N: the blocks cover the first B·L bits
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return starts, np.asarray(lengths, dtype=np.int64)


def _choose_probe_radii(n_patterns, lengths, q, pair_radius):
    """Per-block probe radii of least expected cost whose far bound is safely below 1.

    For random patterns a block of L bits holds K 2^{-L} patterns per bucket, so the block
    tail T_b(t) = Σ_{μ: d_b > t} q^{d_b} has mean K 2^{-L} Σ_{j>t} C(L, j) q^j (plus 1, ν
    itself, when the block is not probed) and, the counts being nearly Poisson, variance
    K 2^{-L} Σ_{j>t} C(L, j) q^{2j}. The disagreeing far bound (``_decide``) must stay below
    the near part of a site, which is 1 for a pattern without close neighbours: we ask for
    mean + 4 sd <= 0.6. Radii are non-increasing over the blocks, in -1..4; the cost counts
    bucket probes and the candidates they hold.
    """
    n_blocks = lengths.size
    best, best_cost, fallback, fallback_bound = None, math.inf, None, math.inf
    for radii in itertools.combinations_with_replacement(range(4, -2, -1), n_blocks):
        e = sum(t + 1 for t in radii)
        if e - 1 < pair_radius:
            continue
        cost, bound = 0.0, n_patterns * q ** (e - 1)
        for t, length in zip(radii, lengths.tolist(), strict=True):
            density = n_patterns / 2.0**length
            probes = sum(math.comb(length, j) for j in range(min(t, length) + 1))
            cost += probes * (2.0 + density)
            f = e - (t + 1)
            if f >= 1:
                far = range(t + 1, length + 1)
                mean = (t < 0) + density * sum(math.comb(length, j) * q**j for j in far)
                var = density * sum(math.comb(length, j) * q ** (2 * j) for j in far)
                bound = min(bound, q ** (f - 1) * (mean + 4.0 * math.sqrt(var)))
        if cost > 20000:
            continue
        if bound <= 0.6 and cost < best_cost:
            best, best_cost = radii, cost
        if bound < fallback_bound:
            fallback, fallback_bound = radii, bound
    return np.asarray(best if best is not None else fallback, dtype=np.int64)


@contextmanager
def _threads(threads, small):
    """Run numba kernels on ``threads`` threads; None: numba's current setting, or one thread
    for ``small`` problems, where waking the thread pool costs more than it saves (several
    milliseconds per parallel launch inside a Jupyter kernel). Results never depend on it."""
    previous = numba.get_num_threads()
    if threads is not None:
        numba.set_num_threads(
            check_count(threads, "threads", minimum=1, maximum=numba.config.NUMBA_NUM_THREADS))
    elif small:
        numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(previous)


def _check_patterns_arg(packed_patterns, n_neurons):
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    return patterns, n_neurons


def check_all_patterns(model, packed_patterns, n_neurons: int, *, pair_radius: int = 1,
                       probe_radius: int | None = None, threads=None) -> WorstCaseResult:
    """Exactly decide, for every stored pattern, which of its sites are stable.

    Parameters
    ----------
    model : ExponentialMSE or Demircigil
    packed_patterns : ndarray of uint64, shape (K, W)
        From :func:`hoplib.pack` or :func:`hoplib.random_packed_patterns`; any N.
    n_neurons : int
    pair_radius : int, default 1
        Report every pair of patterns within this Hamming distance in ``near_pairs``.
    probe_radius : int, optional
        One probe radius t for every block (default: per-block radii chosen from K, N and β).
        It changes the speed, never the answer.
    threads : int, optional
        Numba threads (default: numba's current setting); results never depend on it.

    Returns
    -------
    WorstCaseResult
        ``n_unstable`` equals the exact-arithmetic count of sites with ``ξ_i h_i <= 0``;
        ``all_fixed`` is the worst-case criterion.
    """
    q, two_beta = _exponential_q(model)
    patterns, n_neurons = _check_patterns_arg(packed_patterns, n_neurons)
    pair_radius = check_count(pair_radius, "pair_radius", minimum=0, maximum=n_neurons)
    with _threads(threads, patterns.shape[0] < _PARALLEL_MIN_PATTERNS):
        return _check_all_patterns(patterns, n_neurons, q, two_beta, pair_radius, probe_radius)


def _check_all_patterns(patterns, n_neurons, q, two_beta, pair_radius, probe_radius):
    n_patterns = patterns.shape[0]
    starts, lengths = _blocks(n_neurons, n_patterns)
    n_blocks = lengths.size
    if probe_radius is None:
        radii = _choose_probe_radii(n_patterns, lengths, q, pair_radius)
    else:
        t = check_count(probe_radius, "probe_radius", minimum=0, maximum=int(lengths.min()))
        if n_blocks * (t + 1) - 1 < pair_radius:
            raise ValueError(
                f"probe_radius={t} with {n_blocks} blocks finds pairs up to distance "
                f"{n_blocks * (t + 1) - 1} < pair_radius={pair_radius}; raise probe_radius"
            )
        radii = np.full(n_blocks, t, dtype=np.int64)
    e = int(np.sum(radii + 1))
    r_exact = max(pair_radius, min(e - 1, _NEAR_RADIUS))
    qpow = _q_powers(q, max(n_neurons, e) + 2)
    keys, offsets, order, words, bkeys, sums = _build_tables(patterns, starts, lengths, q)
    far_q = np.zeros(n_patterns)
    far_q1 = np.zeros(n_patterns)
    n_cand = np.zeros(n_patterns, dtype=np.int64)
    near_mass = np.zeros((n_patterns, n_blocks))
    near_cnt = np.zeros(n_patterns, dtype=np.int64)
    near_idx = np.zeros((n_patterns, _NEAR_CAP), dtype=np.int64)
    near_d = np.zeros((n_patterns, _NEAR_CAP), dtype=np.int64)
    for b in range(n_blocks):
        if radii[b] < 0:
            continue
        masks, weights = _probe_masks(int(lengths[b]), int(radii[b]))
        _probe_pass(b, radii, r_exact, masks, weights, patterns, keys, offsets, order, words,
                    bkeys, lengths, qpow, far_q, far_q1, n_cand, near_mass, near_cnt, near_idx,
                    near_d)
    site_state, exact_sites = _decide(patterns, keys, sums, lengths, radii, r_exact, q, qpow,
                                      n_neurons, far_q, far_q1, n_cand, near_mass, near_cnt,
                                      near_idx, near_d)
    n_interval = 0
    for nu in np.flatnonzero(np.any(site_state == _UNRESOLVED, axis=1)):
        n_interval += int(np.count_nonzero(site_state[nu] == _UNRESOLVED))
        _resolve(site_state[nu], patterns, patterns[nu], n_neurons, two_beta)
    # deferred sites, in increasing ν: the partner μ < ν is final by then
    for nu, i in zip(*np.nonzero(site_state == _DEFERRED), strict=True):
        flip = patterns[nu].copy()
        flip[i >> 6] ^= np.uint64(1) << np.uint64(i & 63)
        listed = near_idx[nu, : min(near_cnt[nu], _NEAR_CAP)]
        mu = int(min(m for m in listed if m < nu and np.array_equal(patterns[m], flip)))
        site_state[nu, i] = -site_state[mu, i]
    n_unstable = np.count_nonzero(site_state <= 0, axis=1).astype(np.int64)
    return WorstCaseResult(
        n_unstable=n_unstable,
        near_pairs=_near_pairs(patterns, pair_radius, near_cnt, near_idx, near_d),
        pair_radius=pair_radius,
        probe_radii=radii,
        block_lengths=lengths,
        n_candidates=int(n_cand.sum()),
        n_exact_patterns=int(np.count_nonzero(exact_sites)),
        n_exact_sites=int(exact_sites.sum()),
        n_interval=n_interval,
    )


def stability_signs(model, packed_patterns, packed_state, n_neurons: int) -> np.ndarray:
    """Exact signs (-1, 0, +1) of the stabilities ``σ_i h_i`` of every site of one state.

    The naive O(K N) computation, in exact arithmetic (integer coefficients of powers of
    e^{-2β}); a site is stable iff its sign is +1.

    Parameters
    ----------
    model : ExponentialMSE or Demircigil
        Other models raise ``ValueError``.
    packed_patterns : ndarray of uint64, shape (K, W)
        Stored patterns, from :func:`hoplib.pack` or :func:`hoplib.random_packed_patterns`.
    packed_state : ndarray of uint64, shape (W,)
        The state σ (packed), stored or not.
    n_neurons : int
        N >= 1.

    Returns
    -------
    ndarray of int8, shape (N,)
        Exact sign of ``σ_i h_i`` at every site; 0 is an exact tie (unstable).
    """
    q, two_beta = _exponential_q(model)
    patterns, n_neurons = _check_patterns_arg(packed_patterns, n_neurons)
    state = check_packed(packed_state, "packed_state", n_neurons, ndim=1)
    signs = _state_signs(patterns, state, n_neurons, q)
    return _resolve(signs, patterns, state, n_neurons, two_beta)


def one_step_recall(model, packed_patterns, packed_cues, n_neurons: int, *,
                    threads=None) -> np.ndarray:
    """Whether one synchronous step from cue c lands on pattern c, every field pointing to it.

    Cue c (row c of ``packed_cues``) targets stored pattern c. Success means
    ``ξ^c_i h_i(cue) > 0`` at every site (strict: a zero field counts as a failure), decided
    exactly. Cost O(C K N) for C cues, parallel over cues.

    Parameters
    ----------
    model : ExponentialMSE or Demircigil
        Other models raise ``ValueError``.
    packed_patterns : ndarray of uint64, shape (K, W)
        Stored patterns, from :func:`hoplib.pack` or :func:`hoplib.random_packed_patterns`.
    packed_cues : ndarray of uint64, shape (C, W)
        Packed cues, C <= K; row c is a corrupted copy of pattern c.
    n_neurons : int
        N >= 1.
    threads : int, optional
        Numba threads (default: numba's current setting, or one thread for small K·C);
        results never depend on it.

    Returns
    -------
    ndarray of bool, shape (C,)
        True where one synchronous step from cue c gives pattern c with no zero field.
    """
    q, two_beta = _exponential_q(model)
    patterns, n_neurons = _check_patterns_arg(packed_patterns, n_neurons)
    cues = check_packed(packed_cues, "packed_cues", n_neurons, ndim=2)
    if cues.shape[0] > patterns.shape[0]:
        raise ValueError(f"packed_cues has {cues.shape[0]} rows but there are only "
                         f"{patterns.shape[0]} patterns to target")
    with _threads(threads, patterns.shape[0] * cues.shape[0] < _PARALLEL_MIN_PAIRS):
        signs = _many_state_signs(patterns, cues, n_neurons, q)
    out = np.empty(cues.shape[0], dtype=bool)
    for c in range(cues.shape[0]):
        row = signs[c]
        if np.any(row == _UNRESOLVED):
            row = _resolve(row.copy(), patterns, cues[c], n_neurons, two_beta)
        # σ_i h_i must be > 0 where the cue agrees with the pattern and < 0 where it does not
        flipped = _bits(patterns[c] ^ cues[c], n_neurons)
        target = np.where(flipped, -1, 1)
        out[c] = bool(np.all(row == target))
    return out


def _bits(words, n_neurons):
    bits = np.unpackbits(words.astype("<u8").view(np.uint8), bitorder="little")
    return bits[:n_neurons].astype(bool)
