import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hoplib
from hoplib.capacity import crossing, unstable_counts

MODELS = [hoplib.Hopfield(), hoplib.Polynomial(3), hoplib.ExponentialMSE(1.0),
          hoplib.Demircigil(0.5)]


def _reference_counts(model, packed, n_neurons):
    """NumPy reference: Model.scaled_stabilities at every stored pattern."""
    spins = hoplib.unpack(packed, n_neurons)
    return np.array([int(np.sum(model.scaled_stabilities(spins, s)[0] <= 0.0)) for s in spins])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@pytest.mark.parametrize("n_neurons", [12, 70])
def test_dense_and_packed_agree_with_reference(model, n_neurons):
    k = 40
    dense = unstable_counts(model, n_neurons, k, 2, 7, method="dense")
    packed = unstable_counts(model, n_neurons, k, 2, 7, method="packed")
    assert dense.shape == (2, k)
    gen = np.random.default_rng(7)
    refs = [_reference_counts(model, hoplib.random_packed_patterns(k, n_neurons, gen), n_neurons)
            for _ in range(2)]
    assert np.array_equal(dense, np.array(refs))
    assert np.array_equal(packed, dense)


def test_n_checked_and_reproducible():
    a = unstable_counts(hoplib.Hopfield(), 32, 15, 4, 3, n_checked=5)
    b = unstable_counts(hoplib.Hopfield(), 32, 15, 4, np.random.default_rng(3), n_checked=5)
    full = unstable_counts(hoplib.Hopfield(), 32, 15, 4, 3)
    assert a.shape == (4, 5)
    assert np.array_equal(a, b)
    assert np.array_equal(a, full[:, :5])


def test_low_load_is_stable():
    counts = unstable_counts(hoplib.ExponentialMSE(1.0), 40, 3, 5, 0)
    assert np.all(counts == 0)


def test_crossing_interpolates_in_log_k():
    ks = [10, 100, 1000]
    assert crossing(ks, [0.9, 0.7, 0.3]) == pytest.approx(np.sqrt(100 * 1000))
    assert crossing(ks, [0.9, 0.5, 0.1]) == pytest.approx(100)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=8))
def test_crossing_lies_in_its_bracket(probs):
    probs = sorted(probs, reverse=True)
    ks = np.geomspace(1, 1000, len(probs))
    if probs[0] <= 0.5 or probs[-1] > 0.5:
        with pytest.raises(ValueError, match="bracket"):
            crossing(ks, probs)
        return
    k = crossing(ks, probs)
    j = next(i for i, p in enumerate(probs) if p <= 0.5)
    assert ks[j - 1] * (1 - 1e-12) <= k <= ks[j] * (1 + 1e-12)


def test_crossing_not_bracketed():
    with pytest.raises(ValueError, match="bracket"):
        crossing([1, 2, 3], [0.9, 0.8, 0.7])


def test_crossing_bad_loads():
    with pytest.raises(ValueError, match="increasing"):
        crossing([3, 2, 1], [0.9, 0.5, 0.1])


def test_crossing_bad_shapes():
    with pytest.raises(ValueError, match="equal length"):
        crossing([1, 2], [0.9, 0.5, 0.1])


def test_crossing_bad_level():
    with pytest.raises(ValueError, match="level"):
        crossing([1, 2], [0.9, 0.1], level=1.5)


def test_bad_model():
    with pytest.raises(TypeError, match="model"):
        unstable_counts("hopfield", 10, 5, 1, 0)


def test_bad_n_checked():
    with pytest.raises(ValueError, match="n_checked"):
        unstable_counts(hoplib.Hopfield(), 10, 5, 1, 0, n_checked=6)


def test_bad_method():
    with pytest.raises(ValueError, match="method"):
        unstable_counts(hoplib.Hopfield(), 10, 5, 1, 0, method="gpu")


def test_bad_rng():
    with pytest.raises(TypeError, match="rng"):
        unstable_counts(hoplib.Hopfield(), 10, 5, 1, None)


def test_bad_counts():
    with pytest.raises(ValueError, match="n_instances"):
        unstable_counts(hoplib.Hopfield(), 10, 5, 0, 0)


def test_crossing_rejects_nan_probabilities():
    with pytest.raises(ValueError, match="probabilities must be finite"):
        crossing([1, 2, 3], [0.9, np.nan, 0.1])


def test_crossing_rejects_infinite_loads():
    with pytest.raises(ValueError, match="loads must be finite"):
        crossing([1, np.inf], [0.9, 0.1])


def test_crossing_level_not_a_number():
    with pytest.raises(TypeError, match="level must be a real number"):
        crossing([1, 2], [0.9, 0.1], level="half")


def test_bad_n_neurons_type():
    with pytest.raises(TypeError, match="n_neurons must be an integer"):
        unstable_counts(hoplib.Hopfield(), 10.0, 5, 1, 0)
