"""Time the customer-value fits (issue 11): ``python -m benchmarks.bench_value``.

1. BG/NBD and Gamma-Gamma on 100,000 customers drawn from the models themselves with the
   papers' CDNOW parameters (so the fit has something to find; the parameters it recovers
   are printed next to the true ones);
2. the whole value fit (histories, both models, the values over 12/24/36 months) on the
   1,000,000-row benchmark file, whose synthetic customers have no drop-out: the models
   cannot be identified there, and the fit must say so rather than give figures.
"""

from __future__ import annotations

import time

import numpy as np

from lifecycle.model import value

TRUE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "p": 6.25, "q": 3.74, "gamma": 15.44}


def simulate(n: int, seed: int = 11) -> tuple[np.ndarray, ...]:
    """x, t_x, T (weeks) and zbar of ``n`` customers drawn from BG/NBD and Gamma-Gamma."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(27, 39, n)
    lam = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], n)
    drop = rng.beta(TRUE["a"], TRUE["b"], n)
    x, t_x, now = np.zeros(n), np.zeros(n), np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        now[alive] += rng.exponential(1 / np.maximum(lam[alive], 1e-12))
        bought = alive & (now <= T)
        x[bought] += 1
        t_x[bought] = now[bought]
        alive = bought & (rng.random(n) >= drop)
    nu = rng.gamma(TRUE["q"], 1 / TRUE["gamma"], n)  # each customer's spend scale
    zbar = np.where(x > 0, rng.gamma(TRUE["p"] * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0)
    return x, t_x, T, zbar


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    x, t_x, T, zbar = simulate(100_000)
    value.bgnbd_log_likelihood((1, 1, 1, 1), x[:10], t_x[:10], T[:10])  # SciPy imported outside the timing
    bg, seconds = timed(lambda: value.fit_bgnbd(x, t_x, T))
    print(f"BG/NBD, 100,000 simulated customers: {seconds:.2f} s, converged {bg.converged}")
    print("  r, alpha, a, b: true " + ", ".join(f"{TRUE[k]}" for k in ["r", "alpha", "a", "b"]))
    print(f"  fitted {bg.r:.3f}, {bg.alpha:.3f}, {bg.a:.3f}, {bg.b:.3f}")
    gg, seconds = timed(lambda: value.fit_gamma_gamma(x, zbar))
    print(f"Gamma-Gamma, {gg.n:,} repeat customers: {seconds:.2f} s, converged {gg.converged}")
    print(f"  p, q, gamma: true 6.25, 3.74, 15.44; fitted {gg.p:.2f}, {gg.q:.2f}, {gg.gamma:.2f}")

    from pathlib import Path

    from lifecycle.analysis import load
    from lifecycle.errors import LifecycleError
    from lifecycle.model.summary import summarise

    csv = Path(__file__).parent / "data" / "bench_1m.csv"
    if not csv.exists():
        print("(run `python -m benchmarks.bench_engine` first for the 1,000,000-row file)")
        return
    summary = summarise(load(csv.read_bytes(), csv.name).data)
    try:
        _, seconds = timed(lambda: value.fit_value(summary))
        print(f"whole value fit on the 1,000,000-row file: {seconds:.2f} s")
    except LifecycleError as exc:
        print(f"whole value fit on the 1,000,000-row file: refused ({exc.message('en')})")


if __name__ == "__main__":
    main()
