"""TG-PUB-009: a Secrets Manager resource policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicSecretPolicy(ResourcePolicyRule):
    id = "TG-PUB-009"
    title = "Secret readable by anyone"
    resource_types = ("AWS::SecretsManager::ResourcePolicy",)
    rationale = "A resource policy with Principal '*' on a secret hands its value (a password, an API key) to anyone who asks."
    remediation = "Remove the statement, or name your account's roles; Secrets Manager's BlockPublicPolicy refuses such policies."
    link = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("ResourcePolicy")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        target = resource.prop("SecretId")
        secret = ctx.inventory.resolve(target, "AWS::SecretsManager::Secret")
        return f"secret {secret.display_name if secret is not None else str(target).rsplit(':', 1)[-1]}"
