"""TG-BUD-002: the budget's limit is above the configured maximum (budget_usd)."""
from __future__ import annotations

from typing import Iterable

from ...scanner.model import Category, Resource, Severity
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext, unverifiable
from .budget_values import amount, limit


class BudgetLimitTooHigh(Rule):
    id = "TG-BUD-002"
    title = "Budget limit above the maximum"
    category = Category.BUDGET_MISCONFIGURED
    severity = Severity.MEDIUM
    resource_types = ("AWS::Budgets::Budget",)
    rationale = (
        "A budget whose limit is far above what the lab may spend never turns red in time. The seed's "
        "limit is 5 USD a month (budget_usd)."
    )
    remediation = "Lower the BudgetLimit Amount to budget_usd (5 USD for the seed lab)."
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        raw = limit(resource)
        if isinstance(raw, Unresolved):
            yield unverifiable("the budget limit", raw)
            return
        value = amount(raw)
        if value is not None and value > ctx.config.budget_usd:
            unit = resource.prop("Budget", "BudgetLimit", "Unit", default="USD")
            yield Hit(f"limit is {value} {unit} a month, above the allowed {ctx.config.budget_usd} USD")
