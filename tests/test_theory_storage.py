import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from hoplib.theory import storage

CRIT = {c.label: c for c in storage.CRITERIA}
INFO = CRIT["information limit α = ln 2 (β → ∞)"]
TYP2 = CRIT["typical, β = 2"]
TYP1 = CRIT["typical, β = 1"]
TYP_HALF = CRIT["typical, β = 1/2"]
ALL = CRIT["all patterns α = ln 2/2, β = 1"]
LN2 = math.log(2)


def test_150zb_in_bits():
    assert storage.BITS_150ZB == 12 * 10**23
    assert storage.bytes_to_bits("150e21") == storage.BITS_150ZB
    assert storage.bytes_to_bits(150e21) == storage.BITS_150ZB


@pytest.mark.parametrize(
    ("criterion", "bits_count", "patterns_count"),
    [(INFO, 74, 80), (TYP1, 76, 83), (TYP_HALF, 90, 98), (ALL, 146, 160)],
)
def test_brief_cross_check(criterion, bits_count, patterns_count):
    # theory brief §7 quotes these numbers; the module computes them
    assert storage.neurons_needed(storage.BITS_150ZB, criterion, "bits") == bits_count
    assert storage.neurons_needed(storage.BITS_150ZB, criterion, "patterns") == patterns_count


def test_alpha_values():
    assert sp.simplify(storage.alpha_expr(INFO) - sp.log(2)) == 0
    assert sp.simplify(storage.alpha_expr(ALL) - sp.log(2) / 2) == 0
    assert float(storage.alpha_expr(TYP1)) == pytest.approx(0.6749972526, abs=1e-9)
    assert float(storage.alpha_expr(TYP_HALF)) == pytest.approx(0.5662191695, abs=1e-9)


@pytest.mark.parametrize("n", [1, 2, 7, 20, 63])
def test_plain_max_patterns_exact(n):
    assert storage.max_patterns(n, INFO) == 2**n
    assert storage.max_patterns(n, ALL) == math.isqrt(2**n)
    with mpmath.workdps(60):
        ref = int(mpmath.floor(mpmath.exp(n * (2 - mpmath.log(mpmath.cosh(2))))))
    assert storage.max_patterns(n, TYP1) == ref


@pytest.mark.parametrize("criterion", [TYP1, TYP2, ALL])
@pytest.mark.parametrize("prefactor", ["gaussian", "perfect"])
@pytest.mark.parametrize("n", [18, 30, 45])
def test_prefactor_max_patterns_is_largest_admissible(criterion, prefactor, n):
    k = storage.max_patterns(n, criterion, prefactor, LN2)
    assert k >= 2
    assert storage.log_failure_count(n, k, criterion, prefactor) <= math.log(LN2) + 1e-12
    assert storage.log_failure_count(n, k + 1, criterion, prefactor) > math.log(LN2) - 1e-12


@pytest.mark.parametrize("n", [20, 60, 120])
def test_gaussian_prefactor_matches_closed_form(n):
    a0 = 2 - math.log(math.cosh(2))
    with mpmath.workdps(40):
        z = mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * mpmath.mpf(LN2) / n)
        closed = 1 + mpmath.exp(-a0) * mpmath.exp(a0 * n) / z**2
    assert math.exp(storage.log_max_patterns(n, TYP1, "gaussian")) == pytest.approx(
        float(closed), rel=1e-10)
    expr = storage.gaussian_kmax_expr.subs(
        {storage.N: n, storage.eps: sp.Float(LN2, 40), sp.Symbol("alpha_0", positive=True):
         sp.Float(a0, 40)}).replace(sp.erfcinv, lambda v: sp.erfinv(1 - v))
    assert float(sp.N(expr, 30)) == pytest.approx(float(closed), rel=1e-10)


def test_prefactors_order():
    for n in (30, 60, 100):
        plain = storage.max_patterns(n, TYP1)
        gauss = storage.max_patterns(n, TYP1, "gaussian")
        perfect = storage.max_patterns(n, TYP1, "perfect")
        assert perfect <= gauss <= plain


def test_perfect_recall_module_agrees_if_present():
    pr = pytest.importorskip("hoplib.theory.perfect_recall")
    if not hasattr(pr, "log_K_max"):
        pytest.skip("perfect_recall has no log_K_max")
    for n in (40, 80):
        k = math.exp(storage.log_max_patterns(n, TYP1, "gaussian"))
        # perfect_recall drops the 1 of K - 1 = e^{α₀(N-1)} / z²
        assert math.log(k - 1) == pytest.approx(float(pr.log_K_max(1.0, n, LN2)), rel=1e-9)


def test_fast_matches_exact_over_range():
    amounts = [8 * 10**e for e in range(3, 25, 3)]
    for c in storage.CRITERIA:
        for conv in storage.CONVENTIONS:
            for pf in ("none", "perfect"):
                if c.kind == "information" and pf != "none":
                    continue
                fast = storage.neurons_needed_fast([float(a) for a in amounts], c, conv, pf)
                exact = [storage.neurons_needed(a, c, conv, pf) for a in amounts]
                assert list(fast) == exact


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=10**30),
       st.sampled_from(storage.CRITERIA), st.sampled_from(storage.CONVENTIONS))
def test_neurons_needed_is_smallest(n_bits, criterion, convention):
    n = storage.neurons_needed(n_bits, criterion, convention)
    amount = storage.stored_amount(n, storage.max_patterns(n, criterion), convention)
    assert amount >= n_bits
    if n > 1:
        smaller = storage.stored_amount(n - 1, storage.max_patterns(n - 1, criterion),
                                        convention)
        assert smaller < n_bits


def test_doubling_cost():
    a = sp.Symbol("alpha", positive=True)
    assert sp.simplify(storage.doubling_cost_expr["patterns"] - sp.log(2) / a) == 0
    assert sp.simplify(storage.doubling_cost_expr["bits"]
                       - sp.log(2) / (a + 1 / storage.N)) == 0
    # the exact counts grow by about ln2/α per doubling
    n1 = storage.neurons_needed(2**60, TYP1, "patterns")
    n2 = storage.neurons_needed(2**80, TYP1, "patterns")
    assert abs((n2 - n1) - 20 * LN2 / float(storage.alpha_expr(TYP1))) <= 1


def test_stored_amount():
    assert storage.stored_amount(10, 7, "bits") == 70
    assert storage.stored_amount(10, 7, "patterns") == 7


def test_failure_count_values():
    # all patterns, β = 1, N = 24: ties dominate, λ ≈ K(K-1) N 2^{-N-1}
    k, n = 836, 24
    lam = math.exp(storage.log_failure_count(n, k, ALL, "perfect"))
    assert lam == pytest.approx(k * (k - 1) * n / 2 ** (n + 1), rel=1e-6)


# --- bad inputs -----------------------------------------------------------------------------

def test_bad_criterion_type():
    with pytest.raises(TypeError, match="criterion"):
        storage.neurons_needed(100, "typical")


def test_bad_criterion_kind():
    with pytest.raises(ValueError, match="kind"):
        storage.alpha_expr(storage.Criterion("x", "median", sp.Integer(1)))


def test_criterion_needs_beta():
    with pytest.raises(ValueError, match="beta"):
        storage.alpha_expr(storage.Criterion("x", "typical"))


def test_bad_convention():
    with pytest.raises(ValueError, match="convention"):
        storage.neurons_needed(100, TYP1, "bytes")


def test_bad_prefactor():
    with pytest.raises(ValueError, match="prefactor"):
        storage.max_patterns(10, TYP1, "exact")


def test_bad_bits():
    with pytest.raises(ValueError, match="n_bits"):
        storage.neurons_needed(0, TYP1)


def test_bad_neurons():
    with pytest.raises(ValueError, match="n_neurons"):
        storage.max_patterns(0, TYP1)


def test_information_limit_has_no_failure_count():
    with pytest.raises(ValueError, match="information"):
        storage.log_failure_count(20, 100, INFO)


def test_fast_n_max_too_small():
    with pytest.raises(ValueError, match="n_max"):
        storage.neurons_needed_fast(np.array([1e24]), TYP1, n_max=10)


@pytest.mark.parametrize(("bad", "error"), [(10.5, ValueError), (None, TypeError),
                                            (float("nan"), ValueError), ("10", TypeError)])
def test_max_patterns_rejects_non_integer_n_neurons(bad, error):
    with pytest.raises(error, match="n_neurons"):
        storage.max_patterns(bad, TYP1)


def test_neurons_needed_rejects_fractional_bits():
    with pytest.raises(ValueError, match="n_bits"):
        storage.neurons_needed(100.5, TYP1)
    assert storage.neurons_needed(100.0, TYP1) == storage.neurons_needed(100, TYP1)
