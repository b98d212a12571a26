import math

import mpmath
import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib
from hoplib import worst_case
from hoplib.stability import count_unstable_sites
from hoplib.worst_case import check_all_patterns, one_step_recall, stability_signs

BETAS = [0.05, 0.3, 1.0, 2.0, 7.0, 400.0]  # 400: e^{-2β} underflows to 0.0 in float64


# ---------------------------------------------------------------------------------------------
# an independent reference: the field's definition, grouped by exponent, signs in mpmath
# ---------------------------------------------------------------------------------------------
def reference_signs(xi, state, beta):
    """Signs of σ_i h_i with h_i ∝ Σ_μ ξ_i^μ exp(β Σ_{j≠i} ξ_j^μ σ_j), from ±1 arrays.

    Terms are grouped by the integer exponent x = Σ_{j≠i} ξ_j^μ σ_j, so an exact cancellation
    gives all-zero integer coefficients (sign 0); otherwise the sign is read from a float64
    sum when it is clear by a wide margin, else evaluated in mpmath with enough digits to
    resolve e^{-2β(N-1)} against 1.
    """
    n = xi.shape[1]
    prod = xi.astype(np.int64) * state.astype(np.int64)  # ξ_j^μ σ_j
    x = prod.sum(axis=1)[:, None] - prod  # exponent per (μ, i)
    coef = np.zeros((n, 2 * n - 1), dtype=np.int64)
    rows = np.broadcast_to(np.arange(n), x.shape)
    np.add.at(coef, (rows, x + n - 1), prod)  # σ_i ξ_i^μ at exponent x
    signs = np.zeros(n, dtype=np.int8)
    for i in range(n):
        nz = np.flatnonzero(coef[i])
        if nz.size == 0:
            continue
        terms = coef[i, nz] * np.exp(beta * (nz - nz.max()).astype(float))
        total = math.fsum(terms)
        if abs(total) > 1e-6 * np.abs(terms).sum():  # clear in float64
            signs[i] = 1 if total > 0 else -1
            continue
        with mpmath.workdps(30 + int(2 * beta * n / math.log(10))):
            b = mpmath.mpf(beta)
            exact = mpmath.fsum(int(coef[i, k]) * mpmath.exp(b * int(k - nz.max())) for k in nz)
        signs[i] = 1 if exact > 0 else -1
    return signs


def reference_unstable(xi, beta):
    return np.array([np.count_nonzero(reference_signs(xi, xi[k], beta) <= 0)
                     for k in range(xi.shape[0])])


def adversarial_patterns(n, k, rng, near_fraction):
    """Random patterns where a fraction are copies of earlier ones with 0-3 bits flipped,
    plus a pair of pairs (ν, ν ⊕ e_i, λ, λ ⊕ e_i) whose contributions at site i cancel."""
    xi = hoplib.random_patterns(k, n, rng)
    for mu in range(1, k):
        if rng.random() < near_fraction:
            xi[mu] = xi[rng.integers(0, mu)]
            flips = rng.choice(n, size=min(n, int(rng.integers(0, 4))), replace=False)
            xi[mu, flips] *= -1
    if k >= 4:
        i = int(rng.integers(0, n))
        xi[1] = xi[0]
        xi[1, i] *= -1
        xi[3] = xi[2]
        xi[3, i] *= -1
    return xi


# ---------------------------------------------------------------------------------------------
# exactness
# ---------------------------------------------------------------------------------------------
@given(st.integers(1, 70), st.integers(1, 36), st.sampled_from(BETAS),
       st.floats(0.0, 0.9), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_checker_equals_exact_reference(n, k, beta, near_fraction, seed):
    rng = np.random.default_rng(seed)
    xi = adversarial_patterns(n, k, rng, near_fraction)
    result = check_all_patterns(hoplib.ExponentialMSE(beta), hoplib.pack(xi), n)
    assert np.array_equal(result.n_unstable, reference_unstable(xi, beta))


@given(st.integers(1, 70), st.integers(1, 30), st.sampled_from(BETAS), st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_stability_signs_equal_reference_at_any_state(n, k, beta, seed):
    rng = np.random.default_rng(seed)
    xi = adversarial_patterns(n, k, rng, 0.5)
    state = hoplib.corrupt(xi[0], int(rng.integers(0, n + 1)), rng)
    signs = stability_signs(hoplib.ExponentialMSE(beta), hoplib.pack(xi), hoplib.pack(state), n)
    assert np.array_equal(signs, reference_signs(xi, state, beta))


@given(st.integers(2, 24), st.integers(2, 80), st.sampled_from([0.3, 1.0, 2.0]),
       st.floats(0.0, 0.9), st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_checker_equals_naive_check(n, k, beta, near_fraction, seed):
    """Bit-for-bit the same counts as hoplib.stability's O(K²N) check, near duplicates included."""
    rng = np.random.default_rng(seed)
    packed = hoplib.pack(adversarial_patterns(n, k, rng, near_fraction))
    model = hoplib.ExponentialMSE(beta)
    result = check_all_patterns(model, packed, n)
    assert np.array_equal(result.n_unstable, count_unstable_sites(model, packed, n, np.arange(k)))


@pytest.mark.parametrize("n, k", [(20, 900), (28, 4000), (64, 3000), (100, 500)])
def test_checker_equals_naive_check_at_size(n, k):
    """Larger random sets (N <= 64 and multi-word) with planted near pairs."""
    rng = np.random.default_rng(n + k)
    packed = hoplib.random_packed_patterns(k, n, rng)
    for j in range(0, 40, 2):  # distance-1 and duplicate pairs
        packed[j + 1] = packed[j]
        if j % 4 == 0:
            packed[j + 1, 0] ^= np.uint64(1) << np.uint64(j % min(n, 64))
    model = hoplib.ExponentialMSE(1.0)
    result = check_all_patterns(model, packed, n)
    assert np.array_equal(result.n_unstable, count_unstable_sites(model, packed, n, np.arange(k)))
    assert not result.all_fixed


def test_exact_tie_of_two_pairs_is_unstable():
    """ν, ν⊕e_i, λ, λ⊕e_i: the contributions at site i cancel exactly, a tie at all four."""
    rng = np.random.default_rng(3)
    xi = hoplib.random_patterns(4, 16, rng)
    xi[1], xi[3] = xi[0], xi[2]
    xi[1, 5] *= -1
    xi[3, 5] *= -1
    packed = hoplib.pack(xi)
    model = hoplib.ExponentialMSE(1.0)
    for k in range(4):
        assert stability_signs(model, packed, packed[k], 16)[5] == 0
    result = check_all_patterns(model, packed, 16)
    assert np.array_equal(result.n_unstable, [1, 1, 1, 1])
    assert np.array_equal(result.n_unstable, count_unstable_sites(model, packed, 16, range(4)))


def test_distance_one_pair_fails_exactly_one_side():
    """Two states differing at site i share h_i: exactly one of them is unstable there."""
    rng = np.random.default_rng(11)
    packed = hoplib.random_packed_patterns(400, 20, rng)
    packed[7] = packed[3] ^ np.uint64(1 << 9)
    model = hoplib.ExponentialMSE(1.0)
    s3 = stability_signs(model, packed, packed[3], 20)[9]
    s7 = stability_signs(model, packed, packed[7], 20)[9]
    assert s3 == -s7 != 0
    result = check_all_patterns(model, packed, 20)
    assert not result.all_fixed
    assert [3, 7, 1] in result.near_pairs.tolist()
    assert set(result.failing) & {3, 7}


def test_dense_cluster_overflows_near_list_and_stays_exact():
    """40 patterns within distance 1 of a centre (duplicates included) among random ones:
    the near lists overflow, those patterns are checked by the exact pass."""
    rng = np.random.default_rng(17)
    n = 20
    xi = hoplib.random_patterns(240, n, rng)
    for mu in range(1, 41):
        xi[mu] = xi[0]
        if mu % 3:
            xi[mu, mu % n] *= -1
    packed = hoplib.pack(xi)
    model = hoplib.ExponentialMSE(1.0)
    result = check_all_patterns(model, packed, n)
    assert result.n_exact_patterns >= 40
    assert np.array_equal(result.n_unstable, reference_unstable(xi, 1.0))
    assert np.array_equal(result.n_unstable, count_unstable_sites(model, packed, n, range(240)))


def test_float_inconclusive_site_goes_to_interval_arithmetic():
    """At β = ln(3)/2, ν with three patterns at distance 2 disagreeing at site 0 has
    P_0 = 1 - 3 e^{-2β}, about 1e-16: the checker must fall back to interval arithmetic."""
    beta = math.log(3.0) / 2.0
    n = 8
    xi = np.ones((4, n), dtype=np.int8)
    for j, other in enumerate((1, 2, 3), start=1):
        xi[j, [0, other]] = -1
    result = check_all_patterns(hoplib.ExponentialMSE(beta), hoplib.pack(xi), n)
    assert result.n_interval >= 1
    assert np.array_equal(result.n_unstable, reference_unstable(xi, beta))


def test_near_pairs_are_all_pairs_within_radius():
    rng = np.random.default_rng(5)
    xi = adversarial_patterns(18, 60, rng, 0.6)
    d = (xi[:, None, :] != xi[None, :, :]).sum(axis=2)
    for radius in (0, 1, 2, 3):
        result = check_all_patterns(hoplib.ExponentialMSE(1.0), hoplib.pack(xi), 18,
                                    pair_radius=radius)
        nu, mu = np.nonzero(np.triu(d <= radius, k=1))
        expected = np.column_stack((nu, mu, d[nu, mu]))
        assert np.array_equal(result.near_pairs, expected.reshape(-1, 3))


@pytest.mark.parametrize("probe_radius", [0, 1, 2, 3])
def test_probe_radius_changes_speed_not_answer(probe_radius):
    rng = np.random.default_rng(8)
    packed = hoplib.pack(adversarial_patterns(24, 500, rng, 0.2))
    model = hoplib.ExponentialMSE(1.0)
    default = check_all_patterns(model, packed, 24)
    forced = check_all_patterns(model, packed, 24, probe_radius=probe_radius)
    assert np.array_equal(default.n_unstable, forced.n_unstable)
    assert np.array_equal(default.near_pairs, forced.near_pairs)


def test_result_does_not_depend_on_thread_count():
    rng = np.random.default_rng(9)
    packed = hoplib.random_packed_patterns(6000, 26, rng)
    model = hoplib.ExponentialMSE(1.0)
    one = check_all_patterns(model, packed, 26, threads=1)
    many = check_all_patterns(model, packed, 26, threads=numba.config.NUMBA_NUM_THREADS)
    assert np.array_equal(one.n_unstable, many.n_unstable)
    assert np.array_equal(one.near_pairs, many.near_pairs)
    assert one.n_candidates == many.n_candidates


def test_demircigil_has_the_same_fixed_points():
    rng = np.random.default_rng(12)
    packed = hoplib.pack(adversarial_patterns(16, 200, rng, 0.3))
    a = check_all_patterns(hoplib.ExponentialMSE(0.7), packed, 16)
    b = check_all_patterns(hoplib.Demircigil(0.7), packed, 16)
    assert np.array_equal(a.n_unstable, b.n_unstable)


def test_typical_instance_is_mostly_certified_without_the_exact_pass():
    """Below the worst-case threshold the far bound decides almost every pattern."""
    rng = np.random.default_rng(13)
    n = 28
    k = int(math.exp(0.3 * n))
    result = check_all_patterns(hoplib.ExponentialMSE(1.0), hoplib.random_packed_patterns(
        k, n, rng), n)
    assert result.n_exact_patterns <= 2 * len(result.near_pairs) + 2
    assert result.n_candidates < 20 * k


# ---------------------------------------------------------------------------------------------
# the sign of an integer polynomial in q = e^{-2β}
# ---------------------------------------------------------------------------------------------
def test_poly_sign_cases():
    q = math.exp(-2.0)
    qpow = worst_case._q_powers(q, 8)
    sign = worst_case._poly_sign
    assert sign(np.zeros(5, dtype=np.int64), q, qpow) == 0
    assert sign(np.array([0, 0, 3, -5, 7], dtype=np.int64), q, qpow) == 1
    assert sign(np.array([0, -1, 5, 5], dtype=np.int64), q, qpow) == -1  # -1 + 5q + 5q² < 0
    assert sign(np.array([1, -7], dtype=np.int64), q, qpow) == 1  # 1 - 7 e^{-2} > 0
    assert sign(np.array([1, -8], dtype=np.int64), q, qpow) == -1


def test_float_inconclusive_sign_is_resolved_by_interval_arithmetic():
    """1 - 3 e^{-2β} at β = ln(3)/2 rounded to float64 is about 1e-16: floats cannot tell."""
    beta = math.log(3.0) / 2.0
    coef = np.array([1, -3], dtype=np.int64)
    q = math.exp(-2.0 * beta)
    assert worst_case._poly_sign(coef, q, worst_case._q_powers(q, 4)) == worst_case._UNRESOLVED
    with mpmath.workdps(60):
        truth = 1 - 3 * mpmath.exp(-2 * mpmath.mpf(beta))
    assert worst_case._mp_sign(coef, 2.0 * beta) == (1 if truth > 0 else -1)


# ---------------------------------------------------------------------------------------------
# one-step recall from cues
# ---------------------------------------------------------------------------------------------
@given(st.integers(4, 70), st.integers(1, 25), st.sampled_from([0.3, 1.0, 2.0]),
       st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_one_step_recall_equals_reference(n, k, beta, seed):
    rng = np.random.default_rng(seed)
    xi = adversarial_patterns(n, k, rng, 0.4)
    cues = np.array([hoplib.corrupt(xi[c], int(rng.integers(0, n // 3 + 1)), rng)
                     for c in range(k)])
    got = one_step_recall(hoplib.ExponentialMSE(beta), hoplib.pack(xi), hoplib.pack(cues), n)
    for c in range(k):
        target = np.where(cues[c] == xi[c], 1, -1)  # sign σ_i h_i must take
        assert got[c] == np.array_equal(reference_signs(xi, cues[c], beta), target)


def test_one_step_recall_matches_sync_step_away_from_ties():
    rng = np.random.default_rng(21)
    n, k = 30, 200
    xi = hoplib.random_patterns(k, n, rng)
    cues = np.array([hoplib.corrupt(xi[c], 4, rng) for c in range(k)])
    model = hoplib.ExponentialMSE(1.0)
    got = one_step_recall(model, hoplib.pack(xi), hoplib.pack(cues), n)
    for c in range(k):
        fields = model.local_fields(xi, cues[c])
        if np.all(fields != 0):
            assert got[c] == np.array_equal(hoplib.sync_step(model, xi, cues[c]), xi[c])


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def packed():
    return hoplib.random_packed_patterns(10, 12, 0)


def test_rejects_non_model(packed):
    with pytest.raises(TypeError, match="model"):
        check_all_patterns("exp", packed, 12)


def test_rejects_non_exponential_model(packed):
    with pytest.raises(ValueError, match="exponential"):
        check_all_patterns(hoplib.Polynomial(3), packed, 12)


def test_rejects_unpacked_patterns():
    with pytest.raises(TypeError, match="packed_patterns"):
        check_all_patterns(hoplib.ExponentialMSE(), hoplib.random_patterns(5, 12, 0), 12)


def test_rejects_wrong_word_count(packed):
    with pytest.raises(ValueError, match="words"):
        check_all_patterns(hoplib.ExponentialMSE(), packed, 70)


def test_rejects_bits_beyond_n(packed):
    with pytest.raises(ValueError, match="beyond"):
        check_all_patterns(hoplib.ExponentialMSE(), packed, 8)


def test_rejects_bad_pair_radius(packed):
    with pytest.raises(ValueError, match="pair_radius"):
        check_all_patterns(hoplib.ExponentialMSE(), packed, 12, pair_radius=13)


def test_rejects_probe_radius_too_small_for_pair_radius(packed):
    with pytest.raises(ValueError, match="raise probe_radius"):
        check_all_patterns(hoplib.ExponentialMSE(), packed, 12, pair_radius=3, probe_radius=0)


def test_rejects_bad_thread_count(packed):
    with pytest.raises(ValueError, match="threads"):
        check_all_patterns(hoplib.ExponentialMSE(), packed, 12, threads=0)


def test_rejects_more_cues_than_patterns(packed):
    cues = hoplib.random_packed_patterns(11, 12, 1)
    with pytest.raises(ValueError, match="cues"):
        one_step_recall(hoplib.ExponentialMSE(), packed, cues, 12)


def test_stability_signs_rejects_bad_state(packed):
    with pytest.raises(ValueError, match="packed_state"):
        stability_signs(hoplib.ExponentialMSE(), packed, packed, 12)
