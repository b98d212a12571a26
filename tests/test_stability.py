import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib
from hoplib import stability
from hoplib.models import _difference_tables
from hoplib.stability import count_unstable_sites, distance_site_histogram, stabilities_packed

MODELS = [hoplib.ExponentialMSE(1.0), hoplib.ExponentialMSE(0.3), hoplib.Demircigil(0.5),
          hoplib.Polynomial(3), hoplib.Hopfield()]


def exact_reference(model, xi, state):
    """The definition: per-pattern table entries +A(d) / -D(d), summed exactly (math.fsum)."""
    n = xi.shape[1]
    d = (xi != state).sum(axis=1)
    shift = int(d.min()) if model._kind == 0 else 0
    agree, disagree = _difference_tables(model._kind, model.parameter, n, shift)
    values = np.array([math.fsum(agree[dm] if xi[m, i] == state[i] else -disagree[dm]
                                 for m, dm in enumerate(d)) for i in range(n)])
    return values, model._log_scale(n, shift)


@pytest.fixture
def eager_threads(monkeypatch):
    """Use every thread even on tiny inputs, so that the chunked paths run in tests."""
    monkeypatch.setattr(stability, "_MIN_WORK", 1)


@given(st.integers(1, 130), st.integers(1, 40), st.integers(0, 4), st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_stabilities_bit_identical_to_exact_definition(n, k, which_model, seed):
    model = MODELS[which_model]
    rng = np.random.default_rng(seed)
    xi = hoplib.random_patterns(k, n, rng)
    state = hoplib.corrupt(xi[0], int(rng.integers(0, n + 1)), rng)
    values, log_scale = stabilities_packed(model, hoplib.pack(xi), hoplib.pack(state), n)
    expected, expected_scale = exact_reference(model, xi, state)
    assert np.array_equal(values, expected)
    assert log_scale == expected_scale


@pytest.mark.parametrize("n", [20, 64, 65, 130])
def test_batch_and_thread_count_give_identical_bits(n, eager_threads):
    model = hoplib.ExponentialMSE(0.7)
    rng = np.random.default_rng(n)
    xi = hoplib.random_patterns(300, n, rng)
    states = np.array([hoplib.corrupt(xi[j], j, rng) for j in range(5)])
    packed, packed_states = hoplib.pack(xi), hoplib.pack(states)
    batch1, scales1 = stabilities_packed(model, packed, packed_states, n, threads=1)
    batch2, scales2 = stabilities_packed(model, packed, packed_states, n, threads=2)
    assert np.array_equal(batch1, batch2) and np.array_equal(scales1, scales2)
    for j in range(5):
        one, scale = stabilities_packed(model, packed, packed_states[j], n, threads=2)
        expected, expected_scale = exact_reference(model, xi, states[j])
        assert np.array_equal(one, expected) and np.array_equal(batch1[j], expected)
        assert scale == expected_scale == scales1[j]


@pytest.mark.parametrize(("n", "k", "checked"), [(20, 400, 150), (20, 300, 7), (64, 200, 3),
                                                  (100, 150, 12), (100, 150, 1)])
@pytest.mark.parametrize("model", [MODELS[0], MODELS[3]], ids=["exp", "poly"])
def test_count_unstable_sites_matches_exact_signs_on_every_path(n, k, checked, model,
                                                                eager_threads):
    # (20, 400, 150): batches of 64 states; (20, 300, 7), (64, 200, 3): transposed tiles split
    # over threads; (100, ...): byte-lane counters, states in parallel or one at a time
    alpha = math.log(k) / n
    xi = hoplib.random_patterns(k, n, int(1000 * alpha) + checked)
    packed = hoplib.pack(xi)
    which = np.arange(k - checked, k)[::-1]
    expected = np.array([(exact_reference(model, xi, xi[w])[0] <= 0).sum() for w in which])
    for threads in (1, 2):
        got = count_unstable_sites(model, packed, n, which, threads=threads)
        assert got.dtype == np.int64
        assert np.array_equal(got, expected)


def test_near_capacity_counts_are_nonzero_and_thread_independent():
    # N = 16 at α = 0.7 is past the typical capacity: many unstable sites, a real check
    n = 16
    k = int(math.exp(0.7 * n))
    packed = hoplib.random_packed_patterns(k, n, 5)
    which = np.arange(200)
    c1 = count_unstable_sites(hoplib.ExponentialMSE(1.0), packed, n, which, threads=1)
    c2 = count_unstable_sites(hoplib.ExponentialMSE(1.0), packed, n, which, threads=2)
    assert np.array_equal(c1, c2) and c1.sum() > 0


def test_exact_tie_is_zero_and_unstable():
    # ξ, ξ with site 3 flipped, and pairs (x, x with site 3 flipped) where x agrees with ξ at 3:
    # at site 3 every pair cancels exactly (A(k) - D(k+1) = 0), so the field is an exact tie
    n, site = 12, 3
    rng = np.random.default_rng(0)
    xi = hoplib.random_patterns(1, n, rng)[0]
    rows = [xi, xi.copy()]
    rows[1][site] *= -1
    for _ in range(20):
        x = hoplib.random_patterns(1, n, rng)[0]
        x[site] = xi[site]
        y = x.copy()
        y[site] *= -1
        rows += [x, y]
    patterns = np.array(rows)
    packed = hoplib.pack(patterns)
    for model in MODELS[:3]:
        values, _ = stabilities_packed(model, packed, packed[0], n)
        assert values[site] == 0.0
        assert np.count_nonzero(values == 0.0) >= 1
        count = count_unstable_sites(model, packed, n, [0])[0]
        assert count == np.count_nonzero(values <= 0.0) >= 1


def test_distance_site_histogram_matches_numpy(eager_threads):
    for n in (1, 33, 64, 100):
        packed = hoplib.random_packed_patterns(500, n, n)
        state = hoplib.random_packed_patterns(1, n, n + 1)[0]
        counts, disagree = distance_site_histogram(packed, state, n, threads=2)
        spins = hoplib.unpack(packed, n)
        sigma = hoplib.unpack(state, n)
        differ = spins != sigma
        d = differ.sum(axis=1)
        assert np.array_equal(counts, np.bincount(d, minlength=n + 1))
        expected = np.zeros((n + 1, n), dtype=np.int64)
        np.add.at(expected, d, differ.astype(np.int64))
        assert np.array_equal(disagree, expected)


def test_agrees_with_model_scaled_stabilities_and_handles_large_n():
    for n, k in ((40, 300), (1500, 30)):
        xi = hoplib.random_patterns(k, n, n)
        state = hoplib.corrupt(xi[2], n // 10, 1)
        for model in (hoplib.ExponentialMSE(1.0), hoplib.Demircigil(1.0), hoplib.Hopfield()):
            values, scale = stabilities_packed(model, hoplib.pack(xi), hoplib.pack(state), n)
            ref, ref_scale = model.scaled_stabilities(xi, state)
            assert np.all(np.isfinite(values))
            assert scale == ref_scale
            np.testing.assert_allclose(values, ref, rtol=1e-9, atol=1e-12 * np.abs(ref).max())


def test_difference_tables_satisfy_d_equals_shifted_a():
    # the merged coefficients c_{d,i} rely on D(d) == A(d - 1) bit for bit
    for model in MODELS:
        for shift in (0, 3):
            agree, disagree = _difference_tables(model._kind, model.parameter, 30, shift)
            assert np.array_equal(disagree[1:], agree[:-1])


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300,
                          max_value=1e300), max_size=40))
@settings(max_examples=200, deadline=None)
def test_fsum_port_matches_math_fsum(values):
    partials = np.empty(len(values) + 2)
    n = 0
    for v in values:
        n = stability._fsum_add(partials, n, v)
    assert stability._fsum_result(partials, n) == math.fsum(values)


@given(st.integers(-(2**53) + 1, 2**53 - 1),
       st.floats(min_value=1e-250, max_value=1e250, allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_two_product_is_exact(m, a):
    p, e = stability._two_product(float(m), a)
    assert Fraction(p) + Fraction(e) == Fraction(m) * Fraction(a)


def test_empty_which_and_which_list():
    packed = hoplib.random_packed_patterns(10, 8, 0)
    model = hoplib.ExponentialMSE()
    assert count_unstable_sites(model, packed, 8, np.array([], dtype=int)).shape == (0,)
    assert count_unstable_sites(model, packed, 8, [0, 1]).shape == (2,)


@pytest.mark.parametrize("empty", [[], (), np.array([]), np.empty(0, dtype=np.uint8)])
def test_empty_which_of_any_dtype_gives_empty_int64(empty):
    packed = hoplib.random_packed_patterns(10, 8, 0)
    out = count_unstable_sites(hoplib.ExponentialMSE(), packed, 8, empty)
    assert out.shape == (0,) and out.dtype == np.int64


# ---- bad input ------------------------------------------------------------------------------
PACKED = hoplib.random_packed_patterns(5, 10, 0)


def test_rejects_non_model():
    with pytest.raises(TypeError, match="model"):
        stabilities_packed("exp", PACKED, PACKED[0], 10)
    with pytest.raises(TypeError, match="model"):
        count_unstable_sites(None, PACKED, 10, [0])


def test_rejects_bad_n_neurons():
    with pytest.raises(ValueError, match="n_neurons"):
        stabilities_packed(hoplib.ExponentialMSE(), PACKED, PACKED[0], 0)


def test_rejects_unpacked_patterns():
    with pytest.raises(TypeError, match="uint64"):
        stabilities_packed(hoplib.ExponentialMSE(), PACKED.astype(np.int64), PACKED[0], 10)


def test_rejects_wrong_word_count_state():
    with pytest.raises(ValueError, match="packed_state"):
        stabilities_packed(hoplib.ExponentialMSE(), PACKED, np.zeros(2, np.uint64), 10)


def test_rejects_three_dimensional_state():
    with pytest.raises(ValueError, match="packed_state"):
        stabilities_packed(hoplib.ExponentialMSE(), PACKED, PACKED[None, None, 0], 10)


def test_rejects_non_integer_which():
    with pytest.raises(TypeError, match="which"):
        count_unstable_sites(hoplib.ExponentialMSE(), PACKED, 10, np.array([0.0]))


def test_rejects_out_of_range_which():
    with pytest.raises(ValueError, match="which"):
        count_unstable_sites(hoplib.ExponentialMSE(), PACKED, 10, [5])


def test_rejects_zero_threads():
    with pytest.raises(ValueError, match="threads"):
        stabilities_packed(hoplib.ExponentialMSE(), PACKED, PACKED[0], 10, threads=0)


def test_rejects_too_many_threads():
    with pytest.raises(ValueError, match="threads"):
        count_unstable_sites(hoplib.ExponentialMSE(), PACKED, 10, [0], threads=10**6)


def test_rejects_non_integer_threads():
    with pytest.raises(TypeError, match="threads"):
        distance_site_histogram(PACKED, PACKED[0], 10, threads="2")
