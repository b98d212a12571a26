import itertools
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from hoplib.theory import snr
from hoplib.theory import worst_case as wc


def test_brief_values():
    # cross-checks against the theory brief (§6): ln 2/2 ≈ 0.3466, α₀(1)/2 = 0.3375
    assert float(wc.alpha_worst_expr) == pytest.approx(0.3466, abs=5e-5)
    assert float(wc.alpha_worst_radius(0.0)) == pytest.approx(0.3466, abs=5e-5)
    assert float(snr.alpha0(1.0)) / 2 == pytest.approx(0.3375, abs=5e-5)
    # at K = 2^{N/2} the brief's pair mean K²(N+1)2^{-N-1} is (N+1)/2
    for n in (10, 20, 30):
        assert float(wc.near_pair_mean(2.0 ** (n / 2), n)) == pytest.approx((n + 1) / 2)


def test_tie_pair_mean_counts_distance_one_pairs():
    rng = np.random.default_rng(0)
    n, k, draws = 8, 20, 3000
    counts = []
    for _ in range(draws):
        x = rng.integers(0, 2, size=(k, n))
        d = (x[:, None, :] != x[None, :, :]).sum(axis=2)
        counts.append(np.count_nonzero(np.triu(d == 1, 1)))
    mean = float(wc.tie_pair_mean(k, n))
    assert abs(np.mean(counts) - mean) < 4 * math.sqrt(mean / draws)


@given(st.integers(2, 60), st.floats(0.01, 0.99))
@settings(max_examples=30, deadline=None)
def test_shell_sums_match_closed_forms(n_value, q_value):
    subs = {wc.n: n_value, wc.q: q_value}
    m1 = sum(float(wc.shell_mean_expr.subs(subs).subs(wc.d, k)) for k in range(n_value + 1))
    m2 = sum(float(wc.shell_m2_expr.subs(subs).subs(wc.d, k)) for k in range(n_value + 1))
    scale = float(wc.pattern_m2_expr.subs(subs))
    assert abs(m1) <= 1e-12 * scale
    assert m2 == pytest.approx(scale, rel=1e-12)


def test_pattern_variance_is_the_snr_noise():
    # ((1 + q²)/2)^{N-1} with q = e^{-2β} is e^{-α₀(N-1)}, i.e. 1/SNR² per pattern
    expr = sp.log(wc.pattern_m2_expr.subs(wc.q, wc.q_expr)) + snr.alpha0_alt_expr * (wc.n - 1)
    assert sp.simplify(sp.expand_log(expr, force=True)) == 0


def test_bulk_moments_by_enumeration():
    """Mean and second moment of one random pattern's contribution at distance >= 2."""
    n, q = 10, math.exp(-2 * 0.7)
    m1 = m2 = 0.0
    for bits in itertools.product((0, 1), repeat=n):  # 1 = disagrees with ν
        dist = sum(bits)
        if dist <= 1:
            continue
        c = -(q ** (dist - 1)) if bits[0] else q**dist  # site 0
        m1 += c / 2**n
        m2 += c * c / 2**n
    subs = {wc.n: n, wc.q: q}
    assert float(wc.bulk_m1_expr.subs(subs)) == pytest.approx(m1, rel=1e-12)
    assert float(wc.bulk_m2_expr.subs(subs)) == pytest.approx(m2, rel=1e-12)


def test_crossing_solves_the_pair_mean():
    for n in (12, 20, 28, 40):
        k = math.exp(float(wc.crossing_alpha(n)) * n)
        assert float(wc.tie_pair_mean(k, n)) == pytest.approx(math.log(2), rel=1e-9)
        assert float(wc.crossing_alpha(n)) < math.log(2) / 2
    assert abs(wc.crossing_alpha(60) - wc.crossing_asymptotic(60)) < 1e-9
    assert sp.limit(sp.log(wc.crossing_K_expr) / wc.n, wc.n, sp.oo) == sp.log(2) / 2


def test_typical_crossing_is_twice_the_worst_case_one():
    for n in (12, 20, 28):
        gap = float(wc.typical_crossing_alpha(n)) - 2 * float(wc.crossing_alpha(n))
        assert abs(gap) < 1.0 / (n * math.exp(float(wc.crossing_alpha(n)) * n))


def test_exponents_of_the_two_union_bounds():
    a0 = sp.Symbol("alpha_0", positive=True)
    cheb = wc.chebyshev_kmax_expr.subs(snr.alpha0_expr, a0)
    gauss = wc.gaussian_union_kmax_expr.subs(snr.alpha0_expr, a0)
    assert sp.limit(sp.log(cheb) / wc.n, wc.n, sp.oo) == a0 / 2
    assert sp.limit(sp.log(gauss) / wc.n, wc.n, sp.oo) == a0


def test_chebyshev_kmax_makes_the_bound_epsilon():
    for n in (20, 40):
        k = math.exp(float(wc.chebyshev_log_kmax(1.0, n, 0.1)))
        assert float(wc.chebyshev_bound(1.0, n, k)) == pytest.approx(0.1, rel=2 / k)


def test_gaussian_union_root_and_leading_order():
    from scipy.special import log_ndtr

    for n in (20, 200, 2000):
        log_k = wc.gaussian_union_log_kmax(1.0, n, 0.5)
        ratio = math.exp(0.5 * float(snr.log_snr2(1.0, n, log_k)))
        log_union = math.log(n) + log_k + float(log_ndtr(-ratio))
        assert log_union == pytest.approx(math.log(0.5), abs=1e-6)
    # same exponent as the leading form: the gap in ln K grows only like ln N
    gap = wc.gaussian_union_log_kmax(1.0, 2000, 0.5) - wc.gaussian_union_log_kmax_leading(1.0,
                                                                                         2000)
    assert abs(gap) < math.log(2000)


def test_worst_case_beta_threshold():
    # α₀(β) >= ln 2/2 iff β >= -ln(√2 - 1)/4 ≈ 0.2203
    beta_c = -math.log(math.sqrt(2) - 1) / 4
    assert float(snr.alpha0(beta_c)) == pytest.approx(math.log(2) / 2, abs=1e-12)


def _two_term_sign(a_sign, a_exp, b_sign, b_exp):
    """Sign of a_sign q^{a_exp} + b_sign q^{b_exp} for 0 < q < 1 (0 on an exact tie)."""
    if a_sign == b_sign:
        return a_sign
    if a_exp == b_exp:
        return 0
    return a_sign if a_exp < b_exp else b_sign


@pytest.mark.parametrize("n_flips", [0, 1, 2, 3, 4])
def test_competitor_failure_by_enumeration(n_flips):
    """Enumerate every competitor against a target and its cue (S = the first n sites)."""
    n = 9
    total = 0.0
    for bits in itertools.product((0, 1), repeat=n):  # 1 = competitor differs from the cue
        dist = sum(bits)
        ties, wrong = 0, False
        for i in range(n):
            in_s = i < n_flips
            target = (-1, n_flips - 1) if in_s else (1, n_flips)
            comp = (-1, dist - 1) if bits[i] else (1, dist)
            sign = _two_term_sign(*target, *comp)
            wanted = -1 if in_s else 1
            if sign == 0:
                ties += 1
            elif sign != wanted:
                wrong = True
        total += 1.0 if wrong else 1.0 - 0.5**ties
    assert wc.competitor_failure(n, n_flips) == pytest.approx(total / 2**n, rel=1e-12)


def test_radius_reduces_to_the_pair_mean_at_zero_radius():
    for n in (12, 24):
        assert wc.competitor_failure(n, 0) == pytest.approx(n / 2 ** (n + 1), rel=1e-12)
        assert wc.radius_crossing_alpha(n, 0) == pytest.approx(float(wc.crossing_alpha(n)),
                                                              rel=1e-12)


@pytest.mark.parametrize("rho_value", [0.125, 0.25])
def test_radius_crossing_converges_to_demircigil(rho_value):
    limit = float(wc.alpha_worst_radius(rho_value))
    gaps = [abs(wc.radius_crossing_alpha(n, int(rho_value * n)) - limit)
            for n in (10**3, 10**4, 10**5, 10**6)]
    assert gaps[-1] < 1e-4
    assert all(b < a for a, b in zip(gaps, gaps[1:], strict=False))


def test_demircigil_exponent_is_half_channel_capacity():
    r = sp.Symbol("r", positive=True)
    entropy = -r * sp.log(r) - (1 - r) * sp.log(1 - r)
    expr = 2 * wc.alpha_worst_radius_expr.subs(wc.rho, r) - (sp.log(2) - entropy)
    assert sp.simplify(sp.expand_log(sp.expand(expr), force=True)) == 0


def test_predictions_are_probabilities_decreasing_in_k():
    ks = np.array([10.0, 100.0, 1000.0, 10000.0])
    for f in (wc.p_all_fixed, wc.p_fixed_typical):
        p = f(1.0, 24, ks)
        assert np.all((p > 0) & (p <= 1)) and np.all(np.diff(p) < 0)
    p = wc.p_all_recalled(ks, 24, 3)
    assert np.all(np.diff(p) < 0)


def test_bulk_term_is_negligible_at_beta_one_near_the_crossing():
    for n in (12, 20, 32):
        k = math.exp(float(wc.crossing_alpha(n)) * n)
        assert float(wc.bulk_failure_mean(1.0, n, k)) < 1e-6


def test_competitor_failure_rejects_bad_flips():
    with pytest.raises(ValueError, match="n_flips"):
        wc.competitor_failure(10, 11)


def test_neighbourhood_model_matches_brute_force_typical_fraction():
    import hoplib
    from hoplib.worst_case import check_all_patterns

    rng = np.random.default_rng(0)
    n, k = 12, 411  # about 1.2 distance-1 neighbours per pattern
    model = hoplib.ExponentialMSE(1.0)
    fixed = np.concatenate([check_all_patterns(model, hoplib.random_packed_patterns(k, n, rng),
                                               n).fixed for _ in range(20)])
    samples = 20000
    local = wc.p_fixed_typical_local(1.0, n, k, samples, 1)
    sigma = math.sqrt(fixed.mean() * (1 - fixed.mean()) / fixed.size
                      + local * (1 - local) / samples)
    assert abs(fixed.mean() - local) < 4 * sigma
    # the fair coin overestimates it
    assert float(wc.p_fixed_typical(1.0, n, k)) - fixed.mean() > 4 * sigma


def test_neighbourhood_samples_count_distance_one_neighbours():
    fixed, n_pairs = wc.typical_local_samples(1.0, 16, 5000, 20000, 3)
    assert n_pairs.mean() == pytest.approx(4999 * 16 / 2**16, rel=0.05)
    assert fixed[n_pairs == 0].mean() > 0.99  # no partner: the signal wins
    assert fixed[n_pairs == 1].mean() < 0.4  # the biased coin


def test_typical_local_samples_needs_explicit_rng():
    with pytest.raises(TypeError, match="rng"):
        wc.typical_local_samples(1.0, 12, 50, 10, None)


def test_typical_local_samples_reproducible():
    a = wc.typical_local_samples(1.0, 12, 300, 200, 7)
    b = wc.typical_local_samples(1.0, 12, 300, 200, np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(n_neurons=12.5), TypeError, "n_neurons"),
    (dict(n_samples=0), ValueError, "n_samples"),
    (dict(beta_value=float("nan")), ValueError, "beta_value"),
    (dict(k=0), ValueError, "k"),
])
def test_typical_local_samples_bad_inputs(kwargs, error, match):
    args = dict(beta_value=1.0, n_neurons=12, k=50, n_samples=10, rng=0) | kwargs
    with pytest.raises(error, match=match):
        wc.typical_local_samples(**args)


def test_gaussian_union_log_kmax_large_beta():
    # cosh 2β overflows at β = 400; α₀ = ln 2 there
    big = wc.gaussian_union_log_kmax(400.0, 60, 0.5)
    assert np.isfinite(big) and 0 < big < 59 * math.log(2.0)
    with pytest.raises(ValueError, match="epsilon"):
        wc.gaussian_union_log_kmax(1.0, 60, 0.0)


@pytest.mark.parametrize(("call", "error", "name"), [
    (lambda: wc.bulk_z(-1.0, 60, 100), ValueError, "beta_value"),
    (lambda: wc.p_all_fixed(1.0, 0.0, 100), ValueError, "n_neurons"),
    (lambda: wc.p_fixed_typical(1.0, 60, 0.5), ValueError, "k"),
    (lambda: wc.chebyshev_bound(None, 60, 100), TypeError, "beta_value"),
    (lambda: wc.chebyshev_log_kmax(1.0, 60, 0.0), ValueError, "epsilon"),
    (lambda: wc.crossing_alpha(np.nan), ValueError, "n_neurons"),
    (lambda: wc.alpha_worst_radius(0.5), ValueError, "rho_value"),
    (lambda: wc.alpha_worst_radius([0.1, -0.1]), ValueError, "rho_value"),
    (lambda: wc.radius_pair_mean(0.0, 60, 3), ValueError, "k"),
])
def test_closed_forms_reject_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()
