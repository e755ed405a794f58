"""TG-BUD-002: the budget's limit is above the configured maximum (budget_usd)."""
from __future__ import annotations

from collections.abc import Iterable

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
        "A budget whose limit is far above what you mean to spend never turns red in time. With budget_usd "
        "set (say 5 USD a month for a free-tier account), a budget above it is misconfigured."
    )
    remediation = "Lower the BudgetLimit Amount to budget_usd, or raise budget_usd if the larger budget is intended."
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if ctx.config.budget_usd is None:
            return  # no intended budget configured: the budget found is the yardstick, not a violation
        raw = limit(resource)
        if isinstance(raw, Unresolved):
            yield unverifiable("the budget limit", raw)
            return
        value = amount(raw)
        if value is not None and value > ctx.config.budget_usd:
            unit = resource.prop("Budget", "BudgetLimit", "Unit", default="USD")
            yield Hit(f"limit is {value} {unit} a month, above the allowed {ctx.config.budget_usd} USD")
