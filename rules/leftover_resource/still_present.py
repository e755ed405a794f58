"""TG-LEFT-001 (live, --expect-clean): what a cleanup should have deleted is still there."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ...scanner.resource_types import LEFTOVER_TYPES
from ..base import ACCOUNT, Hit, Rule, RuleContext


def free_gateway_endpoint(resource: Resource) -> bool:
    """S3 and DynamoDB gateway endpoints cost nothing and harm nothing."""
    return resource.type == "AWS::EC2::VPCEndpoint" and resource.prop("VpcEndpointType") == "Gateway"


class LeftoverAfterCleanup(Rule):
    id = "TG-LEFT-001"
    title = "Left over after cleanup"
    category = Category.LEFTOVER_RESOURCE
    severity = Severity.HIGH
    resource_types = tuple(LEFTOVER_TYPES)
    modes = frozenset({ACCOUNT})
    rationale = (
        "A test environment must be deleted after use: the ECS service and cluster, the ALB and the "
        "target groups. With --expect-clean, anything of those kinds (and NAT gateways, addresses, databases, "
        "instances, endpoints) still present is a leftover that keeps billing."
    )
    remediation = ("Delete it (cdk destroy for CDK stacks; in the console, the service before the cluster, the ALB before its "
                   "target groups).")
    link = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/delete_cluster.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if not ctx.facts.expect_clean:
            return
        if free_gateway_endpoint(resource):
            return
        kind = LEFTOVER_TYPES[resource.type]
        name = resource.tags.get("Name") or resource.prop("Name") or resource.prop("ServiceName") or resource.id.rsplit("/", 1)[-1]
        yield Hit(f"{kind} {name} is still present in {resource.region or 'the account'} after cleanup")
