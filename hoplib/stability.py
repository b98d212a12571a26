"""Exact stabilities of states against bit-packed pattern sets (the typical-case check).

Definition. With the difference tables of :mod:`hoplib.models`, a pattern at Hamming distance
``d`` from the state ``σ`` adds ``A(d)`` to the scaled stability ``σ_i h_i`` of every site where
it agrees with ``σ`` and ``-D(d) = -A(d - 1)`` where it disagrees. Grouping the patterns by
distance,

    σ_i h_i = Σ_d c_{d,i} A(d),      c_{d,i} = n_d - b_{d,i} - b_{d+1,i},

with ``n_d`` the number of patterns at distance ``d`` and ``b_{d,i}`` the number of those that
disagree with ``σ`` at site ``i``. The coefficients are integers, so the only rounding is in the
final weighted sum, which is taken *exactly* (Dekker products, Shewchuk/``math.fsum``
summation): every returned value is the exact real sum of the per-pattern table entries
``±A``, rounded once to float64. It is therefore bit-identical whatever the pattern order, the
block split or the thread count, and an exact tie is exactly ``0.0``. A tie is unstable (the
fixed-point test is strict). (Caveat: Dekker's product is exact only while ``c · A(d)`` stays
above about 2^-969 in scaled units, which can fail only for terms some 10^290 below the
closest pattern's weight.) :func:`count_unstable_sites` only needs signs: it takes a plain
float sum with a rigorous error bound and falls back to the exact sum when the bound does not
decide the sign.

Algorithm (one pass over the packed patterns, integer counters only):

* one state: *byte-lane counters*. ``x = ξ^μ ⊕ σ`` is cut into bytes; a 256-entry table spreads
  each byte into eight 8-bit lanes of a uint64, which is added to the counter word of the
  pattern's distance ``d = popcount(x)``. Lanes are widened (to 16 bits, then int64) before
  they can overflow. About 2 N/8 + 6 operations per pattern, no floating point: for N <= 64
  within 1.2–1.5× of a bare NumPy XOR + popcount pass (``make bench``, case 1).
* a batch of states (N <= 64): *transposed tiles*. 64 patterns are transposed once (word ``i``
  holds site ``i`` of all 64), then for every state ``C_i = column_i ⊕ σ_i`` marks the patterns
  disagreeing at ``i``, ``M_d`` marks those at distance ``d``, and
  ``b_{d,i} += popcount(M_d & C_i)`` (vectorised popcount).

Threads: the pattern range (or the batch of states) is split among numba threads; partial
histograms are integers, so their sum does not depend on the split. Set the count with the
``threads`` argument (default: numba's current setting, ``NUMBA_NUM_THREADS``).
"""

from __future__ import annotations

from contextlib import contextmanager

import numba
import numpy as np
from numba import njit, prange

from ._validation import check_count, check_model, check_packed
from .models import _EXPONENTIAL, _difference_tables
from .patterns import _popcount64

__all__ = ["stabilities_packed", "count_unstable_sites", "distance_site_histogram"]

_BATCH = 64  # states per transposed-tile batch
_MIN_WORK = 1 << 18  # pattern-words per thread below which extra threads cost more than they save
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_EVEN_BYTES = np.uint64(0x00FF00FF00FF00FF)
_U = 2.0**-53  # unit roundoff of float64
_TINY = 2.0**-1074


def _spread_table():
    table = np.zeros(256, dtype=np.uint64)
    for v in range(256):
        table[v] = sum(1 << (8 * j) for j in range(8) if v >> j & 1)
    return table


_SPREAD = _spread_table()  # byte -> eight 8-bit lanes holding its bits


# ----------------------------------------------------------------------------------------
# Counting kernels: integer distance–site histograms
# ----------------------------------------------------------------------------------------
@njit(cache=True)
def _lanes_word_kernel(patterns, state, lo, hi, n_neurons, spread, acc, hist):
    """One state, N <= 64: patterns ``lo:hi`` into zeroed ``hist[d]`` and ``acc[d, i]``.

    Blocks of 255 patterns cannot overflow an 8-bit lane; after each block the lanes of the
    distances it touched are widened into 16-bit lanes (two adds per word), and those into
    int64 every 256 blocks. ``n_d`` follows at the end from ``Σ_i b_{d,i} = d n_d``.
    """
    n_rows = hist.size
    width = 4 if n_neurons <= 32 else 8  # byte-lane words per distance; fixed trip counts
    c8 = np.zeros((n_rows, 8), dtype=np.uint64)
    c16 = np.zeros((n_rows, 16), dtype=np.uint64)
    s0 = state[0]
    mu = lo
    blocks = 0
    while mu < hi:
        end = min(hi, mu + 255)
        dmin = n_rows
        dmax = 0
        if width == 4:
            for nu in range(mu, end):
                x = patterns[nu, 0] ^ s0
                row = int(_popcount64(x))
                dmin = min(dmin, row)
                dmax = max(dmax, row)
                for k in range(4):  # bytes beyond N are zero
                    c8[row, k] += spread[(x >> np.uint64(8 * k)) & np.uint64(255)]
        else:
            for nu in range(mu, end):
                x = patterns[nu, 0] ^ s0
                row = int(_popcount64(x))
                dmin = min(dmin, row)
                dmax = max(dmax, row)
                for k in range(8):
                    c8[row, k] += spread[(x >> np.uint64(8 * k)) & np.uint64(255)]
        for row in range(dmin, dmax + 1):
            for k in range(width):
                c = c8[row, k]
                c16[row, 2 * k] += c & _EVEN_BYTES
                c16[row, 2 * k + 1] += (c >> np.uint64(8)) & _EVEN_BYTES
                c8[row, k] = 0
        blocks += 1
        mu = end
        if blocks == 256 or mu >= hi:
            blocks = 0
            for row in range(n_rows):
                for h in range(2 * width):
                    c = c16[row, h]
                    if c == 0:
                        continue
                    for q in range(4):  # word 2k+h holds sites 8k + 2q + h
                        i = 8 * (h >> 1) + 2 * q + (h & 1)
                        if i < n_neurons:
                            acc[row, i] += (c >> np.uint64(16 * q)) & np.uint64(0xFFFF)
                    c16[row, h] = 0
    rest = hi - lo
    for d in range(1, n_rows):
        total = 0
        for i in range(n_neurons):
            total += acc[d, i]
        hist[d] = total // d
        rest -= hist[d]
    hist[0] = rest


@njit(cache=True)
def _flush_lanes(counters, acc, row, n_neurons):
    for g in range(counters.shape[1]):
        c = counters[row, g]
        if c == 0:
            continue
        for j in range(8):
            i = 8 * g + j
            if i < n_neurons:
                acc[row, i] += (c >> np.uint64(8 * j)) & np.uint64(255)
        counters[row, g] = 0


@njit(cache=True)
def _lanes_kernel(patterns, state, lo, hi, n_neurons, dlo, spread, acc, hist):
    """One state, any N: patterns ``lo:hi`` into ``hist[d - dlo]`` and ``acc[d - dlo, i]``;
    a distance's 8-bit lanes are flushed to int64 after every 255 patterns at that distance."""
    n_rows = hist.size
    words = patterns.shape[1]
    n_bytes = (n_neurons + 7) // 8
    counters = np.zeros((n_rows, n_bytes), dtype=np.uint64)
    small = np.zeros(n_rows, dtype=np.int64)
    for mu in range(lo, hi):
        d = 0
        for w in range(words):
            d += _popcount64(patterns[mu, w] ^ state[w])
        row = int(d) - dlo
        for w in range(words):
            x = patterns[mu, w] ^ state[w]
            for k in range(min(8, n_bytes - 8 * w)):
                counters[row, 8 * w + k] += spread[(x >> np.uint64(8 * k)) & np.uint64(255)]
        small[row] += 1
        if small[row] == 255:
            _flush_lanes(counters, acc, row, n_neurons)
            hist[row] += 255
            small[row] = 0
    for row in range(n_rows):
        _flush_lanes(counters, acc, row, n_neurons)
        hist[row] += small[row]


@njit(cache=True)
def _transpose64(a):
    """In place: afterwards bit ``r`` of ``a[i]`` is bit ``i`` of the original ``a[r]``."""
    j = 32
    m = np.uint64(0x00000000FFFFFFFF)
    while j != 0:
        k = 0
        while k < 64:
            t = ((a[k] >> np.uint64(j)) ^ a[k + j]) & m
            a[k + j] ^= t
            a[k] ^= t << np.uint64(j)
            k = (k + j + 1) & ~j
        j >>= 1
        m ^= m << np.uint64(j)


@njit(cache=True)
def _tiles_kernel(patterns, states, lo, hi, n_neurons, acc, hist):
    """Add patterns ``lo:hi`` to ``hist[s, d]``, ``acc[s, d, i]`` for every state (N <= 64)."""
    n_states = states.shape[0]
    tile = np.zeros(64, dtype=np.uint64)
    cols = np.zeros(64, dtype=np.uint64)
    c = np.zeros(64, dtype=np.uint64)
    masks = np.zeros(n_neurons + 1, dtype=np.uint64)
    dist = np.zeros(64, dtype=np.int64)
    flips = np.zeros((n_states, n_neurons), dtype=np.uint64)
    for s in range(n_states):
        for i in range(n_neurons):
            flips[s, i] = np.uint64(0) - ((states[s, 0] >> np.uint64(i)) & np.uint64(1))
    for base in range(lo, hi, 64):
        cnt = min(64, hi - base)
        for r in range(cnt):
            tile[r] = patterns[base + r, 0]
            cols[r] = tile[r]
        for r in range(cnt, 64):
            tile[r] = 0
            cols[r] = 0
        valid = _ALL if cnt == 64 else (np.uint64(1) << np.uint64(cnt)) - np.uint64(1)
        _transpose64(cols)
        for s in range(n_states):
            sv = states[s, 0]
            for r in range(64):
                dist[r] = _popcount64(tile[r] ^ sv)
            dmin = n_neurons
            dmax = 0
            for r in range(cnt):
                d = dist[r]
                masks[d] |= np.uint64(1) << np.uint64(r)
                dmin = min(dmin, d)
                dmax = max(dmax, d)
            for i in range(n_neurons):
                c[i] = (cols[i] ^ flips[s, i]) & valid
            for d in range(dmin, dmax + 1):
                md = masks[d]
                if md == 0:
                    continue
                masks[d] = 0
                hist[s, d] += _popcount64(md)
                for i in range(n_neurons):
                    acc[s, d, i] += _popcount64(md & c[i])


@njit(cache=True, parallel=True)
def _distance_range(patterns, state, n_chunks):
    n_patterns, words = patterns.shape
    lows = np.empty(n_chunks, dtype=np.int64)
    highs = np.empty(n_chunks, dtype=np.int64)
    for ch in prange(n_chunks):
        lo = n_patterns * ch // n_chunks
        hi = n_patterns * (ch + 1) // n_chunks
        a = 1 << 62
        b = -1
        for mu in range(lo, hi):
            d = 0
            for w in range(words):
                d += _popcount64(patterns[mu, w] ^ state[w])
            a = min(a, int(d))
            b = max(b, int(d))
        lows[ch] = a
        highs[ch] = b
    return lows.min(), highs.max()


@njit(cache=True, parallel=True)
def _lanes_chunked(patterns, state, n_neurons, dlo, n_rows, n_chunks, spread):
    """One state, the pattern range split in ``n_chunks`` (threads); summed integer partials."""
    n_patterns = patterns.shape[0]
    accs = np.zeros((n_chunks, n_rows, n_neurons), dtype=np.int64)
    hists = np.zeros((n_chunks, n_rows), dtype=np.int64)
    for ch in prange(n_chunks):
        lo = n_patterns * ch // n_chunks
        hi = n_patterns * (ch + 1) // n_chunks
        if patterns.shape[1] == 1:
            _lanes_word_kernel(patterns, state, lo, hi, n_neurons, spread, accs[ch], hists[ch])
        else:
            _lanes_kernel(patterns, state, lo, hi, n_neurons, dlo, spread, accs[ch], hists[ch])
    return hists.sum(axis=0), accs.sum(axis=0)


@njit(cache=True, parallel=True)
def _tiles_chunked(patterns, states, n_neurons, n_chunks):
    """A batch of states (N <= 64), the pattern range split in 64-aligned chunks."""
    n_patterns = patterns.shape[0]
    n_states = states.shape[0]
    tiles = (n_patterns + 63) // 64
    accs = np.zeros((n_chunks, n_states, n_neurons + 1, n_neurons), dtype=np.int64)
    hists = np.zeros((n_chunks, n_states, n_neurons + 1), dtype=np.int64)
    for ch in prange(n_chunks):
        lo = min(n_patterns, 64 * (tiles * ch // n_chunks))
        hi = min(n_patterns, 64 * (tiles * (ch + 1) // n_chunks))
        _tiles_kernel(patterns, states, lo, hi, n_neurons, accs[ch], hists[ch])
    return hists.sum(axis=0), accs.sum(axis=0)


# ----------------------------------------------------------------------------------------
# From histograms to stabilities: exact weighted sums
# ----------------------------------------------------------------------------------------
@njit(cache=True)
def _split(a):
    c = 134217729.0 * a  # 2^27 + 1 (Veltkamp)
    high = c - (c - a)
    return high, a - high


@njit(cache=True)
def _two_product(a, b):
    """``a * b = p + e`` exactly (Dekker), barring overflow or underflow."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


@njit(cache=True)
def _fsum_add(partials, n_partials, x):
    """Shewchuk's exact accumulation (CPython ``math.fsum``): add ``x`` to the partials."""
    i = 0
    for j in range(n_partials):
        y = partials[j]
        if abs(x) < abs(y):
            x, y = y, x
        high = x + y
        low = y - (high - x)
        if low != 0.0:
            partials[i] = low
            i += 1
        x = high
    partials[i] = x
    return i + 1


@njit(cache=True)
def _fsum_result(partials, n):
    """Correctly rounded value of the sum held in ``partials[:n]`` (CPython ``math.fsum``)."""
    high = 0.0
    if n > 0:
        n -= 1
        high = partials[n]
        low = 0.0
        while n > 0:
            x = high
            n -= 1
            y = partials[n]
            high = x + y
            yr = high - x
            low = y - yr
            if low != 0.0:
                break
        if n > 0 and ((low < 0.0 and partials[n - 1] < 0.0)
                      or (low > 0.0 and partials[n - 1] > 0.0)):
            y = low * 2.0
            x = high + y
            yr = x - high
            if y == yr:
                high = x
    return high


@njit(cache=True)
def _site_coefficient(hist, acc, row, i):
    """``c_{d,i} = n_d - b_{d,i} - b_{d+1,i}`` at ``d = dlo + row - 1`` (row 0 is ``dlo - 1``)."""
    n_rows = hist.size
    c = 0
    if 1 <= row <= n_rows:
        c += hist[row - 1] - acc[row - 1, i]
    if row < n_rows:
        c -= acc[row, i]
    return c


@njit(cache=True)
def _exact_site(hist, acc, i, table, dlo, partials):
    """Exactly rounded ``Σ_d c_{d,i} A(d)``; ``table[d + 1] = A(d)``."""
    n = 0
    for row in range(hist.size + 1):
        c = _site_coefficient(hist, acc, row, i)
        if c != 0:
            p, e = _two_product(float(c), table[dlo + row])
            n = _fsum_add(partials, n, p)
            if e != 0.0:
                n = _fsum_add(partials, n, e)
    return _fsum_result(partials, n)


@njit(cache=True)
def _tables_for(kind, parameter, n_neurons, hist, dlo):
    """Shift (closest distance, exponential models) and ``A(d)`` for ``d = -1..N`` at ``d+1``."""
    shift = 0
    if kind == _EXPONENTIAL:
        for row in range(hist.size):
            if hist[row] > 0:
                shift = dlo + row
                break
    agree, disagree = _difference_tables(kind, parameter, n_neurons, shift)
    table = np.empty(n_neurons + 2, dtype=np.float64)
    table[0] = disagree[0]  # A(-1) = D(0); its coefficient is always zero
    table[1:] = agree
    return table, shift


@njit(cache=True)
def _values_from_histogram(kind, parameter, n_neurons, hist, acc, dlo):
    table, shift = _tables_for(kind, parameter, n_neurons, hist, dlo)
    partials = np.empty(4 * hist.size + 8, dtype=np.float64)
    out = np.empty(n_neurons, dtype=np.float64)
    for i in range(n_neurons):
        out[i] = _exact_site(hist, acc, i, table, dlo, partials)
    return out, shift


@njit(cache=True)
def _unstable_from_histogram(kind, parameter, n_neurons, hist, acc, dlo):
    """Sites with exact ``σ_i h_i <= 0``: a float sum whose error bound decides the sign, else
    the exact sum."""
    table, _ = _tables_for(kind, parameter, n_neurons, hist, dlo)
    partials = np.empty(4 * hist.size + 8, dtype=np.float64)
    count = 0
    for i in range(n_neurons):
        total = 0.0
        magnitude = 0.0
        terms = 0
        for row in range(hist.size + 1):
            c = _site_coefficient(hist, acc, row, i)
            if c != 0:
                t = float(c) * table[dlo + row]
                total += t
                magnitude += abs(t)
                terms += 1
        # recursive summation of `terms` rounded products: |error| <= (terms+1) u Σ|t| (1+O(u));
        # twice that, plus an underflow allowance, is a safe certificate for the sign
        bound = 2.0 * (terms + 2) * _U * magnitude + (terms + 2) * _TINY
        if abs(total) <= bound:
            total = _exact_site(hist, acc, i, table, dlo, partials)
        if total <= 0.0:
            count += 1
    return count


@njit(cache=True, parallel=True)
def _unstable_batches(kind, parameter, patterns, states, n_neurons):
    """Many states (N <= 64): batches of states in parallel, each over all patterns."""
    n_states = states.shape[0]
    n_batches = (n_states + _BATCH - 1) // _BATCH
    out = np.empty(n_states, dtype=np.int64)
    for bt in prange(n_batches):
        s0 = bt * _BATCH
        s1 = min(n_states, s0 + _BATCH)
        acc = np.zeros((s1 - s0, n_neurons + 1, n_neurons), dtype=np.int64)
        hist = np.zeros((s1 - s0, n_neurons + 1), dtype=np.int64)
        _tiles_kernel(patterns, states[s0:s1], 0, patterns.shape[0], n_neurons, acc, hist)
        for s in range(s1 - s0):
            out[s0 + s] = _unstable_from_histogram(kind, parameter, n_neurons, hist[s], acc[s], 0)
    return out


@njit(cache=True, parallel=True)
def _unstable_states_lanes(kind, parameter, patterns, states, n_neurons, spread):
    """Many states (any N): states in parallel, one full pass each (byte-lane counters)."""
    n_states = states.shape[0]
    out = np.empty(n_states, dtype=np.int64)
    for s in prange(n_states):
        hist = np.zeros(n_neurons + 1, dtype=np.int64)
        acc = np.zeros((n_neurons + 1, n_neurons), dtype=np.int64)
        _lanes_kernel(patterns, states[s], 0, patterns.shape[0], n_neurons, 0, spread, acc, hist)
        out[s] = _unstable_from_histogram(kind, parameter, n_neurons, hist, acc, 0)
    return out


# ----------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------
def _check_threads(threads) -> int:
    if threads is None:
        return numba.get_num_threads()
    return check_count(threads, "threads", minimum=1, maximum=numba.config.NUMBA_NUM_THREADS)


def _threads_for(n_threads, work):
    """Threads worth waking for ``work`` pattern-words (results never depend on it)."""
    return max(1, min(n_threads, work // _MIN_WORK))


@contextmanager
def _numba_threads(n):
    previous = numba.get_num_threads()
    numba.set_num_threads(n)
    try:
        yield
    finally:
        numba.set_num_threads(previous)


def _histogram_one(patterns, state, n_neurons, n_threads):
    """``(hist, acc, dlo)``: rows ``d - dlo`` cover every distance that occurs."""
    if patterns.shape[1] == 1:
        dlo, dhi = 0, n_neurons
    else:  # N > 64: only the occupied distance range, to bound memory at large N
        dlo, dhi = (int(v) for v in _distance_range(patterns, state, n_threads))
    hist, acc = _lanes_chunked(patterns, state, n_neurons, dlo, dhi - dlo + 1, n_threads,
                               _SPREAD)
    return hist, acc, dlo


def _histograms_batch(patterns, states, n_neurons, n_threads):
    """Histograms of every state of a batch, over all patterns: ``[(hist, acc, dlo), ...]``."""
    if patterns.shape[1] == 1 and states.shape[0] > 1:
        out = []
        for s0 in range(0, states.shape[0], _BATCH):
            hist, acc = _tiles_chunked(patterns, states[s0:s0 + _BATCH], n_neurons, n_threads)
            out.extend((hist[s], acc[s], 0) for s in range(hist.shape[0]))
        return out
    return [_histogram_one(patterns, states[s], n_neurons, n_threads)
            for s in range(states.shape[0])]


def distance_site_histogram(packed_patterns, packed_state, n_neurons: int, *, threads=None):
    """Integer histograms of a pattern set seen from one state.

    Parameters
    ----------
    packed_patterns : ndarray of uint64, shape (K, W)
        Stored patterns, packed with :func:`hoplib.pack` (W = ceil(N / 64) words).
    packed_state : ndarray of uint64, shape (W,)
        The state σ the distances are measured from (packed).
    n_neurons : int
        N >= 1.
    threads : int, optional
        numba threads (default: numba's current setting); the result does not depend on it.

    Returns
    -------
    counts : ndarray of int64, shape (N + 1,)
        ``counts[d]`` = number of patterns at Hamming distance ``d`` from the state.
    disagree : ndarray of int64, shape (N + 1, N)
        ``disagree[d, i]`` = number of those that differ from the state at site ``i``.
    """
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    state = check_packed(packed_state, "packed_state", n_neurons, ndim=1)
    n_threads = _threads_for(_check_threads(threads), patterns.size)
    with _numba_threads(n_threads):
        hist, acc, dlo = _histogram_one(patterns, state, n_neurons, n_threads)
    counts = np.zeros(n_neurons + 1, dtype=np.int64)
    disagree = np.zeros((n_neurons + 1, n_neurons), dtype=np.int64)
    counts[dlo:dlo + hist.size] = hist
    disagree[dlo:dlo + hist.size] = acc
    return counts, disagree


def stabilities_packed(model, packed_patterns, packed_state, n_neurons: int, *, threads=None):
    """Exact stabilities ``σ_i h_i`` of every site of a packed state, as ``(values, log_scale)``.

    Parameters
    ----------
    model : Model
        Any :class:`hoplib.Model`.
    packed_patterns : ndarray of uint64, shape (K, W)
        Patterns packed with :func:`hoplib.pack` or drawn by :func:`random_packed_patterns`.
    packed_state : ndarray of uint64, shape (W,) or (S, W)
        One state, or a batch of S states (faster than S calls when N <= 64).
    n_neurons : int
    threads : int, optional
        numba threads (default: numba's current setting); results are bit-identical for any
        value.

    Returns
    -------
    values : ndarray of float64, shape (N,) or (S, N)
        Scaled stabilities, each the exact sum of the per-pattern contributions rounded once
        (module docstring); the true value is ``values * exp(log_scale)``. An exact tie is 0.0.
    log_scale : float, or ndarray of float64 of shape (S,) for a batch
    """
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    one = np.ndim(packed_state) == 1
    states = check_packed(np.atleast_2d(packed_state) if one else packed_state,
                          "packed_state", n_neurons, ndim=2)
    n_threads = _threads_for(_check_threads(threads), patterns.size * states.shape[0])
    with _numba_threads(n_threads):
        hists = _histograms_batch(patterns, states, n_neurons, n_threads)
    values = np.empty((states.shape[0], n_neurons))
    scales = np.empty(states.shape[0])
    for s, (hist, acc, dlo) in enumerate(hists):
        values[s], shift = _values_from_histogram(model._kind, model.parameter, n_neurons,
                                                  hist, acc, dlo)
        scales[s] = model._log_scale(n_neurons, int(shift))
    if one:
        return values[0], float(scales[0])
    return values, scales


def count_unstable_sites(model, packed_patterns, n_neurons: int, which, *, threads=None):
    """Number of sites with ``ξ_i h_i <= 0`` at each stored pattern listed in ``which``.

    A pattern is a fixed point when its count is zero; count / N is its per-site error rate.
    Signs are exact (module docstring): a tie counts as unstable. Patterns are checked in
    parallel (numba threads, set with ``threads``); results do not depend on the thread count.

    Parameters
    ----------
    model : Model
        Any :class:`hoplib.Model` (exponential, Demircigil, polynomial, Hopfield).
    packed_patterns : ndarray of uint64, shape (K, W)
        The stored patterns, packed with :func:`hoplib.pack` or drawn by
        :func:`hoplib.random_packed_patterns`; every one enters the local fields.
    n_neurons : int
        N >= 1 (W = ceil(N / 64) words per pattern).
    which : array_like of int, shape (M,)
        Row indices in [0, K) of the patterns whose sites are checked; may repeat, may be
        empty (an empty list is accepted and gives an empty result).
    threads : int, optional
        numba threads (default: numba's current setting); the result does not depend on it.

    Returns
    -------
    ndarray of int64, shape (M,)
        Unstable sites (0..N) of pattern ``which[m]``; zero means a fixed point.
    """
    check_model(model)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    idx = np.asarray(which)
    if idx.ndim == 1 and idx.size == 0:  # np.asarray([]) is float64: an empty index list
        idx = np.zeros(0, dtype=np.int64)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError("which must be a 1-d array of integer pattern indices")
    if idx.size and (idx.min() < 0 or idx.max() >= patterns.shape[0]):
        raise ValueError(f"which must index patterns in [0, {patterns.shape[0]})")
    n_threads = _threads_for(_check_threads(threads), patterns.size * idx.size)
    states = np.ascontiguousarray(patterns[idx.astype(np.int64)])
    if idx.size == 0:
        return np.zeros(0, dtype=np.int64)
    kind, parameter = model._kind, model.parameter
    with _numba_threads(n_threads):
        if patterns.shape[1] == 1 and idx.size >= _BATCH * n_threads:
            return _unstable_batches(kind, parameter, patterns, states, n_neurons)
        if patterns.shape[1] > 1 and idx.size >= n_threads and n_neurons <= 512:
            return _unstable_states_lanes(kind, parameter, patterns, states, n_neurons, _SPREAD)
        out = np.empty(idx.size, dtype=np.int64)
        for k, (hist, acc, dlo) in enumerate(_histograms_batch(patterns, states, n_neurons,
                                                               n_threads)):
            out[k] = _unstable_from_histogram(kind, parameter, n_neurons, hist, acc, dlo)
        return out
