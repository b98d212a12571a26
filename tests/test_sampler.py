"""The semi-analytic stability sampler against brute force and exact enumeration."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import hoplib
from hoplib.sampler import SiteSamples, layer_log_means, sample_site_stabilities, signal_log


def _brute_force(model, n_neurons, n_patterns, distance, site, n_instances, rng):
    """ξ¹_i h_i / signal at one random site of the requested kind, one fresh instance each."""
    gen = np.random.default_rng(rng)
    ratio = np.empty(n_instances)
    sig = math.exp(signal_log(model, n_neurons, distance, site))
    for t in range(n_instances):
        xi = hoplib.random_patterns(n_patterns, n_neurons, gen)
        flips = gen.choice(n_neurons, size=distance, replace=False)
        cue = xi[0].copy()
        cue[flips] *= -1
        stab, log_scale = model.scaled_stabilities(xi, cue)
        if site == "agree":
            i = gen.choice(np.setdiff1d(np.arange(n_neurons), flips))
            ratio[t] = stab[i] * math.exp(log_scale) / sig
        else:
            i = gen.choice(flips)
            ratio[t] = -stab[i] * math.exp(log_scale) / sig
    return ratio


CASES = [  # beta, N, K, distance, site
    (1.0, 12, 150, 0, "agree"),
    (0.5, 16, 1500, 0, "agree"),
    (1.0, 16, 3000, 2, "agree"),
    (1.0, 16, 3000, 2, "flipped"),
    (2.0, 20, 20000, 0, "agree"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"b{c[0]}-N{c[1]}-K{c[2]}-r{c[3]}-{c[4]}"
                                             for c in CASES])
def test_matches_brute_force(case):
    beta, n, k, r, site = case
    model = hoplib.ExponentialMSE(beta)
    n_inst = 1500 if n < 20 else 400
    brute = _brute_force(model, n, k, r, site, n_inst, rng=100 + CASES.index(case))
    samp = sample_site_stabilities(model, n, math.log(k), 20000, rng=7, distance=r, site=site)
    ratio = samp.relative_to_signal()
    # whole distribution of ξ¹_i h_i / signal (discrete atoms make KS conservative)
    assert stats.ks_2samp(brute, ratio).pvalue > 1e-3
    # per-site error rate, ties included, as a 2x2 contingency table
    e_b, e_s = int(np.sum(brute <= 0)), int(np.sum(samp.errors()))
    table = [[e_b, n_inst - e_b], [e_s, ratio.size - e_s]]
    assert stats.fisher_exact(table).pvalue > 1e-3


def test_exact_enumeration_with_ties():
    """N = 4, K = 4: enumerate the three other patterns exactly; chi-square goodness of fit."""
    model = hoplib.ExponentialMSE(1.0)
    n = 4
    xi1 = np.ones(n, dtype=np.int8)
    sig = math.exp(signal_log(model, n))
    counts = {}
    configs = list(itertools.product((-1, 1), repeat=n))
    for others in itertools.product(configs, repeat=3):
        xi = np.array([xi1, *others], dtype=np.int8)
        stab, log_scale = model.scaled_stabilities(xi, xi1)
        key = round(stab[0] * math.exp(log_scale) / sig, 9)
        counts[key] = counts.get(key, 0) + 1
    total = len(configs) ** 3
    samp = sample_site_stabilities(model, n, math.log(4), 40000, rng=3)
    keys = sorted(counts)
    observed = np.zeros(len(keys))
    index = {key: j for j, key in enumerate(keys)}
    for v in np.round(samp.relative_to_signal(), 9):
        observed[index[v]] += 1  # KeyError would mean a value brute force never produces
    expected = np.array([counts[key] for key in keys]) / total * samp.scaled.size
    assert stats.chisquare(observed, expected).pvalue > 1e-3
    # exact zeros are the ties (an even number of ±e^{-2βk} terms can cancel), with the
    # exact probability of a tie
    tie_prob = counts.get(0.0, 0) / total
    assert tie_prob > 0
    assert np.array_equal(samp.ties, samp.scaled == 0.0)
    assert stats.binomtest(int(samp.ties.sum()), samp.ties.size, tie_prob).pvalue > 1e-3


def test_single_pattern_is_pure_signal_at_large_n_and_distance():
    """K = 1: ratio exactly 1 even when the signal e^{-2βr} is far below float range."""
    samp = sample_site_stabilities(hoplib.ExponentialMSE(1.0), 3000, 0.0, 5, rng=0,
                                   distance=1200, site="flipped")
    assert np.all(samp.relative_to_signal() == 1.0)
    assert samp.log_signal < -2000
    assert not samp.ties.any()


def test_large_n_is_finite_and_gaussian_variance():
    """Far above I(tanh 2β) the noise variance matches (K-1) e^{-2βN} sinh²β cosh^{N-1}(2β)."""
    beta, n, alpha = 1.0, 3000, 0.72
    samp = sample_site_stabilities(hoplib.ExponentialMSE(beta), n, alpha * n, 4000, rng=5)
    assert np.all(np.isfinite(samp.scaled)) and np.all(np.isfinite(samp.log_scale))
    noise = samp.relative_to_signal() - 1.0
    log_snr2 = (n - 1) * (2 * beta - math.log(math.cosh(2 * beta))) - alpha * n
    # var of ratio is 1/SNR²; sample variance of 4000 near-Gaussian draws: ±2.2% (1 sd)
    assert np.var(noise) * math.exp(log_snr2) == pytest.approx(1.0, rel=0.1)
    assert stats.normaltest(noise).pvalue > 1e-3


def test_demircigil_has_same_signs_and_shifted_scale():
    args = (40, 25.0, 300)
    a = sample_site_stabilities(hoplib.ExponentialMSE(0.7), *args, rng=11, distance=3)
    b = sample_site_stabilities(hoplib.Demircigil(0.7), *args, rng=11, distance=3)
    assert np.array_equal(np.sign(a.scaled), np.sign(b.scaled))
    assert np.allclose(b.log_scale - a.log_scale, 0.7 * 40)


def test_polynomial_model_matches_brute_force():
    model = hoplib.Polynomial(3)
    brute = _brute_force(model, 12, 400, 0, "agree", 1500, rng=2)
    samp = sample_site_stabilities(model, 12, math.log(400), 20000, rng=4)
    assert stats.ks_2samp(brute, samp.relative_to_signal()).pvalue > 1e-3
    assert not samp.ties.any()


def test_layer_log_means():
    lam = np.exp(layer_log_means(10, math.log(101.0)))
    assert lam.sum() == pytest.approx(100.0)
    assert lam[3] == pytest.approx(100 * math.comb(9, 3) / 2**9)
    assert np.all(np.isneginf(layer_log_means(5, 0.0)))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 40), log_k=st.floats(0.0, 60.0), r=st.integers(0, 40),
       flipped=st.booleans(), seed=st.integers(0, 2**31))
def test_properties(n, log_k, r, flipped, seed):
    r = min(r, n) if flipped else min(r, n - 1)
    if flipped and r == 0:
        r = 1
    site = "flipped" if flipped else "agree"
    samp = sample_site_stabilities(hoplib.ExponentialMSE(1.0), n, log_k, 50, seed,
                                   distance=r, site=site)
    assert isinstance(samp, SiteSamples)
    assert np.all(np.isfinite(samp.scaled)) and np.all(np.isfinite(samp.log_scale))
    assert np.all(samp.scaled[samp.ties] == 0.0)
    assert np.all(samp.errors(ties_are_errors=False) <= samp.errors())
    # the largest term sets the scale, so |scaled| never exceeds the number of terms
    assert np.all(np.abs(samp.scaled) <= n + 1)
    again = sample_site_stabilities(hoplib.ExponentialMSE(1.0), n, log_k, 50, seed,
                                    distance=r, site=site)
    assert np.array_equal(samp.scaled, again.scaled)


# --- bad inputs: one test each ----------------------------------------------------------------
M = hoplib.ExponentialMSE(1.0)


def test_rejects_non_model():
    with pytest.raises(TypeError, match="model"):
        sample_site_stabilities("exp", 10, 1.0, 5, 0)


def test_rejects_bad_n_neurons():
    with pytest.raises(ValueError, match="n_neurons"):
        sample_site_stabilities(M, 0, 1.0, 5, 0)


def test_rejects_negative_log_k():
    with pytest.raises(ValueError, match="log_K"):
        sample_site_stabilities(M, 10, -1.0, 5, 0)


def test_rejects_nan_log_k():
    with pytest.raises(ValueError, match="log_K"):
        sample_site_stabilities(M, 10, float("nan"), 5, 0)


def test_rejects_non_numeric_log_k():
    with pytest.raises(TypeError, match="log_K"):
        sample_site_stabilities(M, 10, "3", 5, 0)


def test_rejects_zero_samples():
    with pytest.raises(ValueError, match="n_samples"):
        sample_site_stabilities(M, 10, 1.0, 0, 0)


def test_rejects_bad_site():
    with pytest.raises(ValueError, match="site"):
        sample_site_stabilities(M, 10, 1.0, 5, 0, site="other")


def test_rejects_distance_beyond_n():
    with pytest.raises(ValueError, match="distance"):
        sample_site_stabilities(M, 10, 1.0, 5, 0, distance=11, site="flipped")


def test_rejects_flipped_site_without_flips():
    with pytest.raises(ValueError, match="flipped"):
        sample_site_stabilities(M, 10, 1.0, 5, 0, distance=0, site="flipped")


def test_rejects_agree_site_when_all_flipped():
    with pytest.raises(ValueError, match="agree"):
        sample_site_stabilities(M, 10, 1.0, 5, 0, distance=10, site="agree")


def test_rejects_missing_rng():
    with pytest.raises(TypeError, match="rng"):
        sample_site_stabilities(M, 10, 1.0, 5, None)
