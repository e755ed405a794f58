"""TG-BUD-005: the budget is not a monthly COST budget."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext


class BudgetNotMonthlyCost(Rule):
    id = "TG-BUD-005"
    title = "Budget is not a monthly cost budget"
    category = Category.BUDGET_MISCONFIGURED
    severity = Severity.MEDIUM
    resource_types = ("AWS::Budgets::Budget",)
    rationale = (
        "A usage, RI or savings-plan budget, or a quarterly/annual one, does not watch the monthly bill: a "
        "forgotten resource shows up in it weeks too late."
    )
    remediation = "Set BudgetType to COST and TimeUnit to MONTHLY."
    link = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-budgets-budget-budgetdata.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        budget_type = resource.prop("Budget", "BudgetType")
        time_unit = resource.prop("Budget", "TimeUnit")
        problems = []
        if isinstance(budget_type, str) and budget_type.upper() != "COST":
            problems.append(f"type {budget_type}")
        if isinstance(time_unit, str) and time_unit.upper() != "MONTHLY":
            problems.append(f"period {time_unit}")
        if problems:
            yield Hit(f"is a budget of {' and '.join(problems)}, not a monthly COST budget")
        elif isinstance(budget_type, Unresolved) or isinstance(time_unit, Unresolved):
            yield Hit("cannot verify the budget's type and period before deploy", detail="unverifiable", severity=Severity.INFO)
