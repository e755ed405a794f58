"""TG-DRIFT-001: the cost estimate grew past --max-cost-increase over the baseline or the previous scan."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...scanner.cost.model import money, number
from ...scanner.drift import DriftCheck, cost_changes
from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import Hit, Rule, RuleContext, Stage


class EstimateGrewPastLimit(Rule):
    id = "TG-DRIFT-001"
    title = "Cost estimate grew past the allowed increase"
    category = Category.COST_DRIFT
    severity = Severity.HIGH
    stage = Stage.RUN  # once, on the whole run
    rationale = (
        "On a 5 USD budget the danger is not one big bill but a small change that doubles the monthly run rate: "
        "a NAT gateway added to a stack, a second task, a database 'just for a test'. Comparing each scan's "
        "estimate with the accepted one catches the growth in the pull request or the night it appears."
    )
    remediation = (
        "Look at the cost change per resource in the report; remove what should not bill, or accept the new "
        "cost by writing a new baseline (--write-baseline) in the same change."
    )
    link = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-best-practices.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        costs = ctx.facts.costs
        if costs is None:
            return
        for check in ctx.facts.drift:
            hit = self._growth(check, costs)
            if hit is not None:
                yield self.finding(Subject(type=None), hit)

    @staticmethod
    def _growth(check: DriftCheck, costs) -> Hit | None:
        before = check.baseline.total_monthly_usd
        if check.max_increase is None or before is None:
            return None
        now = money(costs.total_monthly_usd)
        growth = now - before
        allowed = check.max_increase.allowed(before)
        if growth <= allowed:
            return None
        percent = f", +{number((growth * 100 / before).quantize(Decimal('0.1')))}%" if before else ""
        increases = [c for c in cost_changes(costs, check.baseline) if c["delta"] > 0]
        top = "; ".join(f"{c['resource']} +{c['delta']:.2f}" for c in increases[:3])
        return Hit(
            f"the estimate grew from {number(before)} to {now} USD a month (+{money(growth)} USD{percent}) "
            f"since the {check.against}, more than the allowed {check.max_increase}"
            + (f"; biggest increases: {top}" if top else ""),
            detail=check.kind,
            monthly_usd=money(growth),
            facts={"before": float(before), "after": float(now), "allowed": float(money(allowed)), "increases": increases},
        )
