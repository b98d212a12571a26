"""Neurons needed to store a given amount of data (theory brief §7, claim 7).

A network of N neurons holds at most ``K_max(N)`` patterns under a recall criterion. Two ways
to count what it stores (both reproduce numbers quoted for the paper's illustration):

* ``"bits"``     — the data are cut into K patterns of N bits each: need ``N · K_max(N) ≥ bits``;
* ``"patterns"`` — each stored pattern counts as one item and the number of items equals the
  number of bits: need ``K_max(N) ≥ bits`` (this holds ``N`` times more bits than the data).

Criteria (:data:`CRITERIA`): the information limit ``K = 2^N`` (α = ln 2, also α₀(β → ∞)),
typical-pattern recall ``K = e^{α₀(β)N}`` and all-pattern recall ``K = 2^{N/2}`` (α = ln 2/2).

Prefactors (``prefactor=``):

* ``"none"``     — ``K_max = ⌊e^{αN}⌋`` (exact integers: ``2^N``, ``isqrt(2^N)``, SymPy floor);
* ``"gaussian"`` — the Gaussian perfect-recall estimate of brief §5: the expected number of
  unstable sites is ``λ = N Φ̄(SNR)`` for a typical pattern (``K N Φ̄(SNR)`` for all patterns),
  ``SNR² = e^{α₀(N-1)}/(K-1)``; ``λ(K_max) = ε`` gives
  ``K_max - 1 = e^{-α₀} z^{-2} e^{α₀N}``, ``z = Φ̄^{-1}(ε/N)`` (:data:`gaussian_kmax_expr`);
* ``"perfect"``  — the Gaussian count plus exact ties: a pattern at Hamming distance 1 from
  ``ξ¹`` cancels its signal at one site, leaving the symmetric crosstalk, so that site fails
  with probability ½: ``λ += (K-1) N 2^{-N-1}`` (typical). For all patterns, each pair at
  distance 1 has opposite stabilities at the differing site (the field ``h_i`` does not depend
  on ``σ_i``), so exactly one of the two fails: ``λ += K(K-1) N 2^{-N-1}``.

A pattern (or the whole set) is then recalled perfectly with probability ≈ ``e^{-ε}``; the
default ε = ln 2 is probability ½. The brief's §5 prefactor is computed here locally (SymPy /
mpmath); :mod:`hoplib.theory.perfect_recall` is the home of its full derivation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp
from scipy.optimize import brentq
from scipy.special import log_ndtr

from . import _checks
from .snr import alpha0_expr
from .snr import beta as beta_sym

__all__ = [
    "Criterion", "CRITERIA", "CONVENTIONS", "PREFACTORS", "BITS_150ZB", "bytes_to_bits",
    "alpha_expr", "gaussian_kmax_expr", "doubling_cost_expr", "log_failure_count",
    "log_max_patterns", "max_patterns", "stored_amount", "neurons_needed",
    "neurons_needed_fast", "N", "bits", "eps",
]

N = sp.Symbol("N", positive=True)
bits = sp.Symbol("B", positive=True)
eps = sp.Symbol("epsilon", positive=True)

#: 150 zettabytes (SI: 1 ZB = 10^21 bytes) in bits, as an exact integer.
BITS_150ZB = 150 * 10**21 * 8

CONVENTIONS = ("bits", "patterns")
LN2 = math.log(2.0)  # default failure budget ε: recall with probability ½
PREFACTORS = ("none", "gaussian", "perfect")


def bytes_to_bits(n_bytes) -> int:
    """Exact number of bits in ``n_bytes`` bytes (a number or a string like ``"150e21"``)."""
    return int(sp.nsimplify(sp.sympify(n_bytes), rational=True) * 8)


@dataclass(frozen=True)
class Criterion:
    """A recall criterion: ``kind`` in {"information", "typical", "all"} and β (SymPy)."""

    label: str
    kind: str
    beta: sp.Expr | None = None


CRITERIA = (
    Criterion("information limit α = ln 2 (β → ∞)", "information"),
    Criterion("typical, β = 2", "typical", sp.Integer(2)),
    Criterion("typical, β = 1", "typical", sp.Integer(1)),
    Criterion("typical, β = 1/2", "typical", sp.Rational(1, 2)),
    Criterion("all patterns α = ln 2/2, β = 1", "all", sp.Integer(1)),
)


def _check_criterion(criterion):
    if not isinstance(criterion, Criterion):
        raise TypeError(f"criterion must be a storage.Criterion (see CRITERIA), got {criterion!r}")
    if criterion.kind not in ("information", "typical", "all"):
        raise ValueError(f"criterion.kind must be information/typical/all, got {criterion.kind!r}")
    if criterion.kind != "information" and (criterion.beta is None or not criterion.beta > 0):
        raise ValueError(f"criterion {criterion.label!r} needs a positive beta")
    return criterion


def _check_choice(value, name, options):
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def alpha_expr(criterion):
    """Capacity exponent α of a criterion, as an exact SymPy expression."""
    c = _check_criterion(criterion)
    if c.kind == "information":
        return sp.log(2)
    if c.kind == "all":
        return sp.log(2) / 2
    return alpha0_expr.subs(beta_sym, c.beta)


_a0 = sp.Symbol("alpha_0", positive=True)
_z = sp.sqrt(2) * sp.erfcinv(2 * eps / N)  # Φ̄^{-1}(ε/N)
gaussian_kmax_expr = 1 + sp.exp(-_a0) * _z**-2 * sp.exp(_a0 * N)
"""§5: K_max = 1 + e^{-α₀} z^{-2} e^{α₀N}, z = Φ̄^{-1}(ε/N), in terms of the symbol α₀."""


def _doubling_cost(convention):
    a = sp.Symbol("alpha", positive=True)
    n_of_b = sp.Function("n")(bits)
    if convention == "bits":
        condition = a * n_of_b + sp.log(n_of_b) - sp.log(bits)  # N e^{αN} = B
    else:
        condition = a * n_of_b - sp.log(bits)  # e^{αN} = B
    dn_dlnb = sp.solve(sp.diff(condition, bits), sp.diff(n_of_b, bits))[0] * bits
    return sp.simplify((dn_dlnb * sp.log(2)).subs(n_of_b, N)), a


doubling_cost_expr = {c: _doubling_cost(c)[0] for c in CONVENTIONS}
"""Extra neurons per doubling of the data, dN/d log₂B: ln2/α ("patterns"), ln2/(α + 1/N)."""


# --- failure count λ(K) and K_max(N) ------------------------------------------------------

_DPS = 60  # mpmath digits for the exact integer K_max (K up to ~10^30 needs ~35)


@lru_cache(maxsize=64)
def _alpha0_float(beta_value) -> float:
    return float(alpha0_expr.subs(beta_sym, beta_value))


@lru_cache(maxsize=64)
def _alpha0_string(beta_value) -> str:
    return str(sp.N(alpha0_expr.subs(beta_sym, beta_value), _DPS + 20))


def log_failure_count(n_neurons, n_patterns, criterion, prefactor="perfect"):
    """ln λ: log of the expected number of failures (float), see module docstring."""
    c = _check_criterion(criterion)
    _check_choice(prefactor, "prefactor", ("gaussian", "perfect"))
    if c.kind == "information":
        raise ValueError("the information limit has no failure count (K ≤ 2^N is a bound)")
    x = math.log(n_patterns - 1.0)
    return _log_lambda_float(n_neurons, x, c, prefactor, _alpha0_float(c.beta))


def _log_lambda_float(n_neurons, x, c, prefactor, a0):
    """ln λ as a function of x = ln(K - 1), in floats."""
    z = math.exp(0.5 * (a0 * (n_neurons - 1) - x))
    log_k = float(np.logaddexp(0.0, x))
    terms = [math.log(n_neurons) + float(log_ndtr(-z))]
    if c.kind == "all":
        terms[0] += log_k
    if prefactor == "perfect":
        ties = x + math.log(n_neurons) - (n_neurons + 1) * math.log(2.0)
        terms.append(ties + (log_k if c.kind == "all" else 0.0))
    return float(np.logaddexp.reduce(terms))


def _lambda_at_most_eps(n_neurons, n_patterns, c, prefactor, eps_value):
    """Exact-enough test λ(K) <= ε for an integer K >= 2 (mpmath, 60 digits)."""
    with mpmath.workdps(_DPS):
        a0 = mpmath.mpf(_alpha0_string(c.beta))
        k = mpmath.mpf(n_patterns)
        z = mpmath.sqrt(mpmath.exp(a0 * (n_neurons - 1)) / (k - 1))
        per_pattern = n_neurons * mpmath.erfc(z / mpmath.sqrt(2)) / 2
        lam = per_pattern * (k if c.kind == "all" else 1)
        if prefactor == "perfect":
            pairs = k * (k - 1) if c.kind == "all" else (k - 1)
            lam += pairs * n_neurons / mpmath.mpf(2) ** (n_neurons + 1)
        return lam <= mpmath.mpf(eps_value)


def _root_x(n_neurons, c, prefactor, eps_value):
    """x = ln(K - 1) solving λ = ε in floats (λ increases with K)."""
    hi = n_neurons * math.log(2.0) + 5.0
    a0 = _alpha0_float(c.beta)
    target = math.log(eps_value)
    f = lambda x: _log_lambda_float(n_neurons, x, c, prefactor, a0) - target  # noqa: E731
    if f(-60.0) > 0:
        return -60.0
    if f(hi) < 0:
        return hi
    return brentq(f, -60.0, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps)


def log_max_patterns(n_neurons, criterion, prefactor="none", eps=LN2):
    """ln K_max(N) in floats (fast; use :func:`max_patterns` for exact integers)."""
    c = _check_criterion(criterion)
    _check_choice(prefactor, "prefactor", PREFACTORS)
    if c.kind == "information" or prefactor == "none":
        return float(alpha_expr(c)) * n_neurons
    return float(np.logaddexp(0.0, _root_x(n_neurons, c, prefactor, eps)))


def max_patterns(n_neurons: int, criterion, prefactor="none", eps=LN2) -> int:
    """Exact integer K_max(N): the largest K allowed by the criterion (and failure budget ε).

    Plain criteria use exact integers (``2^N``, ``isqrt(2^N)``, SymPy's floor of ``e^{α₀N}``).
    With a prefactor, the float root of ``λ(K) = ε`` gives a candidate that is then moved to
    the largest integer K with ``λ(K) <= ε`` evaluated at 60 digits.
    """
    c = _check_criterion(criterion)
    _check_choice(prefactor, "prefactor", PREFACTORS)
    n_neurons = _checks.count(n_neurons, "n_neurons", 1)
    if c.kind == "information":
        return 2**n_neurons
    if prefactor == "none":
        if c.kind == "all":
            return math.isqrt(2**n_neurons)
        return int(sp.floor(sp.exp(alpha_expr(c) * n_neurons)))

    def ok(k):
        return k < 2 or _lambda_at_most_eps(n_neurons, k, c, prefactor, eps)

    with mpmath.workdps(_DPS):
        x = _root_x(n_neurons, c, prefactor, eps)
        k = max(1, int(mpmath.floor(1 + mpmath.exp(mpmath.mpf(x)))))
    # the float root is good to ~1e-15 relative: step to the exact boundary
    step = max(1, k >> 40)
    while not ok(k):
        k = max(1, k - step)
    while ok(k + step):
        k += step
    lo, hi = k, k + step  # ok(lo), not ok(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def stored_amount(n_neurons: int, n_patterns: int, convention: str) -> int:
    """What K patterns of N bits count as: N·K bits ("bits") or K ("patterns")."""
    _check_choice(convention, "convention", CONVENTIONS)
    return n_neurons * n_patterns if convention == "bits" else n_patterns


def _log_amount(n_neurons, criterion, convention, prefactor, eps):
    log_k = log_max_patterns(n_neurons, criterion, prefactor, eps)
    return log_k + (math.log(n_neurons) if convention == "bits" else 0.0)


def neurons_needed(n_bits, criterion, convention="bits", prefactor="none", eps=LN2) -> int:
    """Smallest N whose exact ``stored_amount(N, K_max(N))`` reaches ``n_bits``.

    Parameters
    ----------
    n_bits : int
        Amount of data in bits (exact integer, e.g. :data:`BITS_150ZB`).
    criterion : Criterion
    convention : {"bits", "patterns"}
    prefactor : {"none", "gaussian", "perfect"}
    eps : float
        Failure budget: the recall succeeds with probability ≈ e^{-ε}.
    """
    _check_choice(convention, "convention", CONVENTIONS)
    _check_choice(prefactor, "prefactor", PREFACTORS)
    c = _check_criterion(criterion)
    n_bits = _checks.count(n_bits, "n_bits", 1)
    # float bisection for a candidate (the stored amount grows with N) ...
    target = math.log(n_bits)
    lo, hi = 0, int((target + 40.0) / float(alpha_expr(c))) + 20
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if _log_amount(mid, c, convention, prefactor, eps) < target else (
            lo, mid)

    # ... settled with exact integers
    def enough(n):
        return stored_amount(n, max_patterns(n, c, prefactor, eps), convention) >= n_bits

    n = hi
    while not enough(n):
        n += 1
    while n > 1 and enough(n - 1):
        n -= 1
    return n


def neurons_needed_fast(n_bits, criterion, convention="bits", prefactor="none",
                        eps=LN2, n_max: int | None = None):
    """Vectorised float version of :func:`neurons_needed` (for plots); same values except at
    exact ties of the float boundary, which :func:`neurons_needed` settles exactly.

    ``n_max`` (default: enough for the largest request) bounds the neurons tried.
    """
    _check_choice(convention, "convention", CONVENTIONS)
    log_bits = np.log(np.asarray(n_bits, dtype=float))
    if n_max is None:
        n_max = int((log_bits.max() + 40.0) / float(alpha_expr(criterion))) + 20
    ns = np.arange(1, n_max + 1)
    log_k = np.array([log_max_patterns(int(v), criterion, prefactor, eps) for v in ns])
    log_amount = log_k + (np.log(ns) if convention == "bits" else 0.0)
    log_amount = np.maximum.accumulate(log_amount)
    idx = np.searchsorted(log_amount, log_bits - 1e-12)
    if np.any(idx >= ns.size):
        raise ValueError(f"more than n_max={n_max} neurons needed; raise n_max")
    return ns[idx]
