"""TG-OVB-001: the estimated cost over runtime_hours is above the budget."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.cost.model import money, number
from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext


class EstimateOverBudget(Rule):
    id = "TG-OVB-001"
    title = "Estimated cost above the budget"
    category = Category.OVER_BUDGET
    severity = Severity.HIGH
    rationale = (
        "A plain ALB with one small Fargate task costs about 36 USD a month left running (the ALB, its two public "
        "addresses, the task and its address): seven times a 5 USD budget. Nobody says so before deploy."
    )
    remediation = (
        "Deploy for fewer hours (set runtime_hours to how long the stacks will really live and delete the stacks after validation), "
        "remove what the costly-resource findings list, or raise the budget knowingly."
    )
    link = "https://aws.amazon.com/aws-cost-management/aws-budgets/"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        costs = ctx.facts.costs
        if costs is None or costs.budget_usd is None:
            return
        runtime = money(costs.total_runtime_usd)
        budget = costs.budget_usd
        if runtime <= budget:
            return
        monthly = money(costs.total_monthly_usd)
        days = costs.budget_days(budget)
        hours = number(costs.runtime_hours)
        lasts = f"; at this rate the budget lasts about {days} days" if days is not None else ""
        source = f" ({costs.budget_source})" if costs.budget_source != "budget_usd" else ""
        window = f": {runtime} USD over the planned {hours} h" if costs.runtime_hours != 730 else ""
        hint = (
            ". If you delete these resources after a short test, declare how long they will run "
            "(runtime_hours = 72 in tierguard.toml, or --runtime-hours 72)"
            if costs.runtime_hours == 730 else ""
        )
        # live, each account is judged against its own budget
        account = ctx.facts.accounts[0] if ctx.mode == ACCOUNT and len(ctx.facts.accounts) == 1 else None
        what = f"the resources of account {account}" if account else "the scanned resources"
        yield self.finding(
            Subject(type=None, account=account),
            Hit(
                f"{what} cost about {monthly} USD a month{window}, above the "
                f"{number(budget)} USD budget{source}{lasts}{hint}",
                monthly_usd=monthly,
            ),
        )
