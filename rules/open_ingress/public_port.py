"""TG-SG-001: a port other than the allowed ones is open to 0.0.0.0/0 or ::/0."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext, unverifiable
from .permissions import Permission, is_world, iter_permissions, workload_groups, workload_names


def opens_disallowed_port_to_world(permission: Permission, allowed: tuple[int, ...]) -> bool:
    """The one predicate TG-SG-001 reports on (TG-SG-002 leaves these to it)."""
    return (
        permission.source_kind in ("ipv4", "ipv6")
        and is_world(permission.source) is True
        and permission.ports_outside(allowed)
    )


class PublicPortOpen(Rule):
    id = "TG-SG-001"
    title = "Port open to the internet"
    category = Category.OPEN_INGRESS
    severity = Severity.HIGH
    resource_types = ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress")
    checkov = ("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260")  # ports 22, 3389, 80: the finding must cover the port
    rationale = (
        "Only HTTPS (443) to the load balancer should be reachable from the internet. Any other port open to "
        "0.0.0.0/0 or ::/0 (SSH, a database, an app port, all traffic) is scanned within minutes of creation."
    )
    remediation = (
        "Remove the rule, or narrow its source to a security group (for the ALB → ECS hop) or to your own /32. "
        "Use SSM Session Manager instead of opening SSH or RDP. Add a port to allowed_public_ports only if it "
        "really must be public."
    )
    link = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        allowed = ctx.config.allowed_public_ports
        placed = workload_groups(ctx.inventory)
        for permission in iter_permissions(ctx.inventory):
            guards = placed.get(permission.group.key, []) if permission.group else []
            hit = self._judge(permission, allowed, workload_names(guards))
            if hit is not None:
                yield self.finding(Subject.of(permission.carrier), hit)

    def _judge(self, permission: Permission, allowed: tuple[int, ...], guards: str) -> Hit | None:
        if permission.source_kind == "unknown":
            if isinstance(permission.source, Unresolved):
                return unverifiable("an ingress rule", permission.source, f"rule {permission.index}")
            return None
        if permission.source_kind not in ("ipv4", "ipv6"):
            return None
        world = is_world(permission.source)
        if world is None:
            if isinstance(permission.source, Unresolved):
                return unverifiable(f"the source of {permission.label}", permission.source, permission.label)
            return None
        if not world or not opens_disallowed_port_to_world(permission, allowed):
            return None
        facts = {
            "protocol": permission.protocol,
            "port_span": permission.port_span,
            "source": str(permission.source),
            "ipv6": permission.source_kind == "ipv6",
        }
        group = f" on {permission.group.display_name}" if permission.group and permission.group is not permission.carrier else ""
        if guards:
            group += f", the group of {guards}"
        if permission.all_traffic:
            return Hit(
                f"{permission.label} is open to {permission.source}{group}: every port of everything in this group "
                "is reachable from the internet",
                detail=permission.detail,
                severity=Severity.CRITICAL,
                facts=facts,
            )
        sensitive = permission.sensitive_ports()
        if sensitive:
            names = ", ".join(f"{port} {name}" if len(sensitive) > 1 else name for port, name in sensitive)
            what = f"{permission.label} ({'includes ' if len(sensitive) > 1 else ''}{names})"
            return Hit(
                f"{what} is open to {permission.source}{group}",
                detail=permission.detail,
                severity=Severity.CRITICAL,
                facts=facts,
            )
        if permission.protocol in ("icmp", "icmpv6"):
            return None
        allowed_text = ", ".join(str(p) for p in allowed) or "none"
        return Hit(
            f"{permission.label} is open to {permission.source}{group}; only {allowed_text} may be public",
            detail=permission.detail,
            facts=facts,
        )
