"""TG-BUD-003: no notification fires at or below the alert amount (alert_usd)."""
from __future__ import annotations

from collections.abc import Iterable

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
        "A budget only helps if it tells someone early. Set alert_usd (for example 1 USD on a 5 USD budget) to "
        "require an alert long before "
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
        budget_limit = amount(limit(resource))
        # alert_usd when configured; otherwise a notification must at least fire before the limit is spent.
        alert = ctx.config.alert_usd if ctx.config.alert_usd is not None else budget_limit
        wanted = (f"at or below {alert} USD" + (" (alert_usd)" if ctx.config.alert_usd is not None else ", the budget's limit")
                  if alert is not None else "before the limit is reached")
        entries = notifications(resource)
        if not entries:
            yield Hit(f"has no notification at all: nobody hears about spending; add one that fires {wanted}")
            return
        amounts = [alert_amount(entry, budget_limit) for entry in entries]
        known = [a for a in amounts if a is not None]
        if alert is not None and any(a <= alert for a in known):
            return
        if alert is None or len(known) < len(amounts):
            yield Hit(
                f"cannot verify that a notification fires {wanted}: a threshold or the limit is not known before deploy",
                detail="unverifiable",
                severity=Severity.INFO,
            )
            return
        lowest = min(known)
        yield Hit(f"the earliest notification fires at {lowest} USD, not {wanted}")
