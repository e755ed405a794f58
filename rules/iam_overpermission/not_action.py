"""TG-IAM-002: Allow with NotAction grants everything except a list."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import Hit, Rule, RuleContext
from .policies import IDENTITY_POLICY_CARRIERS, attached_to, identity_statements


class AllowWithNotAction(Rule):
    id = "TG-IAM-002"
    title = "Allow with NotAction"
    category = Category.IAM_OVERPERMISSION
    severity = Severity.HIGH
    resource_types = IDENTITY_POLICY_CARRIERS
    checkov = ("CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111")
    rationale = (
        "Allow + NotAction grants every action of every service except the few listed, including services "
        "added later. It is the opposite of least privilege."
    )
    remediation = "Rewrite the statement with Action listing what is needed; use Deny + NotAction only for guardrails."
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for statement in identity_statements(ctx.inventory):
            if statement.allows and "NotAction" in statement.body:
                excluded = ", ".join(str(a) for a in statement.values("NotAction")) or "nothing"
                yield self.finding(
                    Subject.of(statement.carrier),
                    Hit(
                        f"{statement.where} allows every action except {excluded}{attached_to(statement.carrier)}",
                        detail=statement.where,
                    ),
                )
