"""Tests of hoplib.perfect_recall: whole-pattern sampler, brute force, threshold fits."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

import hoplib
from hoplib import perfect_recall as hpr
from hoplib.stability import count_unstable_sites


def test_log_distance_counts_reference():
    n, k_patterns = 10, 300
    lam = np.exp(hpr.log_distance_counts(n, math.log(k_patterns)))
    ref = (k_patterns - 1) * np.array([math.comb(n, k) for k in range(n + 1)]) / 2**n
    assert np.allclose(lam, ref, rtol=1e-12)


def test_log_distance_counts_huge_K():
    log_lam = hpr.log_distance_counts(1000, 700.0)
    assert np.isfinite(log_lam).all()
    assert special.logsumexp(log_lam) == pytest.approx(700.0, abs=1e-9)


def test_kernel_bulk_only_against_numpy():
    rng = np.random.default_rng(0)
    n, s = 30, 50
    offset = rng.normal(1.0, 0.1, s)
    bulk_sd = rng.uniform(0.1, 0.5, s)
    gauss = rng.standard_normal((s, n))
    nu, margin = hpr._sample_kernel(n, np.zeros(0, np.int64), np.zeros(0), np.zeros((s, 0),
                                    np.int64), offset, bulk_sd, gauss,
                                    np.arange(s, dtype=np.uint64))
    stab = offset[:, None] - bulk_sd[:, None] * (gauss - gauss.mean(axis=1, keepdims=True))
    assert np.array_equal(nu, (stab <= 0).sum(axis=1))
    assert np.allclose(margin, stab.min(axis=1))


def test_kernel_explicit_subsets_have_k_distinct_sites():
    # one explicit pattern at distance k with weight 1: loss is 1 on exactly k sites
    n, s = 20, 200
    for k in (1, 7, 20):
        offset = np.full(s, 0.5)
        nu, margin = hpr._sample_kernel(n, np.array([k]), np.array([1.0]),
                                        np.ones((s, 1), np.int64), offset, np.zeros(s),
                                        np.zeros((s, n)), np.arange(s, dtype=np.uint64) * 7919)
        assert np.all(nu == k)
        assert np.allclose(margin, -0.5)


def test_kernel_subsets_are_uniform():
    # one pattern at distance 1; sites are tagged by distinct bulk offsets, so the margin
    # tells which site was hit; the hit site must be uniform over the N sites
    n, s = 8, 4000
    tags = np.arange(n) * 0.01
    gauss = np.tile(tags - tags.mean(), (s, 1))
    _, margin = hpr._sample_kernel(n, np.array([1]), np.array([1.0]), np.ones((s, 1), np.int64),
                                   np.full(s, 0.5), np.ones(s), gauss,
                                   np.arange(s, dtype=np.uint64) * np.uint64(2654435761))
    site = np.rint((-0.5 - margin + tags.mean()) / 0.01).astype(int)
    counts = np.bincount(site, minlength=n)
    assert counts.sum() == s
    assert stats.chisquare(counts).pvalue > 1e-3


def test_sampler_reproducible_and_consistent():
    a = hpr.sample_unstable_sites(100, 60.0, 1.0, 300, 5)
    b = hpr.sample_unstable_sites(100, 60.0, 1.0, 300, np.random.default_rng(5))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    nu, margin = a
    assert nu.shape == (300,) and margin.shape == (300,)
    assert np.all((nu >= 0) & (nu <= 100))
    assert np.array_equal(nu == 0, margin > 0)


def test_sampler_independent_of_thread_count():
    import numba

    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = hpr.sample_unstable_sites(64, 40.0, 1.0, 200, 9)
        numba.set_num_threads(before)
        many = hpr.sample_unstable_sites(64, 40.0, 1.0, 200, 9)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(one[0], many[0]) and np.array_equal(one[1], many[1])


def test_sampler_low_load_is_perfect():
    nu, margin = hpr.sample_unstable_sites(200, 20.0, 1.0, 200, 1)
    assert np.all(nu == 0) and np.all(margin > 0.9)


@pytest.mark.parametrize("n,k_patterns", [(10, 60), (14, 600)])
def test_sampler_matches_brute_force(n, k_patterns):
    rng = np.random.default_rng(11)
    model = hoplib.ExponentialMSE(1.0)
    bf = hpr.brute_force_unstable_sites(model, n, k_patterns, 400, 2, rng).ravel()
    smp, _ = hpr.sample_unstable_sites(n, math.log(k_patterns), 1.0, 20000, rng)
    p_bf, p_smp = (bf == 0).mean(), (smp == 0).mean()
    se = math.sqrt(p_smp * (1 - p_smp) * (1 / bf.size + 1 / smp.size))
    assert abs(p_bf - p_smp) < 4 * se
    se_mean = math.sqrt(bf.var() / bf.size + smp.var() / smp.size)
    assert abs(bf.mean() - smp.mean()) < 4 * se_mean


def test_explicit_threshold_all_explicit_agrees():
    # explicit_mean = inf draws every pattern; compare with the default on P(perfect)
    a, _ = hpr.sample_unstable_sites(16, math.log(4000), 1.0, 3000, 2, explicit_mean=np.inf)
    b, _ = hpr.sample_unstable_sites(16, math.log(4000), 1.0, 3000, 3)
    pa, pb = (a == 0).mean(), (b == 0).mean()
    assert abs(pa - pb) < 4 * math.sqrt((pa * (1 - pa) + pb * (1 - pb)) / 3000)


def test_brute_force_matches_count_unstable_sites():
    model = hoplib.ExponentialMSE(1.0)
    out = hpr.brute_force_unstable_sites(model, 16, 500, 2, 10, 4)
    rng = np.random.default_rng(4)
    for row in out:
        packed = hoplib.random_packed_patterns(500, 16, rng)
        assert np.array_equal(row, count_unstable_sites(model, packed, 16, np.arange(10)))


def test_sweep_shapes():
    r = hpr.sweep(50, 1.0, [28.0, 30.0, 32.0], 100, 0)
    assert set(r) == {"log_K", "trials", "perfect", "mean_unstable", "se_unstable"}
    assert all(v.shape == (3,) for v in r.values())
    assert np.all(r["perfect"] <= r["trials"])


@settings(max_examples=15, deadline=None)
@given(st.floats(-2.0, 2.0), st.floats(0.1, 0.8), st.sampled_from([0.3, 0.5, 0.7]))
def test_probit_threshold_recovers_truth(mu, scale, target):
    x = mu + np.linspace(-1.5, 1.5, 9) * scale
    trials = np.full(9, 10**6)
    perfect = np.round(trials * stats.norm.cdf((mu - x) / scale)).astype(int)
    est, se = hpr.probit_threshold(x, perfect, trials, target)
    assert est == pytest.approx(mu - scale * stats.norm.ppf(target), abs=max(5 * se, 1e-3))


def test_crossing_log_K_exact_quadratic():
    x = np.linspace(-1, 1, 7)
    y = np.exp(0.3 + 2.0 * x + 0.1 * x**2)
    est, se = hpr.crossing_log_K(x, y, y * 1e-6, math.exp(0.3), rng=0)
    assert est == pytest.approx(0.0, abs=1e-6) and se < 1e-4


def test_bad_inputs():
    model = hoplib.ExponentialMSE(1.0)
    with pytest.raises(ValueError, match="n_neurons"):
        hpr.sample_unstable_sites(1, 2.0, 1.0, 10, 0)
    with pytest.raises(ValueError, match="beta"):
        hpr.sample_unstable_sites(20, 2.0, 0.0, 10, 0)
    with pytest.raises(ValueError, match="log_K"):
        hpr.sample_unstable_sites(20, -1.0, 1.0, 10, 0)
    with pytest.raises(ValueError, match="n_samples"):
        hpr.sample_unstable_sites(20, 2.0, 1.0, 0, 0)
    with pytest.raises(ValueError, match="explicit_mean"):
        hpr.sample_unstable_sites(20, 2.0, 1.0, 10, 0, explicit_mean=-1)
    with pytest.raises(TypeError, match="rng"):
        hpr.sample_unstable_sites(20, 2.0, 1.0, 10, None)
    with pytest.raises(TypeError, match="model"):
        hpr.brute_force_unstable_sites("exp", 10, 20, 1, 1, 0)
    with pytest.raises(ValueError, match="n_checked"):
        hpr.brute_force_unstable_sites(model, 10, 20, 1, 21, 0)
    with pytest.raises(ValueError, match="log_K_values"):
        hpr.sweep(20, 1.0, [], 10, 0)
    with pytest.raises(ValueError, match="trials"):
        hpr.probit_threshold([1.0, 2.0], [3, 1], [2, 2])
    with pytest.raises(ValueError, match="target"):
        hpr.probit_threshold([1.0, 2.0], [1, 1], [2, 2], target=1.0)
    with pytest.raises(ValueError, match="positive"):
        hpr.crossing_log_K([0.0, 1.0, 2.0], [1.0, 0.0, 2.0], [1.0, 1.0, 1.0], 1.0)


def test_log_weights_large_beta_branch_matches_direct():
    # β = 300: e^{2β} still fits a float, so the direct formulas are the reference
    direct = hpr._log_weights(300.0, 40)
    two_beta = 600.0
    k = np.arange(41)
    log_one_plus = two_beta + math.log1p(math.exp(-two_beta))
    with np.errstate(divide="ignore"):
        stable_c = -two_beta * k + np.log(k / 40) + log_one_plus
    stable_c[1:] += np.log1p(-40 / k[1:] * math.exp(-log_one_plus))
    stable_c[0] = 0.0
    np.testing.assert_allclose(direct[0], log_one_plus - two_beta * k, rtol=1e-13)
    np.testing.assert_allclose(direct[1], stable_c, rtol=1e-13, atol=1e-12)
    np.testing.assert_array_equal(direct[2], np.where(k == 0, 1.0, -1.0))


def test_sampler_huge_beta_does_not_overflow():
    # e^{2β} overflows for β = 400; only duplicates and distance-1 patterns matter then
    nu, margin = hpr.sample_unstable_sites(16, 2.0, 400.0, 50, 0)
    assert np.all(np.isfinite(margin))
    w = hpr._log_weights(400.0, 16)
    assert np.all(np.isfinite(w[0])) and np.all(np.isfinite(w[1][:2]))


def test_explicit_mean_not_a_number():
    with pytest.raises(TypeError, match="explicit_mean"):
        hpr.sample_unstable_sites(20, 2.0, 1.0, 10, 0, explicit_mean=None)


def test_probit_threshold_rejects_nan():
    with pytest.raises(ValueError, match="log_K must be finite"):
        hpr.probit_threshold([1.0, np.nan], [1, 1], [2, 2])


def test_crossing_log_K_rejects_nan_and_bad_n_boot():  # noqa: N802
    with pytest.raises(ValueError, match="values must be finite"):
        hpr.crossing_log_K([1.0, 2.0, 3.0], [1.0, np.nan, 3.0], [0.1, 0.1, 0.1], 2.0)
    with pytest.raises(ValueError, match="target"):
        hpr.crossing_log_K([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.1, 0.1, 0.1], np.nan)
    with pytest.raises(ValueError, match="n_boot"):
        hpr.crossing_log_K([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.1, 0.1, 0.1], 2.0, n_boot=0)
