"""TG-NET-001: a subnet meant to be private has a default route to the internet gateway."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from ..shared.network import SUBNET, meant_private, routed_to_internet


class PrivateSubnetRoutedToInternet(Rule):
    id = "TG-NET-001"
    title = "Private subnet routed to the internet gateway"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.HIGH
    resource_types = (SUBNET,)
    rationale = (
        "Only public subnets should route to the internet gateway. A 'private' subnet with a 0.0.0.0/0 route to the "
        "internet gateway is public in fact: anything placed there with a public IP is exposed."
    )
    remediation = "Remove the default route from the private subnets' route table (or the association to the public table)."
    link = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if not meant_private(resource):
            return
        routes = routed_to_internet(ctx.inventory).get(resource.key)
        if routes:
            names = ", ".join(r.display_name for r in routes)
            yield Hit(f"subnet {resource.display_name} is labelled private but routes 0.0.0.0/0 to an internet gateway ({names})")
