"""TG-BUD-001: no AWS Budgets budget anywhere in the scanned templates or account."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext

BUDGET = "AWS::Budgets::Budget"


class NoBudget(Rule):
    id = "TG-BUD-001"
    title = "No budget"
    category = Category.MISSING_BUDGET
    severity = Severity.HIGH
    resource_types = (BUDGET,)
    rationale = (
        "A budget with an alert is the only thing that tells you about a forgotten NAT gateway or database "
        "before the bill does. Create it before any other resource (a free-tier account: 5 USD a month, "
        "alert at 1 USD). Budgets without actions cost nothing."
    )
    remediation = (
        "Create a monthly COST budget of 5 USD with an ACTUAL notification at 1 USD and an e-mail subscriber "
        "(in CDK: new budgets.CfnBudget(...) in its own stack, or in the console under Billing → Budgets)."
    )
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-create.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.mode == ACCOUNT:
            budgets_by_account = {r.account for r in ctx.inventory.of_type(BUDGET)}
            for account in sorted(ctx.facts.accounts):
                if account in budgets_by_account or (account, BUDGET) in ctx.facts.uncollected:
                    continue  # a denied Budgets API is reported as an incomplete scan, not as "no budget"
                yield self.finding(
                    Subject(type=BUDGET, account=account),
                    Hit(f"account {account} has no budget: nothing will warn you before the bill arrives"),
                )
            return
        if ctx.inventory.stacks and not ctx.inventory.has_type(BUDGET):
            stacks = len(ctx.inventory.stacks)
            yield self.finding(
                Subject(type=BUDGET),
                Hit(f"no AWS::Budgets::Budget in the {stacks} scanned {'stack' if stacks == 1 else 'stacks'}: nothing will "
                    "warn you before the bill arrives"),
            )
