"""TG-IAM-003: iam:PassRole on every role."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import Hit, Rule, RuleContext
from .policies import (
    IDENTITY_POLICY_CARRIERS,
    action_matches,
    attached_to,
    identity_statements,
    is_full_wildcard,
    resource_is_any,
    service_wildcard,
)


class PassRoleOnAnyRole(Rule):
    id = "TG-IAM-003"
    title = "iam:PassRole on every role"
    category = Category.IAM_OVERPERMISSION
    severity = Severity.HIGH
    resource_types = IDENTITY_POLICY_CARRIERS
    checkov = ("CKV_AWS_109",)
    rationale = (
        "Whoever may pass any role to a service can start a task, function or instance with the most "
        "powerful role in the account: a privilege escalation."
    )
    remediation = "Limit Resource to the ARNs of the roles that must be passed, and add an iam:PassedToService condition."
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for statement in identity_statements(ctx.inventory):
            if not statement.allows:
                continue
            actions = [a for a in statement.values("Action") if isinstance(a, str)]
            # '*' and 'iam:*' on '*' are TG-IAM-001's finding: one problem, one finding.
            if any(is_full_wildcard(a) or service_wildcard(a) == "iam" for a in actions):
                continue
            passing = [a for a in actions if action_matches(a, "iam:PassRole")]
            if passing and resource_is_any(statement):
                yield self.finding(
                    Subject.of(statement.carrier),
                    Hit(
                        f"{statement.where} allows {', '.join(passing)} on '*'{attached_to(statement.carrier)}",
                        detail=statement.where,
                    ),
                )
