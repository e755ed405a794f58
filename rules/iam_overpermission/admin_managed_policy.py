"""TG-IAM-004: AdministratorAccess, PowerUserAccess or IAMFullAccess attached."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_list
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext, unverifiable
from .policies import PRINCIPALS

ADMIN_POLICIES = {
    "AdministratorAccess": Severity.CRITICAL,
    "IAMFullAccess": Severity.CRITICAL,
    "PowerUserAccess": Severity.HIGH,
}


class AdminManagedPolicyAttached(Rule):
    id = "TG-IAM-004"
    title = "Administrator managed policy attached"
    category = Category.IAM_OVERPERMISSION
    severity = Severity.CRITICAL
    resource_types = PRINCIPALS
    rationale = (
        "AdministratorAccess (or PowerUserAccess, or IAMFullAccess, which can grant itself the rest) on a task "
        "role or user breaks least privilege: one leaked credential controls the account."
    )
    remediation = (
        "Detach the AWS managed policy and grant only what the workload needs; for people, use IAM Identity "
        "Center permission sets and keep administrator access off long-lived users and task roles."
    )
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.observed.get("aws_managed_path"):
            return  # IAM Identity Center and service-linked roles: AWS manages them, not you
        for arn in as_list(resource.prop("ManagedPolicyArns")):
            if isinstance(arn, Unresolved):
                yield unverifiable("an attached managed policy", arn, "managed-policy")
                continue
            if not isinstance(arn, str):
                continue
            name = arn.rsplit("/", 1)[-1]
            aws_managed = ":iam::aws:policy/" in arn or arn == name
            if aws_managed and name in ADMIN_POLICIES:
                yield Hit(
                    f"{resource.type.split('::')[-1].lower()} has the AWS managed policy {name} attached",
                    detail=name,
                    severity=ADMIN_POLICIES[name],
                    facts={"policy": name},
                )
