import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib

MODELS = [
    hoplib.ExponentialMSE(1.0),
    hoplib.ExponentialMSE(0.37),
    hoplib.Demircigil(0.8),
    hoplib.Polynomial(2),
    hoplib.Polynomial(3),
    hoplib.Hopfield(),
]


def reference_energy(model, patterns, state):
    """E(σ) = −Σ_μ F(ξ^μ·σ), straight from the definition."""
    n = state.size
    return -sum(model.F(float(xi @ state), n) for xi in patterns.astype(np.int64))


def reference_fields(model, patterns, state):
    """h_i = ½[E(σ_i = −1) − E(σ_i = +1)] by explicit flips."""
    out = np.empty(state.size)
    for i in range(state.size):
        down, up = state.copy(), state.copy()
        down[i], up[i] = -1, 1
        out[i] = 0.5 * (reference_energy(model, patterns, down)
                        - reference_energy(model, patterns, up))
    return out


instances = st.tuples(st.integers(1, 8), st.integers(1, 20), st.integers(0, 2**32 - 1))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.name}-{m.parameter}")
@given(instances)
@settings(max_examples=25, deadline=None)
def test_energy_and_fields_match_definition(model, instance):
    n_patterns, n_neurons, seed = instance
    rng = np.random.default_rng(seed)
    xi = hoplib.random_patterns(n_patterns, n_neurons, rng)
    state = hoplib.random_patterns(1, n_neurons, rng)[0]
    e_ref = reference_energy(model, xi, state)
    assert math.isclose(model.energy(xi, state), e_ref, rel_tol=1e-12, abs_tol=1e-12)
    h_ref = reference_fields(model, xi, state)
    scale = max(1.0, np.abs(h_ref).max())
    assert np.allclose(model.local_fields(xi, state), h_ref, rtol=1e-9, atol=1e-9 * scale)


@given(instances)
@settings(max_examples=25, deadline=None)
def test_fixed_point_matches_sign_of_reference_fields(instance):
    n_patterns, n_neurons, seed = instance
    model = hoplib.ExponentialMSE(1.0)
    xi = hoplib.random_patterns(n_patterns, n_neurons, seed)
    h = reference_fields(model, xi, xi[0])
    margin = np.abs(h).min()
    if margin > 1e-9:  # away from exact ties the sign is unambiguous
        assert model.is_fixed_point(xi, xi[0]) == bool(np.all(xi[0] * h > 0))


def test_exact_tie_is_not_stable():
    # two patterns at Hamming distance 1: their contributions cancel exactly at the site
    xi = np.ones((2, 8), dtype=np.int8)
    xi[1, 3] = -1
    model = hoplib.ExponentialMSE(1.0)
    stab, _ = model.scaled_stabilities(xi, xi[0])
    assert stab[3] == 0.0
    assert not model.is_fixed_point(xi, xi[0])


def test_large_n_scaled_domain_keeps_signal():
    n = 4096
    xi = hoplib.random_patterns(20, n, 1)
    model = hoplib.ExponentialMSE(1.0)
    # a random state is ~N/2 from every pattern: e^{-2βd} underflows but scaled fields do not
    far = hoplib.random_patterns(1, n, 2)[0]
    stab, log_scale = model.scaled_stabilities(xi, far)
    assert np.all(stab != 0) and np.all(np.isfinite(stab)) and log_scale < -1000
    assert model.is_fixed_point(xi, xi[0])
    flip = 2 * model.local_fields(xi, xi[0])[0] * xi[0, 0]
    assert math.isclose(flip, 1 - math.exp(-2), rel_tol=1e-12)


def test_demircigil_overflow_is_explicit():
    n = 2000
    xi = hoplib.random_patterns(3, n, 0)
    model = hoplib.Demircigil(1.0)
    value, log_scale = model.scaled_energy(xi, xi[0])
    assert log_scale == pytest.approx(n) and value == pytest.approx(-1.0)
    with pytest.raises(OverflowError, match="scaled_energy"):
        model.energy(xi, xi[0])


def test_demircigil_is_exponential_mse_times_constant():
    xi = hoplib.random_patterns(30, 40, 5)
    state = hoplib.corrupt(xi[0], 7, 5)
    a, b = hoplib.ExponentialMSE(0.6), hoplib.Demircigil(0.6)
    assert b.energy(xi, state) == pytest.approx(math.exp(0.6 * 40) * a.energy(xi, state),
                                                rel=1e-12)


# --- bad input: one test per case ---------------------------------------------------------


@pytest.mark.parametrize("bad", [0.0, -1.0, float("inf"), float("nan")])
def test_beta_must_be_positive_finite(bad):
    with pytest.raises(ValueError, match="beta must be positive and finite"):
        hoplib.ExponentialMSE(bad)


def test_lambda_must_be_positive_finite():
    with pytest.raises(ValueError, match="lam must be positive and finite"):
        hoplib.Demircigil(-0.5)


def test_beta_must_be_a_number():
    with pytest.raises(TypeError, match="beta must be a real number"):
        hoplib.ExponentialMSE("1")


def test_polynomial_degree_checked():
    with pytest.raises(ValueError, match="n must be >= 2"):
        hoplib.Polynomial(1)


def test_state_length_mismatch_rejected():
    xi = hoplib.random_patterns(3, 10, 0)
    with pytest.raises(ValueError, match="n_neurons=10 but state has length 9"):
        hoplib.ExponentialMSE().energy(xi, xi[0, :9])


def test_patterns_must_be_two_dimensional():
    with pytest.raises(ValueError, match="patterns must have shape"):
        hoplib.ExponentialMSE().energy(np.ones(10), np.ones(10))


def test_empty_patterns_rejected():
    with pytest.raises(ValueError, match="must not be empty"):
        hoplib.ExponentialMSE().energy(np.ones((0, 10)), np.ones(10))


def test_state_entries_checked():
    xi = hoplib.random_patterns(3, 4, 0)
    with pytest.raises(ValueError, match="state entries must be -1 or \\+1"):
        hoplib.Hopfield().local_fields(xi, np.array([1, 2, 1, 1]))
