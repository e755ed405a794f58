"""Security-group ingress, normalised: inline rules, standalone SecurityGroupIngress, live rules.

Shared by the open-ingress rules; the Inventory stays the only input.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...scanner.model import Inventory, Resource, as_list
from ...scanner.values import Ref, Symbolic, Unresolved

SECURITY_GROUP = "AWS::EC2::SecurityGroup"
INGRESS = "AWS::EC2::SecurityGroupIngress"

_PROTOCOL_NAMES = {"-1": "all", "all": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}

# Ports whose exposure to the internet is an open door, not just a surprise.
SENSITIVE_PORTS = {
    20: "FTP data", 21: "FTP", 22: "SSH", 23: "Telnet", 25: "SMTP", 135: "MS RPC", 137: "NetBIOS",
    139: "NetBIOS", 445: "SMB", 1433: "SQL Server", 1521: "Oracle", 2375: "Docker API",
    2376: "Docker API", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL", 5601: "Kibana", 5900: "VNC",
    6379: "Redis", 9200: "Elasticsearch", 11211: "Memcached", 27017: "MongoDB",
}


@dataclass(frozen=True)
class Permission:
    carrier: Resource  # where the rule is written: the group itself or a standalone ingress resource
    group: Resource | None  # the security group it opens (None when outside the scanned set)
    protocol: str  # "all", "tcp", "udp", "icmp", "icmpv6" or a protocol number
    from_port: int | None
    to_port: int | None
    source_kind: str  # "ipv4", "ipv6", "group", "prefix-list", "unknown"
    source: Any
    index: int = 0

    @property
    def all_traffic(self) -> bool:
        if self.protocol == "all":
            return True
        return self.protocol in ("tcp", "udp") and self.port_span == (0, 65535)

    @property
    def port_span(self) -> tuple[int, int] | None:
        """Inclusive port range for tcp/udp, (0, 65535) for all traffic, None for icmp & co."""
        if self.protocol == "all":
            return (0, 65535)
        if self.protocol not in ("tcp", "udp"):
            return None
        low = 0 if self.from_port in (None, -1) else self.from_port
        high = 65535 if self.to_port in (None, -1) else self.to_port
        return (low, high)

    def covers(self, port: int) -> bool:
        span = self.port_span
        return span is not None and span[0] <= port <= span[1]

    def ports_outside(self, allowed: tuple[int, ...]) -> bool:
        span = self.port_span
        if span is None:
            return self.protocol not in ("icmp", "icmpv6")  # an unknown protocol number is not "allowed"
        low, high = span
        allowed_inside = sum(1 for port in set(allowed) if low <= port <= high)
        return allowed_inside < high - low + 1

    @property
    def label(self) -> str:
        if self.protocol == "all":
            return "all traffic"
        span = self.port_span
        if span is None:
            return self.protocol
        low, high = span
        return f"{self.protocol}/{low}" if low == high else f"{self.protocol}/{low}-{high}"

    def sensitive_ports(self) -> list[tuple[int, str]]:
        span = self.port_span
        if span is None:
            return []
        return [(port, name) for port, name in SENSITIVE_PORTS.items() if span[0] <= port <= span[1]]

    @property
    def detail(self) -> str:
        return f"{self.label} from {self.source}"


def iter_permissions(inventory: Inventory) -> Iterator[Permission]:
    for group in inventory.of_type(SECURITY_GROUP):
        rules = group.prop("SecurityGroupIngress")
        for index, rule in enumerate(as_list(rules)):
            yield _permission(group, group, rule, index)
    for carrier in inventory.of_type(INGRESS):
        group_ref = carrier.prop("GroupId") or carrier.prop("GroupName")
        yield _permission(carrier, inventory.resolve(group_ref, SECURITY_GROUP), carrier.properties, 0)


def _permission(carrier: Resource, group: Resource | None, rule: Any, index: int) -> Permission:
    if not isinstance(rule, dict):
        return Permission(carrier, group, "unknown", None, None, "unknown", rule, index)
    protocol = _protocol(rule.get("IpProtocol"))
    kind, source = _source(rule)
    return Permission(
        carrier=carrier,
        group=group,
        protocol=protocol,
        from_port=_port(rule.get("FromPort")),
        to_port=_port(rule.get("ToPort")),
        source_kind=kind,
        source=source,
        index=index,
    )


def _protocol(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str) or isinstance(value, Symbolic):
        return "unknown"
    value = value.strip().lower()
    return _PROTOCOL_NAMES.get(value, value)


def _port(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _source(rule: dict[str, Any]) -> tuple[str, Any]:
    if "CidrIp" in rule:
        return "ipv4", rule["CidrIp"]
    if "CidrIpv6" in rule:
        return "ipv6", rule["CidrIpv6"]
    for key in ("SourceSecurityGroupId", "SourceSecurityGroupName"):
        if key in rule:
            return "group", rule[key]
    if "SourcePrefixListId" in rule:
        return "prefix-list", rule["SourcePrefixListId"]
    return "unknown", None


def is_world(cidr: Any) -> bool | None:
    """True for 0.0.0.0/0 and ::/0, False for a narrower CIDR, None when not known."""
    if isinstance(cidr, (Unresolved, Ref, Symbolic)):
        return None
    if not isinstance(cidr, str):
        return None
    try:
        return ipaddress.ip_network(cidr.strip(), strict=False).prefixlen == 0
    except ValueError:
        return None


# Properties through which a workload (not a load balancer) is placed in security groups.
_WORKLOAD_GROUP_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "AWS::ECS::Service": (("NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"),),
    "AWS::EC2::Instance": (("SecurityGroupIds",), ("SecurityGroups",), ("NetworkInterfaces", "*", "GroupSet")),
    "AWS::EC2::LaunchTemplate": (
        ("LaunchTemplateData", "SecurityGroupIds"),
        ("LaunchTemplateData", "SecurityGroups"),
        ("LaunchTemplateData", "NetworkInterfaces", "*", "Groups"),
    ),
    "AWS::AutoScaling::LaunchConfiguration": (("SecurityGroups",),),
    "AWS::RDS::DBInstance": (("VPCSecurityGroups",),),
    "AWS::RDS::DBCluster": (("VpcSecurityGroupIds",),),
    "AWS::DocDB::DBCluster": (("VpcSecurityGroupIds",),),
    "AWS::Neptune::DBCluster": (("VpcSecurityGroupIds",),),
    "AWS::ElastiCache::CacheCluster": (("VpcSecurityGroupIds",),),
    "AWS::ElastiCache::ReplicationGroup": (("SecurityGroupIds",),),
    "AWS::MemoryDB::Cluster": (("SecurityGroupIds",),),
    "AWS::Redshift::Cluster": (("VpcSecurityGroupIds",),),
    "AWS::OpenSearchService::Domain": (("VPCOptions", "SecurityGroupIds"),),
    "AWS::Lambda::Function": (("VpcConfig", "SecurityGroupIds"),),
}


def workload_groups(inventory: Inventory) -> dict[str, list[Resource]]:
    """Security-group key -> the workloads (ECS services, instances, databases…) placed in it."""
    return inventory.derived("open_ingress.workload_groups", _workload_groups)


def _workload_groups(inventory: Inventory) -> dict[str, list[Resource]]:
    placed: dict[str, list[Resource]] = {}
    for resource_type, paths in _WORKLOAD_GROUP_PATHS.items():
        for workload in inventory.of_type(resource_type):
            for path in paths:
                for value in _walk(workload.properties, path):
                    for item in as_list(value):
                        group = inventory.resolve(item, SECURITY_GROUP)
                        if group is not None and workload not in placed.setdefault(group.key, []):
                            placed[group.key].append(workload)
    return placed


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in as_list(value):
            yield from _walk(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest)


_WORKLOAD_KIND = {
    "AWS::ECS::Service": "ECS service",
    "AWS::EC2::Instance": "EC2 instance",
    "AWS::EC2::LaunchTemplate": "launch template",
    "AWS::AutoScaling::LaunchConfiguration": "launch configuration",
    "AWS::Lambda::Function": "Lambda function",
    "AWS::RDS::DBInstance": "database",
    "AWS::RDS::DBCluster": "database cluster",
}


def workload_names(workloads: list[Resource]) -> str:
    """'ECS service Service, database Db' (at most three named)."""
    names = [f"{_WORKLOAD_KIND.get(w.type, w.type.split('::')[-1])} {w.display_name}" for w in workloads[:3]]
    if len(workloads) > 3:
        names.append(f"{len(workloads) - 3} more")
    return ", ".join(names)
