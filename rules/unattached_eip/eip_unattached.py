"""TG-EIP-001: an Elastic IP address that is not associated with anything."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Inventory, Origin, Resource, Severity, iter_leaves
from ..base import Hit, Rule, RuleContext

# Template resources that put an Elastic IP to use by referring to it.
_USERS = (
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::NatGateway",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::EC2::Instance",
    "AWS::GlobalAccelerator::EndpointGroup",
)


class UnattachedElasticIp(Rule):
    id = "TG-EIP-001"
    title = "Unattached Elastic IP"
    category = Category.UNATTACHED_EIP
    severity = Severity.MEDIUM
    resource_types = ("AWS::EC2::EIP",)
    rationale = (
        "Every public IPv4 address bills 0.005 USD an hour (3.65 USD a month) since February 2024, attached or "
        "not; an idle one does nothing for it. Leftover addresses are the classic forgotten charge."
    )
    remediation = "Release the address (aws ec2 release-address), or associate it with what it was allocated for."
    link = "https://aws.amazon.com/vpc/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.origin is Origin.LIVE:
            attached = bool(resource.observed.get("association_id") or resource.prop("InstanceId"))
        else:
            attached = resource.prop("InstanceId") is not None or resource.key in ctx.inventory.derived(
                "eip.referenced", _referenced_addresses
            )
        if not attached:
            address = resource.observed.get("public_ip") if resource.origin is Origin.LIVE else None
            yield Hit(f"Elastic IP {address + ' ' if address else ''}is not associated with anything and bills 3.65 USD a month")


def _referenced_addresses(inventory: Inventory) -> set[str]:
    """Keys of the Elastic IPs some association, NAT gateway, instance or load balancer refers to."""
    referenced: set[str] = set()
    for user in inventory.of_type(*_USERS):
        for value in iter_leaves(user.properties):
            target = inventory.resolve(value, "AWS::EC2::EIP")
            if target is not None:
                referenced.add(target.key)
    return referenced
