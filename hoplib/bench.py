"""Performance benchmarks (issue 8): ``python -m hoplib.bench [--quick]`` or ``make bench``.

Every case times hoplib against a reference measured in the same run: the NumPy code a user
would write (blockwise matrix products, exponential weights, a second product) and a *floor*,
the bare XOR + popcount pass that any exact method on packed patterns must at least read.
Each timing is repeated; the table shows the median and the spread (min–max), and ratios of
medians. ``results/bench.json`` (or ``--out``) holds everything plus the machine: cores,
library versions, memory read bandwidth and popcount throughput (what bounds each case).

Cases (full sizes; ``--quick`` runs all of them at tiny sizes, for the test suite):

1. stability of one stored pattern, all N fields, against K = 2^22 patterns at N = 32, β = 1;
2. a typical-case sweep point: 64 stored patterns checked at N = 24, K = e^{0.6 N}, 1 vs all
   threads;
3. the worst-case all-patterns check at N = 32, K = e^{0.35 N} (:mod:`hoplib.worst_case` when
   present, and the brute-force exact check of :mod:`hoplib.stability`), with its peak memory;
4. the semi-analytic sampler (:mod:`hoplib.sampler`, when present): samples/s at N = 1000 and
   3000, K = e^{0.5 N} vs e^{0.7 N};
5. start-up: ``import hoplib`` (fresh interpreter), first call of each kernel with a warm numba
   cache, bytes per packed pattern.

Timings on a shared machine are noisy: compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numba
import numpy as np
from numba import njit, prange

import hoplib
from hoplib.patterns import _popcount64
from hoplib.stability import count_unstable_sites, stabilities_packed

__all__ = ["run", "main"]

FULL = dict(c1_k=2**22, c1_n=32,
            c2_n=24, c2_alpha=0.6, c2_checked=64, c2_fraction=8,
            c3_n=32, c3_alpha=0.35, c3_fraction=16,
            c4_n=(1000, 3000), c4_alpha=(0.5, 0.7), c4_samples=2000,
            bw_words=2**25, repeats=5, ref_repeats=3, settle=0.5)
QUICK = dict(c1_k=2**12, c1_n=32,
             c2_n=12, c2_alpha=0.6, c2_checked=8, c2_fraction=4,
             c3_n=16, c3_alpha=0.35, c3_fraction=2,
             c4_n=(100, 300), c4_alpha=(0.5, 0.7), c4_samples=50,
             bw_words=2**18, repeats=2, ref_repeats=1, settle=0.05)
BETA = 1.0


# ----------------------------------------------------------------------------------------
# timing and rows
# ----------------------------------------------------------------------------------------
def _times(fn, repeats, warmup=True):
    """Wall-clock times of ``repeats`` calls (after one warm-up call), with the process CPU
    time of each call as attribute ``cpu`` (CPU/wall < threads means we were descheduled)."""
    if warmup:
        fn()
    out = _Times()
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
        out.cpu.append(time.process_time() - c0)
    return out


def _settle(seconds=0.5):
    """Let BLAS worker threads of a previous NumPy call stop spinning before timing."""
    time.sleep(seconds)


def _interleaved(fns, repeats):
    """Time several callables round-robin (each warmed up once), so that they see the same
    machine load; returns one list of times per callable."""
    for fn in fns:
        fn()
    out = [_Times() for _ in fns]
    for _ in range(repeats):
        for fn, times in zip(fns, out, strict=True):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
            times.cpu.append(time.process_time() - c0)
    return out


class _Times(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.cpu = []


def _row(case, label, role, times, threads, size, note=""):
    t = np.asarray(times, dtype=float)
    row = dict(case=case, label=label, role=role, threads=threads, size=size, note=note,
               times_s=[float(v) for v in t], median_s=float(np.median(t)),
               min_s=float(t.min()), max_s=float(t.max()))
    cpu = getattr(times, "cpu", None)
    if cpu:
        row["cpu_s"] = [float(v) for v in cpu]
        row["cpu_per_wall"] = float(np.sum(cpu) / t.sum())
    return row


def _value_row(case, label, value, unit, note="", target=None):
    return dict(case=case, label=label, role="metric", value=float(value), unit=unit, note=note,
                target=target)


# ----------------------------------------------------------------------------------------
# references and floors
# ----------------------------------------------------------------------------------------
def numpy_stabilities(spins, states, beta, block=1 << 15):
    """Reference a user would write: ``σ_i h_i`` (up to a positive factor) for each state.

    ``spins`` is the int8 (K, N) pattern matrix, ``states`` (S, N). Blockwise over patterns:
    overlaps by a matrix product, weights ``exp(β(ξ·σ - N))``, fields by a second product;
    ``σ_i h_i ∝ cosh β · σ_i Σ_μ ξ^μ_i w_μ - sinh β · Σ_μ w_μ`` (the j ≠ i sum of §2).
    """
    n = spins.shape[1]
    sig = np.asarray(states, dtype=np.float64)
    g = np.zeros((n, sig.shape[0]))
    total = np.zeros(sig.shape[0])
    for a in range(0, spins.shape[0], block):
        xi = spins[a:a + block].astype(np.float64)
        w = np.exp(beta * (xi @ sig.T - n))
        total += w.sum(axis=0)
        g += xi.T @ w
    return (math.cosh(beta) * sig.T * g - math.sinh(beta) * total).T


def numpy_all_patterns(spins, beta, rows=None, block=256):
    """Reference for the worst case: unstable-site counts of stored patterns, O(K²N).

    ``rows`` selects the checked patterns (default all); every pattern is a partner.
    """
    k, n = spins.shape
    x = spins.astype(np.float64)
    rows = np.arange(k) if rows is None else np.asarray(rows)
    out = np.empty(rows.size, dtype=np.int64)
    for a in range(0, rows.size, block):
        sig = x[rows[a:a + block]]
        w = np.exp(beta * (sig @ x.T - n))
        stab = math.cosh(beta) * sig * (w @ x) - math.sinh(beta) * w.sum(axis=1)[:, None]
        out[a:a + block] = (stab <= 0).sum(axis=1)
    return out


@njit(cache=True, parallel=True)
def _pairs_floor(packed, states):
    """One XOR + popcount pass of every state against every pattern (sums of distances)."""
    k, words = packed.shape
    out = np.empty(states.shape[0], dtype=np.int64)
    if words == 1:
        col = packed[:, 0].copy()
        for nu in prange(states.shape[0]):
            x = states[nu, 0]
            acc = 0
            for mu in range(k):  # vectorised (AVX-512 VPOPCNTQ where available)
                acc += _popcount64(col[mu] ^ x)
            out[nu] = acc
        return out
    for nu in prange(states.shape[0]):
        acc = 0
        for mu in range(k):
            for w in range(words):
                acc += _popcount64(packed[mu, w] ^ states[nu, w])
        out[nu] = acc
    return out


@njit(cache=True, parallel=True)
def _read_sum_parallel(a, n_chunks):
    out = np.zeros(n_chunks, dtype=np.uint64)
    for c in prange(n_chunks):
        s = np.uint64(0)
        for i in range(a.size * c // n_chunks, a.size * (c + 1) // n_chunks):
            s += a[i]
        out[c] = s
    return out


@njit(cache=True)
def _read_sum(a):
    s = np.uint64(0)
    for i in range(a.size):
        s += a[i]
    return s


@njit(cache=True)
def _popcount_loop(a, reps):
    s = 0
    for r in range(reps):
        x = np.uint64(r)
        for i in range(a.size):
            s += _popcount64(a[i] ^ x)
    return s


def machine_bounds(cfg):
    """Memory read bandwidth (GB/s, one thread and all threads; best of 5) and popcount
    throughput of one thread (XOR + popcount per ns on an L1-resident array)."""
    big = np.random.default_rng(0).integers(0, 2**63, cfg["bw_words"], dtype=np.uint64)
    t_read = min(_times(lambda: _read_sum(big), 5))
    th = _max_threads()
    t_read_all = min(_times(lambda: _read_sum_parallel(big, th), 5))
    small = big[:2048].copy()  # 16 KiB: L1-resident
    reps = max(1, cfg["bw_words"] // 2048 * 4)
    t_pop = min(_times(lambda: _popcount_loop(small, reps), 5))
    return dict(read_gb_s=big.nbytes / t_read / 1e9, read_gb_s_all_threads=big.nbytes
                / t_read_all / 1e9, popcount_per_ns=small.size * reps / t_pop / 1e9,
                array_mib=big.nbytes / 2**20)


# ----------------------------------------------------------------------------------------
# cases
# ----------------------------------------------------------------------------------------
def _max_threads():
    return numba.config.NUMBA_NUM_THREADS


def _thread_list():
    return sorted({1, _max_threads()})


def case1(cfg, rng):
    k, n = cfg["c1_k"], cfg["c1_n"]
    size = f"N={n}, K=2^{int(math.log2(k))}"
    packed = hoplib.random_packed_patterns(k, n, rng)
    state = packed[0].copy()
    model = hoplib.ExponentialMSE(BETA)
    threads = _thread_list()
    fns = [lambda: np.bitwise_count(packed ^ state)]
    fns += [lambda th=th: stabilities_packed(model, packed, state, n, threads=th)
            for th in threads]
    _settle(cfg["settle"])
    times = _interleaved(fns, cfg["repeats"])
    spins = hoplib.unpack(packed, n)
    ref = numpy_stabilities(spins, spins[:1], BETA)[0]
    rows = [_row(1, "NumPy matmul/exp/matmul [reference]", "reference",
                 _times(lambda: numpy_stabilities(spins, spins[:1], BETA), cfg["ref_repeats"],
                        warmup=False), "BLAS", size)]
    spins = None  # free the unpacked copy (134 MB)
    rows.append(_row(1, "NumPy bitwise_count(P ^ s) [floor]", "floor", times[0], 1, size))
    for th, t in zip(threads, times[1:], strict=True):
        values, _ = stabilities_packed(model, packed, state, n, threads=th)
        agree = bool(np.array_equal(values > 0, ref > 0))
        rows.append(_row(1, "hoplib stabilities_packed", "hoplib", t, th, size,
                         note=f"signs agree with reference: {agree}"))
    return rows


def case2(cfg, rng):
    n, alpha, checked = cfg["c2_n"], cfg["c2_alpha"], cfg["c2_checked"]
    k = int(round(math.exp(alpha * n)))
    size = f"N={n}, K=e^({alpha}N)={k}, {checked} checked"
    packed = hoplib.random_packed_patterns(k, n, rng)
    model = hoplib.ExponentialMSE(BETA)
    which = np.arange(checked)
    threads = _thread_list()
    states = packed[which].copy()
    fns = [lambda: _pairs_floor(packed, states)]
    fns += [lambda th=th: count_unstable_sites(model, packed, n, which, threads=th)
            for th in threads]
    _settle(cfg["settle"])
    times = _interleaved(fns, cfg["repeats"])
    spins = hoplib.unpack(packed, n)
    # the user's per-pattern code of case 1 in a loop, timed on the first `sub` checked
    # patterns and scaled (its cost is linear in the number checked) ...
    sub = max(1, checked // cfg["c2_fraction"])
    ref = (numpy_stabilities(spins, spins[which], BETA) <= 0).sum(axis=1)

    def per_pattern():
        return [numpy_stabilities(spins, spins[w:w + 1], BETA) for w in range(sub)]

    rows = [_row(2, "NumPy per pattern: matmul/exp/matmul [reference]", "reference",
                 _scaled(_times(per_pattern, cfg["ref_repeats"], warmup=False), checked / sub),
                 "BLAS", size, note=f"timed on {sub} checked patterns, scaled x{checked / sub:g}")]
    # ... and the stronger batched version (one GEMM for all checked patterns per block)
    rows.append(_row(2, "NumPy batched over checked: GEMM/exp/GEMM [reference]",
                     "batched reference",
                     _times(lambda: numpy_stabilities(spins, spins[which], BETA),
                            cfg["ref_repeats"], warmup=False), "BLAS", size))
    spins = None  # free the unpacked copy
    rows.append(_row(2, "numba XOR+popcount, checked x all [floor]", "floor", times[0],
                     _max_threads(), size))
    for th, t in zip(threads, times[1:], strict=True):
        got = count_unstable_sites(model, packed, n, which, threads=th)
        rows.append(_row(2, "hoplib count_unstable_sites", "hoplib", t, th, size,
                         note=f"counts equal reference: {np.array_equal(got, ref)}"))
    return rows


def _worst_case_module():
    if importlib.util.find_spec("hoplib.worst_case") is None:
        return None
    from hoplib import worst_case

    return worst_case if hasattr(worst_case, "check_all_patterns") else None


def case3(cfg, rng):
    n, alpha = cfg["c3_n"], cfg["c3_alpha"]
    k = int(round(math.exp(alpha * n)))
    size = f"N={n}, K=e^({alpha}N)={k}, all checked"
    packed = hoplib.random_packed_patterns(k, n, rng)
    model = hoplib.ExponentialMSE(BETA)
    th = _max_threads()
    wc = _worst_case_module()
    fns = [lambda: _pairs_floor(packed, packed)]
    if wc is not None:
        fns.append(lambda: wc.check_all_patterns(model, packed, n))
    _settle(cfg["settle"])
    times = _interleaved(fns, cfg["repeats"])
    rows = [_row(3, "numba all-pairs XOR+popcount [floor]", "floor", times[0], th, size)]
    # The O(K²N) methods are timed on the first K/fraction patterns (all K as partners) and
    # scaled by `fraction`: their cost is exactly linear in the number of checked patterns.
    fraction = cfg["c3_fraction"]
    checked = np.arange(-(-k // fraction))
    scale = k / checked.size
    spins = hoplib.unpack(packed, n)
    ref = numpy_all_patterns(spins, BETA, rows=checked)
    t_ref = _times(lambda: numpy_all_patterns(spins, BETA, rows=checked), cfg["ref_repeats"],
                   warmup=False)
    note = f"timed on {checked.size} checked patterns, scaled x{scale:.3g}"
    rows.append(_row(3, "NumPy O(K²N) matmul/exp/matmul [reference]", "reference",
                     _scaled(t_ref, scale), "BLAS", size, note=note))
    brute = count_unstable_sites(model, packed, n, checked, threads=th)
    _settle(cfg["settle"])
    t_brute = _times(lambda: count_unstable_sites(model, packed, n, checked, threads=th),
                     cfg["ref_repeats"])
    rows.append(_row(3, "hoplib count_unstable_sites (brute force, exact)", "hoplib",
                     _scaled(t_brute, scale), th, size,
                     note=f"{note}; counts equal reference: {np.array_equal(brute, ref)}"))
    if wc is None:
        rows.append(_value_row(3, "hoplib.worst_case.check_all_patterns", float("nan"), "",
                               note="not available in this tree: floor and reference only"))
    else:
        res = wc.check_all_patterns(model, packed, n)
        same = np.array_equal(res.n_unstable[checked], brute)
        rows.append(_row(3, "hoplib worst_case.check_all_patterns", "hoplib", times[1], th,
                         size, note=f"counts equal brute force: {same}; "
                                    f"all fixed: {res.all_fixed}"))
    calls = {"count_unstable_sites (brute force)":
             f"count_unstable_sites(m, p, n, np.arange({checked.size}))"}
    if wc is not None:
        calls["worst_case.check_all_patterns"] = "worst_case.check_all_patterns(m, p, n)"
    for label, mib in _peak_memory(n, k, calls).items():
        note = f"above its input (patterns: {packed.nbytes / 2**20:.2f} MiB, 8 bytes each)"
        if "brute" in label:
            note += f"; {checked.size} checked"
        rows.append(_value_row(3, f"peak memory of {label}", mib, "MiB", note=note))
    return rows


def _scaled(times, factor):
    out = _Times(t * factor for t in times)
    out.cpu = [t * factor for t in times.cpu]
    return out


_PEAK_SCRIPT = """
import json, re, resource, sys
import numpy as np
import hoplib
from hoplib.stability import count_unstable_sites
try:
    from hoplib import worst_case
except ImportError:
    pass
def peak_reset():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak resident size (VmHWM) to the current one
        return True
    except OSError:
        return False
def kib(key):
    return int(re.search(key + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1))
n, k = int(sys.argv[1]), int(sys.argv[2])
calls = json.loads(sys.argv[3])
m = hoplib.ExponentialMSE(1.0)
p = hoplib.random_packed_patterns(k, n, 1)
small = p[:64].copy()
out = {}
for label, call in calls.items():
    eval(re.sub(r"np\\.arange\\(\\d+\\)", "np.arange(len(small))",
                call.replace("(m, p, n", "(m, small, n")))  # compile first
    if peak_reset():
        before = kib("VmRSS")
        eval(call)
        out[label] = (kib("VmHWM") - before) / 1024
    else:  # no /proc: growth of the high-water mark only (an underestimate)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        eval(call)
        out[label] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(out))
"""


def _peak_memory(n, k, calls):
    """Peak resident memory (MiB) added by each call, in one fresh interpreter (each kernel
    compiled on a small input first, so the number is the call's working memory)."""
    out = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(n), str(k), json.dumps(calls)],
                         capture_output=True, text=True, check=True, env=_child_env())
    return json.loads(out.stdout.strip().splitlines()[-1])


def case4(cfg, rng):
    if importlib.util.find_spec("hoplib.sampler") is None:
        return [_value_row(4, "hoplib.sampler", float("nan"), "", note="not available")]
    from hoplib.sampler import sample_site_stabilities

    model = hoplib.ExponentialMSE(BETA)
    samples = cfg["c4_samples"]
    rows = []
    for n in cfg["c4_n"]:
        medians = []
        for alpha in cfg["c4_alpha"]:
            r = _row(4, "hoplib sample_site_stabilities", "sampler",
                     _times(lambda n=n, alpha=alpha: sample_site_stabilities(
                         model, n, alpha * n, samples, rng), cfg["repeats"]),
                     1, f"N={n}, K=e^({alpha}N), {samples} samples")
            r["samples_per_s"] = samples / r["median_s"]
            r["note"] = f"{r['samples_per_s']:.3g} samples/s"
            rows.append(r)
            medians.append(r["median_s"])
        ratio = medians[-1] / medians[0]
        rows.append(_value_row(4, f"time ratio K=e^({cfg['c4_alpha'][-1]}N) / "
                                  f"K=e^({cfg['c4_alpha'][0]}N) at N={n}", ratio, "x",
                               target="<= 1.2"))
    return rows


_FIRST_CALL_SCRIPT = """
import json, time
t0 = time.perf_counter()
import numpy as np, hoplib
from hoplib import stability
t_import = time.perf_counter() - t0
m = hoplib.ExponentialMSE(1.0)
xi = hoplib.random_patterns(20, 40, 0)
p = hoplib.pack(xi)
p2 = hoplib.random_packed_patterns(20, 70, 0)
calls = {
    "pack": lambda: hoplib.pack(xi),
    "unpack": lambda: hoplib.unpack(p, 40),
    "hamming_distances": lambda: hoplib.hamming_distances(p, p[0], 40),
    "scaled_stabilities": lambda: m.scaled_stabilities(xi, xi[0]),
    "run_async": lambda: hoplib.run_async(m, xi, xi[0], 0),
    "stabilities_packed (1 state)": lambda: stability.stabilities_packed(m, p, p[0], 40),
    "stabilities_packed (batch)": lambda: stability.stabilities_packed(m, p, p[:5], 40),
    "stabilities_packed (N > 64)": lambda: stability.stabilities_packed(m, p2, p2[0], 70),
    "count_unstable_sites": lambda: stability.count_unstable_sites(m, p, 40, np.arange(20)),
}
try:
    from hoplib import worst_case
    calls["worst_case.check_all_patterns"] = lambda: worst_case.check_all_patterns(m, p, 40)
except ImportError:
    pass
try:
    from hoplib import sampler
    calls["sampler.sample_site_stabilities"] = (
        lambda: sampler.sample_site_stabilities(m, 100, 50.0, 10, 0))
except ImportError:
    pass
out = {}
for name, f in calls.items():
    t0 = time.perf_counter()
    f()
    out[name] = time.perf_counter() - t0
print(json.dumps({"import": t_import, "calls": out}))
"""

_IMPORT_SCRIPT = ("import time, sys; t0 = time.perf_counter(); import hoplib; "
                  "print(time.perf_counter() - t0, 'sympy' in sys.modules)")


def _child_env():
    env = dict(os.environ)
    root = Path(__file__).resolve().parent.parent
    env.setdefault("NUMBA_CACHE_DIR", str(root / "build" / "numba-cache"))
    return env


def case5(cfg, rng):
    env = _child_env()
    imports, sympy = [], False
    for _ in range(cfg["repeats"]):
        out = subprocess.run([sys.executable, "-c", _IMPORT_SCRIPT], capture_output=True,
                             text=True, check=True, env=env).stdout.split()
        imports.append(float(out[0]))
        sympy = sympy or out[1] == "True"
    rows = [_row(5, "import hoplib (fresh interpreter)", "startup", imports, 1, "",
                 note=f"target < 1 s; imports SymPy: {sympy}")]
    first = None
    for _ in range(2):  # the first run fills the numba cache if it is cold
        proc = subprocess.run([sys.executable, "-c", _FIRST_CALL_SCRIPT], capture_output=True,
                              text=True, check=True, env=env)
        first = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, t in first["calls"].items():
        rows.append(_value_row(5, f"first call, warm cache: {name}", t, "s", target="< 1 s"))
    for n in (32, 64, 65):
        p = hoplib.random_packed_patterns(1000, n, rng)
        rows.append(_value_row(5, f"packed storage at N={n}", p.nbytes / 1000, "bytes/pattern",
                               target="8 for N <= 64"))
    return rows


# ----------------------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------------------
def _ratios(rows):
    for case in sorted({r["case"] for r in rows}):
        timed = [r for r in rows if r["case"] == case and "median_s" in r]
        ref = next((r for r in timed if r["role"] == "reference"), None)
        batched = next((r for r in timed if r["role"] == "batched reference"), None)
        floor = next((r for r in timed if r["role"] == "floor"), None)
        one = next((r for r in timed if r["role"] == "hoplib" and r["threads"] == 1), None)
        for r in timed:
            if r["role"] != "hoplib":
                continue
            if ref is not None:
                r["speedup_vs_reference"] = ref["median_s"] / r["median_s"]
            if batched is not None:
                r["speedup_vs_batched_reference"] = batched["median_s"] / r["median_s"]
            if floor is not None:
                r["times_floor"] = r["median_s"] / floor["median_s"]
            if one is not None and r is not one and r["label"] == one["label"]:
                r["thread_speedup"] = one["median_s"] / r["median_s"]


def _fmt_time(s):
    return f"{s * 1e3:.1f} ms" if s < 10 else f"{s:.1f} s"


def format_table(rows, markdown=False):
    """The report as an aligned text table, or a Markdown table (``markdown=True``)."""
    head = ("case", "implementation", "thr", "size", "median", "spread (min-max)", "cpu/wall",
            "vs ref", "x floor", "note")
    lines = []
    for r in rows:
        if "median_s" in r:
            extra = []
            if "thread_speedup" in r:
                extra.append(f"{r['thread_speedup']:.2f}x from 1 thread")
            if "speedup_vs_batched_reference" in r:
                extra.append(f"{r['speedup_vs_batched_reference']:.1f}x vs batched reference")
            note = "; ".join([*extra, r["note"]] if r["note"] else extra)
            lines.append((str(r["case"]), r["label"], str(r["threads"]), r["size"],
                          _fmt_time(r["median_s"]),
                          f"{_fmt_time(r['min_s'])} - {_fmt_time(r['max_s'])}",
                          f"{r['cpu_per_wall']:.2f}" if "cpu_per_wall" in r else "",
                          f"{r['speedup_vs_reference']:.1f}x"
                          if "speedup_vs_reference" in r else "",
                          f"{r['times_floor']:.2f}" if "times_floor" in r else "", note))
        else:
            value = "n/a" if math.isnan(r["value"]) else f"{r['value']:.3g} {r['unit']}"
            note = "; ".join(v for v in (f"target {r['target']}" if r["target"] else "",
                                         r["note"]) if v)
            lines.append((str(r["case"]), r["label"], "", "", value, "", "", "", "", note))
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(v.replace("|", "/") for v in line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[j]) for line in lines)) for j, h in enumerate(head)]
    fmt = " | ".join(f"{{:{w}}}" for w in widths)
    out = [fmt.format(*head), "-+-".join("-" * w for w in widths)]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)


def machine_info():
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import scipy

    return dict(cores=os.cpu_count(), numba_threads=_max_threads(), cpu=cpu,
                python=platform.python_version(), numpy=np.__version__,
                numba=numba.__version__, scipy=scipy.__version__, hoplib=hoplib.__version__,
                platform=platform.platform())


CASES = {1: case1, 2: case2, 3: case3, 4: case4, 5: case5}


def run(quick=False, cases=(1, 2, 3, 4, 5), seed=0, log=print):
    """Run the cases; return the report dict (machine, bounds, rows, table)."""
    cfg = QUICK if quick else FULL
    rng = np.random.default_rng(seed)
    info = machine_info()
    bounds = machine_bounds(cfg)
    log(f"machine: {info['cores']} cores ({info['cpu']}), numba threads "
        f"{info['numba_threads']}; memory read {bounds['read_gb_s']:.1f} GB/s (1 thread), "
        f"{bounds['read_gb_s_all_threads']:.1f} GB/s (all); "
        f"{bounds['popcount_per_ns']:.2f} XOR+popcounts/ns (1 thread, L1)")
    rows = []
    for c in cases:
        t0 = time.perf_counter()
        rows += CASES[c](cfg, rng)
        log(f"case {c} done in {time.perf_counter() - t0:.1f} s")
    _ratios(rows)
    table = format_table(rows)
    return dict(quick=quick, machine=info, bounds=bounds, rows=rows, table=table)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m hoplib.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (seconds)")
    parser.add_argument("--out", default=None,
                        help="JSON output (default results/bench.json, quick: "
                             "build/bench-quick.json)")
    parser.add_argument("--cases", default="1,2,3,4,5", help="comma-separated case numbers")
    parser.add_argument("--markdown", metavar="JSON", default=None,
                        help="print the table of a saved report as Markdown and exit")
    args = parser.parse_args(argv)
    if args.markdown:
        report = json.loads(Path(args.markdown).read_text())
        print(format_table(report["rows"], markdown=True))
        return report
    cases = tuple(int(c) for c in args.cases.split(","))
    report = run(quick=args.quick, cases=cases)
    print(report["table"])
    out = Path(args.out or ("build/bench-quick.json" if args.quick else "results/bench.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=float) + "\n")
    print(textwrap.shorten(f"wrote {out}", 200))
    return report


if __name__ == "__main__":
    main()
