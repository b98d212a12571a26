"""Print the claims table from ``results/*.json``; exit 1 if a claim failed or none exist.

Usage: ``python -m tools.claims_table [RESULTS_DIR]``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_results(folder) -> list[dict]:
    """Every results file in ``folder``, sorted by notebook name."""
    return [json.loads(p.read_text()) for p in sorted(Path(folder).glob("*.json"))
            if p.name != "bench.json"]


def _fmt(value):
    return "—" if value is None else f"{value:.4g}"


def rows(results) -> list[list[str]]:
    out = []
    for res in results:
        for c in res["claims"]:
            out.append([res["notebook"], c["id"], _fmt(c["theory"]), _fmt(c["measured"]),
                        _fmt(c["tolerance"]), c.get("comparison", ""),
                        "PASS" if c["passed"] else "FAIL"])
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else ROOT / "results"
    results = load_results(folder)
    if not results:
        print(f"no results in {folder}: run `make` first", file=sys.stderr)
        return 1
    header = ["notebook", "claim", "theory", "simulated", "tolerance", "test", "result"]
    table = [header] + rows(results)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for k, r in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    sets = sorted({r["parameter_set"] for r in results})
    n_fail = sum(r[-1] == "FAIL" for r in table[1:])
    print(f"\n{len(table) - 1} claims from {len(results)} notebooks "
          f"(parameter set: {', '.join(sets)}); {n_fail} failed")
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
