"""TG-LEFT-002 (live, with --templates): a billable resource that no template or stack accounts for."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.cost.model import money
from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ...scanner.resource_types import LEFTOVER_TYPES
from ..base import ACCOUNT, Hit, Rule, RuleContext
from ..shared.deployment import deployment
from .still_present import free_gateway_endpoint

# Kinds that bill for as long as they exist, even where the price table cannot say how much.
BILLS_WHILE_PRESENT = {t: kind for t, kind in LEFTOVER_TYPES.items()
                       if t not in ("AWS::ECS::Cluster", "AWS::ElasticLoadBalancingV2::TargetGroup")}


class UnmanagedBillableResource(Rule):
    id = "TG-LEFT-002"
    title = "Billable resource outside every template and stack"
    category = Category.LEFTOVER_RESOURCE
    severity = Severity.HIGH
    modes = frozenset({ACCOUNT})
    rationale = (
        "Resources built by hand in the console before the infrastructure moved to code are in no template. What was clicked "
        "together then is in no template and no stack, so `cdk destroy` never removes it and it bills on, "
        "unseen by every pre-deploy check."
    )
    remediation = (
        "Delete it if it is a console-made leftover; if it is meant to stay, import it into its stack "
        "(CloudFormation resource import) or suppress this rule for it with a reason."
    )
    link = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        templates = ctx.facts.templates
        costs = ctx.facts.costs
        if templates is None:
            return
        known = deployment(ctx.inventory, templates, ctx.facts.uncollected)
        priced = costs.by_resource() if costs is not None else {}
        for resource in ctx.inventory:
            item = priced.get(resource.key)
            monthly = money(item.monthly_usd) if item is not None else None
            if not (monthly and monthly > 0) and resource.type not in BILLS_WHILE_PRESENT:
                continue
            if free_gateway_endpoint(resource) or known.accounted_for(resource):
                continue
            kind = BILLS_WHILE_PRESENT.get(resource.type) or resource.type.split("::")[-1]
            where = f" in {resource.region}" if resource.region else ""
            cost = f", about {monthly} USD a month," if monthly else ""
            if not known.complete:
                yield self.finding(Subject.of(resource), Hit(
                    f"{kind} {resource.display_name}{where} bills{cost} and cannot be matched to a stack: the "
                    "stacks could not all be listed", detail="unverifiable", severity=Severity.INFO, monthly_usd=monthly))
                continue
            yield self.finding(Subject.of(resource), Hit(
                f"{kind} {resource.display_name}{where} bills{cost} yet no template and no CloudFormation stack "
                "accounts for it (made in the console?)",
                severity=Severity.HIGH if monthly is None or monthly >= 1 else Severity.MEDIUM,
                monthly_usd=monthly))
