"""Render the executed notebooks and the claims table into a static site that works offline.

The site is plain HTML that a browser opens from ``file://`` with no network:

* ``index.html`` lists the notebooks (title = first markdown heading, summary = first sentence
  of the first prose paragraph) and holds the claims table built from ``results/*.json``
  (theory, simulated value, tolerance, test, PASS/FAIL for every claim);
* ``<stem>.html`` is one notebook rendered by nbconvert's JupyterLab template: figures are
  embedded as data URIs, cells tagged ``solution`` are folded into a closed ``<details>``
  ("Solution"), every page has index/previous/next navigation and ends with its claims;
* ``_static/`` holds the shared stylesheet and MathJax 3 (``tex-svg-full.js``, copied from
  the PyPI package ``django-static-mathjax``). That single script holds the TeX input with
  every extension and the SVG output, so it never loads fonts or further components:
  Chromium refuses cross-file font and XHR loads under ``file://``, which the CommonHTML
  output and MathJax 2 need, and a CDN is off limits offline.

Usage::

    python -m tools.site [--notebooks DIR] [--results DIR] [--out DIR]

Defaults: ``build/notebooks``, ``results``, ``build/html``. New notebooks need no registration:
every ``*.ipynb`` in the notebooks folder becomes a page.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_PACKAGE = "mathjax"  # import name of the PyPI distribution django-static-mathjax
MATHJAX_DIR = "static/mathjax"
MATHJAX_FILE = "es5/tex-svg-full.js"
SITE_TITLE = "Yet another exponential Hopfield model: executable notes"
PAPER = ('Albanese, Alessandrelli, Barra &amp; Sollich, "Yet another exponential Hopfield '
         'model", Physica A 683 (2026) 131223, arXiv:2509.06905')
SOLUTION_TAG = "solution"
COMPARISON_TEXT = {
    "abs": "|sim − theory| ≤ tol",
    "rel": "|sim / theory − 1| ≤ tol",
    "at_most": "sim ≤ theory + tol",
    "at_least": "sim ≥ theory − tol",
    "exact": "exact",
}

# MathJax 3 configuration: the same delimiters as Jupyter; an undefined macro is an error
# (merror) rather than red text, and ``data-mathjax`` on <html> tells readers (and the browser
# test) when typesetting has finished.
MATHJAX_HEAD = """<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
    displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
    processEscapes: true,
    processEnvironments: true,
    tags: 'ams',
    packages: {'[-]': ['noundefined']}
  },
  svg: {fontCache: 'global'},
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'tex2jax_process'},
  startup: {
    pageReady: function () {
      return MathJax.startup.defaultPageReady().then(
        function () { document.documentElement.dataset.mathjax = 'done'; },
        function (err) { document.documentElement.dataset.mathjax = 'error: ' + err; });
    }
  }
};
</script>
<script defer src="_static/mathjax/tex-svg-full.js"></script>"""

SITE_CSS = """
body { margin: 0; }
.site-nav { display: flex; flex-wrap: wrap; gap: 0.4em 1.5em; align-items: baseline;
  padding: 0.6em 1.2em; background: #f3f5f8; border-bottom: 1px solid #d0d7de;
  font-family: system-ui, sans-serif; font-size: 0.95em; }
.site-nav.bottom { border-top: 1px solid #d0d7de; border-bottom: none; margin-top: 2em; }
.site-nav a { text-decoration: none; color: #0b5cad; }
.site-nav a:hover { text-decoration: underline; }
.site-nav .meta { color: #57606a; margin-left: auto; }
main { max-width: 1100px; margin: 0 auto; padding: 0 1em; }
details.solution { border: 1px solid #d0d7de; border-left: 4px solid #2da44e;
  border-radius: 4px; margin: 0.8em 0; padding: 0.3em 0.8em; background: #fbfdfb; }
details.solution > summary { cursor: pointer; font-family: system-ui, sans-serif;
  font-weight: 600; color: #1a7f37; padding: 0.3em 0; }
table.claims { border-collapse: collapse; width: 100%; font-size: 0.9em;
  font-family: system-ui, sans-serif; margin: 1em 0; }
table.claims th, table.claims td { border-bottom: 1px solid #d8dee4; padding: 0.35em 0.5em;
  text-align: left; vertical-align: top; }
table.claims th { background: #f3f5f8; position: sticky; top: 0; }
table.claims td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
table.claims .just { color: #57606a; font-size: 0.9em; margin-top: 0.2em; }
.PASS { color: #1a7f37; font-weight: 700; }
.FAIL { color: #cf222e; font-weight: 700; }
.index { font-family: system-ui, sans-serif; line-height: 1.5; }
.index h1 { margin-top: 0.8em; }
.index ol.notebooks li { margin: 0.7em 0; }
.index ol.notebooks a.title { font-size: 1.1em; font-weight: 600; color: #0b5cad; }
.index .summary { color: #24292f; }
.index .badges { color: #57606a; font-size: 0.88em; }
.warning { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.5em 1em; }
.site-claims { font-family: system-ui, sans-serif; margin: 2em 0 1em; padding: 0 0.5em; }
footer { color: #57606a; font-size: 0.85em; font-family: system-ui, sans-serif;
  margin: 2em 0; }
"""

# nbconvert template for one notebook page: the JupyterLab template without its CDN scripts
# (require.js, widgets, mermaid), with the local MathJax, shared CSS, navigation and folded
# solutions. Cells carry ``site_solution_open``/``site_solution_close`` flags set by
# ``mark_solutions`` so that consecutive solution cells share one <details>.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block notebook_css -%}
<link rel="stylesheet" href="_static/notebook.css">
<link rel="stylesheet" href="_static/site.css">
{%- endblock notebook_css -%}
{%- block html_head_js_mathjax -%}{{ resources.site.mathjax_head }}{%- endblock -%}
{%- block html_head_js_mermaidjs -%}{%- endblock -%}
{%- block body_header -%}
{{ super() }}
{{ resources.site.nav_top }}
{%- endblock body_header -%}
{%- block any_cell -%}
{%- if cell.metadata.get('site_solution_open') -%}
<details class="solution"><summary>Solution (click to show)</summary>
{%- endif -%}
{{ super() }}
{%- if cell.metadata.get('site_solution_close') -%}
</details>
{%- endif -%}
{%- endblock any_cell -%}
{%- block body_footer -%}
{{ resources.site.claims_html }}
{{ resources.site.nav_bottom }}
{{ super() }}
{%- endblock body_footer -%}
"""

NOTEBOOK_CSS_EXTRA = """
* { -webkit-print-color-adjust: exact; }
a.anchor-link { display: none; }
.jp-InputArea { overflow: hidden; }
.jp-InputArea-editor { overflow: hidden; }
.cm-editor.cm-s-jupyter .highlight pre { padding: var(--jp-code-padding) 4px; margin: 0;
  font-family: inherit; font-size: inherit; line-height: inherit; color: inherit; }
.jp-OutputArea-output pre { line-height: inherit; font-family: inherit; }
.jp-RenderedText pre { color: var(--jp-content-font-color1);
  font-size: var(--jp-code-font-size); }
.jp-Collapser { display: none; }
"""


@dataclass
class Notebook:
    """One executed notebook and what the site shows about it."""

    stem: str
    path: Path
    nb: object
    title: str
    summary: str
    results: dict | None = None
    claims: list = field(default_factory=list)


# ---------------------------------------------------------------- extracting title and summary

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "cf.", "Eq.", "Eqs.", "Fig.", "Sec.", "vs.", "Ref.")


def _mask_math(text):
    found = []

    def keep(match):
        found.append(match.group(0))
        return f"\x00{len(found) - 1}\x00"

    return _MATH.sub(keep, text), found


def _unmask_math(text, found):
    return re.sub(r"\x00(\d+)\x00", lambda m: found[int(m.group(1))], text)


def first_sentence(text: str, max_chars: int = 300) -> str:
    """The first sentence of a markdown paragraph; periods inside math do not end it."""
    masked, found = _mask_math(" ".join(text.split()))
    for match in re.finditer(r"[.!?](?=\s+[A-Z(\x00]|\s*$)", masked):
        head = masked[: match.end()]
        if not head.endswith(_ABBREVIATIONS):
            masked = head
            break
    if len(masked) > max_chars:  # cut between words, never inside a masked formula
        masked = masked[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return _unmask_math(masked, found)


def _markdown_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"
            and SOLUTION_TAG not in c.metadata.get("tags", [])]


def notebook_title(nb, default: str) -> str:
    """The text of the first markdown heading, or ``default``."""
    for cell in _markdown_cells(nb):
        for line in cell.source.splitlines():
            match = re.match(r"\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return default


def _is_prose(block: str) -> bool:
    if re.match(r"(#|>|!\[|<|\$\$|\||```|~~~|[-+*]\s|\d+[.)]\s)", block):
        return False
    # a paragraph that is wholly emphasised is a citation or a caption, not a summary
    return not re.fullmatch(r"\*[^*]+\*|_[^_]+_|\*\*[^*]+\*\*", block)


def notebook_summary(nb) -> str:
    """First sentence of the first prose paragraph (headings, citations, lists skipped)."""
    for cell in _markdown_cells(nb):
        for block in re.split(r"\n\s*\n", cell.source):
            block = block.strip()
            if block and _is_prose(block):
                return first_sentence(block)
    return ""


def plain_text(markdown: str) -> str:
    """A heading without markdown and math delimiters, for <title> and link text fallback."""
    text = re.sub(r"[*_`]", "", markdown)
    return text.replace("$", "")


def markdown_inline(markdown: str) -> str:
    """Render a one-line markdown snippet (math left for MathJax) to inline HTML."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(markdown).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


def mark_solutions(nb) -> int:
    """Flag runs of consecutive ``solution`` cells; return the number of runs."""
    runs = 0
    flags = [SOLUTION_TAG in c.metadata.get("tags", []) for c in nb.cells]
    for k, cell in enumerate(nb.cells):
        if not flags[k]:
            continue
        if k == 0 or not flags[k - 1]:
            cell.metadata["site_solution_open"] = True
            runs += 1
        if k == len(flags) - 1 or not flags[k + 1]:
            cell.metadata["site_solution_close"] = True
    return runs


# ---------------------------------------------------------------------------------- claims

def load_results(folder: Path) -> dict[str, dict]:
    """``{notebook: results}`` from every ``*.json`` in ``folder`` except ``bench.json``."""
    out = {}
    for path in sorted(Path(folder).glob("*.json")):
        if path.name == "bench.json":
            continue
        data = json.loads(path.read_text())
        out[data.get("notebook", path.stem)] = data
    return out


def _num(value):
    if value is None:
        return '<td class="num">—</td>'
    return f'<td class="num" title="{value!r}">{value:.4g}</td>'


def claims_table(results: dict[str, dict], pages: set[str], show_notebook: bool) -> str:
    """HTML table with one row per claim; rows carry data-notebook/data-claim/data-result."""
    esc = html.escape
    head = ["Claim", "Statement", "Theory", "Simulated", "Tolerance", "Test", "Result"]
    if show_notebook:
        head.insert(0, "Notebook")
    rows = []
    for stem, data in results.items():
        for c in data.get("claims", []):
            result = "PASS" if c.get("passed") else "FAIL"
            cells = []
            if show_notebook:
                link = (f'<a href="{esc(stem)}.html#claims">{esc(stem)}</a>' if stem in pages
                        else esc(stem))
                cells.append(f"<td>{link}</td>")
            comparison = c.get("comparison", "")
            cells += [
                f"<td><code>{esc(c['id'])}</code></td>",
                f"<td>{esc(c['statement'])}"
                f"<div class=\"just\">{esc(c.get('justification', ''))}</div></td>",
                _num(c.get("theory")), _num(c.get("measured")), _num(c.get("tolerance")),
                f"<td>{esc(COMPARISON_TEXT.get(comparison, comparison))}</td>",
                f'<td class="{result}">{result}</td>',
            ]
            rows.append(f'<tr class="claim" data-notebook="{esc(stem)}" '
                        f'data-claim="{esc(c["id"])}" data-result="{result}">'
                        + "".join(cells) + "</tr>")
    header = "".join(f"<th>{h}</th>" for h in head)
    return (f'<table class="claims"><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _claims_counts(data: dict | None) -> tuple[int, int]:
    claims = (data or {}).get("claims", [])
    return len(claims), sum(not c.get("passed") for c in claims)


def _results_badge(data: dict | None) -> str:
    if data is None:
        return "no results file"
    n, failed = _claims_counts(data)
    status = (f'<span class="FAIL">{failed} FAIL</span>' if failed
              else '<span class="PASS">all PASS</span>')
    return (f"{n} claims, {status} · {html.escape(str(data.get('parameter_set')))} parameters"
            f" · {data.get('runtime_s', 0):.0f} s")


# ---------------------------------------------------------------------------------- pages

def _nav(notebooks: list[Notebook], k: int | None, where: str) -> str:
    esc = html.escape
    parts = ['<a href="index.html" class="nav-index">⌂ Index</a>']
    if k is not None:
        if k > 0:
            prev = notebooks[k - 1]
            parts.append(f'<a href="{esc(prev.stem)}.html" class="nav-prev" rel="prev">← '
                         f"{markdown_inline(prev.title)}</a>")
        if k + 1 < len(notebooks):
            nxt = notebooks[k + 1]
            parts.append(f'<a href="{esc(nxt.stem)}.html" class="nav-next" rel="next">'
                         f"{markdown_inline(nxt.title)} →</a>")
        parts.append(f'<span class="meta">{_results_badge(notebooks[k].results)}</span>')
    return f'<nav class="site-nav {where}">{"".join(parts)}</nav>'


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"hoplib_site.html.j2": PAGE_TEMPLATE})],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.template_file = "hoplib_site.html.j2"
    return exporter


def _notebook_css(exporter) -> str:
    """The JupyterLab stylesheet nbconvert would inline in every page, for one shared file."""
    for folder in exporter.template_paths:
        index = Path(folder) / "static" / "index.css"
        light = Path(folder) / "static" / "theme-light.css"
        if index.is_file() and light.is_file():
            return index.read_text() + "\n" + light.read_text() + NOTEBOOK_CSS_EXTRA
    raise FileNotFoundError("nbconvert's lab template static/index.css was not found")


def copy_mathjax(static: Path) -> Path:
    """Copy MathJax's single-file TeX→SVG bundle and its licence into ``static/mathjax``."""
    try:
        source = importlib_resources.files(MATHJAX_PACKAGE) / MATHJAX_DIR
    except ModuleNotFoundError as exc:
        raise SystemExit("MathJax is missing: pip install django-static-mathjax "
                         "(it is in the notebooks extra of pyproject.toml)") from exc
    target = static / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    script = target / Path(MATHJAX_FILE).name
    script.write_bytes((source / MATHJAX_FILE).read_bytes())
    (target / "LICENSE").write_bytes((source / "LICENSE").read_bytes())
    return script


def read_notebooks(folder: Path, results: dict[str, dict]) -> list[Notebook]:
    import nbformat

    out = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out.append(Notebook(stem=path.stem, path=path, nb=nb,
                            title=notebook_title(nb, path.stem), summary=notebook_summary(nb),
                            results=results.get(path.stem)))
    return out


def render_index(notebooks: list[Notebook], results: dict[str, dict], mathjax_head: str,
                 source_label: str) -> str:
    esc = html.escape
    items = []
    for nb in notebooks:
        items.append(
            f'<li><a class="title" href="{esc(nb.stem)}.html">{markdown_inline(nb.title)}</a>'
            f' <span class="badges">({esc(nb.stem)} · {_results_badge(nb.results)})</span>'
            f'<div class="summary">{markdown_inline(nb.summary)}</div></li>')
    n_claims = sum(_claims_counts(d)[0] for d in results.values())
    n_failed = sum(_claims_counts(d)[1] for d in results.values())
    sets = sorted({str(d.get("parameter_set")) for d in results.values()})
    warnings = []
    missing = sorted(set(results) - {nb.stem for nb in notebooks})
    if missing:
        warnings.append(f"results without an executed notebook: {', '.join(missing)}")
    no_results = [nb.stem for nb in notebooks if nb.results is None]
    if no_results:
        warnings.append(f"notebooks without a results file: {', '.join(no_results)}")
    warning_html = "".join(f'<p class="warning">{esc(w)}</p>' for w in warnings)
    summary = (f"{n_claims} claims from {len(results)} notebooks (parameter set: "
               f"{esc(', '.join(sets) or '—')}); "
               + (f'<span class="FAIL">{n_failed} failed</span>' if n_failed
                  else '<span class="PASS">all passed</span>'))
    table = claims_table(results, {nb.stem for nb in notebooks}, show_notebook=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(SITE_TITLE)}</title>
<link rel="stylesheet" href="_static/site.css">
{mathjax_head}
</head>
<body>
{_nav(notebooks, None, "top")}
<main class="index">
<h1>{esc(SITE_TITLE)}</h1>
<p>Notebooks that derive the results of {PAPER} with SymPy and confirm them by simulation
with <code>hoplib</code>. Each notebook ends with exercises; their worked solutions are folded
away on the pages (click <em>Solution</em> to show one).</p>
{warning_html}
<h2 id="notebooks">Notebooks</h2>
<ol class="notebooks">
{"".join(items)}
</ol>
<h2 id="claims">Claims checked by the notebooks</h2>
<p>{summary}. Every claim compares a theoretical value with a simulated one within a tolerance
justified in the notebook (the grey line under each statement).</p>
{table}
<footer>Rendered {stamp} from {esc(source_label)}. Math by MathJax 3 (bundled locally; the site
works offline).</footer>
</main>
</body>
</html>
"""


def _claims_section(nb: Notebook) -> str:
    if nb.results is None:
        return ('<section id="claims" class="site-claims"><h2>Claims</h2>'
                "<p>No results file for this notebook.</p></section>")
    table = claims_table({nb.stem: nb.results}, {nb.stem}, show_notebook=False)
    return (f'<section id="claims" class="site-claims"><h2>Claims checked in this '
            f"notebook</h2><p>{_results_badge(nb.results)}</p>{table}</section>")


def render_site(notebooks_dir, results_dir, out_dir) -> list[Path]:
    """Write the site into ``out_dir``; return the written HTML pages (index first)."""
    notebooks_dir, results_dir, out_dir = Path(notebooks_dir), Path(results_dir), Path(out_dir)
    results = load_results(results_dir) if results_dir.is_dir() else {}
    notebooks = read_notebooks(notebooks_dir, results)
    if not notebooks:
        raise FileNotFoundError(f"no executed notebooks (*.ipynb) in {notebooks_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.html"):  # pages of notebooks that no longer exist
        old.unlink()
    shutil.rmtree(out_dir / "_static", ignore_errors=True)
    static = out_dir / "_static"
    static.mkdir()
    copy_mathjax(static)
    exporter = _exporter()
    (static / "notebook.css").write_text(_notebook_css(exporter))
    (static / "site.css").write_text(SITE_CSS)

    written = [out_dir / "index.html"]
    written[0].write_text(render_index(notebooks, results, MATHJAX_HEAD,
                                       _relative(notebooks_dir)))
    for k, nb in enumerate(notebooks):
        nb.nb.metadata["title"] = plain_text(nb.title)
        mark_solutions(nb.nb)
        site = {"mathjax_head": MATHJAX_HEAD, "nav_top": _nav(notebooks, k, "top"),
                "nav_bottom": _nav(notebooks, k, "bottom"), "claims_html": _claims_section(nb)}
        body, _ = exporter.from_notebook_node(
            nb.nb, resources={"site": site, "metadata": {"name": nb.stem}})
        page = out_dir / f"{nb.stem}.html"
        page.write_text(body)
        written.append(page)
    return written


def _relative(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", default=str(ROOT / "build" / "notebooks"),
                        help="folder of executed notebooks (default: build/notebooks)")
    parser.add_argument("--results", default=str(ROOT / "results"),
                        help="folder of results/*.json (default: results)")
    parser.add_argument("--out", default=str(ROOT / "build" / "html"),
                        help="output folder (default: build/html)")
    args = parser.parse_args(argv)
    try:
        pages = render_site(args.notebooks, args.results, args.out)
    except FileNotFoundError as exc:
        print(f"{exc}: run `make notebooks` first", file=sys.stderr)
        return 1
    out = Path(args.out)
    print(f"wrote {len(pages) - 1} notebook pages and the index to {_relative(out)}/ "
          f"({_size(out) / 1e6:.1f} MB); open {_relative(out / 'index.html')} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
