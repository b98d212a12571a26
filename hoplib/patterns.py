"""Random ±1 patterns, corruption by exact flips, and bit packing.

Bit convention for packed states: neuron ``i`` lives in word ``i // 64`` at bit ``i % 64``;
a set bit means spin ``-1``. The Hamming distance between two packed states is then the
popcount of their XOR, and bits beyond ``n_neurons`` are always zero.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._validation import as_generator, check_count, check_packed, check_spins

__all__ = [
    "random_patterns",
    "random_packed_patterns",
    "corrupt",
    "pack",
    "unpack",
    "n_words",
    "hamming_distances",
]


def n_words(n_neurons: int) -> int:
    """Number of 64-bit words that hold ``n_neurons`` bits."""
    return (check_count(n_neurons, "n_neurons", minimum=1) + 63) // 64


def random_patterns(n_patterns: int, n_neurons: int, rng) -> np.ndarray:
    """Draw ``n_patterns`` i.i.d. unbiased ±1 patterns of length ``n_neurons``.

    Parameters
    ----------
    n_patterns, n_neurons : int
        K >= 1 and N >= 1.
    rng : int or numpy.random.Generator
        Seed or generator; equal seeds give equal patterns.

    Returns
    -------
    numpy.ndarray
        int8 array of shape ``(n_patterns, n_neurons)``.
    """
    n_patterns = check_count(n_patterns, "n_patterns", minimum=1)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    gen = as_generator(rng)
    bits = gen.integers(0, 2, size=(n_patterns, n_neurons), dtype=np.int8)
    return (1 - 2 * bits).astype(np.int8)


def random_packed_patterns(n_patterns: int, n_neurons: int, rng) -> np.ndarray:
    """Draw i.i.d. unbiased patterns directly in packed form (8 bytes per pattern for N <= 64).

    Returns a uint64 array of shape ``(n_patterns, n_words(n_neurons))``; use this when K is
    too large to hold one byte per spin.
    """
    n_patterns = check_count(n_patterns, "n_patterns", minimum=1)
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    gen = as_generator(rng)
    words = n_words(n_neurons)
    packed = gen.integers(0, np.iinfo(np.uint64).max, size=(n_patterns, words),
                          dtype=np.uint64, endpoint=True)
    tail = n_neurons % 64
    if tail:
        packed[:, -1] &= np.uint64((1 << tail) - 1)
    return packed


def corrupt(state, n_flips: int, rng) -> np.ndarray:
    """Return a copy of ``state`` with exactly ``n_flips`` distinct spins flipped.

    The flipped sites are a uniformly random subset of size ``n_flips`` (0 <= n_flips <= N).
    """
    spins = check_spins(state, "state", ndim=1)
    n_flips = check_count(n_flips, "n_flips", minimum=0, maximum=spins.size)
    gen = as_generator(rng)
    out = spins.copy()
    sites = gen.choice(spins.size, size=n_flips, replace=False)
    out[sites] *= -1
    return out


@njit(cache=True)
def _pack_kernel(spins, words):
    n_rows, n_neurons = spins.shape
    out = np.zeros((n_rows, words), dtype=np.uint64)
    for r in range(n_rows):
        for i in range(n_neurons):
            if spins[r, i] < 0:
                out[r, i >> 6] |= np.uint64(1) << np.uint64(i & 63)
    return out


@njit(cache=True)
def _unpack_kernel(packed, n_neurons):
    n_rows = packed.shape[0]
    out = np.ones((n_rows, n_neurons), dtype=np.int8)
    for r in range(n_rows):
        for i in range(n_neurons):
            if (packed[r, i >> 6] >> np.uint64(i & 63)) & np.uint64(1):
                out[r, i] = -1
    return out


@njit(cache=True)
def _popcount64(x):
    # SWAR popcount; LLVM turns it into a single POPCNT instruction where available.
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True)
def _hamming_kernel(packed_patterns, packed_state):
    n_patterns, words = packed_patterns.shape
    out = np.empty(n_patterns, dtype=np.int64)
    for mu in range(n_patterns):
        d = 0
        for w in range(words):
            d += _popcount64(packed_patterns[mu, w] ^ packed_state[w])
        out[mu] = d
    return out


def pack(states) -> np.ndarray:
    """Pack ±1 states into uint64 words (set bit = spin -1).

    Accepts one state of shape ``(N,)`` or a batch ``(K, N)``; returns ``(W,)`` or ``(K, W)``
    with ``W = ceil(N / 64)``.
    """
    arr = np.asarray(states)
    ndim = arr.ndim if arr.ndim in (1, 2) else 2
    spins = check_spins(arr, "states", ndim=ndim)
    words = (spins.shape[-1] + 63) // 64
    packed = _pack_kernel(np.atleast_2d(spins), words)
    return packed[0] if ndim == 1 else packed


def unpack(packed, n_neurons: int) -> np.ndarray:
    """Inverse of :func:`pack`: uint64 words back to an int8 ±1 array of length ``n_neurons``."""
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    arr = np.asarray(packed)
    ndim = arr.ndim if arr.ndim in (1, 2) else 2
    arr = check_packed(arr, "packed", n_neurons, ndim=ndim)
    spins = _unpack_kernel(np.atleast_2d(arr), n_neurons)
    return spins[0] if ndim == 1 else spins


def hamming_distances(packed_patterns, packed_state, n_neurons: int) -> np.ndarray:
    """Hamming distances d_mu between every packed pattern and one packed state (XOR+popcount).

    Returns an int64 array of shape ``(K,)``.
    """
    n_neurons = check_count(n_neurons, "n_neurons", minimum=1)
    patterns = check_packed(packed_patterns, "packed_patterns", n_neurons, ndim=2)
    state = check_packed(packed_state, "packed_state", n_neurons, ndim=1)
    return _hamming_kernel(patterns, state)
