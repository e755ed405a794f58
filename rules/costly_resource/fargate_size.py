"""TG-COST-003: a Fargate service bigger than a small app needs (task size or count)."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly, usd

MAX_VCPU = Decimal("0.5")
MAX_GB = Decimal("1")
MAX_TASKS = 2


class LargeFargateService(Rule):
    id = "TG-COST-003"
    title = "Large Fargate service"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::ECS::Service",)
    rationale = (
        "Fargate has no free tier: every vCPU-hour and GB-hour bills. One 0.25 vCPU / 0.5 GB task costs "
        "about 9 USD a month; more or bigger tasks multiply that."
    )
    remediation = "Run one task of 0.25-0.5 vCPU and 0.5-1 GB for a small app (ARM64 is 20 % cheaper); scale to zero after validation."
    link = "https://aws.amazon.com/fargate/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        task = ctx.inventory.resolve(resource.prop("TaskDefinition"), "AWS::ECS::TaskDefinition")
        if task is None:
            return
        try:
            vcpu = Decimal(str(task.prop("Cpu"))) / 1024
            gb = Decimal(str(task.prop("Memory"))) / 1024
            count = int(str(resource.prop("DesiredCount", default=1)))
        except (ArithmeticError, ValueError):
            return
        if resource.prop("LaunchType") not in (None, "FARGATE") and not resource.prop("CapacityProviderStrategy"):
            return
        too_big = []
        if vcpu > MAX_VCPU or gb > MAX_GB:
            too_big.append(f"{vcpu} vCPU / {gb} GB per task")
        if count > MAX_TASKS:
            too_big.append(f"{count} tasks")
        if too_big:
            cost = monthly(ctx, resource)
            yield Hit(f"{' and '.join(too_big)} bills {usd(cost)}; a small app runs on one 0.25 vCPU / 0.5 GB task", monthly_usd=cost)
