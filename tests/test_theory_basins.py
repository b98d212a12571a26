import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from hoplib.theory import basins, snr
from hoplib.theory.basins import beta, rho

radius = st.floats(0.0, 0.5)
inverse_temperature = st.floats(0.05, 5.0)


def test_brief_values_beta_one():
    # cross-check against the theory brief (§4), β = 1
    grid = [0.0, 0.01, 0.05, 0.1, 0.2, 0.3]
    expected_c = [0.675, 0.635, 0.4946, 0.3681, 0.1927, 0.0823]
    expected_linear = [0.675, 0.635, 0.475, 0.275, -0.125, -0.525]
    np.testing.assert_allclose(basins.alpha_c(grid, 1.0), expected_c, atol=6e-4)
    np.testing.assert_allclose(basins.alpha_linear(grid, 1.0), expected_linear, atol=6e-4)


def test_rho_star_values():
    np.testing.assert_allclose(basins.rho_star([1.0, 0.5]), [0.018, 0.119], atol=6e-4)


def test_linear_load_is_limit_of_log_snr():
    alpha = sp.Symbol("alpha", positive=True)
    rate = sp.limit(basins.log_snr2_expr.subs(basins.log_K, alpha * basins.n) / basins.n,
                    basins.n, sp.oo)
    # α₀ in its second form ln 2 − ln(1 + e^{−4β}); compare through exp(difference) = 1
    gap = rate + alpha - (snr.alpha0_alt_expr - 4 * beta * rho)
    assert sp.simplify(sp.exp(gap)) == 1


def test_log_snr2_reduces_to_snr_module_at_zero_radius():
    assert sp.simplify(basins.log_snr2_expr.subs(rho, 0) - snr.log_snr2_expr) == 0


def test_finite_n_thresholds():
    assert float(basins.gaussian_threshold(0.0, 1.0, 1000, 0.25)) == pytest.approx(
        float(snr.gaussian_threshold(1.0, 1000, 0.25)), abs=1e-12)
    for n_neurons in (1e3, 1e5):
        drift = basins.shannon_threshold(0.2, n_neurons, 0.25) - basins.alpha_shannon(0.2)
        assert 0 < drift < np.log(n_neurons) / n_neurons  # O(ln N / N) and upward
    # far from ρ* the finite-N estimate converges to α_c on both branches
    for r in (0.0, 0.3):
        assert abs(basins.finite_n_threshold(r, 1.0, 1e7, 0.25) - basins.alpha_c(r, 1.0)) < 1e-5


def test_shannon_drift_against_exact_binomial_count():
    from scipy.special import gammaln, logsumexp

    n_neurons, r = 2000, 400
    k = np.arange(r)
    log_p = logsumexp(gammaln(n_neurons) - gammaln(k + 1) - gammaln(n_neurons - k)) \
        - (n_neurons - 1) * np.log(2)
    exact = (np.log(np.log(2)) - log_p) / n_neurons  # (K − 1)·P(closer) = ln 2, K ≫ 1
    assert basins.shannon_threshold(r / n_neurons, n_neurons, 0.25) == pytest.approx(
        exact, abs=10 / n_neurons**2)


@pytest.mark.parametrize("bad", [0.0, 0.5, -0.1])
def test_bad_level(bad):
    with pytest.raises(ValueError, match="p must"):
        basins.gaussian_threshold(0.1, 1.0, 1000, bad)


def test_bad_size():
    with pytest.raises(ValueError, match="n_neurons"):
        basins.shannon_threshold(0.1, 1, 0.25)


def test_shannon_threshold_needs_interior_radius():
    with pytest.raises(ValueError, match="rho"):
        basins.shannon_threshold(0.0, 1000, 0.25)


def test_largest_radius_is_zero_of_linear_load():
    at_radius = basins.alpha_linear_expr.subs(rho, basins.largest_radius_expr)
    assert sp.simplify(at_radius) == 0


def test_branches_meet_with_equal_value_and_slope():
    linear, shannon = basins.alpha_linear_expr, basins.alpha_shannon_expr
    star = basins.rho_star_expr
    value_gap = (linear - shannon).subs(rho, star)
    slope_gap = sp.diff(linear - shannon, rho).subs(rho, star)
    for gap in (value_gap, slope_gap):
        assert basins.in_tanh_variable(gap) == 0
        for b in (0.25, 0.5, 1.0, 2.0):
            assert abs(float(gap.subs(beta, b))) < 1e-12


def test_second_derivatives_differ_at_rho_star():
    # C¹ but not C²: the kink in curvature is what a simulation can see
    curvature_gap = sp.diff(basins.alpha_linear_expr - basins.alpha_shannon_expr, rho, 2)
    assert basins.in_tanh_variable(curvature_gap.subs(rho, basins.rho_star_expr)) != 0


def test_max_over_beta_of_linear_is_shannon():
    # stationary in β where tanh 2β = 1 − 2ρ; the value there is I(1 − 2ρ)
    derivative = sp.diff(basins.alpha_linear_expr, beta)
    beta_opt = sp.atanh(1 - 2 * rho) / 2
    assert sp.simplify(derivative.subs(beta, beta_opt)) == 0
    assert sp.simplify(sp.diff(basins.alpha_linear_expr, beta, 2)) != 0
    for r in (0.01, 0.1, 0.3):
        gap = (basins.alpha_linear_expr.subs(beta, beta_opt) - basins.alpha_shannon_expr)
        assert abs(float(gap.subs(rho, r))) < 1e-12


def test_shannon_is_channel_capacity():
    gap = basins.alpha_shannon_expr - (sp.log(2) - basins.binary_entropy_expr)
    assert sp.simplify(sp.expand_log(sp.expand(gap), force=True)) == 0


def test_shannon_endpoints():
    assert basins.alpha_shannon(0.0) == pytest.approx(np.log(2))
    assert basins.alpha_shannon(0.5) == pytest.approx(0.0, abs=1e-15)
    assert basins.binary_entropy(0.0) == 0.0


def test_alpha_c_at_zero_radius_is_alpha0():
    assert basins.alpha_c(0.0, 1.0) == pytest.approx(float(snr.alpha0(1.0)))


@given(radius, inverse_temperature)
def test_alpha_c_bounds(r, b):
    linear = basins.alpha_linear(r, b)
    corrected = basins.alpha_c(r, b)
    shannon = basins.alpha_shannon(r)
    assert linear <= corrected + 1e-12
    assert corrected <= shannon + 1e-12


@given(radius, inverse_temperature)
def test_alpha_c_matches_branches(r, b):
    expected = basins.alpha_linear(r, b) if r <= basins.rho_star(b) else basins.alpha_shannon(r)
    assert basins.alpha_c(r, b) == pytest.approx(expected, abs=1e-12)


@given(inverse_temperature)
def test_alpha_c_decreases_in_rho(b):
    values = basins.alpha_c(np.linspace(0.0, 0.5, 41), b)
    assert np.all(np.diff(values) < 0)


def test_broadcasting():
    out = basins.alpha_c(np.array([0.0, 0.1, 0.3])[:, None], np.array([0.5, 1.0]))
    assert out.shape == (3, 2)


@pytest.mark.parametrize("bad", [-0.1, 0.6, np.nan])
def test_bad_radius(bad):
    with pytest.raises(ValueError, match="rho"):
        basins.alpha_c(bad, 1.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, np.inf])
def test_bad_beta(bad):
    with pytest.raises(ValueError, match="beta"):
        basins.rho_star(bad)


def test_large_beta_does_not_overflow():
    # ln cosh 2β is rewritten where cosh overflows: α₀ → ln 2, ρ* → 0
    assert basins.largest_radius(400.0) == pytest.approx(np.log(2.0) / 1600.0, rel=1e-12)
    assert np.isfinite(basins.alpha_linear(0.0, 400.0))
    assert basins.alpha_c(0.1, 400.0) == pytest.approx(basins.alpha_shannon(0.1), rel=1e-12)
