"""Rule behaviour on hand-written templates: shapes the CDK variants do not produce."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tierguard.scanner.config import Config
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates
from tierguard.scanner.model import Severity

from .conftest import TEMPLATES


def _scan(name: str, config: Config | None = None):
    result = scan_templates([str(TEMPLATES / name)], config or Config(), OWN_RULES_ONLY)
    assert result.errors == []
    return result


def _by(result, rule_id: str, logical_id: str):
    return [f for f in result.findings if f.rule_id == rule_id and f.subject.logical_id == logical_id]


@pytest.fixture(scope="module")
def network():
    return _scan("rules_network.yaml")


@pytest.fixture(scope="module")
def iam():
    return _scan("rules_iam.yaml")


def test_port_range_open_to_the_world_names_the_instance(network) -> None:
    [finding] = [f for f in _by(network, "TG-SG-001", "AppGroup") if "8000-9000" in f.message]
    assert finding.severity is Severity.HIGH
    assert "EC2 instance App" in finding.message
    assert finding.subject.line == 26  # the line of "AppGroup:" in the YAML file


def test_protocol_number_full_range_ipv6_on_a_standalone_rule_is_critical(network) -> None:
    [finding] = _by(network, "TG-SG-001", "RangeToTheWorld")
    assert finding.severity is Severity.CRITICAL
    assert finding.facts["ipv6"] is True and finding.facts["port_span"] == (0, 65535)


def test_unresolved_cidr_is_visible_not_safe(network) -> None:
    [finding] = [f for f in _by(network, "TG-SG-001", "AppGroup") if f.severity is Severity.INFO]
    assert "cannot verify" in finding.message and "AdminCidr has no default" in finding.message


def test_icmp_from_anywhere_is_not_an_open_port(network) -> None:
    assert not [f for f in network.findings if "icmp" in f.message]


def test_workload_reachable_from_a_cidr_even_on_an_allowed_port(network) -> None:
    office = [f for f in _by(network, "TG-SG-002", "AppGroup") if "203.0.113.0/24" in f.message]
    assert len(office) == 1 and office[0].severity is Severity.MEDIUM
    [https] = _by(network, "TG-SG-002", "HttpsToApp")
    assert https.severity is Severity.HIGH and "0.0.0.0/0" in https.message
    # the world-open range is TG-SG-001's finding, not also TG-SG-002's: one problem, one finding
    assert not [f for f in _by(network, "TG-SG-002", "AppGroup") if "8000-9000" in f.message]


def test_paid_databases_and_the_legacy_free_tier(network) -> None:
    assert [f.severity for f in _by(network, "TG-DB-001", "Database")] == [Severity.HIGH]
    assert [f.severity for f in _by(network, "TG-DB-001", "Cache")] == [Severity.HIGH]
    legacy = _scan("rules_network.yaml", Config(free_tier="legacy-12-month"))
    [db] = _by(legacy, "TG-DB-001", "Database")
    assert db.severity is Severity.LOW and "2025-07-15" in db.message


def test_public_database_and_internet_facing_lb_in_private_subnets(network) -> None:
    assert _by(network, "TG-NET-003", "Database")
    [lb] = _by(network, "TG-NET-002", "Balancer")
    assert "PrivateSubnet" in lb.message


def test_http_listener_rule_that_forwards_is_plain_http(network) -> None:
    assert _by(network, "TG-HTTP-001", "RedirectOnly")
    # a listener rule reaches the target group, so the balancer is not dangling
    assert not _by(network, "TG-LB-002", "Balancer")


def test_https_listener_without_certificate_or_policy(network) -> None:
    assert _by(network, "TG-TLS-002", "TlsNoCertificate")
    [tls] = _by(network, "TG-TLS-001", "TlsNoCertificate")
    assert "no SslPolicy" in tls.message and "ELBSecurityPolicy-2016-08" in tls.message


def test_budget_shape_subscribers_and_percentage_threshold(network) -> None:
    assert _by(network, "TG-BUD-005", "Budget")
    assert _by(network, "TG-BUD-004", "Budget")
    # 20 % of a 4 USD limit is 0.80 USD: an early enough alert
    assert not _by(network, "TG-BUD-003", "Budget")
    assert not [f for f in network.findings if f.rule_id == "TG-BUD-001"]


def test_iam_shapes(iam) -> None:
    assert _by(iam, "TG-IAM-002", "NotActionPolicy")
    assert _by(iam, "TG-IAM-003", "PassAnyRole")
    [s3] = _by(iam, "TG-IAM-001", "S3Everything")
    assert s3.severity is Severity.HIGH and "s3" in s3.message and "user Learner" in s3.message
    assert not [f for f in iam.findings if f.subject.logical_id == "ScopedBucketAccess"]
    [trust] = _by(iam, "TG-IAM-005", "DeployRole")
    assert trust.severity is Severity.CRITICAL
    [power] = _by(iam, "TG-IAM-004", "DeployRole")
    assert power.severity is Severity.HIGH and "PowerUserAccess" in power.message
    assert {f.rule_id for f in iam.findings if f.subject.logical_id == "Learner"} == {"TG-IAM-001", "TG-IAM-004"}


def test_passrole_under_full_wildcard_is_one_finding() -> None:
    """'*' on '*' includes iam:PassRole: reported once, by TG-IAM-001."""
    result = _scan("rules_iam.yaml")
    learner = [f for f in result.findings if f.subject.logical_id == "Learner"]
    assert not [f for f in learner if f.rule_id == "TG-IAM-003"]


def test_allowed_public_ports_config_changes_the_verdict(network) -> None:
    wide = _scan("rules_network.yaml", Config(allowed_public_ports=(*range(8000, 9001), 443)))
    assert not [f for f in _by(wide, "TG-SG-001", "AppGroup") if "8000-9000" in f.message]


def test_budget_limit_uses_configured_maximum() -> None:
    from .conftest import variant

    result = scan_templates([str(variant("budget-too-high"))], Config(budget_usd=Decimal("150")), OWN_RULES_ONLY)
    assert not [f for f in result.findings if f.rule_id == "TG-BUD-002"]


# --- budgets without configuration (issue 11.5): no invented limit ----------------------------------

APP_WITHOUT_BUDGET = """
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internet-facing, Type: application, Subnets: [subnet-1, subnet-2]}
"""


def _scan_text(tmp_path, text: str, config: Config | None = None):
    path = tmp_path / "app.yaml"
    path.write_text(text)
    return scan_templates([str(path)], config or Config(), OWN_RULES_ONLY)


def test_without_configuration_an_app_without_budget_gets_missing_budget_and_no_invented_limit(tmp_path) -> None:
    result = _scan_text(tmp_path, APP_WITHOUT_BUDGET)
    ids = {f.rule_id for f in result.findings}
    assert "TG-BUD-001" in ids and "TG-OVB-001" not in ids
    assert result.costs.budget_usd is None and result.costs.total_monthly_usd > 5


def _budget(limit: int, alert: str) -> str:
    return f"""
  Budget:
    Type: AWS::Budgets::Budget
    Properties:
      Budget: {{BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {{Amount: {limit}, Unit: USD}}}}
      NotificationsWithSubscribers:
        - Notification: {{NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, {alert}}}
          Subscribers: [{{SubscriptionType: EMAIL, Address: me@example.com}}]
"""


def test_without_configuration_the_budget_in_the_set_is_the_yardstick(tmp_path) -> None:
    roomy = _scan_text(tmp_path, APP_WITHOUT_BUDGET + _budget(50, "Threshold: 80, ThresholdType: PERCENTAGE"))
    assert {f.rule_id for f in roomy.findings if f.category.value.startswith(("budget", "over", "missing"))} == set()
    assert roomy.costs.budget_usd == Decimal(50)
    tight = _scan_text(tmp_path, APP_WITHOUT_BUDGET + _budget(10, "Threshold: 8, ThresholdType: ABSOLUTE_VALUE"))
    [over] = [f for f in tight.findings if f.rule_id == "TG-OVB-001"]
    assert "10 USD budget" in over.message and "lasts about" in over.message
    assert "runtime_hours = 72" in over.message and "--runtime-hours" in over.message


def test_without_alert_usd_a_notification_must_fire_before_the_limit(tmp_path) -> None:
    late = _scan_text(tmp_path, APP_WITHOUT_BUDGET + _budget(50, "Threshold: 120, ThresholdType: PERCENTAGE"))
    [alert] = [f for f in late.findings if f.rule_id == "TG-BUD-003"]
    assert "60.00 USD" in alert.message and "50 USD" in alert.message
    strict = _scan_text(tmp_path, APP_WITHOUT_BUDGET + _budget(50, "Threshold: 80, ThresholdType: PERCENTAGE"),
                        Config(alert_usd=Decimal(1)))
    assert [f for f in strict.findings if f.rule_id == "TG-BUD-003"]
