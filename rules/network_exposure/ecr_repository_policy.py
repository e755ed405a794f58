"""TG-PUB-008: an ECR repository policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicRepositoryPolicy(ResourcePolicyRule):
    id = "TG-PUB-008"
    title = "ECR repository policy open to anyone"
    resource_types = ("AWS::ECR::Repository",)
    checkov = ("CKV_AWS_32",)
    rationale = (
        "Anyone who may pull your images reads your code and what is baked into it; anyone who may push replaces "
        "what your tasks run. Every pull is data transfer on your bill."
    )
    remediation = "Name the accounts or roles that pull (or use aws:PrincipalOrgID); publish public images on ECR Public instead."
    link = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("RepositoryPolicyText")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        return f"repository {resource.display_name}"
