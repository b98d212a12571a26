import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib
from hoplib import basins
from hoplib.theory import basins as theory


def _instance(seed, max_patterns=200, max_neurons=20):
    rng = np.random.default_rng(seed)
    n_neurons = int(rng.integers(3, max_neurons + 1))
    n_patterns = int(rng.integers(1, max_patterns + 1))
    xi = hoplib.random_patterns(n_patterns, n_neurons, rng)
    cue = hoplib.corrupt(xi[0], int(rng.integers(0, n_neurons // 2 + 1)), rng)
    return xi, cue, n_neurons


@given(st.integers(0, 2**32 - 1), st.sampled_from([0.3, 1.0, 2.0]))
@settings(max_examples=60, deadline=None)
def test_sync_matches_hoplib_sync_step(seed, beta):
    xi, cue, n_neurons = _instance(seed)
    model = hoplib.ExponentialMSE(beta)
    expected = np.array_equal(hoplib.sync_step(model, xi, cue), xi[0])
    assert basins.sync_retrieves(beta, hoplib.pack(xi), hoplib.pack(cue), n_neurons) == expected


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_async_matches_hoplib_run_async(seed):
    xi, cue, n_neurons = _instance(seed)
    model = hoplib.ExponentialMSE(1.0)
    orders_rng = np.random.default_rng(seed + 1)
    orders = np.array([orders_rng.permutation(n_neurons) for _ in range(40)])
    run = hoplib.run_async(model, xi, cue, np.random.default_rng(seed + 1), max_sweeps=40)
    retrieved = np.array_equal(run.state, xi[0])
    packed, packed_cue = hoplib.pack(xi), hoplib.pack(cue)
    got, status = basins.async_retrieves(1.0, packed, packed_cue, n_neurons, orders,
                                         stop_when_unreachable=False)
    assert got == retrieved
    assert (status == "converged") == run.converged
    # the energy cut-off changes when a run stops, never whether it retrieves
    got_fast, status_fast = basins.async_retrieves(1.0, packed, packed_cue, n_neurons, orders)
    assert got_fast == retrieved
    if status_fast == "unreachable":
        assert not retrieved


def test_prefix_of_patterns():
    xi = hoplib.random_patterns(50, 12, 3)
    cue = hoplib.corrupt(xi[0], 2, 3)
    model = hoplib.ExponentialMSE(1.0)
    for k in (1, 5, 50):
        expected = np.array_equal(hoplib.sync_step(model, xi[:k], cue), xi[0])
        assert basins.sync_retrieves(1.0, hoplib.pack(xi), hoplib.pack(cue), 12, k) == expected


def test_lone_pattern_is_retrieved_from_any_cue():
    xi = hoplib.random_patterns(1, 10, 0)
    for flips in range(11):
        cue = hoplib.corrupt(xi[0], flips, flips)
        assert basins.sync_retrieves(1.0, hoplib.pack(xi), hoplib.pack(cue), 10)


def test_retrieval_counts_shapes_and_limits():
    counts = basins.retrieval_counts(12, [0.0, 0.3, 0.6], [0, 2, 4], 30, 7)
    assert counts.sync.shape == counts.asynchronous.shape == (3, 3)
    assert counts.n_patterns[0] == 1
    # one pattern: retrieved from every cue by both dynamics
    assert np.all(counts.sync[:, 0] == 30) and np.all(counts.asynchronous[:, 0] == 30)
    # from the pattern itself both dynamics give the same outcome trial by trial
    assert np.array_equal(counts.sync[0], counts.asynchronous[0])
    assert np.all(counts.sync <= 30) and np.all(counts.unconverged == 0)
    assert np.allclose(counts.rho, [0, 2 / 12, 4 / 12])
    p = counts.probability("async")
    assert np.all((p >= 0) & (p <= 1) | np.isnan(p))
    assert np.all(counts.stderr("sync")[counts.measured] <= 0.5 / np.sqrt(30) + 1e-12)


def test_retrieval_counts_reproducible_and_stop_rule():
    a = basins.retrieval_counts(10, [0.2, 0.5, 0.7], [1, 5], 20, 11)
    b = basins.retrieval_counts(10, [0.2, 0.5, 0.7], [1, 5], 20, 11)
    assert np.array_equal(a.sync, b.sync) and np.array_equal(a.asynchronous, b.asynchronous)
    assert np.array_equal(a.measured, b.measured)
    for row in range(2):
        dead = np.flatnonzero(~a.measured[row])
        if dead.size:  # a radius is dropped only after both dynamics failed every trial
            prev = dead[0] - 1
            assert a.sync[row, prev] == 0 and a.asynchronous[row, prev] == 0
            assert np.all(np.isnan(a.probability("sync")[row, dead]))


def test_async_retrieves_at_least_as_often_on_average():
    counts = basins.retrieval_counts(14, [0.2, 0.3, 0.4], [2, 3], 150, 5)
    assert counts.asynchronous.sum() > counts.sync.sum()


def test_one_step_error_limits():
    p0, se0, agree, flipped = basins.one_step_error(1.0, 400, 0.0, 40, 200, 0)
    assert p0 == 0.0 and se0 == 0.0
    assert agree[1] + flipped[1] == 200 and flipped[1] == 20  # stratified at ρ = 0.1
    p_full, *_ = basins.one_step_error(1.0, 400, 0.69 * 400, 40, 2000, 1)
    assert abs(p_full - 0.5) < 0.05  # noise dominates: random signs
    _, _, agree, flipped = basins.one_step_error(1.0, 400, 0.3 * 400, 0, 100, 2)
    assert flipped == (0, 0) and agree[1] == 100


def test_one_step_threshold_tracks_theory():
    n_neurons = 400
    est = basins.one_step_threshold(1.0, n_neurons, 80, 3, bisect_samples=200,
                                    grid_samples=400, n_boot=50)
    expected = float(theory.finite_n_threshold(0.2, 1.0, n_neurons, 0.25))
    assert abs(est.alpha - expected) < 3.0 / n_neurons
    assert 0 < est.stderr < 1.0 / n_neurons
    assert est.grid.size == est.error.size == est.error_stderr.size == 9


def test_crossing_interpolates():
    grid = np.array([0.0, 1.0, 2.0, 3.0])
    assert basins._crossing(grid, np.array([0.0, 0.1, 0.3, 0.5]), 0.25) == pytest.approx(1.75)
    assert np.isnan(basins._crossing(grid, np.array([0.0, 0.1, 0.1, 0.2]), 0.25))


# --- bad input ----------------------------------------------------------------------------


def test_too_many_neurons():
    with pytest.raises(ValueError, match="n_neurons must be <= 64"):
        basins.retrieval_counts(65, [0.1], [1], 1, 0)


def test_alphas_must_increase():
    with pytest.raises(ValueError, match="increasing"):
        basins.retrieval_counts(10, [0.3, 0.2], [1], 1, 0)


def test_alphas_too_large():
    with pytest.raises(ValueError, match="exceeds"):
        basins.retrieval_counts(40, [0.69], [1], 1, 0)


def test_flips_must_be_integers():
    with pytest.raises(TypeError, match="flips"):
        basins.retrieval_counts(10, [0.1], [0.5], 1, 0)


def test_flips_in_range():
    with pytest.raises(ValueError, match="flips"):
        basins.retrieval_counts(10, [0.1], [11], 1, 0)


def test_stop_below_in_range():
    with pytest.raises(ValueError, match="stop_below"):
        basins.retrieval_counts(10, [0.1], [1], 1, 0, stop_below=1.0)


def test_bad_beta():
    with pytest.raises(ValueError, match="beta"):
        basins.retrieval_counts(10, [0.1], [1], 1, 0, beta=0.0)


def test_rng_required():
    with pytest.raises(TypeError, match="rng"):
        basins.retrieval_counts(10, [0.1], [1], 1, None)


def test_orders_must_be_permutations():
    xi = hoplib.random_patterns(3, 6, 0)
    bad = np.zeros((2, 6), dtype=int)
    with pytest.raises(ValueError, match="permutation"):
        basins.async_retrieves(1.0, hoplib.pack(xi), hoplib.pack(xi[0]), 6, bad)


def test_orders_shape():
    xi = hoplib.random_patterns(3, 6, 0)
    with pytest.raises(ValueError, match="shape"):
        basins.async_retrieves(1.0, hoplib.pack(xi), hoplib.pack(xi[0]), 6, np.arange(6))


def test_orders_dtype():
    xi = hoplib.random_patterns(3, 6, 0)
    with pytest.raises(TypeError, match="integer"):
        basins.async_retrieves(1.0, hoplib.pack(xi), hoplib.pack(xi[0]), 6,
                               np.zeros((1, 6)))


def test_packed_input_checked():
    with pytest.raises(TypeError, match="bit-packed"):
        basins.sync_retrieves(1.0, np.ones((3, 1), dtype=np.int64), np.zeros(1, np.uint64), 6)


def test_n_patterns_in_range():
    xi = hoplib.random_patterns(3, 6, 0)
    with pytest.raises(ValueError, match="n_patterns"):
        basins.sync_retrieves(1.0, hoplib.pack(xi), hoplib.pack(xi[0]), 6, n_patterns=4)


def test_probability_dynamics_name():
    counts = basins.retrieval_counts(8, [0.1], [1], 2, 0)
    with pytest.raises(ValueError, match="dynamics"):
        counts.probability("parallel")


def test_distance_in_range():
    with pytest.raises(ValueError, match="distance"):
        basins.one_step_error(1.0, 100, 10.0, 100, 10, 0)


def test_level_in_range():
    with pytest.raises(ValueError, match="level"):
        basins.one_step_threshold(1.0, 100, 10, 0, level=0.5)


@pytest.mark.parametrize("kwargs, match", [
    (dict(bisect_samples=0), "bisect_samples"),
    (dict(grid_samples=1), "grid_samples"),
    (dict(level="quarter"), "level"),
])
def test_one_step_threshold_names_bad_argument(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        basins.one_step_threshold(1.0, 16, 1, 0, **kwargs)


def test_retrieval_counts_stop_below_not_a_number():
    with pytest.raises(ValueError, match="stop_below"):
        basins.retrieval_counts(12, [0.1], [1], 2, 0, stop_below=None)
