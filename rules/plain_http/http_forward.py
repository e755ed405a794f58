"""TG-HTTP-001: an HTTP listener forwards traffic instead of redirecting to HTTPS."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_list
from ..base import Hit, Rule, RuleContext
from ..shared.elb import CLASSIC_LOAD_BALANCER, LISTENER, actions_of, forwarded_target_groups, protocol_of


class HttpListenerForwards(Rule):
    id = "TG-HTTP-001"
    title = "Plain HTTP forwarded to the app"
    category = Category.PLAIN_HTTP
    severity = Severity.HIGH
    resource_types = (LISTENER, CLASSIC_LOAD_BALANCER)
    checkov = ("CKV_AWS_2", "CKV_AWS_103")
    rationale = (
        "TLS terminates at the load balancer: users should reach the app over HTTPS only. An HTTP listener that "
        "forwards serves the app unencrypted; one that redirects to HTTPS is fine."
    )
    remediation = (
        "Make the HTTP listener redirect to HTTPS (CDK: alb.addRedirect({sourcePort: 80, targetPort: 443})) "
        "or remove it; keep forwarding on the HTTPS listener only."
    )
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if resource.type == CLASSIC_LOAD_BALANCER:
            for entry in as_list(resource.prop("Listeners")):
                if isinstance(entry, dict) and str(entry.get("Protocol", "")).upper() == "HTTP":
                    port = entry.get("LoadBalancerPort", "?")
                    yield Hit(f"classic load balancer serves HTTP on port {port}", detail=f"port-{port}")
            return
        if protocol_of(resource) != "HTTP":
            return
        forwarding = [a for a in actions_of(ctx.inventory, resource) if forwarded_target_groups(a)]
        if forwarding:
            port = resource.prop("Port", default="?")
            yield Hit(f"HTTP listener on port {port} forwards to a target group instead of redirecting to HTTPS")
