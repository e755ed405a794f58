"""TG-IAM-005: a role's trust policy lets anyone ("*") assume it."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity, as_list
from ..base import Hit, Rule, RuleContext
from .policies import trust_statements


def _anyone(principal: Any) -> bool:
    if isinstance(principal, str):
        return principal.strip() == "*"
    if isinstance(principal, dict):
        return any(isinstance(p, str) and p.strip() == "*" for p in as_list(principal.get("AWS")))
    return False


class RoleAssumableByAnyone(Rule):
    id = "TG-IAM-005"
    title = "Role assumable by anyone"
    category = Category.IAM_OVERPERMISSION
    severity = Severity.CRITICAL
    resource_types = ("AWS::IAM::Role",)
    checkov = ("CKV_AWS_60",)
    rationale = "A trust policy with Principal '*' lets any AWS account in the world assume the role and use its permissions."
    remediation = "Name the service (ecs-tasks.amazonaws.com) or account that may assume the role; never '*'."
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for statement in trust_statements(ctx.inventory):
            if statement.allows and _anyone(statement.body.get("Principal")):
                conditioned = bool(statement.body.get("Condition"))
                yield self.finding(
                    Subject.of(statement.carrier),
                    Hit(
                        f"{statement.where} allows Principal '*' to assume the role"
                        + (" (limited only by a Condition)" if conditioned else ""),
                        detail=statement.where,
                        severity=Severity.MEDIUM if conditioned else Severity.CRITICAL,
                    ),
                )
