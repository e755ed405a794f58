"""TG-TLS-001: an HTTPS/TLS listener allows TLS 1.0 or 1.1."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ...scanner.values import Unresolved
from ..base import Hit, Rule, RuleContext, unverifiable
from ..shared.elb import LISTENER, protocol_of

# What CloudFormation applies when an HTTPS or TLS listener has no SslPolicy.
DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"

# Predefined ELB policies by the oldest protocol version they accept.
_MIN_VERSION_PATTERNS = (
    (re.compile(r"TLS13-1-([0-3])"), lambda m: f"1.{m.group(1)}"),
    (re.compile(r"TLS-1-([0-2])-"), lambda m: f"1.{m.group(1)}"),
    (re.compile(r"FS-1-([12])-"), lambda m: f"1.{m.group(1)}"),
    (re.compile(r"FS-2018-06"), lambda m: "1.0"),
    (re.compile(r"ELBSecurityPolicy-20(1[1-6])-\d\d$"), lambda m: "1.0"),
)


def minimum_tls_version(policy: str) -> str | None:
    for pattern, version in _MIN_VERSION_PATTERNS:
        match = pattern.search(policy)
        if match:
            return version(match)
    return None


class OutdatedTlsPolicy(Rule):
    id = "TG-TLS-001"
    title = "Outdated TLS policy"
    category = Category.WEAK_TLS
    severity = Severity.MEDIUM
    resource_types = (LISTENER,)
    checkov = ("CKV_AWS_103",)
    rationale = (
        "Listener TLS policies that still accept TLS 1.0/1.1 (including "
        "ELBSecurityPolicy-2016-08, which CloudFormation applies when SslPolicy is omitted and which CDK "
        "calls SslPolicy.RECOMMENDED) allow downgraded, deprecated handshakes."
    )
    remediation = (
        "Set SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (CDK: SslPolicy.RECOMMENDED_TLS) or a newer "
        "TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-PQ-2025-09."
    )
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if protocol_of(resource) not in ("HTTPS", "TLS"):
            return
        policy = resource.prop("SslPolicy")
        if isinstance(policy, Unresolved):
            yield unverifiable("the TLS policy", policy)
            return
        implied = policy is None
        name = DEFAULT_POLICY if implied else str(policy)
        version = minimum_tls_version(name)
        if version is None:
            yield Hit(f"uses TLS policy {name}, which tierguard does not know; check it accepts only TLS 1.2+",
                      detail=name, severity=Severity.INFO)
        elif version in ("1.0", "1.1"):
            how = "no SslPolicy, so CloudFormation applies " if implied else ""
            yield Hit(f"{how}{name} accepts TLS {version}", detail=name, facts={"policy": name})
