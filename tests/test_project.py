"""Project contract: dependency lists in sync, no executed notebooks tracked, lint-free names."""

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_requirements():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(data["dependencies"])
    for extra in data.get("optional-dependencies", {}).values():
        reqs += extra
    return {_split(r)[0]: _split(r)[1] for r in reqs}


def _split(requirement):
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _environment_requirements():
    deps = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        item = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?", line)
        if item and item.group(1) not in ("pip", "python"):
            deps[item.group(1).lower().replace("_", "-")] = (item.group(2) or "").replace(" ", "")
    return deps


def test_environment_yml_mirrors_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_python_matches_requires_python():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"python{data['requires-python']}" in (ROOT / "environment.yml").read_text()


def test_no_executed_notebooks_tracked():
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert tracked == [], f"executed notebooks are build products, untrack them: {tracked}"


def test_every_notebook_has_one_parameters_cell_with_smoke_overrides():
    import jupytext

    from tools import nbrun

    for path in nbrun.notebook_paths():
        nb = jupytext.read(path)
        smoke = nbrun.smoke_overrides(nb)
        assert smoke, f"{path.name}: SMOKE must override at least one parameter"
        assert 'parameter_set = "full"' in nbrun.parameters_cell(nb).source, path.name
