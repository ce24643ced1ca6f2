"""Customer value ahead: who is still alive, how many purchases each will make, what they spend.

Two models of the literature, fitted by maximum likelihood on each customer's repeat
purchases (Fader, Hardie and Lee):

- **BG/NBD** ("Counting your customers the easy way", Marketing Science, 2005): while alive,
  a customer buys at a Poisson rate (gamma-distributed across customers: ``r``, ``alpha``);
  after each purchase they may drop out for good (a probability beta-distributed across
  customers: ``a``, ``b``). From a customer's ``x`` repeat purchases, the time of the last
  one ``t_x`` and their age ``T`` (all in one time unit), it gives the probability that they
  are still alive and their expected purchases over the next ``t``.
- **Gamma-Gamma** ("RFM and CLV: using iso-value curves for customer base analysis", Journal
  of Marketing Research, 2005): the mean spend per purchase, shrunk from each repeat
  customer's own mean ``zbar`` towards the base's (``p``, ``q``, ``gamma``).

Why written here (about a hundred lines on SciPy) rather than taken from a package:
``lifetimes`` is archived (2020) and pins old SciPy/pandas; PyMC-Marketing is maintained but
brings PyMC, PyTensor and ArviZ (hundreds of MB, several seconds per import) for two closed-
form likelihoods. SciPy is imported only when a model is fitted, so the app's start does
not grow. The fit reproduces the papers' CDNOW parameters (``tests/test_value.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "BGNBD",
    "GammaGamma",
    "bgnbd_log_likelihood",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
]


@dataclass(frozen=True)
class BGNBD:
    """A fitted BG/NBD model (time in ``time_unit``)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool
    n: int
    time_unit: str = "week"

    def probability_alive(self, x, t_x, T) -> np.ndarray:
        """P(still alive at ``T`` | ``x`` repeat purchases, the last at ``t_x``): 1 without repeat purchase."""
        x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
        ratio = _odds_dead(self, x, t_x, T)
        return 1.0 / (1.0 + ratio)

    def expected_purchases(self, t, x, t_x, T) -> np.ndarray:
        """Expected purchases in ``(T, T + t]`` given ``x``, ``t_x``, ``T`` (equation 10 of the paper)."""
        from scipy.special import hyp2f1

        x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
        t = np.asarray(t, dtype="float64")
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + T + t)
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return head * tail / (1.0 + _odds_dead(self, x, t_x, T))

    def to_dict(self) -> dict:
        return {
            "r": self.r,
            "alpha": self.alpha,
            "a": self.a,
            "b": self.b,
            "log_likelihood": self.log_likelihood,
            "time_unit": self.time_unit,
        }


def _odds_dead(m: BGNBD, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), in logs to keep large exponents finite."""
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(m.a)
            - np.log(np.maximum(m.b + x - 1, 1e-300))
            + (m.r + x) * (np.log(m.alpha + T) - np.log(m.alpha + t_x))
        )
    return np.where(x > 0, np.exp(np.minimum(log_odds, 700.0)), 0.0)


def bgnbd_log_likelihood(params, x, t_x, T) -> np.ndarray:
    """Each customer's log-likelihood under BG/NBD (equation 6 of the paper).

    L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
      + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
    """
    from scipy.special import betaln, gammaln

    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) - betaln(a, b)
    stays = betaln(a, b + x) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        drops = np.where(x > 0, betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x), -np.inf)
    return common + np.logaddexp(stays, drops)


def fit_bgnbd(x, t_x, T, *, time_unit: str = "week") -> BGNBD:
    """BG/NBD by maximum likelihood (the parameters searched in logs, from r=α=a=b=1)."""
    from scipy.optimize import minimize

    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))

    def loss(theta: np.ndarray) -> float:
        value = -bgnbd_log_likelihood(np.exp(theta), x, t_x, T).sum()
        return float(value) if np.isfinite(value) else 1e300

    best = minimize(loss, np.zeros(4), method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20_000})
    polish = minimize(loss, best.x, method="L-BFGS-B")
    result = polish if polish.fun <= best.fun else best
    r, alpha, a, b = (float(v) for v in np.exp(result.x))
    return BGNBD(r, alpha, a, b, -float(result.fun), bool(best.success or polish.success), len(x), time_unit)


@dataclass(frozen=True)
class GammaGamma:
    """A fitted Gamma-Gamma model of the spend per purchase."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool
    n: int

    def expected_spend(self, x, zbar, *, mean_of_base: float | None = None) -> np.ndarray:
        """E[spend per purchase | x repeat purchases averaging zbar]: p (γ + x·zbar) / (p·x + q − 1).

        Customers without a repeat purchase get the base's mean, p·γ / (q − 1)."""
        x, zbar = (np.asarray(v, dtype="float64") for v in (x, zbar))
        base = self.p * self.gamma / (self.q - 1) if mean_of_base is None else mean_of_base
        with np.errstate(divide="ignore", invalid="ignore"):
            own = self.p * (self.gamma + x * zbar) / (self.p * x + self.q - 1)
        return np.where(x > 0, own, base)

    def to_dict(self) -> dict:
        return {"p": self.p, "q": self.q, "gamma": self.gamma}


def gamma_gamma_log_likelihood(params, x, zbar) -> np.ndarray:
    """Each repeat customer's log-likelihood of their mean spend ``zbar`` over ``x`` purchases:

    ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln zbar + px ln x − (px+q) ln(γ + x·zbar)
    """
    from scipy.special import gammaln

    p, q, gamma = params
    x, zbar = (np.asarray(v, dtype="float64") for v in (x, zbar))
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(zbar)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + x * zbar)
    )


def fit_gamma_gamma(x, zbar) -> GammaGamma:
    """Gamma-Gamma by maximum likelihood on the customers with a repeat purchase and a positive mean spend."""
    from scipy.optimize import minimize

    x, zbar = (np.asarray(v, dtype="float64") for v in (x, zbar))
    keep = (x > 0) & (zbar > 0)
    x, zbar = x[keep], zbar[keep]

    def loss(theta: np.ndarray) -> float:
        value = -gamma_gamma_log_likelihood(np.exp(theta), x, zbar).sum()
        return float(value) if np.isfinite(value) else 1e300

    best = minimize(loss, np.zeros(3), method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20_000})
    polish = minimize(loss, best.x, method="L-BFGS-B")
    result = polish if polish.fun <= best.fun else best
    p, q, gamma = (float(v) for v in np.exp(result.x))
    return GammaGamma(p, q, gamma, -float(result.fun), bool(best.success or polish.success), len(x))
