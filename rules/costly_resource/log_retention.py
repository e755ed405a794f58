"""TG-COST-007: a log group that keeps its logs forever."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext


class LogGroupWithoutRetention(Rule):
    id = "TG-COST-007"
    title = "Log group without retention"
    category = Category.COSTLY_RESOURCE
    severity = Severity.LOW
    resource_types = ("AWS::Logs::LogGroup",)
    checkov = ("CKV_AWS_66",)
    rationale = (
        "Without RetentionInDays, CloudWatch keeps every log event forever at 0.03 USD per GB-month: a cost that "
        "only grows, and survives the stack when the log group is retained."
    )
    remediation = "Set RetentionInDays (a week is plenty for tests; CDK: logRetention or retention: RetentionDays.ONE_WEEK)."
    link = "https://aws.amazon.com/cloudwatch/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.prop("RetentionInDays") is None:
            yield Hit("keeps its logs forever (no RetentionInDays): storage grows every month")
