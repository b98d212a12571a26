import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib

sizes = st.tuples(st.integers(1, 12), st.integers(1, 150))


@given(sizes, st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_pack_roundtrip_and_hamming_match_numpy(shape, seed):
    n_patterns, n_neurons = shape
    xi = hoplib.random_patterns(n_patterns, n_neurons, seed)
    packed = hoplib.pack(xi)
    assert packed.shape == (n_patterns, hoplib.n_words(n_neurons))
    assert np.array_equal(hoplib.unpack(packed, n_neurons), xi)
    state = hoplib.random_patterns(1, n_neurons, seed + 1)[0]
    expected = (xi != state).sum(axis=1)
    got = hoplib.hamming_distances(packed, hoplib.pack(state), n_neurons)
    assert np.array_equal(got, expected)


def test_pack_sets_bit_for_minus_one_in_word_order():
    state = np.ones(70, dtype=np.int8)
    state[[0, 63, 64, 69]] = -1
    packed = hoplib.pack(state)
    assert packed[0] == np.uint64(1 | (1 << 63))
    assert packed[1] == np.uint64(1 | (1 << 5))


@given(st.integers(1, 130), st.integers(1, 50), st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_random_packed_patterns_are_valid_and_reproducible(n_neurons, n_patterns, seed):
    a = hoplib.random_packed_patterns(n_patterns, n_neurons, seed)
    b = hoplib.random_packed_patterns(n_patterns, n_neurons, np.random.default_rng(seed))
    assert np.array_equal(a, b)
    spins = hoplib.unpack(a, n_neurons)  # validates no stray bits beyond N
    assert set(np.unique(spins)) <= {-1, 1}


def test_random_packed_patterns_are_unbiased():
    spins = hoplib.unpack(hoplib.random_packed_patterns(4000, 100, 3), 100)
    # mean of 4e5 fair ±1 entries: standard error 1.6e-3, so 5 sigma = 8e-3
    assert abs(spins.mean()) < 8e-3


@given(st.integers(1, 80), st.data())
@settings(max_examples=40, deadline=None)
def test_corrupt_flips_exactly_d_distinct_sites(n_neurons, data):
    d = data.draw(st.integers(0, n_neurons))
    seed = data.draw(st.integers(0, 2**32 - 1))
    state = hoplib.random_patterns(1, n_neurons, seed)[0]
    out = hoplib.corrupt(state, d, seed)
    assert (out != state).sum() == d
    assert np.array_equal(hoplib.corrupt(state, d, seed), out)


def test_same_seed_same_patterns_and_generator_accepted():
    assert np.array_equal(hoplib.random_patterns(5, 9, 7), hoplib.random_patterns(5, 9, 7))
    assert not np.array_equal(hoplib.random_patterns(5, 9, 7), hoplib.random_patterns(5, 9, 8))
    hoplib.random_patterns(2, 3, np.random.default_rng(1))


# --- bad input: one test per case ---------------------------------------------------------


def test_zero_patterns_rejected():
    with pytest.raises(ValueError, match="n_patterns"):
        hoplib.random_patterns(0, 10, 0)


def test_zero_neurons_rejected():
    with pytest.raises(ValueError, match="n_neurons"):
        hoplib.random_packed_patterns(3, 0, 0)


def test_non_integer_count_rejected():
    with pytest.raises(TypeError, match="n_patterns must be an integer"):
        hoplib.random_patterns(2.5, 10, 0)


def test_missing_seed_rejected():
    with pytest.raises(TypeError, match="rng must be an integer seed"):
        hoplib.random_patterns(2, 10, None)


def test_flips_outside_range_rejected():
    state = np.ones(5, dtype=np.int8)
    with pytest.raises(ValueError, match="n_flips must be <= 5"):
        hoplib.corrupt(state, 6, 0)
    with pytest.raises(ValueError, match="n_flips must be >= 0"):
        hoplib.corrupt(state, -1, 0)


def test_entries_not_plus_minus_one_rejected():
    with pytest.raises(ValueError, match="entries must be -1 or \\+1"):
        hoplib.pack(np.array([1, 0, -1]))


def test_uncastable_dtype_rejected():
    with pytest.raises(TypeError, match="dtype"):
        hoplib.pack(np.array(["1", "-1"]))
    with pytest.raises(TypeError, match="dtype"):
        hoplib.pack(np.array([True, False]))


def test_packed_wrong_dtype_or_width_rejected():
    with pytest.raises(TypeError, match="uint64"):
        hoplib.unpack(np.zeros((2, 1), dtype=np.int64), 10)
    with pytest.raises(ValueError, match="words per row"):
        hoplib.unpack(np.zeros((2, 2), dtype=np.uint64), 10)
    with pytest.raises(ValueError, match="bits set beyond"):
        hoplib.unpack(np.full((1, 1), 1 << 12, dtype=np.uint64), 10)


def test_hamming_length_mismatch_rejected():
    patterns = hoplib.pack(hoplib.random_patterns(3, 70, 0))
    with pytest.raises(ValueError, match="packed_state"):
        hoplib.hamming_distances(patterns, np.zeros(1, dtype=np.uint64), 70)
