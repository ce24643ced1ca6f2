"""The names of the life cycle, once: stages and their order, groups, zones, colours, balance flows.

Words shown to people live in ``lifecycle.locale.i18n`` (``stage.<name>``, ``flow.<name>``, ...);
this module only holds the keys and what every view agrees on about them.
"""

from __future__ import annotations

__all__ = [
    "BUYER_STAGES",
    "CHART_FORMATS",
    "CLIENT_STAGES",
    "COLORS",
    "CONTACT_STAGES",
    "FLOWS",
    "FLOW_COLORS",
    "FORMATS",
    "FUNNEL_ORDER",
    "GROUP",
    "OF_BUYERS",
    "STAGES",
    "ZONE",
]

# Every stage, as codes are numbered (stages.STAGE_CODE): contacts without purchase first.
STAGES = ("suspect", "prospect", "below_minimum", "new", "reactivated", "active", "dormant", "lost")
CONTACT_STAGES = ("suspect", "prospect")  # in a contacts list, no purchase
# Total clients = their sum. Shown everywhere in the journey's order (the domain's own):
# new -> active / reactivated -> dormant, whatever order the rule tests them in.
CLIENT_STAGES = ("new", "active", "reactivated", "dormant")
# What a customer with a purchase can be at a date: a client, below the minimum amount, or lost.
BUYER_STAGES = ("below_minimum", *CLIENT_STAGES, "lost")
# The stages whose share is of all buyers, not of the clients (they are not clients): their
# shares are written with that base, so that nobody adds them to the clients' 100 %.
OF_BUYERS = ("below_minimum", "lost")

# The funnel reads as the journey: suspect -> prospect -> (a first small purchase) -> new ->
# active / reactivated -> dormant -> lost.
FUNNEL_ORDER = (*CONTACT_STAGES, *BUYER_STAGES)
# Funnel panels: who is not (yet) a client, and customers (clients and the lost).
GROUP = {s: ("not_clients" if s in (*CONTACT_STAGES, "below_minimum") else "customers") for s in STAGES}

# Zones the sources ask to colour: opportunity (develop, up-sell, cross-sell), risk (reactivate,
# win back); people who are not clients are neutral.
ZONE = {
    "suspect": "contact",
    "prospect": "contact",
    "below_minimum": "outside",
    "new": "opportunity",
    "active": "opportunity",
    "reactivated": "opportunity",
    "dormant": "risk",
    "lost": "risk",
}
# Okabe-Ito (colour-blind safe): cool = opportunity, warm = risk, greys = not clients.
COLORS = {
    "suspect": "#BBBBBB",
    "prospect": "#8C8C8C",
    "below_minimum": "#6E6E6E",
    "new": "#56B4E9",
    "active": "#0072B2",
    "reactivated": "#009E73",
    "dormant": "#E69F00",
    "lost": "#D55E00",
}

# Flows of the portfolio balance (client status from one period end to the next). "won back"
# (a client again after having been lost) is a flow; "reactivated" is a stage: never mix them.
FLOWS = ("new", "won_back", "lost")
FLOW_COLORS = {"new": "#56B4E9", "won_back": "#CC79A7", "lost": "#D55E00"}

FORMATS = ("png", "svg", "pdf", "xlsx", "csv", "md", "pptx", "summary")  # summary: the one-page PDF
CHART_FORMATS = ("png", "svg", "pdf")
