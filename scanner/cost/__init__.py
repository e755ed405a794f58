"""Cost model: an offline estimate of what the Inventory bills, with its basis shown.

Templates and live resources go through the same pricers. Free-tier allowances (config
`free_tier`, plus the always-free offers) are pooled per month across the resources that can
draw on them, as AWS does.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from ..config import Config
from ..findings import Subject
from ..model import Inventory, Resource
from ..resource_types import Billing, describe
from .model import HOURS_PER_MONTH, CostEstimate, CostItem, Line, money
from .pricers import PRICERS, PricingContext
from .prices import PriceTable, load_prices

__all__ = ["CostEstimate", "estimate"]


class _Allowances:
    """Free quantities left in a pool, scaled to the window priced (one month or the runtime)."""

    def __init__(self, monthly: dict[str, Decimal], hours: Decimal) -> None:
        self.left = {key: quantity * hours / HOURS_PER_MONTH for key, quantity in monthly.items()}

    def take(self, key: str | None, wanted: Decimal) -> Decimal:
        if not key or key not in self.left:
            return Decimal(0)
        taken = min(self.left[key], wanted)
        self.left[key] -= taken
        return taken


def estimate(inventory: Inventory, config: Config, today: dt.date | None = None, prices: PriceTable | None = None) -> CostEstimate:
    prices = prices or load_prices()
    today = today or dt.date.today()
    result = CostEstimate(
        currency="USD",
        prices_as_of=prices.as_of,
        prices_version=prices.version,
        runtime_hours=config.runtime_hours,
        free_tier=config.free_tier,
    )
    monthly_free = _monthly_allowances(prices, config.free_tier)
    pools = {"month": _Allowances(monthly_free, HOURS_PER_MONTH), "runtime": _Allowances(monthly_free, config.runtime_hours)}
    notes, warnings = _regime_notes(prices, config.free_tier, today)
    result.notes.extend(notes)
    result.warnings.extend(warnings)

    for resource in sorted(inventory, key=lambda r: r.key):
        info = describe(resource.type)
        billing = info.billing if info is not None else None
        pricer = PRICERS.get(resource.type)
        if billing is Billing.FREE or (billing is None and resource.type.startswith("Custom::")):
            continue
        if billing is Billing.USAGE:
            result.usage_only[resource.type] = result.usage_only.get(resource.type, 0) + 1
            continue
        if pricer is None:  # bills while it exists (or is not described): the estimate cannot say how much
            result.unpriced[resource.type] = result.unpriced.get(resource.type, 0) + 1
            continue
        region = resource.region or config.home_region
        priced = pricer(resource, PricingContext(inventory, prices, region))
        if priced.unpriced:
            result.unpriced[resource.type] = result.unpriced.get(resource.type, 0) + 1
            result.notes.append(f"{Subject.of(resource).label}: not priced ({priced.unpriced})")
        if not priced.lines and not priced.assumptions:
            continue
        item = _item(resource, priced.lines, priced.assumptions, pools, config.runtime_hours)
        result.items.append(item)

    budget, source = _budget_yardstick(inventory, config)
    result.budget_usd, result.budget_source = budget, source
    return result


def _item(resource: Resource, lines: list[Line], assumptions, pools, runtime_hours: Decimal) -> CostItem:
    monthly = runtime = Decimal(0)
    for line in lines:
        month_quantity = line.quantity(HOURS_PER_MONTH)
        runtime_quantity = line.quantity(runtime_hours)
        month_free = pools["month"].take(line.allowance, month_quantity)
        runtime_free = pools["runtime"].take(line.allowance, runtime_quantity)
        line.free_quantity = month_free
        line.cost = (month_quantity - month_free) * line.price.usd
        monthly += line.cost
        runtime += (runtime_quantity - runtime_free) * line.price.usd
    item = CostItem(
        subject=Subject.of(resource),
        resource_key=resource.key,
        lines=lines,
        assumptions=list(assumptions),
        monthly_usd=monthly,
        runtime_usd=runtime,
        hourly_usd=monthly / HOURS_PER_MONTH,
    )
    item.basis = " + ".join(line.basis(HOURS_PER_MONTH) for line in lines) or "usage-based only"
    return item


def _monthly_allowances(prices: PriceTable, regime: str) -> dict[str, Decimal]:
    allowances: dict[str, Decimal] = {}
    for name in ("always_free", regime):
        for key, entry in prices.free_tier(name).get("monthly_allowances", {}).items():
            allowances[key] = allowances.get(key, Decimal(0)) + Decimal(str(entry["quantity"]))
    return allowances


def _regime_notes(prices: PriceTable, regime: str, today: dt.date) -> tuple[list[str], list[str]]:
    """(notes for the cost section, warnings every report shows) about the free-tier regime."""
    if regime == "none":
        return [], []
    info = prices.free_tier(regime)
    notes = [f"free tier '{regime}': {info.get('applies_to', '')}"]
    warnings = []
    ended = info.get("ended_for_every_account")
    if ended and today > dt.date.fromisoformat(ended):
        warnings.append(
            f"free_tier = \"{regime}\": the legacy 12-month offers ended for every account by {ended}, so this "
            "estimate is too low unless it is for a past month; set free_tier = \"none\" (or \"credits\")"
        )
    if regime == "credits":
        notes.append("with credits the charges below are drawn from the credit balance until it runs out or expires")
    return notes, warnings


def _budget_yardstick(inventory: Inventory, config: Config) -> tuple[Decimal | None, str]:
    """The budget the estimate is measured against: budget_usd, or a smaller budget defined in the
    scanned set (a larger one is misconfigured, and must not hide an over-budget estimate). With no
    budget_usd, the smallest budget found; with neither, none (missing-budget says so)."""
    limits = []
    for budget in inventory.of_type("AWS::Budgets::Budget"):
        amount = budget.prop("Budget", "BudgetLimit", "Amount")
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):  # an unresolved or odd amount does not count
            continue
        if value.is_finite() and value > 0:
            limits.append((value, Subject.of(budget).label))
    if config.budget_usd is not None:
        limits = [entry for entry in limits if entry[0] <= config.budget_usd]
    if limits:
        value, label = min(limits)
        return value, f"budget {label}"
    if config.budget_usd is not None:
        return config.budget_usd, "budget_usd"
    return None, ""


def monthly_usd_of(estimate_: CostEstimate, resource_key: str) -> Decimal | None:
    item = estimate_.by_resource().get(resource_key)
    return money(item.monthly_usd) if item and item.monthly_usd else None
