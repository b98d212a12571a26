"""Execute jupytext notebooks through papermill with a named parameter set.

Each notebook's ``parameters`` cell holds the full parameter values (what a reader sees) and a
``SMOKE`` dict of overrides for the smoke set; this is the single place both sets live. The
runner reads the notebook with jupytext, injects ``parameter_set`` (and the smoke overrides),
and executes it in memory with papermill, writing the executed ``.ipynb`` to ``build/``.

Usage::

    python -m tools.nbrun [--set smoke|full] [--out DIR] [-p NAME VALUE ...] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT_S = {"smoke": 300, "full": 1200}


def notebook_paths(names=()) -> list[Path]:
    """The jupytext notebooks to run: those named, or every ``notebooks/[0-9]*.py``."""
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(NOTEBOOKS.glob("[0-9]*.py"))


def parameters_cell(nb):
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected exactly one cell tagged 'parameters', found {len(cells)}")
    return cells[0]


def smoke_overrides(nb) -> dict:
    """Evaluate the parameters cell and return its ``SMOKE`` dict."""
    namespace: dict = {}
    exec(compile(parameters_cell(nb).source, "<parameters>", "exec"), namespace)  # noqa: S102
    smoke = namespace.get("SMOKE")
    if not isinstance(smoke, dict):
        raise ValueError("the parameters cell must define a dict SMOKE of smoke-size overrides")
    unknown = set(smoke) - set(namespace)
    if unknown:
        raise ValueError(f"SMOKE overrides unknown parameters: {sorted(unknown)}")
    return smoke


def run_notebook(path, parameter_set="full", out_dir=None, extra=None, quiet=False):
    """Execute one notebook; return the path of the executed ``.ipynb``."""
    import jupytext
    import papermill

    path = Path(path)
    nb = jupytext.read(path)
    params = {"parameter_set": parameter_set}
    if parameter_set == "smoke":
        params.update(smoke_overrides(nb))
    params.update(extra or {})
    out_dir = Path(out_dir or ROOT / "build" / "notebooks")
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{path.stem}.ipynb"
    cache = os.environ.get("NUMBA_CACHE_DIR") or ROOT / "build" / "numba-cache"
    os.environ["NUMBA_CACHE_DIR"] = str(Path(cache).resolve())
    # a failed run must not leave an older results file behind to be reported as current
    results = Path(os.environ.get("HOPLIB_RESULTS_DIR") or ROOT / "results").resolve()
    os.environ["HOPLIB_RESULTS_DIR"] = str(results)  # absolute: the kernel runs in notebooks/
    (results / f"{path.stem}.json").unlink(missing_ok=True)
    if quiet:
        os.environ["HOPLIB_QUIET"] = "1"
    papermill.execute_notebook(
        nb,
        str(output),
        parameters=params,
        cwd=str(path.parent),
        kernel_name="python3",
        execution_timeout=CELL_TIMEOUT_S[parameter_set],
        progress_bar=False,
        log_output=False,
    )
    return output


def _literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebook .py files (default: all)")
    parser.add_argument("--set", dest="parameter_set", choices=["smoke", "full"], default="full")
    parser.add_argument("--out", default=None, help="folder for executed notebooks")
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="override a parameter (Python literal), as papermill -p")
    args = parser.parse_args(argv)
    extra = {name: _literal(value) for name, value in args.p}
    failures = []
    for path in notebook_paths(args.notebooks):
        start = time.perf_counter()
        try:
            output = run_notebook(path, args.parameter_set, args.out, extra)
            print(f"ran {path.name} ({args.parameter_set}) in {time.perf_counter() - start:.0f} s"
                  f" -> {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
        except Exception as exc:  # report every notebook, then fail
            failures.append(path.name)
            print(f"FAILED {path.name} after {time.perf_counter() - start:.0f} s: "
                  f"{type(exc).__name__}: {str(exc)[-2000:]}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} notebook(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
