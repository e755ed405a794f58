"""TG-PUB-011: an API Gateway REST API resource policy lets anyone invoke it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource, as_list
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicApiPolicy(ResourcePolicyRule):
    id = "TG-PUB-011"
    title = "REST API resource policy open to anyone"
    resource_types = ("AWS::ApiGateway::RestApi",)
    rationale = (
        "A resource policy allowing execute-api:Invoke to '*' with no source condition opens every method to the "
        "internet; each request bills you, and unauthenticated methods hand out what they return."
    )
    remediation = "Narrow the policy with aws:SourceIp (your range) or aws:SourceVpce, or make the API PRIVATE; add throttling."
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("Policy")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        return f"REST API {resource.display_name}"

    def neutralized_by(self, resource: Resource, ctx: RuleContext) -> str | None:
        types = [str(t).upper() for t in as_list(resource.prop("EndpointConfiguration", "Types"))]
        return "the API is PRIVATE (reachable only through VPC endpoints)" if "PRIVATE" in types else None
