"""TG-COST-001: an interface VPC endpoint (PrivateLink) bills per AZ and hour."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_list
from ..base import Hit, Rule, RuleContext
from .costs import monthly, usd


class InterfaceEndpoint(Rule):
    id = "TG-COST-001"
    title = "Interface VPC endpoint"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::EC2::VPCEndpoint",)
    rationale = (
        "Interface endpoints cost 0.01 USD per AZ-hour each (7.30 USD a month per AZ): endpoints for ecr.api, "
        "ecr.dkr and logs in two AZs cost 43.80 USD a month, more than the NAT gateway they replace. Tasks in "
        "public subnets reach ECR without them."
    )
    remediation = (
        "Run the tasks in public subnets with a public IP behind a locked-down security group, keep only the free "
        "S3 gateway endpoint, or place the endpoint in one AZ for a test."
    )
    link = "https://aws.amazon.com/privatelink/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if str(resource.prop("VpcEndpointType", default="Gateway")) != "Interface":
            return
        service = re.sub(r"^com\.amazonaws\.(vpce\.)?[a-z0-9-]+\.", "", str(resource.prop("ServiceName", default="a service")))
        zones = len(as_list(resource.prop("SubnetIds"))) or 1
        cost = monthly(ctx, resource)
        yield Hit(f"interface endpoint for {service} in {zones} AZ(s) bills {usd(cost)} with no free tier", monthly_usd=cost)
