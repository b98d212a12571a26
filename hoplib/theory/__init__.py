"""Closed-form results derived in the notebooks, as SymPy expressions and NumPy functions.

One module per notebook topic (``snr``, ``basins``, ...). Each module builds its SymPy
expressions once and turns them into vectorised functions with ``sympy.lambdify``, so that the
simulations and the figures use exactly the expressions that the notebooks derive. Import the
submodules directly (``from hoplib.theory import snr``); ``import hoplib`` does not load SymPy.
"""
