"""TG-COST-005: a customer managed KMS key (1 USD a month each)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Origin, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly


class CustomerManagedKmsKey(Rule):
    id = "TG-COST-005"
    title = "Customer managed KMS key"
    category = Category.COSTLY_RESOURCE
    severity = Severity.MEDIUM
    resource_types = ("AWS::KMS::Key",)
    rationale = (
        "Each customer managed key costs 1 USD a month (prorated hourly) plus requests: a fifth of a "
        "5 USD budget per key. AWS managed keys (aws/s3, aws/logs…) encrypt at no monthly charge."
    )
    remediation = ("Use the AWS managed key for the service unless you need key policies or cross-account use; schedule "
                   "deletion of unused keys.")
    link = "https://aws.amazon.com/kms/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.origin is Origin.LIVE and resource.observed.get("manager") == "AWS":
            return
        cost = monthly(ctx, resource)
        yield Hit("customer managed KMS key: 1 USD a month with no free tier", monthly_usd=cost)
