"""The rendered site (tools.site): offline in headless Chromium, math typeset, figures loaded,
every claim listed, solutions folded, navigation working.

The site is built from the smoke outputs of tests/test_notebooks.py (build/smoke/) when they
exist; otherwise this module executes notebooks/00_model.py at smoke size itself, so it does
not depend on test order. Chromium runs with name resolution mapped to nowhere, an unreachable
proxy and DevTools' offline mode: any CDN load would fail and show up as a console error.
Screenshots land in build/screenshots/.
"""

import base64
import json
import os
import shutil

import nbformat
import pytest

from tools import nbrun, site

ROOT = nbrun.ROOT
SMOKE = ROOT / "build" / "smoke"
OWN = ROOT / "build" / "site-test"
SCREENSHOTS = ROOT / "build" / "screenshots"
PAGE_NOTEBOOK = "00_model"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# Text nodes outside code, scripts and typeset math that still hold TeX delimiters.
RAW_MATH_JS = r"""
const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER']);
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
  acceptNode(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (skip.has(el.tagName)) return NodeFilter.FILTER_REJECT;
    }
    return NodeFilter.FILTER_ACCEPT;
  }
});
const raw = [];
const pattern = /\$[^$]+\$|\\\(|\\\[|\\begin\{/;
while (walker.nextNode()) {
  const text = walker.currentNode.nodeValue;
  if (pattern.test(text)) raw.push(text.trim().slice(0, 120));
}
return raw;
"""
# MathJax finished, or the page has loaded without MathJax (its script failed to load).
MATHJAX_SETTLED_JS = """
return document.documentElement.dataset.mathjax
  || (document.readyState === 'complete' && !(window.MathJax && window.MathJax.version));
"""
IMAGES_JS = """
return Array.from(document.images).map(
  img => ({src: img.src.slice(0, 40), complete: img.complete, width: img.naturalWidth}));
"""
RESOURCES_JS = """
return performance.getEntriesByType('resource').map(e => e.name)
  .concat([document.location.href]);
"""


# ------------------------------------------------------------------------------ fixtures

def _run_template_notebook(folder):
    """Execute notebooks/00_model.py at smoke size into ``folder`` (notebooks/, results/)."""
    old = {k: os.environ.get(k) for k in ("HOPLIB_RESULTS_DIR", "HOPLIB_QUIET")}
    os.environ["HOPLIB_RESULTS_DIR"] = str(folder / "results")
    os.environ["HOPLIB_QUIET"] = "1"
    try:
        nbrun.run_notebook(nbrun.NOTEBOOKS / f"{PAGE_NOTEBOOK}.py", "smoke",
                           out_dir=folder / "notebooks")
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def inputs():
    """(executed notebooks folder, results folder) holding at least 00_model."""
    folder = SMOKE
    if not ((folder / "notebooks" / f"{PAGE_NOTEBOOK}.ipynb").is_file()
            and (folder / "results" / f"{PAGE_NOTEBOOK}.json").is_file()):
        folder = OWN
        shutil.rmtree(folder, ignore_errors=True)
        _run_template_notebook(folder)
    return folder / "notebooks", folder / "results"


@pytest.fixture(scope="module")
def built(inputs):
    notebooks, results = inputs
    out = SMOKE / "html" if notebooks.parent == SMOKE else OWN / "html"
    assert site.main(["--notebooks", str(notebooks), "--results", str(results),
                      "--out", str(out)]) == 0
    return out, notebooks, results


@pytest.fixture(scope="module")
def browser():
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: apt-get install {package} (.ci/run does this)")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--disable-background-networking", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(driver, path):
    """Load a page, wait for MathJax, return the console's errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop messages of earlier pages
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(MATHJAX_SETTLED_JS))
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _page_checks(driver, path):
    errors = _open(driver, path)
    state = driver.execute_script("return document.documentElement.dataset.mathjax")
    assert state == "done", f"MathJax did not finish on {path.name}: {state}"
    assert not errors, f"console errors on {path.name}: {errors}"
    assert driver.execute_script(RAW_MATH_JS) == [], f"raw TeX left on {path.name}"
    n_math = driver.execute_script("return document.querySelectorAll('mjx-container').length")
    errors = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-mml-node=merror], mjx-merror'))"
        ".map(e => e.textContent || e.getAttribute('data-mjx-error'))")
    assert not errors, f"TeX errors on {path.name}: {errors}"
    offsite = [u for u in driver.execute_script(RESOURCES_JS)
               if not u.startswith(("file:", "data:"))]
    assert not offsite, f"{path.name} requested non-local resources: {offsite}"
    return n_math


def _screenshot(driver, name, full_page=False):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / name
    if full_page:
        size = driver.execute_script("return [document.documentElement.scrollWidth,"
                                     " document.documentElement.scrollHeight]")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 8000),
                     "scale": 1}})
        target.write_bytes(base64.b64decode(shot["data"]))
    else:
        driver.save_screenshot(str(target))
    assert target.stat().st_size > 10_000, f"{target} looks empty"


# ------------------------------------------------------------------- extraction (no browser)

def test_title_and_summary_skip_citation_and_keep_math():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "# The $\\beta$ model\n\n*A. Author, Some Journal 1 (2026) 2.*\n\n"
            "We store $K = 2.5\\,N$ patterns, e.g. random ones. Then we run.")])
    assert site.notebook_title(nb, "x") == "The $\\beta$ model"
    assert site.notebook_summary(nb) == "We store $K = 2.5\\,N$ patterns, e.g. random ones."
    assert site.plain_text(site.notebook_title(nb, "x")) == "The \\beta model"


def test_consecutive_solution_cells_share_one_details():
    cells = [nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b"),
             nbformat.v4.new_markdown_cell("c"), nbformat.v4.new_code_cell("d")]
    for k in (1, 2, 3):
        cells[k].metadata["tags"] = ["solution"]
    cells[2].metadata["tags"] = []
    nb = nbformat.v4.new_notebook(cells=cells)
    assert site.mark_solutions(nb) == 2
    assert [bool(c.metadata.get("site_solution_open")) for c in cells] == [0, 1, 0, 1]
    assert [bool(c.metadata.get("site_solution_close")) for c in cells] == [0, 1, 0, 1]


# ------------------------------------------------------------------------ the built site

@pytest.mark.notebook
def test_every_notebook_has_a_page_and_solutions_are_folded(built):
    out, notebooks, _ = built
    index = (out / "index.html").read_text()
    for path in sorted(notebooks.glob("*.ipynb")):
        page = out / f"{path.stem}.html"
        assert page.is_file(), page
        assert f'href="{path.stem}.html"' in index
        nb = nbformat.read(path, as_version=4)
        runs = site.mark_solutions(nb)
        text = page.read_text()
        assert text.count('<details class="solution">') == runs
        assert "https://" not in text.split("</head>")[0], "a CDN link in the page head"
    assert (out / "_static" / "mathjax" / "tex-svg-full.js").is_file()


@pytest.mark.notebook
def test_checks_catch_a_broken_page(browser, tmp_path):
    """Control: raw TeX, a missing image and a remote image are all detected."""
    page = tmp_path / "broken.html"
    page.write_text('<html><body><p>Energy $E = -\\sum_\\mu F$</p><img src="missing.png">'
                    '<img src="https://example.org/figure.png"></body></html>')
    errors = _open(browser, page)
    assert browser.execute_script(RAW_MATH_JS) == ["Energy $E = -\\sum_\\mu F$"]
    assert [img["width"] for img in browser.execute_script(IMAGES_JS)] == [0, 0]
    assert any("example.org" in e["message"] for e in errors), errors


@pytest.mark.notebook
def test_index_in_browser(browser, built):
    out, notebooks, results = built
    assert _page_checks(browser, out / "index.html") > 0, "no typeset math on the index"
    rows = browser.execute_script("""
        return Array.from(document.querySelectorAll('tr.claim')).map(
          r => [r.dataset.notebook, r.dataset.claim, r.dataset.result]);""")
    expected = []
    for path in sorted(results.glob("*.json")):
        if path.name == "bench.json":
            continue
        data = json.loads(path.read_text())
        expected += [[data["notebook"], c["id"], "PASS" if c["passed"] else "FAIL"]
                     for c in data["claims"]]
    assert expected, f"no claims in {results}"
    assert sorted(rows) == sorted(expected)
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('ol.notebooks a.title'))"
        ".map(a => a.getAttribute('href'))")
    assert links == [f"{p.stem}.html" for p in sorted(notebooks.glob("*.ipynb"))]
    _screenshot(browser, "index.png", full_page=True)


@pytest.mark.notebook
def test_notebook_page_in_browser(browser, built):
    from selenium.webdriver.common.by import By

    out, _, _ = built
    page = out / f"{PAGE_NOTEBOOK}.html"
    n_math = _page_checks(browser, page)
    assert n_math >= 20, f"only {n_math} formulas typeset on {page.name}"
    images = browser.execute_script(IMAGES_JS)
    assert images, "the notebook page shows no figure"
    assert all(img["complete"] and img["width"] > 0 for img in images), images
    solutions = browser.find_elements(By.CSS_SELECTOR, "details.solution")
    assert solutions and not any(d.get_attribute("open") for d in solutions)
    assert not solutions[0].find_element(By.CSS_SELECTOR, ".jp-Cell").is_displayed()
    _screenshot(browser, f"notebook-{PAGE_NOTEBOOK}.png")
    figure = browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    _screenshot(browser, f"notebook-{PAGE_NOTEBOOK}-figure.png")
    solutions[0].find_element(By.TAG_NAME, "summary").click()
    assert solutions[0].find_element(By.CSS_SELECTOR, ".jp-Cell").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "nav.top a.nav-index").click()
    assert browser.current_url.endswith("/index.html")


@pytest.mark.notebook
def test_every_page_typesets_and_loads_offline(browser, built):
    """All notebook pages, whoever wrote them: no raw TeX, no TeX error, figures loaded."""
    out, notebooks, _ = built
    for path in sorted(notebooks.glob("*.ipynb")):
        page = out / f"{path.stem}.html"
        _page_checks(browser, page)
        images = browser.execute_script(IMAGES_JS)
        assert all(img["complete"] and img["width"] > 0 for img in images), (page.name, images)
