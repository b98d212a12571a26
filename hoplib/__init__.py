"""hoplib: fast simulations of the exponential-MSE Hopfield model and its relatives.

Companion library of the notebooks that verify Albanese, Alessandrelli, Barra & Sollich,
"Yet another exponential Hopfield model", Physica A 683 (2026) 131223.

The names below cover patterns, models and dynamics. One algorithm per submodule, imported on
demand so that ``import hoplib`` stays fast:

* ``hoplib.stability`` — all-site stabilities against bit-packed pattern sets (typical case);
* ``hoplib.sampler`` — semi-analytic O(N) sampler of one site's stability for K = e^{αN};
* ``hoplib.basins`` — retrieval from cues at a radius, small-N dynamics and large-N thresholds;
* ``hoplib.perfect_recall`` — whole-pattern sampler and K* measurement;
* ``hoplib.worst_case`` — exact all-patterns fixed-point checker (near pairs by block hashing);
* ``hoplib.capacity`` — one capacity measurement for every model of the family;
* ``hoplib.theory`` — the SymPy results of the notebooks, lambdified;
* ``hoplib.claims`` — the claims a notebook checks and its results file;
* ``hoplib.bench`` — the benchmark harness (``make bench``).
"""

from .dynamics import DynamicsResult, overlap, run_async, run_sync, sync_step
from .models import Demircigil, ExponentialMSE, Hopfield, Model, Polynomial
from .patterns import (
    corrupt,
    hamming_distances,
    n_words,
    pack,
    random_packed_patterns,
    random_patterns,
    unpack,
)

__version__ = "0.1.0"

__all__ = [
    "DynamicsResult",
    "Demircigil",
    "ExponentialMSE",
    "Hopfield",
    "Model",
    "Polynomial",
    "corrupt",
    "hamming_distances",
    "n_words",
    "overlap",
    "pack",
    "random_packed_patterns",
    "random_patterns",
    "run_async",
    "run_sync",
    "sync_step",
    "unpack",
]
