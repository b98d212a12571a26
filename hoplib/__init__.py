"""hoplib: fast simulations of the exponential-MSE Hopfield model and its relatives.

Companion library of the notebooks that verify Albanese, Alessandrelli, Barra & Sollich,
"Yet another exponential Hopfield model", Physica A 683 (2026) 131223.
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
