"""TG-BUD-003: no notification fires at or below the alert amount (alert_usd)."""
from __future__ import annotations

from typing import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .budget_values import alert_amount, amount, limit, notifications


class BudgetWithoutEarlyAlert(Rule):
    id = "TG-BUD-003"
    title = "Budget without an early alert"
    category = Category.BUDGET_MISCONFIGURED
    severity = Severity.HIGH
    resource_types = ("AWS::Budgets::Budget",)
    rationale = (
        "A budget only helps if it tells someone early. The seed alerts at 1 USD (alert_usd), long before "
        "the 5 USD limit; a budget without such a notification fails silently."
    )
    remediation = (
        "Add a notification (ACTUAL or FORECASTED, GREATER_THAN) whose threshold is at most alert_usd: "
        "ThresholdType ABSOLUTE_VALUE with Threshold 1, or a percentage of the limit that comes to 1 USD or less."
    )
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-best-practices.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.observed.get("notifications_unknown"):
            return  # live: the notifications API failed, which the scan reports as a gap
        entries = notifications(resource)
        if not entries:
            yield Hit(f"has no notification at all; add one at or below {ctx.config.alert_usd} USD")
            return
        budget_limit = amount(limit(resource))
        amounts = [alert_amount(entry, budget_limit) for entry in entries]
        known = [a for a in amounts if a is not None]
        if any(a <= ctx.config.alert_usd for a in known):
            return
        if len(known) < len(amounts):
            yield Hit(
                "cannot verify that a notification fires at or below "
                f"{ctx.config.alert_usd} USD: a threshold is not known before deploy",
                detail="unverifiable",
                severity=Severity.INFO,
            )
            return
        lowest = min(known)
        yield Hit(f"the earliest notification fires at {lowest} USD, above the alert amount {ctx.config.alert_usd} USD")
