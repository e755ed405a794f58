"""TG-REG-002 (live): something that bills, outside the home region."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.cost.model import money
from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext


class BillableOutsideHomeRegion(Rule):
    id = "TG-REG-002"
    title = "Billable resource outside the home region"
    category = Category.MULTI_REGION
    severity = Severity.HIGH
    modes = frozenset({ACCOUNT})
    rationale = (
        "A small account should live in one region. A resource in another region is the one nobody "
        "sees in the console (it shows one region at a time), and it keeps billing."
    )
    remediation = "Delete it, or move the workload to home_region; check every region with `tierguard account --regions all`."
    link = "https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/select-region.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        costs = ctx.facts.costs
        if costs is None:
            return
        home = ctx.config.home_region
        for item in costs.items:
            resource = ctx.inventory.by_key(item.resource_key)
            if resource is None or not resource.region or resource.region == home or item.monthly_usd <= 0:
                continue
            yield self.finding(
                Subject.of(resource),
                Hit(f"{resource.type.split('::')[-1]} in {resource.region}, outside the home region {home}: "
                    f"about {money(item.monthly_usd)} USD a month", detail=resource.region),
            )
