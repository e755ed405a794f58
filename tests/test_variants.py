"""Every CDK variant's planted mistake is reported on the right resource; the compliant app passes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tierguard.scanner.config import Config
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates
from tierguard.scanner.model import Severity, Status

from .conftest import variant

LAB = Config(runtime_hours=Decimal("72"), budget_usd=Decimal("5"), alert_usd=Decimal("1"))

# variant -> (category, rule id, stack, logical-id prefix) of the one mistake it plants
EXPECTED = {
    "nat": ("nat-gateway", "TG-NAT-001", "NetworkStack", "VpcPublicSubnet1NATGateway"),
    "rds": ("paid-database", "TG-DB-001", "DataStack", "Database"),
    "ssh-open": ("open-ingress", "TG-SG-001", "SecurityStack", "EcsSecurityGroup"),
    "ecs-open": ("open-ingress", "TG-SG-001", "SecurityStack", "EcsSecurityGroup"),
    "all-traffic": ("open-ingress", "TG-SG-001", "SecurityStack", "AlbSecurityGroup"),
    "ipv6-open": ("open-ingress", "TG-SG-001", "SecurityStack", "AlbSecurityGroup"),
    "admin-task-role": ("iam-overpermission", "TG-IAM-001", "ComputeStack", "TaskRoleDefaultPolicy"),
    "admin-managed-policy": ("iam-overpermission", "TG-IAM-004", "ComputeStack", "TaskRole"),
    "no-budget": ("missing-budget", "TG-BUD-001", None, None),
    "budget-too-high": ("budget-misconfigured", "TG-BUD-002", "BudgetStack", "MonthlyBudget"),
    "budget-no-alert": ("budget-misconfigured", "TG-BUD-003", "BudgetStack", "MonthlyBudget"),
    "http-forward": ("plain-http", "TG-HTTP-001", "AppStack", "AlbHttp"),
    "old-tls": ("weak-tls", "TG-TLS-001", "AppStack", "AlbHttps"),
    "unattached-eip": ("unattached-eip", "TG-EIP-001", "NetworkStack", "SpareAddress"),
    "private-igw": ("network-exposure", "TG-NET-001", "NetworkStack", "VpcPrivateSubnet1Subnet"),
    "lb-no-listener": ("idle-load-balancer", "TG-LB-001", "AppStack", "AdminAlb"),
    "other-region": ("multi-region", "TG-REG-001", "StrayStack", None),
    "public-website": ("network-exposure", "TG-PUB-001", "AppStack", "SitePolicy"),
}

# Findings a variant also gets because of how its mistake is built (port 80 must be open for
# an HTTP listener to be reachable): allowed, and asserted where they matter.
ALSO = {
    "http-forward": {("open-ingress", "TG-SG-001", "SecurityStack", "AlbSecurityGroup")},
}
# Variants whose mistake costs enough to push 72 lab hours over the 5 USD budget.
OVER_BUDGET_AT_72_HOURS = {"nat", "rds", "lb-no-listener"}


def _failing(name: str, config: Config = LAB):
    result = scan_templates([str(variant(name))], config, OWN_RULES_ONLY)
    assert result.errors == [], result.errors
    return result, [f for f in result.findings if f.status is Status.FAIL]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_planted_mistake_is_reported_on_the_right_resource(name: str) -> None:
    category, rule_id, stack, prefix = EXPECTED[name]
    result, failing = _failing(name)
    matches = [f for f in failing if f.rule_id == rule_id]
    assert matches, f"{name}: no {rule_id}; got {[(f.rule_id, f.subject.label) for f in failing]}"
    finding = matches[0]
    assert finding.category.value == category
    assert finding.subject.stack == stack
    if prefix is not None:
        assert finding.subject.logical_id and finding.subject.logical_id.startswith(prefix)
        assert finding.subject.file and finding.subject.file.endswith(f"{stack}.template.json")
        assert finding.subject.line and finding.subject.line > 1
    assert result.exit_code == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_unrelated_failing_findings(name: str) -> None:
    _, failing = _failing(name)
    allowed = {EXPECTED[name][:2]} | {entry[:2] for entry in ALSO.get(name, set())}
    if name in OVER_BUDGET_AT_72_HOURS:
        allowed.add(("over-budget", "TG-OVB-001"))
    if name == "rds":
        allowed.add(("costly-resource", "TG-COST-006"))  # the secret CDK creates for the database
    unexpected = [(f.category.value, f.rule_id, f.subject.label, f.message) for f in failing if (f.category.value, f.rule_id) not in allowed]
    assert unexpected == []


@pytest.mark.parametrize("name", ["compliant", "compliant-exports", "enforce-ssl"])
def test_compliant_app_passes_with_a_lab_config(name: str) -> None:
    result, failing = _failing(name)
    assert failing == []
    assert result.exit_code == 0
    assert len(result.inventory.stacks) == 5
    assert not [f for f in result.findings if f.severity.at_least(Severity.MEDIUM)]


def test_both_reference_styles_resolve_to_the_same_resources() -> None:
    """GetStackOutput (current CDK) and Export/ImportValue (older apps) reach the same targets."""
    views = {}
    for name in ("compliant", "compliant-exports"):
        result = scan_templates([str(variant(name))], LAB, OWN_RULES_ONLY)
        service = result.inventory.of_type("AWS::ECS::Service")[0]
        groups = service.prop("NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups")
        target = result.inventory.resolve(groups[0])
        assert target is not None, f"{name}: the service's security group did not resolve"
        tg = result.inventory.resolve(service.prop("LoadBalancers", 0, "TargetGroupArn"))
        views[name] = (target.stack, target.type, target.id, tg.stack, tg.type, tg.id)
    assert views["compliant"] == views["compliant-exports"]
    assert views["compliant"][:2] == ("SecurityStack", "AWS::EC2::SecurityGroup")


def test_http_redirect_is_not_plain_http_but_port_80_is_open_ingress() -> None:
    _, failing = _failing("http-redirect")
    assert not [f for f in failing if f.category.value == "plain-http"]
    ingress = [f for f in failing if f.category.value == "open-ingress"]
    assert len(ingress) == 1 and "tcp/80" in ingress[0].message


def test_http_redirect_passes_when_port_80_is_allowed() -> None:
    config = Config(runtime_hours=Decimal("72"), allowed_public_ports=(80, 443))
    _, failing = _failing("http-redirect", config)
    assert failing == []


def test_ssh_and_all_traffic_are_critical_and_ipv6_is_seen() -> None:
    _, ssh = _failing("ssh-open")
    assert ssh[0].severity is Severity.CRITICAL and "SSH" in ssh[0].message
    _, everything = _failing("all-traffic")
    assert everything[0].severity is Severity.CRITICAL and "all traffic" in everything[0].message
    _, ipv6 = _failing("ipv6-open")
    assert "::/0" in ipv6[0].message and ipv6[0].facts["ipv6"] is True


def test_ecs_open_names_the_service_it_exposes() -> None:
    _, failing = _failing("ecs-open")
    assert "ECS service" in failing[0].message


def test_fail_on_threshold_decides_the_exit_code() -> None:
    result = scan_templates([str(variant("old-tls"))], Config(fail_on=Severity.HIGH, runtime_hours=Decimal(72)), OWN_RULES_ONLY)
    tls = [f for f in result.findings if f.rule_id == "TG-TLS-001"]
    assert tls and tls[0].status is Status.BELOW_THRESHOLD
    assert result.exit_code == 0


def test_enforce_ssl_is_a_deny_for_anyone_and_never_an_exposure() -> None:
    """CDK's enforceSSL writes Deny to {AWS: "*"}: no finding of any kind, not even a note."""
    result, _ = _failing("enforce-ssl", Config(runtime_hours=Decimal("72"), fail_on=Severity.INFO))
    assert not [f for f in result.findings if f.rule_id.startswith("TG-PUB-") and f.rule_id != "TG-PUB-012"]
    policies = [r for r in result.inventory if r.type == "AWS::S3::BucketPolicy"]
    statements = policies[0].properties["PolicyDocument"]["Statement"]
    assert statements[0]["Effect"] == "Deny" and statements[0]["Principal"] == {"AWS": "*"}


def test_the_public_website_names_its_bucket_and_the_website() -> None:
    _, failing = _failing("public-website")
    [finding] = [f for f in failing if f.rule_id == "TG-PUB-001"]
    assert finding.severity is Severity.HIGH and "s3:GetObject" in finding.message and "static website" in finding.message
