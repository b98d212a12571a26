"""Execute every notebook in notebooks/ with its smoke parameters through papermill."""

import json
import os

import pytest

from tools import nbrun

NOTEBOOKS = nbrun.notebook_paths()
SMOKE_DIR = nbrun.ROOT / "build" / "smoke"
REQUIRED = {"id", "statement", "theory", "measured", "tolerance", "justification", "passed"}


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no [0-9]*.py notebook"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_smoke(path, monkeypatch):
    results = SMOKE_DIR / "results"
    monkeypatch.setenv("HOPLIB_RESULTS_DIR", str(results))
    monkeypatch.setenv("HOPLIB_QUIET", "1")
    (results / f"{path.stem}.json").unlink(missing_ok=True)
    nbrun.run_notebook(path, "smoke", out_dir=SMOKE_DIR / "notebooks")
    data = json.loads((results / f"{path.stem}.json").read_text())
    assert data["notebook"] == path.stem
    assert data["parameter_set"] == "smoke"
    assert data["claims"], "a notebook must check at least one claim"
    for claim in data["claims"]:
        assert REQUIRED <= set(claim), claim
        assert claim["passed"], claim
    assert os.environ.get("HOPLIB_RESULTS_DIR") == str(results)
