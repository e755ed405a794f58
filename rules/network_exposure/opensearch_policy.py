"""TG-PUB-010: an OpenSearch (or Elasticsearch) domain's access policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource, as_list
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicSearchDomain(ResourcePolicyRule):
    id = "TG-PUB-010"
    title = "OpenSearch domain open to anyone"
    resource_types = ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")
    rationale = (
        "A public domain whose access policy allows '*' serves its indexes to the whole internet: such domains "
        "are found and copied (or wiped and ransomed) within hours."
    )
    remediation = "Place the domain in a VPC (VPCOptions), or name the roles in its access policy and turn on fine-grained access control."
    link = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("AccessPolicies")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        return f"domain {resource.display_name}"

    def neutralized_by(self, resource: Resource, ctx: RuleContext) -> str | None:
        subnets = as_list(resource.prop("VPCOptions", "SubnetIds"))
        return "the domain is reachable only inside its VPC (VPCOptions)" if subnets else None
