"""The cost estimate, as the cost rules read it (computed before the rules run, see scanner/cost)."""
from __future__ import annotations

from decimal import Decimal

from ...scanner.cost.model import money
from ...scanner.model import Resource
from ..base import RuleContext


def monthly(ctx: RuleContext, resource: Resource) -> Decimal | None:
    costs = ctx.facts.costs
    if costs is None:
        return None
    item = costs.by_resource().get(resource.key)
    return money(item.monthly_usd) if item is not None else None


def usd(amount: Decimal | None) -> str:
    return f"about {amount} USD a month" if amount is not None else "an hourly charge"
