"""TG-LB-002: a load balancer whose listeners reach no target group (dangling)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from ..shared.elb import LOAD_BALANCER, actions_of, forwarded_target_groups, listeners_of


class LoadBalancerReachesNoTargetGroup(Rule):
    id = "TG-LB-002"
    title = "Load balancer reaches no target group"
    category = Category.IDLE_LOAD_BALANCER
    severity = Severity.MEDIUM
    resource_types = (LOAD_BALANCER,)
    rationale = (
        "When every listener only redirects or returns a fixed response, no request ever reaches the app: "
        "the load balancer is dangling and still bills by the hour."
    )
    remediation = "Forward the HTTPS listener to the app's target group, or delete the load balancer when you are done with it."
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        listeners = listeners_of(ctx.inventory, resource)
        if not listeners:
            return  # TG-LB-001's finding
        for listener in listeners:
            for action in actions_of(ctx.inventory, listener):
                if forwarded_target_groups(action):
                    return
        kinds = sorted({str(a.get("Type", "?")) for listener in listeners for a in actions_of(ctx.inventory, listener)})
        yield Hit(
            f"its {len(listeners)} listener(s) only {', '.join(kinds) or 'have no action'}: no request reaches a target group"
        )
