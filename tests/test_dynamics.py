import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib

MODELS = [hoplib.ExponentialMSE(1.0), hoplib.Demircigil(0.5), hoplib.Polynomial(3),
          hoplib.Hopfield()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@given(st.integers(1, 30), st.integers(4, 40), st.integers(0, 2**32 - 1))
@settings(max_examples=20, deadline=None)
def test_energy_never_increases_along_async_dynamics(model, n_patterns, n_neurons, seed):
    rng = np.random.default_rng(seed)
    xi = hoplib.random_patterns(n_patterns, n_neurons, rng)
    start = hoplib.random_patterns(1, n_neurons, rng)[0]
    run = hoplib.run_async(model, xi, start, rng, max_sweeps=50, record=True)
    energies = np.array([model.energy(xi, s) for s in run.history])
    assert np.all(np.diff(energies) <= 1e-9 * np.abs(energies).max())
    if run.converged:
        stab, _ = model.scaled_stabilities(xi, run.state)
        assert np.all(stab >= 0)  # no site wants to flip at the end


def test_few_patterns_are_fixed_points_and_retrieved_from_five_flips():
    model = hoplib.ExponentialMSE(1.0)
    xi = hoplib.random_patterns(3, 64, 11)
    for mu in range(3):
        assert model.is_fixed_point(xi, xi[mu])
        for seed in range(5):
            cue = hoplib.corrupt(xi[mu], 5, seed)
            run = hoplib.run_async(model, xi, cue, seed)
            assert run.converged and hoplib.overlap(xi[mu], run.state) == 1.0
            assert np.array_equal(hoplib.sync_step(model, xi, cue), xi[mu])


def reference_sync_step(model, patterns, state):
    h = model.local_fields(patterns, state)
    return np.where(state * h < 0, -state, state).astype(np.int8)


@given(st.integers(1, 20), st.integers(2, 30), st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_sync_step_matches_reference(n_patterns, n_neurons, seed):
    model = hoplib.ExponentialMSE(0.7)
    xi = hoplib.random_patterns(n_patterns, n_neurons, seed)
    state = hoplib.random_patterns(1, n_neurons, seed + 1)[0]
    assert np.array_equal(hoplib.sync_step(model, xi, state),
                          reference_sync_step(model, xi, state))


def reference_async(model, patterns, state, rng, max_sweeps):
    """Random-order sweeps flipping any site whose stability is negative (NumPy)."""
    state = state.copy()
    for _ in range(max_sweeps):
        flips = 0
        for i in rng.permutation(state.size):
            h = model.local_fields(patterns, state)[i]
            if state[i] * h < 0:
                state[i] = -state[i]
                flips += 1
        if flips == 0:
            break
    return state


@given(st.integers(1, 12), st.integers(2, 16), st.integers(0, 2**32 - 1))
@settings(max_examples=20, deadline=None)
def test_async_matches_reference(n_patterns, n_neurons, seed):
    model = hoplib.ExponentialMSE(1.0)
    xi = hoplib.random_patterns(n_patterns, n_neurons, seed)
    start = hoplib.random_patterns(1, n_neurons, seed + 1)[0]
    got = hoplib.run_async(model, xi, start, np.random.default_rng(seed), max_sweeps=20)
    want = reference_async(model, xi, start, np.random.default_rng(seed), 20)
    assert np.array_equal(got.state, want)


def test_flip_sites_replay_the_trajectory():
    model = hoplib.ExponentialMSE(1.0)
    xi = hoplib.random_patterns(200, 32, 4)
    cue = hoplib.corrupt(xi[0], 12, 4)
    run = hoplib.run_async(model, xi, cue, 4, record=True)
    replay = cue.astype(np.int8).copy()
    for site in run.flip_sites:
        replay[site] *= -1
    assert run.flip_sites.size == run.n_flips
    assert np.array_equal(replay, run.state) and np.array_equal(run.history[-1], run.state)


def test_same_seed_same_trajectory():
    model = hoplib.ExponentialMSE(1.0)
    xi = hoplib.random_patterns(40, 30, 0)
    cue = hoplib.corrupt(xi[0], 9, 0)
    a = hoplib.run_async(model, xi, cue, 123, record=True)
    b = hoplib.run_async(model, xi, cue, 123, record=True)
    assert np.array_equal(a.history, b.history)
    assert a.n_flips == b.n_flips and a.n_sweeps == b.n_sweeps


def test_sync_two_cycle_reported_as_not_converged():
    # pattern (1, -1) and start (1, 1): both sites are unstable at once, so synchronous
    # updates alternate between (1, 1) and (-1, -1) forever; asynchronous updates converge.
    xi = np.array([[1, -1]], dtype=np.int8)
    model = hoplib.Hopfield()
    run = hoplib.run_sync(model, xi, np.array([1, 1]), max_steps=10, record=True)
    assert not run.converged and run.n_flips == 20
    assert np.array_equal(run.history[2], run.history[0])
    settled = hoplib.run_async(model, xi, np.array([1, 1]), 0)
    assert settled.converged and abs(hoplib.overlap(xi[0], settled.state)) == 1.0


def test_overlap_values():
    a = np.array([1, 1, -1, -1])
    assert hoplib.overlap(a, a) == 1.0 and hoplib.overlap(a, -a) == -1.0


# --- bad input ----------------------------------------------------------------------------


def test_model_type_checked():
    with pytest.raises(TypeError, match="model must be a hoplib Model"):
        hoplib.run_async("exp", np.ones((1, 3)), np.ones(3), 0)


def test_max_sweeps_checked():
    with pytest.raises(ValueError, match="max_sweeps must be >= 1"):
        hoplib.run_async(hoplib.Hopfield(), np.ones((1, 3)), np.ones(3), 0, max_sweeps=0)


def test_overlap_length_mismatch():
    with pytest.raises(ValueError, match="length"):
        hoplib.overlap(np.ones(3), np.ones(4))
