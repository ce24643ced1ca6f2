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

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import LifecycleError
from ..locale.i18n import fmt_plain
from ..vocabulary import BUYER_STAGES, STAGES
from .calendar import KEY_SPAN, sub_months, to_day
from .stages import is_client

# SciPy is imported by the functions that fit or evaluate a model: the app and the command line
# start without it, and load it when a value is first asked for.

__all__ = [
    "BGNBD",
    "COLUMNS",
    "LIKELY_ALIVE",
    "GammaGamma",
    "bgnbd_log_likelihood",
    "bgnbd_same_dropout_log_likelihood",
    "by_segment",
    "by_stage",
    "calibration",
    "calibration_of",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_value",
    "gamma_gamma_log_likelihood",
    "histories",
    "save_first",
    "value_of",
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
    # Set when the data show no spread in the dropout probability: every customer drops out
    # after a purchase with this same probability (the limit of a, b → ∞ with a/(a+b) = p;
    # a and b are then infinite). See ``_same_dropout``.
    p: float | None = None

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
        if self.p is not None:  # the limit: (a+b+x−1)/(a−1) → 1/p, 2F1(…; z) → (1 − (1−p) z)^−(r+x)
            tail = 1 - ((alpha + T) / (alpha + T + self.p * t)) ** (r + x)
            return tail / self.p / (1.0 + _odds_dead(self, x, t_x, T))
        z = t / (alpha + T + t)
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return head * tail / (1.0 + _odds_dead(self, x, t_x, T))

    def to_dict(self) -> dict:
        return {
            "r": self.r,
            "alpha": self.alpha,
            "a": None if self.p is not None else self.a,  # infinite (JSON has no infinity)
            "b": None if self.p is not None else self.b,
            "p": self.p,
            "log_likelihood": self.log_likelihood,
            "time_unit": self.time_unit,
        }


def _odds_dead(m: BGNBD, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), in logs to keep large exponents finite."""
    with np.errstate(divide="ignore", invalid="ignore"):
        # a/(b+x−1) → p/(1−p) in the limit of a common dropout probability.
        odds = (
            np.log(m.p) - np.log1p(-m.p) if m.p is not None else np.log(m.a) - np.log(np.maximum(m.b + x - 1, 1e-300))
        )
        log_odds = odds + (m.r + x) * (np.log(m.alpha + T) - np.log(m.alpha + t_x))
    return np.where(x > 0, np.exp(np.minimum(log_odds, 700.0)), 0.0)


_LOG_BOUND = 12.0  # parameters searched within e^±12 (6e-6 to 160,000)


def _maximise(loss, n_params: int, small: bool):
    """The minimum of ``loss`` over log-parameters, from 0 (every parameter 1), within
    ``_LOG_BOUND``: quasi-Newton (L-BFGS-B, a few hundred evaluations), restarted from its
    answer to confirm it, and on small data (``small``) polished by Nelder-Mead. Returns the
    best answer, whether a quasi-Newton run succeeded and all agree, and which parameters sit at the edge
    of the search (where the data do not identify the model, unless the caller knows the
    limit there: no figures rather than wrong ones)."""
    from scipy.optimize import minimize

    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * n_params
    options = {"ftol": 1e-15, "gtol": 1e-10, "maxiter": 1000, "maxfun": 1500}  # a few seconds at most
    first = minimize(loss, np.zeros(n_params), method="L-BFGS-B", bounds=bounds, options=options)
    second = minimize(loss, first.x, method="L-BFGS-B", bounds=bounds, options=options)
    # Found when either run ends on its own criterion: on a flat ridge the first can run out
    # of evaluations or fail a line search close to the answer, which the restart confirms.
    # Both can end on a failed line search at the answer itself (no step improves the loss
    # within floating-point precision): the restart then stays where the first run ended.
    # On small data the Nelder-Mead polish tells that point from a ridge (where it still
    # climbs, as along a, b → ∞ in BG/NBD).
    stayed = bool(np.allclose(first.x, second.x, rtol=0, atol=1e-6))
    succeeded = bool(first.success or second.success)
    if small:
        polish = minimize(
            loss,
            second.x,
            method="Nelder-Mead",
            bounds=bounds,
            # At most 4,000 evaluations: a polish that converges takes a few hundred; one that
            # climbs a ridge would take 23,000 (4,000 iterations, mostly shrinks: 4 s of a Value page).
            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000, "maxfev": 4000},
        )
        if stayed and not succeeded:
            succeeded = bool(polish.success and polish.fun >= second.fun - 1e-9 * max(1.0, abs(second.fun)))
        if polish.fun < second.fun:
            second = polish
    best = second if second.fun < first.fun else first
    agree = abs(first.fun - second.fun) <= 1e-5 * max(1.0, abs(best.fun))
    edge = np.abs(best.x) >= _LOG_BOUND - 1e-3
    return best, bool(succeeded and agree and np.isfinite(best.fun)), edge


SMALL = 20_000  # customers: below this, the fit is polished by Nelder-Mead (a second or less)


def bgnbd_log_likelihood(params, x, t_x, T) -> np.ndarray:
    """Each customer's log-likelihood under BG/NBD (equation 6 of the paper).

    L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
      + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))

    The gamma and beta functions depend on ``x`` alone: computed once per distinct count
    (a few dozen) rather than per customer, a fifth of the time of a fit on 100,000.
    """
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    return _bgnbd_log_likelihood(params, x, t_x, T, *np.unique(x, return_inverse=True))


def _bgnbd_log_likelihood(params, x, t_x, T, counts, where) -> np.ndarray:
    """``bgnbd_log_likelihood`` on float arrays, given ``np.unique(x, return_inverse=True)``:
    a fit evaluates it a few hundred times on the same customers, and sorting their counts
    each time would take a third of it."""
    from scipy.special import betaln, gammaln

    r, alpha, a, b = params
    common = (gammaln(r + counts) - gammaln(r) + r * np.log(alpha) - betaln(a, b))[where]
    stays = betaln(a, b + counts)[where] - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop_beta = np.where(counts > 0, betaln(a + 1, np.maximum(b + counts - 1, 1e-300)), -np.inf)[where]
        drops = np.where(x > 0, drop_beta - (r + x) * np.log(alpha + t_x), -np.inf)
    return common + np.logaddexp(stays, drops)


def fit_bgnbd(x, t_x, T, *, time_unit: str = "week") -> BGNBD:
    """BG/NBD by maximum likelihood (the parameters searched in logs, from r=α=a=b=1)."""

    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    counts, where = np.unique(x, return_inverse=True)

    def loss(theta: np.ndarray) -> float:
        value = -_bgnbd_log_likelihood(np.exp(theta), x, t_x, T, counts, where).sum()
        return float(value) if np.isfinite(value) else 1e300

    result, found, edge = _maximise(loss, 4, len(x) <= SMALL)
    if not (found and not edge.any()):
        limit = _same_dropout(x, t_x, T, float(result.fun), time_unit)
        if limit is not None:
            return limit
    r, alpha, a, b = (float(v) for v in np.exp(result.x))
    return BGNBD(r, alpha, a, b, -float(result.fun), found and not edge.any(), len(x), time_unit)


def bgnbd_same_dropout_log_likelihood(params, x, t_x, T) -> np.ndarray:
    """``bgnbd_log_likelihood`` in its limit a, b → ∞ with a/(a+b) = p (no spread in the
    dropout probability): B(a, b+x)/B(a, b) → (1−p)^x and B(a+1, b+x−1)/B(a, b) → p(1−p)^(x−1).

    L = Γ(r+x) α^r / Γ(r) · [(1−p)^x / (α+T)^(r+x) + δ(x>0) · p(1−p)^(x−1) / (α+t_x)^(r+x)]
    """
    from scipy.special import gammaln

    r, alpha, p = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    stays = x * np.log1p(-p) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        drops = np.where(x > 0, np.log(p) + (x - 1) * np.log1p(-p) - (r + x) * np.log(alpha + t_x), -np.inf)
    return common + np.logaddexp(stays, drops)


def _same_dropout(x, t_x, T, best: float, time_unit: str) -> BGNBD | None:
    """BG/NBD's limit in which every customer has the same dropout probability p, when that
    is the maximum the four-parameter search was after; else None.

    When the data show no spread in the dropout probability, the likelihood keeps rising,
    ever more slowly, as a and b grow together with a/(a+b) = p: the maximum lies at that
    limit, outside any bound, and the search stops at an edge or fails on the flat ridge
    (where the beta functions of huge a and b lose the precision its gradient needs). The
    limit is fitted as the model it is, with r, α and p and its own exact formulas, and
    accepted only when it is found inside its search and as likely as the best point the
    four-parameter search found, to within what no test could tell apart (no figures
    otherwise, as before)."""
    from scipy.special import expit

    def loss(theta: np.ndarray) -> float:
        params = (np.exp(theta[0]), np.exp(theta[1]), expit(theta[2]))  # p searched as a logit
        value = -bgnbd_same_dropout_log_likelihood(params, x, t_x, T).sum()
        return float(value) if np.isfinite(value) else 1e300

    result, found, edge = _maximise(loss, 3, len(x) <= SMALL)
    if not found or edge.any() or result.fun > best + _SAME_LOG_LIKELIHOOD:
        return None
    r, alpha, p = float(np.exp(result.x[0])), float(np.exp(result.x[1])), float(expit(result.x[2]))
    return BGNBD(r, alpha, math.inf, math.inf, -float(result.fun), True, len(x), time_unit, p=p)


# A log-likelihood short of the best point found by less than this is as good: a quarter of
# the 1.92 a likelihood-ratio test needs (at 5 %) to tell one parameter more from none.
_SAME_LOG_LIKELIHOOD = 0.5


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

    (the gamma functions once per distinct ``x``, as in ``bgnbd_log_likelihood``).
    """
    x, zbar = (np.asarray(v, dtype="float64") for v in (x, zbar))
    return _gamma_gamma_log_likelihood(params, x, zbar, *np.unique(x, return_inverse=True))


def _gamma_gamma_log_likelihood(params, x, zbar, counts, where) -> np.ndarray:
    """``gamma_gamma_log_likelihood`` on float arrays, given ``np.unique(x, return_inverse=True)``
    (computed once per fit)."""
    from scipy.special import gammaln

    p, q, gamma = params
    by_count = (gammaln(p * counts + q) - gammaln(p * counts) - gammaln(q) + p * counts * np.log(counts))[where]
    return by_count + q * np.log(gamma) + (p * x - 1) * np.log(zbar) - (p * x + q) * np.log(gamma + x * zbar)


def fit_gamma_gamma(x, zbar) -> GammaGamma:
    """Gamma-Gamma by maximum likelihood on the customers with a repeat purchase and a positive mean spend."""

    x, zbar = (np.asarray(v, dtype="float64") for v in (x, zbar))
    keep = (x > 0) & (zbar > 0)
    x, zbar = x[keep], zbar[keep]
    counts, where = np.unique(x, return_inverse=True)

    def loss(theta: np.ndarray) -> float:
        value = -_gamma_gamma_log_likelihood(np.exp(theta), x, zbar, counts, where).sum()
        return float(value) if np.isfinite(value) else 1e300

    result, found, edge = _maximise(loss, 3, len(x) <= SMALL)
    converged = found and not edge.any()
    p, q, gamma = (float(v) for v in np.exp(result.x))
    return GammaGamma(p, q, gamma, -float(result.fun), converged, len(x))


# ---------------------------------------------------------------- from a summary

DAYS_PER_WEEK = 7.0
WEEKS_PER_MONTH = 365.25 / 12 / 7
MIN_REPEAT_CUSTOMERS = 50  # fewer customers who came back: the model has nothing to learn from
MIN_HISTORY_DAYS = 90  # about three months


@dataclass(frozen=True)
class Histories:
    """Each customer's purchase history in the models' terms, up to ``end_day`` (weeks):
    ``x`` repeat purchase days, ``t_x`` from the first purchase day to the last, ``T`` from
    the first to ``end_day``, ``zbar`` the mean net spend of the repeat purchase days (NaN
    without one). ``known``: customers with a purchase by ``end_day`` (the others are NaN)."""

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    zbar: np.ndarray
    known: np.ndarray
    end_day: int


def histories(summary, end_day: int | None = None) -> Histories:
    """Repeat purchases are counted on distinct purchase days, as the engine counts them
    (returns and zero amounts are not purchases); spend is each day's net amount."""

    end = to_day(summary.as_of) if end_day is None else int(end_day)
    n = summary.n_customers
    s = summary
    keep = s.d_day <= end
    codes, days = s.d_code[keep], s.d_day[keep]
    count = np.bincount(codes, minlength=n)
    known = count > 0
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    np.fmin.at(first, codes, days.astype("float64"))
    np.fmax.at(last, codes, days.astype("float64"))
    x = np.where(known, count - 1, np.nan)
    t_x = (last - first) / DAYS_PER_WEEK
    T = (end - first) / DAYS_PER_WEEK
    zbar = np.full(n, np.nan)
    if s.has_amount and len(codes):
        # Each occasion's net amount added to its purchase day; the first day left out.
        d_keys = codes.astype("int64") * KEY_SPAN + (days - s.day0)
        o_keep = s.occ_day <= end
        o_keys = s.occ_code[o_keep].astype("int64") * KEY_SPAN + (s.occ_day[o_keep] - s.day0)
        at = np.searchsorted(d_keys, o_keys)
        on_day = (at < len(d_keys)) & (d_keys[np.minimum(at, len(d_keys) - 1)] == o_keys)
        day_amount = np.bincount(at[on_day], weights=s.occ_amount[o_keep][on_day], minlength=len(d_keys))
        is_first = np.ones(len(codes), dtype=bool)
        is_first[1:] = codes[1:] != codes[:-1]
        repeat = np.bincount(codes[~is_first], weights=day_amount[~is_first], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            zbar = np.where(x > 0, repeat / x, np.nan)
    return Histories(x, t_x, T, zbar, known, end)


@dataclass(frozen=True)
class Value:
    """The models fitted on one period and what they say of each customer.

    ``customers``: code-indexed frame with p_alive, expected purchases over the horizon,
    expected spend per purchase and the expected value over 12, 24 and 36 months (margin
    applied, discounted yearly); NaN for customers without a purchase by the fit's end."""

    bgnbd: BGNBD
    gamma_gamma: GammaGamma | None
    customers: object  # pd.DataFrame
    fit_start: object  # pd.Timestamp
    fit_end: object
    horizon_months: int
    discount: float
    margin: float


def _check_fittable(summary, h: Histories) -> None:

    if not summary.has_history:
        raise LifecycleError.of("value.no_history")
    span = h.end_day - np.nanmin(np.where(h.known, h.end_day - h.T * DAYS_PER_WEEK, np.nan))
    if not np.isfinite(span) or span < MIN_HISTORY_DAYS:
        raise LifecycleError.of("value.short", days=int(span) if np.isfinite(span) else 0)
    repeaters = int(np.nansum(h.x > 0))
    if repeaters < MIN_REPEAT_CUSTOMERS:
        raise LifecycleError.of("value.few_repeat", n=repeaters, needed=MIN_REPEAT_CUSTOMERS)


MAX_HORIZON = 120  # months ahead


def _between(low: float, high: float):
    """«0 – 0.99» with the reader's decimal sign, for a message."""

    return lambda lang: f"{fmt_plain(low, lang)} – {fmt_plain(high, lang)}"


def check_settings(horizon_months, discount, margin) -> None:
    """The value model's settings, whoever gives them (the page's fields, the command line):
    a horizon of 1 to 120 months, a yearly discount rate from 0 to under 1 (100 %), a margin
    above 0 and at most 1 (100 %); else a ``LifecycleError`` naming the setting."""

    checks = (
        ("horizon", horizon_months, isinstance(horizon_months, int) and 1 <= horizon_months <= MAX_HORIZON, (1, 120)),
        ("discount", discount, math.isfinite(discount) and 0 <= discount < 1, (0, 0.99)),
        ("margin", margin, math.isfinite(margin) and 0 < margin <= 1, (0.01, 1)),
    )
    for name, value, ok, allowed in checks:
        if not ok:
            raise LifecycleError.of("value.bad_setting", setting=name, value=value, allowed=_between(*allowed))


def fit_value(
    summary,
    *,
    horizon_months: int = 12,
    discount: float = 0.0,
    margin: float = 1.0,
    end=None,
) -> Value:
    """Fit BG/NBD (and Gamma-Gamma when the file has amounts) on the purchases up to ``end``
    (default: the as-of date) and predict each customer's future from there."""

    check_settings(horizon_months, discount, margin)
    end_day = to_day(summary.as_of if end is None else end)
    h = histories(summary, end_day)
    _check_fittable(summary, h)
    k = h.known
    model = fit_bgnbd(h.x[k], h.t_x[k], h.T[k])
    if not model.converged or not all(
        np.isfinite([model.r, model.alpha, *((model.p,) if model.p is not None else (model.a, model.b))])
    ):
        raise LifecycleError.of("value.no_fit", model="BG/NBD")
    gg = None
    if summary.has_amount:
        repeat = k & (h.x > 0) & (h.zbar > 0)
        if repeat.sum() >= MIN_REPEAT_CUSTOMERS:
            gg = fit_gamma_gamma(h.x[repeat], h.zbar[repeat])
            if not gg.converged or gg.q <= 1:
                raise LifecycleError.of("value.no_fit", model="Gamma-Gamma")
    out = pd.DataFrame(index=summary.customers.index)
    out["customer"] = summary.customers["customer"]
    for name, values in (("x", h.x), ("t_x", h.t_x), ("T", h.T)):
        out[name] = values
    alive = np.full(len(k), np.nan)
    alive[k] = model.probability_alive(h.x[k], h.t_x[k], h.T[k])
    out["p_alive"] = alive
    out["expected_purchases"] = _expected(model, h, horizon_months * WEEKS_PER_MONTH)
    if gg is not None:
        spend = np.full(len(k), np.nan)
        spend[k] = gg.expected_spend(h.x[k], np.nan_to_num(h.zbar[k]))
        out["expected_spend"] = spend
        for months in (12, 24, 36):
            out[f"value_{months}"] = margin * spend * _discounted_purchases(model, h, months, discount)
    first = pd.Timestamp(summary.first_date)
    return Value(model, gg, out, first, pd.Timestamp(end_day, unit="D"), horizon_months, discount, margin)


def _expected(model: BGNBD, h: Histories, weeks: float) -> np.ndarray:
    out = np.full(len(h.known), np.nan)
    k = h.known
    out[k] = model.expected_purchases(weeks, h.x[k], h.t_x[k], h.T[k])
    return out


def _discounted_purchases(model: BGNBD, h: Histories, months: int, discount: float) -> np.ndarray:
    """Expected purchases month by month over ``months``, each month discounted at the yearly
    rate ``discount`` (from the middle of the month)."""
    total = np.zeros(len(h.known))
    before = np.zeros(len(h.known))
    for m in range(1, months + 1):
        upto = np.nan_to_num(_expected(model, h, m * WEEKS_PER_MONTH))
        total += (upto - before) / (1 + discount) ** ((m - 0.5) / 12)
        before = upto
    return np.where(h.known, total, np.nan)


def value_of(summary, *, horizon_months: int = 12, discount: float = 0.0, margin: float = 1.0) -> Value:
    """``fit_value`` kept on the summary's timeline (the fit does not depend on the client
    definition): the Value page, its charts and exports share one fit per setting."""

    def fit() -> Value | LifecycleError:
        # A refusal is kept too: a fit that does not converge can take seconds, and every
        # rerun of the page would otherwise try again.
        try:
            return fit_value(summary, horizon_months=horizon_months, discount=discount, margin=margin)
        except LifecycleError as exc:
            return exc

    key = ("value", horizon_months, round(discount, 6), round(margin, 6))
    kept = summary.timeline.remember(key, fit)
    if isinstance(kept, LifecycleError):
        raise kept
    return kept


def calibration_of(summary) -> dict:
    """``calibration`` with its default hold-out, kept on the summary's timeline."""
    return summary.timeline.remember(("calibration",), lambda: calibration(summary))


def calibration(summary, *, holdout_months: int | None = None, margin: float = 1.0) -> dict:
    """Fit on all but the last ``holdout_months`` (default: a third of the history, at most
    12 months), predict the purchases of those months, compare with what happened.

    Returns the fit's end, the holdout, per number of repeat purchases in the fit period
    (0, 1, …, 7+) the customers, actual and predicted mean purchases, and one error figure:
    the total predicted against the total actual, in percent."""

    as_of = to_day(summary.as_of)
    span_months = (as_of - to_day(summary.first_date)) / (365.25 / 12)
    if holdout_months is not None and not 1 <= holdout_months < span_months:
        raise LifecycleError.of(
            "value.bad_holdout",
            months=holdout_months,
            first=summary.first_date.date().isoformat(),
            as_of=summary.as_of.date().isoformat(),
        )
    months = holdout_months or int(max(1, min(12, span_months // 3)))
    end = sub_months(as_of, months)
    fitted = fit_value(summary, end=pd.Timestamp(end, unit="D"), margin=margin)
    h = histories(summary, end)
    later = histories(summary, as_of)
    k = h.known
    actual = np.where(k, np.nan_to_num(later.x) - np.nan_to_num(h.x), np.nan)
    predicted = _expected(fitted.bgnbd, h, (as_of - end) / DAYS_PER_WEEK)
    group = np.minimum(np.nan_to_num(h.x), 7).astype(int)
    rows = []
    for g in range(8):
        m = k & (group == g)
        if m.any():
            rows.append(
                {
                    "repeat_purchases": f"{g}+" if g == 7 else str(g),
                    "customers": int(m.sum()),
                    "actual": float(actual[m].mean()),
                    "predicted": float(predicted[m].mean()),
                }
            )
    total_actual, total_predicted = float(np.nansum(actual[k])), float(np.nansum(predicted[k]))
    error = (total_predicted - total_actual) / total_actual if total_actual else None
    return {
        "fit_end": pd.Timestamp(end, unit="D"),
        "holdout_months": months,
        "by_repeat_purchases": pd.DataFrame(rows),
        "total_actual": total_actual,
        "total_predicted": total_predicted,
        "error": error,
        "bgnbd": fitted.bgnbd,
    }


# ---------------------------------------------------------------- rules meet the model

# The columns of ``by_stage`` and ``save_first`` (their headings: ``ui.value.col.<name>``).
COLUMNS = (
    "segment",
    "stage",
    "customer",
    "customers",
    "past_value",
    "p_alive",
    "p_alive_mean",
    "p_alive_p25",
    "p_alive_median",
    "p_alive_p75",
    "likely_alive",
    "expected_purchases",
    "risk",
    "value_12",
)
LIKELY_ALIVE = 0.5  # a probability of being alive from which the model calls a customer likely alive


def by_stage(v: Value, stages) -> object:
    """Per stage (new … lost): customers, the distribution of the probability alive (mean,
    quartiles), how many the model rates likely alive, expected purchases over the horizon
    and expected value over 12 months (sums)."""

    names = np.array([*STAGES, None], dtype=object)[stages.codes]
    c = v.customers.assign(stage=names)
    rows = []
    for stage in BUYER_STAGES:
        part = c[(c["stage"] == stage) & c["p_alive"].notna()]
        if not len(part):
            continue
        alive = part["p_alive"]
        row = {
            "stage": stage,
            "customers": len(part),
            "p_alive_mean": float(alive.mean()),
            "p_alive_p25": float(alive.quantile(0.25)),
            "p_alive_median": float(alive.median()),
            "p_alive_p75": float(alive.quantile(0.75)),
            "likely_alive": int((alive >= LIKELY_ALIVE).sum()),
            "expected_purchases": float(part["expected_purchases"].sum()),
        }
        if "value_12" in part:
            row["value_12"] = float(part["value_12"].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def save_first(v: Value, stages, summary, n: int = 100) -> object:
    """Clients the rules still count (not lost) whom the model doubts most, weighted by what
    they brought: past value over the last 24 months × (1 − probability alive), largest first."""

    past = summary.customers["value_24"] if summary.has_amount else pd.Series(1.0, index=summary.customers.index)
    c = v.customers.assign(past_value=past.to_numpy(dtype="float64"))
    c = c[is_client(stages.codes) & c["p_alive"].notna()]
    c = c.assign(risk=c["past_value"] * (1 - c["p_alive"]))
    c = c[c["risk"] > 0].sort_values(["risk", "customer"], ascending=[False, True], kind="stable").head(n)
    names = np.array([*STAGES, None], dtype=object)
    c.insert(1, "stage", names[stages.codes[c.index.to_numpy()]])
    keep = ["customer", "stage", "past_value", "p_alive", "expected_purchases", "risk"]
    keep += [k for k in ("value_12",) if k in c]
    return c[keep].reset_index(drop=True)


def by_segment(v: Value, summary) -> object:
    """Per segment (the file's segment column): customers, mean probability alive, expected
    purchases over the horizon and expected value over 12 months (sums). ``None`` without a
    segment column."""

    if not summary.has_segment:
        return None
    c = v.customers.assign(segment=summary.customers["segment"].fillna("—").astype(str))
    c = c[c["p_alive"].notna()]
    agg = {"customers": ("p_alive", "size"), "p_alive_mean": ("p_alive", "mean")}
    agg["expected_purchases"] = ("expected_purchases", "sum")
    if "value_12" in c:
        agg["value_12"] = ("value_12", "sum")
    out = c.groupby("segment", sort=True).agg(**agg).reset_index()
    return pd.DataFrame(out).sort_values("customers", ascending=False, kind="stable").reset_index(drop=True)
