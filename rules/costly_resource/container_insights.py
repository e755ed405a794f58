"""TG-COST-004: Container Insights on an ECS cluster."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.cost.pricers import container_insights
from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly


class ContainerInsightsEnabled(Rule):
    id = "TG-COST-004"
    title = "Container Insights enabled"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::ECS::Cluster",)
    rationale = (
        "Container Insights bills as CloudWatch custom metrics and log ingestion (the enhanced mode per "
        "observation); useful in production, an avoidable line on a small bill. checkov recommends it (CKV_AWS_65)."
    )
    remediation = "Leave containerInsights disabled on small clusters; use the free ECS service metrics."
    link = "https://aws.amazon.com/cloudwatch/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if container_insights(resource):
            cost = monthly(ctx, resource)
            estimate = f" (estimated {cost} USD a month beyond the free metrics, plus log ingestion)" if cost is not None else ""
            yield Hit(f"Container Insights bills custom metrics and log ingestion{estimate}", monthly_usd=cost)
