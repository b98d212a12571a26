import math
from fractions import Fraction
from math import comb

import numpy as np
import pytest
import sympy as sp
from scipy.special import erfinv
from scipy.stats import norm

import hoplib
from hoplib.theory import zoo


def _brute_expect(func, n_neurons):
    """E[func(s)] for s a sum of N - 1 independent ±1, exactly (Fractions)."""
    m = n_neurons - 1
    return sum(Fraction(comb(m, k), 2**m) * func(2 * k - m) for k in range(m + 1))


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 6, 8])
def test_moments_against_enumeration(k):
    for n_val in (2, 5, 9):
        ref = _brute_expect(lambda s, k=k: Fraction(s) ** k, n_val)
        assert sp.Rational(ref.numerator, ref.denominator) == zoo.moment_expr(k).subs(zoo.N, n_val)


@pytest.mark.parametrize("degree", [2, 3, 4])
def test_polynomial_variance_against_enumeration(degree):
    expr = zoo.crosstalk_variance_expr(("polynomial", degree))
    for n_val, k_val in ((4, 3), (7, 10), (12, 5)):
        ref = (k_val - 1) * _brute_expect(
            lambda s: Fraction((s + 1) ** degree - (s - 1) ** degree) ** 2, n_val)
        assert expr.subs({zoo.N: n_val, zoo.K: k_val}) == sp.Rational(ref.numerator,
                                                                      ref.denominator)


@pytest.mark.parametrize("degree", [2, 3])
def test_kurtosis_against_enumeration(degree):
    expr = zoo.excess_kurtosis_expr(("polynomial", degree))
    n_val, k_val = 9, 11

    def g(s):
        return Fraction((s + 1) ** degree - (s - 1) ** degree)

    m2 = _brute_expect(lambda s: g(s) ** 2, n_val)
    m4 = _brute_expect(lambda s: g(s) ** 4, n_val)
    ref = (m4 / m2**2 - 3) / (k_val - 1)
    assert sp.nsimplify(expr.subs({zoo.N: n_val, zoo.K: k_val})) == sp.Rational(
        ref.numerator, ref.denominator)


def test_hopfield_expressions():
    assert sp.simplify(zoo.signal_expr("hopfield") - 2 * (zoo.N - 1) / zoo.N) == 0
    assert sp.simplify(zoo.crosstalk_variance_expr("hopfield")
                       - 4 * (zoo.K - 1) * (zoo.N - 1) / zoo.N**2) == 0
    assert zoo.snr2(hoplib.Hopfield(), 256, 31) == pytest.approx(255 / 30)
    assert sp.simplify(zoo.excess_kurtosis_expr("hopfield")
                       + 2 / ((zoo.N - 1) * (zoo.K - 1))) == 0


def test_polynomial_two_is_hopfield_up_to_scale():
    for n_val, k_val in ((64, 21), (200, 41)):
        assert zoo.snr2(hoplib.Polynomial(2), n_val, k_val) == pytest.approx(
            zoo.snr2(hoplib.Hopfield(), n_val, k_val))


@pytest.mark.parametrize("degree", [2, 3, 4, 5])
def test_kh_variance_is_leading_order(degree):
    exact = zoo.crosstalk_variance_expr(("polynomial", degree))
    kh = zoo.kh_variance_expr.subs(zoo.n, degree)
    assert sp.limit(exact / kh, zoo.N, sp.oo) == 1


def test_exponential_snr_matches_brief():
    expr = sp.simplify(zoo.signal_expr("exponential") ** 2
                       / zoo.crosstalk_variance_expr("exponential"))
    brief = (sp.exp(2 * zoo.beta) / sp.cosh(2 * zoo.beta)) ** (zoo.N - 1) / (zoo.K - 1)
    assert sp.simplify((expr / brief).rewrite(sp.exp)) == 1
    model = hoplib.ExponentialMSE(1.0)
    for n_val, k_val in ((20, 1000.0), (1000, 1e200)):
        log_ref = (n_val - 1) * (2 - math.log(math.cosh(2))) - math.log(k_val - 1)
        assert math.log(zoo.snr2(model, n_val, k_val)) == pytest.approx(log_ref, rel=1e-12)


def test_per_site_error_is_gaussian_tail():
    model = hoplib.Polynomial(3)
    p = zoo.per_site_error(model, 64, 201)
    assert p == pytest.approx(norm.sf(math.sqrt(zoo.snr2(model, 64, 201))), rel=1e-10)
    # Edgeworth: the cubic crosstalk is heavy-tailed (κ > 0), the classical slightly light
    assert zoo.per_site_error(model, 64, 101, edgeworth=True) > zoo.per_site_error(model, 64, 101)
    hop = hoplib.Hopfield()
    assert zoo.edgeworth_correction(hop, 256, 31) < 0


def test_finite_n_capacity_solves_its_equation():
    for model, n_val in ((hoplib.Hopfield(), 256), (hoplib.Polynomial(3), 64)):
        k = zoo.finite_n_capacity(model, n_val)
        assert n_val * zoo.per_site_error(model, n_val, k) == pytest.approx(math.log(2))
        k_all = zoo.finite_n_capacity(model, n_val, all_patterns=True)
        assert k_all * n_val * zoo.per_site_error(model, n_val, k_all) == pytest.approx(
            math.log(2))
        assert k_all < k


def test_finite_n_capacity_tends_to_mceliece():
    hop = hoplib.Hopfield()
    ratios = [zoo.finite_n_capacity(hop, 10**e) / zoo.mceliece_typical(10**e)
              for e in (3, 12, 48)]
    assert ratios[0] > ratios[1] > ratios[2] > 1.0
    assert ratios[2] < 1.05


def test_asymptotic_formulas():
    assert zoo.mceliece_typical(256) == pytest.approx(256 / (2 * math.log(256)))
    assert zoo.mceliece_all(256) == pytest.approx(256 / (4 * math.log(256)))
    assert zoo.kh_capacity(3, 64) == pytest.approx(64**2 / (6 * math.log(64)))
    assert zoo.kh_capacity(2, 100) == pytest.approx(zoo.mceliece_typical(100))
    assert zoo.demircigil_all_alpha == sp.log(2) / 2
    assert zoo.info_limit_alpha == sp.log(2)


def test_ags():
    alpha_c, m_c = zoo.ags_alpha_c()
    assert alpha_c == pytest.approx(0.138, abs=5e-4)
    assert m_c == pytest.approx(0.967, abs=1e-3)
    ms = [zoo.ags_overlap(a) for a in (0.05, 0.1, 0.13)]
    assert ms[0] > ms[1] > ms[2] > m_c
    # the overlap solves the zero-temperature equation with m = erf(y)
    for a in (0.05, 0.1):
        y = erfinv(zoo.ags_overlap(a))
        assert math.erf(y) == pytest.approx(
            y * (math.sqrt(2 * a) + 2 / math.sqrt(math.pi) * math.exp(-y * y)), rel=1e-9)


def test_ags_overlap_out_of_range():
    with pytest.raises(ValueError, match="alpha"):
        zoo.ags_overlap(0.2)
    with pytest.raises(ValueError, match="alpha"):
        zoo.ags_overlap(0.0)


def test_unknown_model():
    with pytest.raises(TypeError, match="model"):
        zoo.snr2(object(), 10, 5)


def test_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        zoo.signal_expr("cubic")


def test_exponential_kurtosis_refused():
    with pytest.raises(ValueError, match="exponential"):
        zoo.excess_kurtosis(hoplib.ExponentialMSE(1.0), 20, 100)


def test_numpy_broadcasting():
    ks = np.array([11, 21, 41])
    out = zoo.per_site_error(hoplib.Hopfield(), 128, ks)
    assert out.shape == (3,) and np.all(np.diff(out) > 0)


def test_snr2_exponential_large_beta_does_not_overflow():
    # β → ∞: SNR² → 2^{N-1}/(K-1) (cosh 2β ≈ e^{2β}/2 overflows beyond β ≈ 177)
    value = zoo.snr2(hoplib.ExponentialMSE(400.0), 30, 1001)
    assert value == pytest.approx(2.0**29 / 1000, rel=1e-12)


@pytest.mark.parametrize(("degree", "error"), [(2.5, ValueError), (1, ValueError),
                                               (None, TypeError), (True, TypeError)])
def test_kh_capacity_rejects_bad_degree(degree, error):
    with pytest.raises(error, match="degree"):
        zoo.kh_capacity(degree, 100)


@pytest.mark.parametrize(("bad", "error"), [(1, ValueError), (0.5, ValueError),
                                            (np.nan, ValueError), (None, TypeError)])
def test_mceliece_rejects_bad_size(bad, error):
    for f in (zoo.mceliece_typical, zoo.mceliece_all, lambda v: zoo.kh_capacity(3, v)):
        with pytest.raises(error, match="n_neurons"):
            f(bad)
