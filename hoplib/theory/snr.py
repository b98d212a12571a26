"""Signal-to-noise capacity of the exponential-MSE model (theory brief §3).

Symbols: ``beta`` (β > 0), ``m`` (an overlap in (-1, 1)).

* ``alpha0_expr`` — capacity exponent α₀(β) = 2β − ln cosh 2β.
* ``rate_I_expr`` — I(m) = ½[(1+m) ln(1+m) + (1−m) ln(1−m)], the large-deviation rate of the
  overlap of two random ±1 vectors.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

__all__ = ["beta", "m", "alpha0_expr", "rate_I_expr", "alpha0", "rate_I"]

beta = sp.Symbol("beta", positive=True)
m = sp.Symbol("m", real=True)

alpha0_expr = 2 * beta - sp.log(sp.cosh(2 * beta))
rate_I_expr = ((1 + m) * sp.log(1 + m) + (1 - m) * sp.log(1 - m)) / 2

_alpha0 = sp.lambdify(beta, alpha0_expr, "numpy")
_rate_I = sp.lambdify(m, rate_I_expr, "numpy")


def alpha0(beta_value):
    """α₀(β) = 2β − ln cosh 2β for scalars or arrays (lambdified from ``alpha0_expr``)."""
    return _alpha0(np.asarray(beta_value, dtype=float))


def rate_I(m_value):  # noqa: N802 (I mirrors the paper's notation)
    """I(m) for |m| < 1, scalars or arrays (lambdified from ``rate_I_expr``)."""
    return _rate_I(np.asarray(m_value, dtype=float))
