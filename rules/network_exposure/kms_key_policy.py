"""TG-PUB-005: a KMS key policy lets anyone use the key."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicKeyPolicy(ResourcePolicyRule):
    id = "TG-PUB-005"
    title = "KMS key policy open to anyone"
    resource_types = ("AWS::KMS::Key",)
    checkov = ("CKV_AWS_33",)
    rationale = (
        "A key anyone may use decrypts whatever it protects for anyone: the encryption of your secrets, snapshots "
        "and buckets is then only as private as the data's location."
    )
    remediation = (
        "Give the key policy your account's root (arn:aws:iam::ACCOUNT:root) and the roles that use it, or narrow "
        "a '*' principal with kms:CallerAccount / aws:PrincipalOrgID."
    )
    link = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("KeyPolicy")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        return f"KMS key {resource.display_name}"
