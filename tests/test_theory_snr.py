"""Closed forms of hoplib.theory.snr: identities, limits, brief values, numerics."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from hoplib.theory import snr
from hoplib.theory.snr import K, beta, log_K, m, n, z


def test_brief_values():
    # cross-check against theory brief §3: 0.5662 (β=½), 0.6750 (β=1), 0.6928 (β=2)
    assert snr.alpha0([0.5, 1.0, 2.0]) == pytest.approx([0.5662, 0.6750, 0.6928], abs=5e-5)
    assert snr.rate_I(math.tanh(2.0)) == pytest.approx(0.603, abs=5e-4)


def test_alpha0_identity():
    # exp(α₀ − alt) = e^{2β}(1 + e^{−4β}) / (2 cosh 2β) = 1
    diff = snr.alpha0_expr - snr.alpha0_alt_expr
    assert sp.simplify(sp.exp(diff).rewrite(sp.exp)) == 1


def test_alpha0_limits():
    assert sp.limit(snr.alpha0_expr, beta, sp.oo) == sp.log(2)
    assert sp.limit(snr.alpha0_expr, beta, 0) == 0
    assert sp.limit(snr.alpha0_expr / beta, beta, 0) == 2


def test_snr2_is_signal_squared_over_variance():
    ratio = snr.signal_expr**2 / snr.noise_variance_expr
    assert sp.simplify((ratio / snr.snr2_expr).rewrite(sp.exp)) == 1


def test_log_snr2_matches_snr2():
    expr = sp.log(snr.snr2_expr.subs(K, sp.exp(log_K)))
    for b, nn, lk in [(0.5, 12, 4.0), (1.0, 30, 15.0), (2.0, 7, 1.5)]:
        vals = {beta: b, n: nn, log_K: lk}
        assert float(expr.subs(vals)) == pytest.approx(float(snr.log_snr2_expr.subs(vals)))
        assert snr.log_snr2(b, nn, lk) == pytest.approx(float(expr.subs(vals)))


def test_validity_gap():
    gap = snr.alpha0_expr - snr.rate_I_expr.subs(m, snr.overlap_q_expr)
    for b in (0.3, 1.0, 2.5):
        assert float(gap.subs(beta, b)) == pytest.approx(float(snr.validity_gap_expr.subs(beta, b)))
    assert snr.validity_gap(1.0) == pytest.approx(0.675 - 0.603, abs=1e-3)


def test_validity_gap_positive_symbolically():
    manifest = 4 * beta / (1 + sp.exp(4 * beta))  # 1 − tanh 2β = 2 / (1 + e^{4β})
    assert sp.simplify((snr.validity_gap_expr - manifest).rewrite(sp.exp)) == 0
    assert manifest.is_positive


@given(st.floats(0.01, 8.0))
def test_validity_gap_positive(b):
    assert snr.validity_gap(b) > 0


def test_gaussian_error_is_upper_normal_tail():
    zs = np.array([0.0, 0.5, 1.0, 3.0])
    f = sp.lambdify(z, snr.gaussian_error_expr, ["scipy", "numpy"])
    assert f(zs) == pytest.approx(norm.sf(zs))
    # at N, K with SNR² = e^{log_snr2}
    b, nn, lk = 1.0, 20, 12.0
    assert snr.gaussian_error(b, nn, lk) == pytest.approx(
        norm.sf(math.sqrt(math.exp(snr.log_snr2(b, nn, lk)))))


def test_gaussian_error_large_n_is_finite():
    vals = snr.gaussian_error(1.0, 5000, np.array([0.5, 0.675, 0.8]) * 5000)
    assert vals[0] == 0.0 and vals[2] == pytest.approx(0.5, abs=1e-6) and 0 < vals[1] < 0.5


def test_gaussian_threshold_inverts_error():
    for nn in (12, 100, 3000):
        for p in (0.01, 0.1, 0.3):
            a = snr.gaussian_threshold(1.0, nn, p)
            assert snr.gaussian_error(1.0, nn, a * nn) == pytest.approx(p, rel=1e-8)
    f = sp.lambdify((beta, n, z), snr.threshold_log_K_expr)
    zp = norm.isf(0.1)
    assert snr.gaussian_threshold(0.5, 20, 0.1) * 20 == pytest.approx(f(0.5, 20, zp))
    assert snr.gaussian_threshold(1.0, 10**6, 0.1) == pytest.approx(float(snr.alpha0(1.0)),
                                                                    abs=1e-5)


def test_gaussian_threshold_rejects_bad_level():
    with pytest.raises(ValueError, match="p must"):
        snr.gaussian_threshold(1.0, 20, 0.5)


def test_array_broadcasting():
    out = snr.log_snr2(np.array([0.5, 1.0])[:, None], 20, np.array([3.0, 5.0, 7.0]))
    assert out.shape == (2, 3)


def test_alpha0_large_beta_does_not_overflow():
    # cosh 2β overflows beyond β ≈ 177; α₀ → ln 2 there (alpha0_alt_expr form)
    big = np.array([1.0, 200.0, 1e4])
    out = snr.alpha0(big)
    assert np.all(np.isfinite(out))
    assert out[0] == snr.alpha0(1.0)  # finite entries are the direct lambdified values
    # 2β − (2β + ln(1 + e^{−4β}) − ln 2) cancels: a few ulp of 2β
    np.testing.assert_allclose(out[1:], math.log(2.0), rtol=1e-10)
    assert np.isfinite(snr.log_snr2(300.0, 50, 10.0))
    np.testing.assert_allclose(snr.log_snr2(300.0, 50, 10.0),
                               49 * math.log(2.0) - math.log(math.expm1(10.0)), rtol=1e-12)


def test_guarded_lambdify_keeps_finite_values_bit_for_bit():
    f = snr.guarded_lambdify(snr.beta, snr.alpha0_expr)
    direct = sp.lambdify(snr.beta, snr.alpha0_expr, "numpy")
    b = np.linspace(0.01, 150.0, 97)
    np.testing.assert_array_equal(f(b), direct(b))


# --- input validation: bad input raises, naming the argument -------------------------------

@pytest.mark.parametrize("bad", [-1.0, 0.0, np.nan, np.inf, [1.0, -0.5]])
def test_alpha0_rejects_non_positive_beta(bad):
    with pytest.raises(ValueError, match="beta_value must be positive"):
        snr.alpha0(bad)


@pytest.mark.parametrize("bad", [None, "1.0", True, [1.0, None]])
def test_alpha0_rejects_non_numeric_beta(bad):
    with pytest.raises(TypeError, match="beta_value"):
        snr.alpha0(bad)


@pytest.mark.parametrize("bad", [2.0, -1.5, np.nan, [0.5, 1.01]])
def test_rate_I_rejects_overlap_outside_closed_interval(bad):  # noqa: N802
    with pytest.raises(ValueError, match=r"m_value must be in \[-1, 1\]"):
        snr.rate_I(bad)


def test_rate_I_rejects_none():  # noqa: N802
    with pytest.raises(TypeError, match="m_value"):
        snr.rate_I(None)


def test_rate_I_endpoints_are_the_limit_ln2():  # noqa: N802
    out = snr.rate_I([-1.0, 0.0, 0.5, 1.0])
    assert out[[0, 3]] == pytest.approx([math.log(2)] * 2, abs=0)
    assert out[2] == snr._rate_I(np.asarray(0.5))  # interior values unchanged, bit for bit
    assert out[1] == 0.0


@pytest.mark.parametrize("bad", [0.0, -2.0, np.nan])
def test_validity_gap_rejects_bad_beta(bad):
    with pytest.raises(ValueError, match="beta_value"):
        snr.validity_gap(bad)


@pytest.mark.parametrize(("args", "name"), [
    ((-1.0, 20, 3.0), "beta_value"),
    ((1.0, 0.5, 3.0), "n_neurons"),
    ((1.0, np.nan, 3.0), "n_neurons"),
    ((1.0, 20, -0.1), "log_k"),
    ((1.0, 20, [3.0, np.inf]), "log_k"),
])
def test_log_snr2_and_gaussian_error_reject_bad_values(args, name):
    for f in (snr.log_snr2, snr.gaussian_error):
        with pytest.raises(ValueError, match=name):
            f(*args)


@pytest.mark.parametrize(("args", "name"), [
    ((None, 20, 3.0), "beta_value"),
    ((1.0, None, 3.0), "n_neurons"),
    ((1.0, 20, "3"), "log_k"),
])
def test_log_snr2_and_gaussian_error_reject_non_numeric(args, name):
    for f in (snr.log_snr2, snr.gaussian_error):
        with pytest.raises(TypeError, match=name):
            f(*args)


def test_log_snr2_accepts_a_single_pattern_limit():
    with np.errstate(divide="ignore"):
        assert snr.log_snr2(1.0, 20, 0.0) == np.inf  # K = 1: no crosstalk noise


@pytest.mark.parametrize("bad", [np.nan, 0.0, -0.1, 0.7, [0.1, np.nan]])
def test_gaussian_threshold_rejects_bad_p(bad):
    with pytest.raises(ValueError, match=r"p must be in \(0, 0.5\)"):
        snr.gaussian_threshold(1.0, 20, bad)


@pytest.mark.parametrize(("args", "error", "name"), [
    ((0.0, 20, 0.1), ValueError, "beta_value"),
    ((1.0, 0.0, 0.1), ValueError, "n_neurons"),
    ((1.0, 20, None), TypeError, "p"),
])
def test_gaussian_threshold_rejects_bad_beta_and_size(args, error, name):
    with pytest.raises(error, match=name):
        snr.gaussian_threshold(*args)
