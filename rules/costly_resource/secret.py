"""TG-COST-006: a Secrets Manager secret (0.40 USD a month each)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from .costs import monthly


class SecretsManagerSecret(Rule):
    id = "TG-COST-006"
    title = "Secrets Manager secret"
    category = Category.COSTLY_RESOURCE
    severity = Severity.LOW
    resource_types = ("AWS::SecretsManager::Secret",)
    rationale = (
        "A secret costs 0.40 USD a month; CDK creates one for every RDS instance or cluster. Small, but it "
        "outlives the project if nobody deletes it (deletion waits 7-30 days unless forced)."
    )
    remediation = "For a small project, an SSM Parameter Store SecureString (free, standard tier) is enough; delete secrets with the stack."
    link = "https://aws.amazon.com/secrets-manager/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        cost = monthly(ctx, resource)
        yield Hit("Secrets Manager secret: 0.40 USD a month", monthly_usd=cost)
