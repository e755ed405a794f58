"""TG-PUB-012 (live): the account's S3 Block Public Access is not fully on."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext
from ..shared.s3 import ACCOUNT_BLOCK, SETTINGS


class AccountBlockPublicAccessOff(Rule):
    id = "TG-PUB-012"
    title = "S3 Block Public Access off for the account"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.LOW
    resource_types = (ACCOUNT_BLOCK,)
    modes = frozenset({ACCOUNT})
    rationale = (
        "With the account-level Block Public Access on, no bucket of the account can be made public by a policy "
        "or ACL, whatever a template or a console click does. Without it, each bucket relies on its own setting."
    )
    remediation = "Turn on all four settings for the account (S3 console → Block Public Access settings for this account)."
    link = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for block in ctx.inventory.of_type(ACCOUNT_BLOCK):
            off = [setting for setting in SETTINGS if block.prop(setting) is not True]
            if off:
                yield self.finding(Subject.of(block), Hit(
                    f"S3 Block Public Access {', '.join(off)} {'is' if len(off) == 1 else 'are'} off at account level"))
