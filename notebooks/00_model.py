# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The exponential-MSE Hopfield model
#
# *Albanese, Alessandrelli, Barra & Sollich, "Yet another exponential Hopfield model",
# Physica A 683 (2026) 131223.*
#
# We store $K$ binary patterns $\xi^\mu \in \{-1,+1\}^N$ in a network of $N$ Ising neurons
# $\sigma$. The paper measures how far the network state is from each pattern with the
# usual mean squared error
#
# $$L_\mu(\sigma) = \frac{\lVert \xi^\mu - \sigma \rVert^2}{2N},$$
#
# and builds the cost function from exponentials of these losses,
#
# $$H(\sigma) = -\sum_{\mu=1}^{K} \exp\bigl(-\beta N L_\mu(\sigma)\bigr), \qquad \beta > 0 .$$
#
# Each term equals 1 when $\sigma = \xi^\mu$ and shrinks by $e^{-2\beta}$ for every wrong bit,
# so the cost rewards perfect recall. This notebook derives, with SymPy, why this model is the
# exponential model of Demircigil et al. (2017) and Ramsauer et al. (2020) in disguise, derives
# the local field that drives the zero-temperature dynamics, and checks every statement
# against the simulations of `hoplib`.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import sympy as sp

import hoplib
from hoplib.claims import ClaimBook

sns.set_theme(context="notebook", style="whitegrid")

# %% tags=["parameters"]
parameter_set = "full"  # full or smoke, set by the runner
β = 1.0  # inverse temperature of the cost, the paper's default
n_instances = 200  # random instances for the equivalence checks
N_check = 24  # neurons in the equivalence checks
K_check = 60  # patterns in the equivalence checks
N_demo = 48  # neurons in the retrieval figure
K_demo = 2000  # patterns in the retrieval figure, a load ln K over N of 0.16
ρ_demo = [0.1, 0.2, 0.25, 0.3, 0.4]  # fractions of flipped bits in the cues of the figure
N_extensive = [16, 256, 4096]  # sizes for the not-mean-field check
seed = 20260131
SMOKE = {"n_instances": 20, "K_demo": 300}  # smoke-size overrides used by the test suite

# %%
claims = ClaimBook(
    "00_model",
    parameter_set,
    dict(β=β, n_instances=n_instances, N_check=N_check, K_check=K_check, N_demo=N_demo,
         K_demo=K_demo, ρ_demo=ρ_demo, N_extensive=N_extensive, seed=seed),
)
rng = np.random.default_rng(seed)

# %% [markdown]
# ## 1. The MSE loss on the hypercube
#
# For $\pm1$ vectors $\xi_i^2 = \sigma_i^2 = 1$, so
# $\lVert \xi - \sigma \rVert^2 = \sum_i (\xi_i^2 - 2\xi_i\sigma_i + \sigma_i^2)
# = 2N - 2\,\xi\cdot\sigma$.
# SymPy does the expansion and the reduction $x^2 \to 1$ for us; the loss is therefore
# $L_\mu = 1 - m_\mu$ with the overlap $m_\mu = \xi^\mu\cdot\sigma/N$, and also
# $L_\mu = 2 d_\mu / N$ with the Hamming distance $d_\mu = N(1 - m_\mu)/2$.

# %%
n_sym = 4  # an explicit length for the expansion; the identity holds term by term
ξ_vec = sp.symbols(f"xi1:{n_sym + 1}")
σ_vec = sp.symbols(f"sigma1:{n_sym + 1}")
squared_norm = sp.expand(sum((a - b) ** 2 for a, b in zip(ξ_vec, σ_vec, strict=True)))
on_hypercube = squared_norm.subs({v**2: 1 for v in ξ_vec + σ_vec})
dot = sum(a * b for a, b in zip(ξ_vec, σ_vec, strict=True))
loss_identity = sp.simplify(on_hypercube - (2 * n_sym - 2 * dot)) == 0
display(sp.Eq(sp.Symbol(r"\lVert\xi-\sigma\rVert^2"), on_hypercube))  # noqa: F821

N, β_s, x, d = sp.symbols("N beta x d", positive=True)
L = (2 * N - 2 * x) / (2 * N)  # the loss in terms of the dot product x = ξ·σ
term = sp.exp(-β_s * N * L)
demircigil_form = sp.simplify(term - sp.exp(-β_s * N) * sp.exp(β_s * x)) == 0
hamming_form = sp.simplify(term.subs(x, N - 2 * d) - sp.exp(-2 * β_s * d)) == 0
claims.check_true(
    "loss-on-hypercube",
    "‖ξ−σ‖² = 2N − 2ξ·σ on ±1 vectors, so exp(−βN L_μ) = e^{−βN} e^{βξ·σ} = e^{−2βd_μ}",
    loss_identity and demircigil_form and hamming_form,
    justification="exact SymPy identity after the reduction ξ_i² = σ_i² = 1",
)
term

# %% [markdown]
# ## 2. Equivalence with Demircigil's and Ramsauer's energies
#
# Summing over patterns, $H(\sigma) = -e^{-\beta N}\sum_\mu F(\xi^\mu\cdot\sigma)$ with
# $F(x) = e^{\beta x}$: up to the positive constant $e^{-\beta N}$ this is the energy of
# Demircigil et al. Ramsauer et al.'s log-sum-exp energy restricted to $\pm1$ states,
#
# $$E_R(\sigma) = -\beta^{-1}\ln\sum_\mu e^{\beta\,\xi^\mu\cdot\sigma} + \tfrac12\sigma\cdot\sigma
# + c ,\qquad \sigma\cdot\sigma = N ,$$
#
# determines $S = \sum_\mu e^{\beta\xi^\mu\cdot\sigma} = e^{-\beta(E_R - N/2 - c)}$ and hence
# $H = -e^{-\beta N} S$ as a function of $E_R$. Its derivative is positive: $H$ is a strictly
# increasing function of $E_R$, so the two energies order all states in the same way and share
# fixed points, zero-temperature dynamics and basins.

# %%
E_R, c = sp.symbols("E_R c", real=True)
S_of_E = sp.exp(-β_s * (E_R - N / 2 - c))
lse_roundtrip = sp.simplify(-sp.log(S_of_E) / β_s + N / 2 + c - E_R) == 0
H_of_E = -sp.exp(-β_s * N) * S_of_E
dH_dE = sp.simplify(sp.diff(H_of_E, E_R))
claims.check_true(
    "monotone-in-ramsauer",
    "H = −e^{−βN} exp(−β(E_R − N/2 − c)) is strictly increasing in Ramsauer's energy E_R",
    lse_roundtrip and bool(dH_dE.is_positive),
    justification="SymPy: dH/dE_R = β e^{−βN} e^{−β(E_R−N/2−c)} is positive for β > 0",
)
dH_dE

# %% [markdown]
# ## 3. The local field and the cost of a flip
#
# The zero-temperature dynamics compares the cost of the two values of one spin. With
# $x'_\mu = \sum_{j\ne i}\xi^\mu_j\sigma_j$ the contribution of the other spins, we define the
# energy-difference field (Demircigil; Krotov & Hopfield)
#
# $$h_i(\sigma) = \tfrac12\bigl[H(\sigma\,|\,\sigma_i=-1) - H(\sigma\,|\,\sigma_i=+1)\bigr].$$
#
# SymPy evaluates it for both values of $\xi_i^\mu$ and finds
# $h_i = e^{-\beta N}\sinh\beta\sum_\mu \xi_i^\mu e^{\beta x'_\mu}$; the cost of flipping
# $\sigma_i$ is $\Delta H_i = 2\sigma_i h_i$. A state is a fixed point iff
# $\sigma_i h_i > 0$ at every site (a zero field is a tie and does not count as stable).

# %%
xp, ξ_i, σ_i = sp.symbols("x' xi_i sigma_i")


def H_one_pattern(s):
    """Cost contribution of one pattern when σ_i = s."""
    return -sp.exp(-β_s * N) * sp.exp(β_s * (xp + ξ_i * s))


h_i = (H_one_pattern(-1) - H_one_pattern(+1)) / 2
field_closed_form = sp.exp(-β_s * N) * sp.sinh(β_s) * ξ_i * sp.exp(β_s * xp)
field_ok = all(
    sp.simplify((h_i - field_closed_form).subs(ξ_i, v).rewrite(sp.exp)) == 0 for v in (-1, 1)
)
flip_cost_ok = all(
    sp.simplify(H_one_pattern(-s) - H_one_pattern(s) - 2 * s * h_i) == 0 for s in (-1, 1)
)
claims.check_true(
    "field-closed-form",
    "h_i = e^{−βN} sinh β Σ_μ ξ_i^μ exp(β Σ_{j≠i} ξ_j^μ σ_j) and ΔH_i = 2σ_i h_i",
    field_ok and flip_cost_ok,
    justification="SymPy identity checked for ξ_i = ±1 and σ_i = ±1",
)
field_closed_form

# %% [markdown]
# At a stored pattern, $\sigma = \xi^1$, the pattern itself contributes the **signal**
# $x'_1 = N - 1$, i.e. $e^{-\beta}\sinh\beta$ to $\xi^1_i h_i$, and flipping one bit costs
# $\Delta H = 1 - e^{-2\beta}$ from the condensed term alone.

# %%
signal = field_closed_form.subs({ξ_i: 1, xp: N - 1})
signal_ok = sp.simplify(signal - sp.exp(-β_s) * sp.sinh(β_s)) == 0
flip_from_signal = sp.simplify((2 * signal).rewrite(sp.exp) - (1 - sp.exp(-2 * β_s))) == 0
claims.check_true(
    "signal",
    "signal at a stored pattern: e^{−β} sinh β, so one flip costs 1 − e^{−2β}",
    signal_ok and flip_from_signal,
    justification="SymPy identity",
)

# %% [markdown]
# ## 4. Checking `hoplib` against the formulas
#
# `hoplib.ExponentialMSE` and `hoplib.Demircigil` compute energies and fields from Hamming
# distances in a scaled domain. We compare them on random instances with a direct NumPy
# evaluation of the definitions above: the cost from the MSE loss, and the field by flipping
# each spin and differencing the cost.

# %%
model = hoplib.ExponentialMSE(β)
demircigil = hoplib.Demircigil(β)


def cost_from_definition(patterns, state):
    """H(σ) = −Σ_μ exp(−β N L_μ(σ)) with L_μ = ‖ξ^μ − σ‖² / (2N)."""
    loss = ((patterns - state) ** 2).sum(axis=1) / (2 * state.size)
    return -np.exp(-β * state.size * loss).sum()


def field_from_definition(patterns, state):
    """h_i = ½ [H(σ_i = −1) − H(σ_i = +1)] by explicit flips."""
    out = np.empty(state.size)
    for i in range(state.size):
        down, up = state.copy(), state.copy()
        down[i], up[i] = -1, 1
        out[i] = 0.5 * (cost_from_definition(patterns, down) - cost_from_definition(patterns, up))
    return out


worst_energy, worst_field, worst_scale, fixed_agree = 0.0, 0.0, 0.0, 0
for _ in range(n_instances):
    ξ = hoplib.random_patterns(K_check, N_check, rng)
    σ = hoplib.corrupt(ξ[0], int(rng.integers(0, 3)), rng)  # the pattern or 1-2 flips away
    h_ref = field_from_definition(ξ.astype(float), σ.astype(float))
    worst_energy = max(worst_energy, abs(model.energy(ξ, σ) / cost_from_definition(ξ, σ) - 1))
    worst_field = max(worst_field, np.max(np.abs(model.local_fields(ξ, σ) - h_ref))
                      / np.max(np.abs(h_ref)))
    # Demircigil's energy is the same up to the constant e^{βN}
    e_d, s_d = demircigil.scaled_energy(ξ, σ)
    e_m, s_m = model.scaled_energy(ξ, σ)
    worst_scale = max(worst_scale, abs((s_d - s_m) - β * N_check), abs(e_d / e_m - 1))
    fixed_agree += model.is_fixed_point(ξ, σ) == demircigil.is_fixed_point(ξ, σ)

float_tol = 1e-12
claims.check(
    "energy-vs-definition", "hoplib energy equals −Σ exp(−βN L_μ) on random instances",
    theory=0.0, measured=worst_energy, tolerance=float_tol, comparison="at_most",
    justification="worst relative difference over instances; float64 rounding of K terms",
)
claims.check(
    "field-vs-definition", "hoplib fields equal ½[H(σ_i=−1) − H(σ_i=+1)] by explicit flips",
    theory=0.0, measured=worst_field, tolerance=1e-9, comparison="at_most",
    justification="worst difference relative to max |h|; the reference subtracts two sums of "
    "K terms, losing ~K·eps relative precision",
)
claims.check(
    "demircigil-constant", "Demircigil energy = e^{βN} × exponential-MSE cost, same fixed points",
    theory=0.0, measured=worst_scale, tolerance=float_tol, comparison="at_most",
    justification="log scales differ by βN exactly; scaled values agree to rounding",
)
claims.check_true(
    "same-fixed-points", "both models declare the same states fixed points",
    fixed_agree == n_instances, justification=f"{fixed_agree}/{n_instances} instances agree",
)

# %% [markdown]
# ### Same dynamics, same states
#
# Because the two energies differ by a positive constant factor, every field has the same
# sign, and asynchronous dynamics driven by the same random sweep order visit the same states.
# Ramsauer's energy gives the same ordering of states: we check that
# $\operatorname{sign}(H(a) - H(b)) = \operatorname{sign}(E_R(a) - E_R(b))$ on random pairs.

# %%
same_paths, same_order = 0, 0
for k in range(n_instances):
    ξ = hoplib.random_patterns(K_check, N_check, rng)
    cue = hoplib.corrupt(ξ[0], N_check // 4, rng)
    run_m = hoplib.run_async(model, ξ, cue, rng=seed + k, record=True)
    run_d = hoplib.run_async(demircigil, ξ, cue, rng=seed + k, record=True)
    same_paths += run_m.history.shape == run_d.history.shape and np.array_equal(
        run_m.history, run_d.history)
    a, b = (hoplib.random_patterns(1, N_check, rng)[0] for _ in range(2))
    lse = [-np.log(np.exp(β * (ξ @ s).astype(float)).sum()) / β + N_check / 2 for s in (a, b)]
    same_order += np.sign(model.energy(ξ, a) - model.energy(ξ, b)) == np.sign(lse[0] - lse[1])

claims.check_true(
    "same-trajectories", "exponential-MSE and Demircigil dynamics visit identical states",
    same_paths == n_instances, justification=f"{same_paths}/{n_instances} trajectories equal",
)
claims.check_true(
    "same-order-as-ramsauer", "H and Ramsauer's LSE energy order random state pairs alike",
    same_order == n_instances, justification=f"{same_order}/{n_instances} pairs agree",
)

# %% [markdown]
# ## 5. Not a mean-field model
#
# Mean-field models have an extensive energy, $N f(m)$, and couplings of order $1/N$, so a
# single spin flip changes the energy by $O(1/N)$ relative to its size. Here the cost is bounded,
# $-K \le H \le 0$, and flipping one bit of a stored pattern changes the condensed term by
# $1 - e^{-2\beta}$ whatever $N$: the energy landscape does not self-average. We check that the
# flip cost at a stored pattern, with a single stored pattern, does not depend on $N$.

# %%
flip_costs = []
for n in N_extensive:
    ξ = hoplib.random_patterns(1, n, rng)
    flip_costs.append(2 * model.local_fields(ξ, ξ[0])[0] * ξ[0, 0])
expected_flip = 1 - np.exp(-2 * β)
claims.check(
    "flip-cost-independent-of-N",
    f"flip cost at a lone stored pattern is 1 − e^{{−2β}} for N in {N_extensive}",
    theory=expected_flip, measured=max(flip_costs, key=lambda v: abs(v - expected_flip)),
    tolerance=1e-12, justification="exact arithmetic up to float rounding; N = 4096 also tests "
    "the scaled domain (e^{βN} alone would overflow)",
)
pd.Series(flip_costs, index=pd.Index(N_extensive, name="N"), name="ΔH at ξ¹")

# %% [markdown]
# ## 6. Retrieval of a corrupted pattern
#
# Start from pattern $\xi^1$ with a fraction $\rho$ of its bits flipped and run asynchronous
# sweeps in random order. We follow, one spin flip at a time, the overlap
# $m_1 = \xi^1\cdot\sigma/N$ and the cost $-H$ on a log scale; the cost never increases. From
# small corruptions the network returns to $\xi^1$ within one sweep; from large ones it falls
# into another stored pattern, which is why $-H$ still ends at about 1.

# %%
ξ = hoplib.random_patterns(K_demo, N_demo, rng)
rows = []
monotone = True
for ρ in ρ_demo:
    cue = hoplib.corrupt(ξ[0], int(round(ρ * N_demo)), rng)
    run = hoplib.run_async(model, ξ, cue, rng, record=True)
    σ = cue.copy()
    path = [σ.copy()]
    for site in run.flip_sites:
        σ[site] *= -1
        path.append(σ.copy())
    energies = np.array([model.energy(ξ, s) for s in path])
    monotone &= bool(np.all(np.diff(energies) < 0))
    for flip, (s, e) in enumerate(zip(path, energies, strict=True)):
        nearest = (ξ @ s).max() / N_demo
        rows.append(dict(ρ=ρ, flip=flip, overlap=hoplib.overlap(ξ[0], s), nearest=nearest,
                         minus_cost=-e))
trajectories = pd.DataFrame(rows)

claims.check_true(
    "cost-decreases", "the cost decreases strictly at every asynchronous flip",
    monotone, justification="each flip changes H by 2σ_i h_i < 0; checked flip by flip",
)

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
sns.lineplot(trajectories, x="flip", y="overlap", hue="ρ", palette="viridis", ax=axes[0])
sns.lineplot(trajectories, x="flip", y="minus_cost", hue="ρ", palette="viridis", ax=axes[1],
             legend=False)
axes[0].set(xlabel="spin flips", ylabel=r"overlap $m_1$ with the cued pattern")
axes[1].set(xlabel="spin flips", ylabel=r"$-H(\sigma)$", yscale="log")
fig.suptitle(f"Asynchronous retrieval, N = {N_demo}, K = {K_demo} "
             f"(α = ln K / N = {np.log(K_demo) / N_demo:.2f})")
fig.tight_layout()
plt.show()

# %%
trajectories.groupby("ρ").last()[["flip", "overlap", "nearest", "minus_cost"]]

# %% [markdown]
# ## Exercises
#
# 1. Repeat the retrieval experiment for $\beta \in \{0.1, 0.25, 0.5, 1, 2\}$: for each
#    $\beta$, count how many of 40 cues with $\rho = 0.25$ return to $\xi^1$ at the load of
#    the figure, and compare with the number of cues whose *nearest* stored pattern is
#    $\xi^1$ (the $\beta \to \infty$ decoder). What happens at small $\beta$, and why?
#    (Hint: the Gaussian estimate of the basins notebook, $\alpha(\rho) = \alpha_0(\beta) -
#    4\beta\rho$, is below the load $\ln K/N \approx 0.16$ for $\beta = 0.1$.)
# 2. Show with SymPy that the Demircigil field with $F(x) = e^{\lambda x}$ equals
#    $e^{\lambda N} h_i$ of the exponential-MSE model with $\beta = \lambda$.
# 3. Why does `same-trajectories` hold exactly, and not only up to rounding? (Answer: only the
#    sign of each field enters the dynamics, and the two models' scaled fields are computed by
#    the same arithmetic, so they are equal bit for bit.)

# %% tags=["solution"]
# Solution 1
n_cues = 40
ρ_ex = 0.25
cues = [hoplib.corrupt(ξ[0], int(round(ρ_ex * N_demo)), seed + k) for k in range(n_cues)]
retrieved = {}
for β_ex in (0.1, 0.25, 0.5, 1.0, 2.0):
    model_ex = hoplib.ExponentialMSE(β_ex)
    retrieved[β_ex] = sum(
        hoplib.overlap(ξ[0], hoplib.run_async(model_ex, ξ, cue, seed + k).state) == 1.0
        for k, cue in enumerate(cues))
nearest_is_ξ1 = sum(int(np.argmax(ξ @ cue)) == 0 and (ξ @ cue).max() > np.sort(ξ @ cue)[-2]
                    for cue in cues)
print(f"cues whose unique nearest pattern is ξ¹: {nearest_is_ξ1} of {n_cues}")
# For β ≥ 1/2 the network decodes almost like the nearest-pattern rule; at β = 0.1 the far
# patterns' noise swamps the signal (α₀(0.1) − 4·0.1·0.25 ≈ 0.08 < 0.16) and nothing returns.
pd.Series(retrieved, name=f"retrieved out of {n_cues}").rename_axis("β")

# %% tags=["solution"]
# Solution 2
λ = sp.symbols("lambda", positive=True)
h_demircigil = (sp.exp(λ * (xp + ξ_i)) - sp.exp(λ * (xp - ξ_i))) / 2
ratio_ok = all(
    sp.simplify((h_demircigil - sp.exp(λ * N) * field_closed_form.subs(β_s, λ))
                .subs(ξ_i, v).rewrite(sp.exp)) == 0
    for v in (-1, 1)
)
assert ratio_ok
ratio_ok

# %%
claims.finish()
