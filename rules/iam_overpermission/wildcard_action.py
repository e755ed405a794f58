"""TG-IAM-001: Allow with Action "*" or "service:*" on Resource "*"."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext, unverifiable
from .policies import (
    IDENTITY_POLICY_CARRIERS,
    attached_to,
    identity_statements,
    is_full_wildcard,
    resource_is_any,
    service_wildcard,
)

# A wildcard over these services is as good as administrator: they can grant anything else.
_ESCALATING_SERVICES = {"iam", "sts", "organizations"}


class WildcardActionOnAnyResource(Rule):
    id = "TG-IAM-001"
    title = "Wildcard actions on every resource"
    category = Category.IAM_OVERPERMISSION
    severity = Severity.HIGH
    resource_types = IDENTITY_POLICY_CARRIERS
    checkov = ("CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111")
    rationale = (
        "Roles should have least privilege. '*' on '*' makes a container or user an administrator: a "
        "leaked task credential can then create NAT gateways, databases or crypto miners on your bill."
    )
    remediation = (
        "List the actions the workload calls and the ARNs it touches (in CDK prefer grants such as "
        "bucket.grantRead(taskRole)); IAM Access Analyzer can generate a policy from CloudTrail activity."
    )
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for statement in identity_statements(ctx.inventory):
            if not statement.allows:
                continue
            actions = statement.values("Action")
            unknown = next((a for a in actions if isinstance(a, Unresolved)), None)
            broad = [a for a in actions if is_full_wildcard(a) or service_wildcard(a)]
            if not broad and unknown is None:
                continue
            on_any = resource_is_any(statement)
            subject = Subject.of(statement.carrier)
            if on_any is None or (not broad and unknown is not None):
                value = unknown or next(r for r in statement.values("Resource") if isinstance(r, Unresolved))
                yield self.finding(subject, unverifiable(f"the actions and resources of {statement.where}", value, statement.where))
                continue
            if not on_any:
                continue
            full = any(is_full_wildcard(a) for a in broad)
            escalating = sorted({s for a in broad if (s := service_wildcard(a))} & _ESCALATING_SERVICES)
            what = "'*'" if full else ", ".join(f"'{a}'" for a in broad)
            consequence = (
                "full administrator access"
                if full
                else f"every action of {', '.join(sorted({str(service_wildcard(a)) for a in broad}))}"
                + (" (which can grant itself anything else)" if escalating else "")
            )
            yield self.finding(
                subject,
                Hit(
                    f"{statement.where} allows {what} on '*': {consequence}{attached_to(statement.carrier)}",
                    detail=statement.where,
                    severity=Severity.CRITICAL if full or escalating else Severity.HIGH,
                    facts={"actions": [str(a) for a in broad]},
                ),
            )
