"""TG-BUD-004: a budget notification has nobody to tell."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_dict, as_list
from ..base import Hit, Rule, RuleContext
from .budget_values import notifications


class NotificationWithoutSubscriber(Rule):
    id = "TG-BUD-004"
    title = "Budget notification without subscriber"
    category = Category.BUDGET_MISCONFIGURED
    severity = Severity.HIGH
    resource_types = ("AWS::Budgets::Budget",)
    rationale = "A notification with no e-mail or SNS subscriber fires into the void: the 1 USD alert never arrives."
    remediation = "Add an EMAIL (or SNS) subscriber to every notification of the budget."
    link = "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Subscriber.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.observed.get("subscribers_unknown"):
            return  # live: the subscriber API failed, which the scan reports as a gap
        for index, entry in enumerate(notifications(resource)):
            subscribers = [s for s in as_list(entry.get("Subscribers")) if isinstance(s, dict) and s.get("Address")]
            if not subscribers:
                spec = as_dict(entry.get("Notification"))
                threshold = spec.get("Threshold", "?")
                kind = spec.get("ThresholdType", "PERCENTAGE")
                yield Hit(f"notification #{index + 1} (threshold {threshold} {kind}) has no subscriber", detail=f"notification-{index}")
