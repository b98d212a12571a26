"""Tests of hoplib.theory.perfect_recall: capacity formula, tail expansions, site correlation."""

import itertools
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from hoplib.theory import perfect_recall as T
from hoplib.theory import snr

LN2 = math.log(2)


def test_prefactor_cross_check_against_brief():
    # theory brief §5: K e^{−α₀N} ≈ 0.06 at N = 400, β = 1, ε = ln 2
    assert T.prefactor(1.0, 400, LN2) == pytest.approx(0.0596, abs=5e-4)


def test_log_K_max_matches_expression():
    for n_val, b, e in [(20, 1.0, LN2), (50, 0.5, 0.1), (200, 2.0, 1.0)]:
        z_val = stats.norm.isf(e / n_val)
        expr = T.K_max_expr.subs({T.n: n_val, T.beta: b, T.z: z_val})
        assert float(T.log_K_max(b, n_val, e)) == pytest.approx(float(sp.log(expr)), rel=1e-12)


def test_z_eps_is_inverse_tail():
    n_val = np.array([10, 100, 1e4, 1e8])
    assert np.allclose(T.z_eps(n_val, LN2), stats.norm.isf(LN2 / n_val), rtol=1e-12)


def test_prefactor_is_e_minus_alpha0_over_z2():
    z_val = stats.norm.isf(0.3 / 1000)
    assert T.prefactor(0.7, 1000, 0.3) == pytest.approx(
        math.exp(-float(snr.alpha0(0.7))) / z_val**2, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(2.0, 12.0), st.integers(1, 3))
def test_tail_series_error_below_first_omitted_term(zv, m):
    exact = stats.norm.sf(zv)
    approx = float(T.tail_series(m).subs(T.z, zv))
    omitted = float((T.tail_series(m + 1) - T.tail_series(m)).subs(T.z, zv))
    assert abs(approx - exact) <= abs(omitted) * (1 + 1e-9)
    assert np.sign(exact - approx) == np.sign(omitted)


def test_z2_expansion_terms_improve():
    n_val = np.array([1e3, 1e5, 1e7, 1e9])
    exact = T.z_eps(n_val, LN2) ** 2
    err = [np.abs(T.z2_asymptotic(n_val, LN2, k) / exact - 1) for k in (1, 2, 3)]
    assert np.all(err[2] < err[1]) and np.all(err[1] < err[0])
    assert np.all(np.diff(err[2]) < 0)


def test_prefactor_asymptotic_bad_terms():
    with pytest.raises(ValueError, match="terms"):
        T.prefactor_asymptotic(1.0, 100, LN2, terms=4)


def test_hopfield_capacity_and_mceliece():
    n_val = np.array([1e2, 1e4, 1e8])
    z_val = T.z_eps(n_val, LN2)
    assert np.allclose(T.hopfield_K_max(n_val, LN2), 1 + (n_val - 1) / z_val**2)
    ratio = T.hopfield_K_max(n_val, LN2) / T.mceliece(n_val)
    assert np.all(np.diff(ratio) < 0) and np.all(ratio > 1)


def test_hopfield_p_perfect_is_product_formula():
    n_val, k_val = 1000, 99
    s = math.sqrt((n_val - 1) / (k_val - 1))
    assert T.hopfield_p_perfect(n_val, k_val) == pytest.approx(stats.norm.cdf(s) ** n_val)


def test_site_correlation_values_and_limits():
    assert T.site_correlation(1.0) == pytest.approx(0.36710, abs=1e-5)
    assert T.site_correlation(40.0) == pytest.approx(0.5)
    b = np.linspace(0.05, 5, 50)
    r = T.site_correlation(b)
    assert np.all(np.diff(r) > 0) and np.all((r > 0) & (r < 0.5))


@pytest.mark.parametrize("beta_value", [0.3, 1.0, 2.0])
def test_site_correlation_by_exhaustive_enumeration(beta_value):
    # every other pattern is a vector a of signs; it adds a_i exp(β Σ_{j≠i} a_j) to site i
    n_val = 6
    a = np.array(list(itertools.product([-1, 1], repeat=n_val)), dtype=float)
    s = a.sum(axis=1, keepdims=True) - a
    x = a * np.exp(beta_value * s)
    cov = (x[:, 0] * x[:, 1]).mean() - x[:, 0].mean() * x[:, 1].mean()
    assert cov / x[:, 0].var() == pytest.approx(float(T.site_correlation(beta_value)), rel=1e-12)


def test_hopfield_site_correlation_by_enumeration():
    n_val = 7
    a = np.array(list(itertools.product([-1, 1], repeat=n_val)), dtype=float)
    x = a * (a.sum(axis=1, keepdims=True) - a) / n_val
    corr = (x[:, 0] * x[:, 1]).mean() / x[:, 0].var()
    assert corr == pytest.approx(float(T.hopfield_site_correlation_expr.subs(T.n, n_val)))


def test_correlated_with_zero_rho_is_independent():
    lk = np.linspace(250, 275, 6)
    assert np.allclose(T.p_perfect_correlated(1.0, 400, lk, rho=0.0),
                       T.p_perfect_independent(1.0, 400, lk), atol=1e-8)


def test_poisson_and_product_forms_close():
    lk = float(T.log_K_max(1.0, 400, LN2))
    prod = float(T.p_perfect_independent(1.0, 400, lk))
    pois = float(T.p_perfect_poisson(1.0, 400, lk))
    assert prod == pytest.approx(0.5, abs=2e-3)
    assert abs(math.log(prod / pois)) <= LN2**2 / 400


def test_correlated_probability_by_monte_carlo():
    rng = np.random.default_rng(3)
    n_val, b, rho = 50, 1.0, float(T.site_correlation(1.0))
    lk = float(T.log_K_max(b, n_val, LN2))
    snr_value = math.exp(0.5 * float(snr.log_snr2(b, n_val, lk)))
    m = 40000
    noise = (math.sqrt(rho) * rng.standard_normal((m, 1))
             + math.sqrt(1 - rho) * rng.standard_normal((m, n_val)))
    p_mc = np.all(snr_value + noise > 0, axis=1).mean()
    se = math.sqrt(p_mc * (1 - p_mc) / m)
    assert abs(p_mc - float(T.p_perfect_correlated(b, n_val, lk))) < 4 * se


def test_log_K_correlated_hits_target():
    for target in (0.2, 0.5, 0.8):
        lk = T.log_K_correlated(1.0, 300, target)
        assert float(T.p_perfect_correlated(1.0, 300, lk)) == pytest.approx(target, abs=1e-9)
    independent = T.log_K_correlated(1.0, 300, 0.5, rho=0.0)
    assert independent == pytest.approx(float(T.log_K_max(1.0, 300, LN2)), abs=0.01)
    assert T.log_K_correlated(1.0, 300) > independent


def test_log_K_correlated_bad_target():
    with pytest.raises(ValueError, match="target"):
        T.log_K_correlated(1.0, 300, 1.5)


# --- input validation: bad input raises, naming the argument -------------------------------

@pytest.mark.parametrize("bad", [0.0, -1.0, 100.0, 250.0, np.nan, [1.0, 150.0]])
def test_z_eps_rejects_epsilon_outside_0_n(bad):
    with pytest.raises(ValueError, match="epsilon"):
        T.z_eps(100, bad)


def test_log_K_max_needs_epsilon_below_half_n():  # noqa: N802
    assert np.isfinite(T.z_eps(100, 60.0))  # z < 0 is a valid z_eps ...
    with pytest.raises(ValueError, match="n_neurons/2"):
        T.log_K_max(1.0, 100, 60.0)  # ... but ln z is not


@pytest.mark.parametrize(("call", "error", "name"), [
    (lambda: T.prefactor(-1.0, 400, LN2), ValueError, "beta_value"),
    (lambda: T.site_correlation(None), TypeError, "beta_value"),
    (lambda: T.hopfield_K_max(0.5, LN2), ValueError, "n_neurons"),
    (lambda: T.mceliece(1), ValueError, "n_neurons"),
    (lambda: T.hopfield_p_perfect(100, 0.5), ValueError, "n_patterns"),
    (lambda: T.p_perfect_independent(1.0, 100, -1.0), ValueError, "log_k"),
    (lambda: T.p_perfect_correlated(1.0, 100, 5.0, rho=1.0), ValueError, "rho"),
    (lambda: T.z2_asymptotic(100, 200.0), ValueError, "epsilon"),
    (lambda: T.log_K_correlated(1.0, 300, float("nan")), ValueError, "target"),
])
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
