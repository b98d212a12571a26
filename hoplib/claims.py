"""Claims that a notebook checks, and the results file it writes.

A notebook creates one :class:`ClaimBook`, records every claim it checks with
:meth:`ClaimBook.check` (numbers) or :meth:`ClaimBook.check_true` (exact facts, e.g. a SymPy
identity), and ends with :meth:`ClaimBook.finish`, which writes ``results/<notebook>.json``
and raises ``AssertionError`` naming every failed claim. The file's shape is::

    {"notebook": str, "parameter_set": "smoke" | "full", "parameters": {...},
     "runtime_s": float,
     "claims": [{"id", "statement", "theory", "measured", "tolerance", "comparison",
                 "justification", "passed"}, ...]}
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

__all__ = ["ClaimBook", "results_dir", "COMPARISONS"]

#: How ``passed`` follows from (theory, measured, tolerance).
COMPARISONS = {
    "abs": "|measured - theory| <= tolerance",
    "rel": "|measured / theory - 1| <= tolerance",
    "at_most": "measured <= theory + tolerance",
    "at_least": "measured >= theory - tolerance",
}


def results_dir() -> Path:
    """Where results files go: ``$HOPLIB_RESULTS_DIR`` or ``<project root>/results``."""
    env = os.environ.get("HOPLIB_RESULTS_DIR")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists():
            return folder / "results"
    return here / "results"


def _number(value, name):
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _passes(comparison, theory, measured, tolerance):
    if comparison == "abs":
        return abs(measured - theory) <= tolerance
    if comparison == "rel":
        return abs(measured / theory - 1.0) <= tolerance
    if comparison == "at_most":
        return measured <= theory + tolerance
    return measured >= theory - tolerance


class ClaimBook:
    """Collects a notebook's checked claims; see the module docstring.

    Parameters
    ----------
    notebook : str
        The notebook's file stem, e.g. ``"00_model"``; names the results file.
    parameter_set : {"smoke", "full"}
    parameters : dict
        The parameter values the notebook ran with (JSON-serialisable).
    """

    def __init__(self, notebook: str, parameter_set: str, parameters: dict):
        if parameter_set not in ("smoke", "full"):
            raise ValueError(f"parameter_set must be 'smoke' or 'full', got {parameter_set!r}")
        self.notebook = notebook
        self.parameter_set = parameter_set
        self.parameters = json.loads(json.dumps(parameters, default=_jsonable))
        self.claims: list[dict] = []
        self._start = time.perf_counter()

    def _record(self, claim):
        if any(c["id"] == claim["id"] for c in self.claims):
            raise ValueError(f"claim id {claim['id']!r} is already recorded")
        self.claims.append(claim)
        status = "PASS" if claim["passed"] else "FAIL"
        shown = {k: claim[k] for k in ("theory", "measured", "tolerance") if claim[k] is not None}
        numbers = ", ".join(f"{k}={v:.6g}" for k, v in shown.items())
        suffix = f" ({numbers})" if numbers else ""
        print(f"[{status}] {claim['id']}: {claim['statement']}{suffix}")
        return claim["passed"]

    def check(self, claim_id, statement, *, theory, measured, tolerance, justification,
              comparison="abs") -> bool:
        """Record a numerical claim; ``passed`` follows ``COMPARISONS[comparison]``."""
        if comparison not in COMPARISONS:
            raise ValueError(f"comparison must be one of {sorted(COMPARISONS)}, got {comparison!r}")
        theory = _number(theory, "theory")
        measured = _number(measured, "measured")
        tolerance = _number(tolerance, "tolerance")
        if theory is None or measured is None or tolerance is None or tolerance < 0:
            raise ValueError("check() needs numbers for theory and measured and tolerance >= 0")
        passed = bool(_passes(comparison, theory, measured, tolerance))
        return self._record(dict(id=claim_id, statement=statement, theory=theory,
                                 measured=measured, tolerance=tolerance, comparison=comparison,
                                 justification=justification, passed=passed))

    def check_true(self, claim_id, statement, condition, *, justification) -> bool:
        """Record an exact claim (a symbolic identity, an integer equality, an ordering)."""
        return self._record(dict(id=claim_id, statement=statement, theory=None, measured=None,
                                 tolerance=None, comparison="exact",
                                 justification=justification, passed=bool(condition)))

    def as_dict(self) -> dict:
        return {
            "notebook": self.notebook,
            "parameter_set": self.parameter_set,
            "parameters": self.parameters,
            "runtime_s": time.perf_counter() - self._start,
            "claims": self.claims,
        }

    def finish(self) -> Path:
        """Write the results file, then fail loudly if any claim failed (or none was made)."""
        folder = results_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.notebook}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2) + "\n")
        failed = [c for c in self.claims if not c["passed"]]
        if not self.claims:
            raise AssertionError(f"{self.notebook} checked no claim")
        if failed:
            lines = "\n".join(f"  {c['id']}: {c['statement']} (theory={c['theory']}, "
                              f"measured={c['measured']}, tolerance={c['tolerance']})"
                              for c in failed)
            raise AssertionError(f"{len(failed)} claim(s) failed in {self.notebook}:\n{lines}")
        print(f"{len(self.claims)} claims passed; wrote {folder.name}/{path.name}")
        return path


def _jsonable(value):
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:  # pragma: no cover
        pass
    return str(value)
