"""TG-COST-002: an EC2 instance type outside the free tier."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly, usd

# Types the free tier covers: the new Free plan's eligible types, and the legacy 12-month ones.
FREE_TIER_TYPES = {"t3.micro", "t3.small", "t4g.micro", "t4g.small", "c7i-flex.large", "m7i-flex.large", "t2.micro"}


class NonFreeTierInstanceType(Rule):
    id = "TG-COST-002"
    title = "Instance type outside the free tier"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::EC2::Instance", "AWS::EC2::LaunchTemplate")
    rationale = (
        "Only t3.micro/small, t4g.micro/small and the flex types are free-tier eligible (on the Free plan other "
        "types do not even launch). A larger instance left running eats a 5 USD budget in days."
    )
    remediation = "Use t4g.micro or t3.micro for tests and small projects, and stop or terminate it after validation."
    link = "https://aws.amazon.com/ec2/pricing/on-demand/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        path = ("LaunchTemplateData", "InstanceType") if resource.type == "AWS::EC2::LaunchTemplate" else ("InstanceType",)
        instance_type = resource.prop(*path)
        if isinstance(instance_type, str) and instance_type not in FREE_TIER_TYPES:
            cost = monthly(ctx, resource)
            yield Hit(f"{instance_type} is not free-tier eligible and bills {usd(cost)}", monthly_usd=cost)
