"""TG-LB-003 (live): a load balancer with no healthy target, or almost no traffic."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext
from ..shared.elb import LOAD_BALANCER, listeners_of


class IdleLoadBalancer(Rule):
    id = "TG-LB-003"
    title = "Idle load balancer"
    category = Category.IDLE_LOAD_BALANCER
    severity = Severity.MEDIUM
    resource_types = (LOAD_BALANCER,)
    modes = frozenset({ACCOUNT})
    rationale = (
        "A load balancer nobody uses should go: one with no healthy target serves only 503s, and one with "
        "hardly any requests over the look-back window is a leftover. Either way it bills about 23.72 USD a month "
        "with its two public addresses."
    )
    remediation = "Delete the load balancer (and its target groups) once you are done with it."
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if not listeners_of(ctx.inventory, resource):
            return  # TG-LB-001's finding
        observed = resource.observed
        if observed.get("target_groups") and observed.get("healthy_targets") == 0:
            total = observed.get("targets", 0)
            state = f"none of its {total} registered targets is healthy" if total else "no target is registered behind it"
            yield Hit(f"{state}: it serves only errors and bills every hour", detail="no-healthy-targets")
            return
        requests = observed.get("requests_per_day")
        minimum = ctx.config.idle_min_requests_per_day
        if requests is not None and requests < minimum:
            yield Hit(
                f"about {requests:.0f} request(s) a day over the last {ctx.config.idle_lookback_days} days "
                f"(idle below {minimum}): a leftover?",
                detail="low-traffic",
            )
