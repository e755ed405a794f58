"""TG-COST-008: Aurora Serverless v2 that never scales to zero."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly, usd


class AuroraCapacityFloor(Rule):
    id = "TG-COST-008"
    title = "Aurora Serverless v2 capacity floor"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::RDS::DBCluster",)
    rationale = (
        "'Serverless' Aurora v2 bills its minimum capacity every hour, idle or not: 0.5 ACU is 43.80 USD a month "
        "per instance in us-east-1. Only a minimum of 0 ACU (auto-pause, on recent engine versions) stops the meter."
    )
    remediation = ("Set ServerlessV2ScalingConfiguration MinCapacity to 0 with SecondsUntilAutoPause, or leave the database out "
                   "until you need it.")
    link = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        scaling = resource.prop("ServerlessV2ScalingConfiguration")
        if not isinstance(scaling, dict):
            return
        try:
            minimum = Decimal(str(scaling.get("MinCapacity", "0.5")))
        except ArithmeticError:
            return
        if minimum > 0:
            cost = monthly(ctx, resource)
            yield Hit(f"minimum capacity {minimum} ACU bills {usd(cost)} even when idle", monthly_usd=cost)
