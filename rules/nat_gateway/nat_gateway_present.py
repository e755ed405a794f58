"""TG-NAT-001: a NAT gateway exists (template) or is available (live)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Origin, Resource, Severity
from ..base import Hit, Rule, RuleContext


class NatGatewayPresent(Rule):
    id = "TG-NAT-001"
    title = "NAT gateway"
    category = Category.NAT_GATEWAY
    severity = Severity.HIGH
    resource_types = ("AWS::EC2::NatGateway",)
    rationale = (
        "A NAT gateway bills every hour it exists (about 32.85 USD a month in us-east-1, plus 0.045 USD per GB "
        "and its public IPv4 address) and has no free tier. Small accounts rarely need one."
    )
    remediation = (
        "Keep tasks in public subnets behind a security group that only admits the load balancer, or use "
        "free gateway endpoints (S3, DynamoDB); in CDK set natGateways: 0. Delete NAT gateways left over from experiments."
    )
    link = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-pricing.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.origin is Origin.LIVE:
            state = resource.observed.get("state", "available")
            if state not in ("available", "pending"):
                return
        connectivity = resource.prop("ConnectivityType", default="public")
        kind = "private NAT gateway" if connectivity == "private" else "NAT gateway"
        yield Hit(f"{kind} bills every hour it exists (no free tier), whether traffic flows or not")
