"""TG-OVB-002 (live): actual or forecast spend above a budget's limit (Budgets API, free)."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from ...scanner.model import Category, Resource, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext


def _amount(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


class SpendOverBudget(Rule):
    id = "TG-OVB-002"
    title = "Spend above the budget"
    category = Category.OVER_BUDGET
    severity = Severity.HIGH
    resource_types = ("AWS::Budgets::Budget",)
    modes = frozenset({ACCOUNT})
    rationale = "AWS Budgets already knows this month's actual and forecast spend; above the limit, the account is over budget now."
    remediation = ("Find what bills (the costs section of this report, Cost Explorer) and delete it; the budget's alert should "
                   "have told you.")
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        limit = _amount(resource.prop("Budget", "BudgetLimit", "Amount"))
        if limit is None:
            return
        actual = _amount(resource.observed.get("actual_spend"))
        forecast = _amount(resource.observed.get("forecast_spend"))
        if actual is not None and actual > limit:
            yield Hit(f"actual spend this month is {actual} USD, above the {limit} USD limit", detail="actual")
        elif forecast is not None and forecast > limit:
            yield Hit(f"forecast spend this month is {forecast} USD, above the {limit} USD limit", detail="forecast",
                      severity=Severity.MEDIUM)
