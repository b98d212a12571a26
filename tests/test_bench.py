"""The benchmark harness runs end to end at tiny sizes (no timing assertions: ratios belong in
the benchmark output, not in tests)."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_runs_and_writes_a_complete_report(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "hoplib.bench", "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "implementation" in proc.stdout and "vs ref" in proc.stdout
    report = json.loads(out.read_text())
    assert report["quick"] is True
    machine = report["machine"]
    assert machine["cores"] >= 1 and machine["numba_threads"] >= 1
    for lib in ("python", "numpy", "numba", "scipy", "hoplib"):
        assert machine[lib]
    assert report["bounds"]["read_gb_s"] > 0 and report["bounds"]["popcount_per_ns"] > 0
    rows = report["rows"]
    assert {r["case"] for r in rows} == {1, 2, 3, 4, 5}
    for r in rows:
        if "median_s" in r:
            assert 0 < r["min_s"] <= r["median_s"] <= r["max_s"]
            assert len(r["times_s"]) >= 1
    for case in (1, 2, 3):
        roles = {r["role"] for r in rows if r["case"] == case}
        assert {"reference", "hoplib"} <= roles
        assert all("speedup_vs_reference" in r
                   for r in rows if r["case"] == case and r["role"] == "hoplib")
    assert {"floor"} <= {r["role"] for r in rows if r["case"] == 1}
    # the harness cross-checks the answers of hoplib against its references
    checks = [m.group(1) for r in rows
              for m in re.finditer(r"(?:equal|agree)[^:;]*: (\w+)", r.get("note", ""))]
    assert len(checks) >= 5 and set(checks) == {"True"}
    storage = {r["label"]: r["value"] for r in rows if r["label"].startswith("packed storage")}
    assert storage["packed storage at N=32"] == 8.0
