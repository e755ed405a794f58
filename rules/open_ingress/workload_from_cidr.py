"""TG-SG-002: a workload's security group admits a CIDR instead of the load balancer's group."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import Hit, Rule, RuleContext
from .permissions import is_world, iter_permissions, workload_groups, workload_names
from .public_port import opens_disallowed_port_to_world


class WorkloadReachableFromCidr(Rule):
    id = "TG-SG-002"
    title = "Workload reachable from a CIDR"
    category = Category.OPEN_INGRESS
    severity = Severity.MEDIUM
    resource_types = ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress")
    rationale = (
        "Containers and instances behind a load balancer should accept traffic only from its security group. A CIDR source on a "
        "workload's group (tasks, instances, databases) bypasses the load balancer: TLS, health checks and "
        "the one public door."
    )
    remediation = (
        "Replace the CIDR with the load balancer's security group as the source (in CDK: "
        "ecsSg.addIngressRule(albSg, ec2.Port.tcp(3000)) or service.connections.allowFrom(alb, …))."
    )
    link = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-network.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        placed = workload_groups(ctx.inventory)
        allowed = ctx.config.allowed_public_ports
        for permission in iter_permissions(ctx.inventory):
            if permission.group is None or permission.group.key not in placed:
                continue
            if permission.source_kind not in ("ipv4", "ipv6") or permission.protocol in ("icmp", "icmpv6"):
                continue  # ping is not access to the workload
            if opens_disallowed_port_to_world(permission, allowed):
                continue  # TG-SG-001 reports this one
            world = is_world(permission.source)
            if world is None:
                continue  # TG-SG-001 reports unverifiable sources
            names = workload_names(placed[permission.group.key])
            hit = Hit(
                f"{names} reachable on {permission.label} from {permission.source} "
                f"(security group {permission.group.display_name}); only the load balancer's group should be allowed",
                detail=permission.detail,
                severity=Severity.HIGH if world else Severity.MEDIUM,
                facts={"protocol": permission.protocol, "port_span": permission.port_span, "source": str(permission.source)},
            )
            yield self.finding(Subject.of(permission.carrier), hit)
