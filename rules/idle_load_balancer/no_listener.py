"""TG-LB-001: a load balancer with no listener serves nothing and bills every hour."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from ..shared.elb import LOAD_BALANCER, is_internet_facing, listeners_of


class LoadBalancerWithoutListener(Rule):
    id = "TG-LB-001"
    title = "Load balancer without listener"
    category = Category.IDLE_LOAD_BALANCER
    severity = Severity.HIGH
    resource_types = (LOAD_BALANCER,)
    rationale = (
        "A load balancer bills by the hour (an ALB about 16.43 USD a month, plus 3.65 USD per public IPv4 "
        "address per AZ when internet-facing) whether or not it has a listener. Without one it serves nothing."
    )
    remediation = "Delete the load balancer, or add the HTTPS listener that was meant to go with it."
    link = "https://aws.amazon.com/elasticloadbalancing/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.observed.get("listeners_unknown"):
            return  # live: describe_listeners failed; the scan reports that gap
        if not listeners_of(ctx.inventory, resource):
            kind = str(resource.prop("Type", default="application"))
            facing = "internet-facing " if is_internet_facing(resource) else ""
            yield Hit(f"{facing}{kind} load balancer has no listener: it bills every hour and serves nothing")
