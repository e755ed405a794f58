"""TG-NET-002: an internet-facing load balancer placed in subnets without an internet route."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_list
from ..base import Hit, Rule, RuleContext
from ..shared.elb import LOAD_BALANCER, is_internet_facing
from ..shared.network import SUBNET, meant_private, routed_to_internet, subnet_tables


class InternetFacingLoadBalancerInPrivateSubnets(Rule):
    id = "TG-NET-002"
    title = "Internet-facing load balancer in private subnets"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.MEDIUM
    resource_types = (LOAD_BALANCER,)
    rationale = (
        "An internet-facing load balancer belongs in the public subnets. Set internet-facing in subnets without an "
        "internet route, it gets public addresses (and their charge) but cannot be reached; in subnets meant "
        "to be private, the tier boundary is broken."
    )
    remediation = "Place the internet-facing load balancer in the public subnets, or make it internal."
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if not is_internet_facing(resource):
            return
        routed = routed_to_internet(ctx.inventory)
        known_tables = subnet_tables(ctx.inventory)
        subnets = [ctx.inventory.resolve(s, SUBNET) for s in as_list(resource.prop("Subnets"))]
        subnets += [
            ctx.inventory.resolve(m.get("SubnetId"), SUBNET) for m in as_list(resource.prop("SubnetMappings")) if isinstance(m, dict)
        ]
        bad = [
            s for s in subnets
            if s is not None and (meant_private(s) or (s.key in known_tables and s.key not in routed))
        ]
        if bad:
            names = ", ".join(s.display_name for s in bad)
            yield Hit(f"internet-facing load balancer is in subnets without an internet route or labelled private: {names}")
