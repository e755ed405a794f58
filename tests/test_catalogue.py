"""Invariants of the rule catalogue (cfripper-style): ids, metadata, types, a failing fixture each."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tierguard.rules import REGISTRY, Rule
from tierguard.scanner.config import Config
from tierguard.scanner.facts import ScanFacts
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates
from tierguard.scanner.model import Category, Severity, Status

from .conftest import TEMPLATES, variant

# rule id -> a fixture on which it must fail (a synthesized variant or a hand-written template)
FAILING_FIXTURE = {
    "TG-NAT-001": variant("nat"),
    "TG-DB-001": variant("rds"),
    "TG-LB-001": variant("lb-no-listener"),
    "TG-LB-002": TEMPLATES / "rules_lb.yaml",
    "TG-SG-001": variant("ssh-open"),
    "TG-SG-002": TEMPLATES / "rules_network.yaml",
    "TG-BUD-001": variant("no-budget"),
    "TG-BUD-002": variant("budget-too-high"),
    "TG-BUD-003": variant("budget-no-alert"),
    "TG-BUD-004": TEMPLATES / "rules_network.yaml",
    "TG-BUD-005": TEMPLATES / "rules_network.yaml",
    "TG-IAM-001": variant("admin-task-role"),
    "TG-IAM-002": TEMPLATES / "rules_iam.yaml",
    "TG-IAM-003": TEMPLATES / "rules_iam.yaml",
    "TG-IAM-004": variant("admin-managed-policy"),
    "TG-IAM-005": TEMPLATES / "rules_iam.yaml",
    "TG-TLS-001": variant("old-tls"),
    "TG-TLS-002": TEMPLATES / "rules_network.yaml",
    "TG-HTTP-001": variant("http-forward"),
    "TG-EIP-001": variant("unattached-eip"),
    "TG-NET-001": variant("private-igw"),
    "TG-NET-002": TEMPLATES / "rules_network.yaml",
    "TG-NET-003": TEMPLATES / "rules_network.yaml",
    "TG-REG-001": variant("other-region"),
    "TG-TPL-001": TEMPLATES / "unparsable.yaml",
    "TG-COST-001": variant("interface-endpoints"),
    "TG-COST-002": variant("big-ec2"),
    "TG-COST-003": variant("big-fargate"),
    "TG-COST-004": variant("container-insights"),
    "TG-COST-005": TEMPLATES / "rules_cost.yaml",
    "TG-COST-006": variant("rds"),
    "TG-COST-007": TEMPLATES / "rules_cost.yaml",
    "TG-COST-008": variant("aurora"),
    "TG-OVB-001": variant("nat"),
    "TG-SUP-001": TEMPLATES / "engines" / "skips.yaml",
    "TG-DRIFT-001": variant("nat"),  # compared with a baseline of the compliant app, see COMPARED_WITH
    **{f"TG-PUB-{n:03d}": TEMPLATES / "rules_exposure.yaml" for n in range(1, 12)},
}
# rules that judge a comparison: rule id -> (the baseline's fixture, --max-cost-increase)
COMPARED_WITH = {"TG-DRIFT-001": (variant("compliant"), "5")}


def _compared_with(rule_id: str) -> list:
    from tierguard.scanner.drift import DriftCheck, baseline_of, parse_baseline, parse_cost_increase

    if rule_id not in COMPARED_WITH:
        return []
    fixture, limit = COMPARED_WITH[rule_id]
    before = scan_templates([str(fixture)], Config(), OWN_RULES_ONLY)
    baseline = parse_baseline(baseline_of(before), fixture.name)
    return [DriftCheck(baseline, f"baseline of {fixture.name}", parse_cost_increase(limit))]

_CFN_TYPE = re.compile(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")


def _known_cloudformation_types() -> set[str]:
    import json

    import cfnlint

    listing = Path(cfnlint.__file__).parent / "data" / "schemas" / "providers" / "us-east-1.json"
    return set(json.loads(listing.read_text()))


def test_ids_are_unique_and_well_formed() -> None:
    ids = [rule.id for rule in REGISTRY]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"TG-[A-Z]+-\d{3}", rule_id) for rule_id in ids)


def test_registry_lists_every_rule_module() -> None:
    """A rule class written in rules/ but not registered would never run."""
    import importlib
    import inspect

    rules_dir = Path(__import__("tierguard.rules", fromlist=["x"]).__file__).parent
    declared = set()
    for path in rules_dir.rglob("*.py"):
        module = importlib.import_module("tierguard.rules." + ".".join(path.relative_to(rules_dir).with_suffix("").parts))
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Rule) and value.__module__ == module.__name__ and "id" in value.__dict__:
                declared.add(value)
    assert declared == set(REGISTRY)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_metadata_is_complete(rule: type[Rule]) -> None:
    assert isinstance(rule.category, Category) and isinstance(rule.severity, Severity)
    for field in ("title", "rationale", "remediation", "link"):
        assert getattr(rule, field).strip(), f"{rule.id} has no {field}"
    assert rule.link.startswith("https://")
    assert rule.modes


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_resource_types_are_real_cloudformation_types(rule: type[Rule]) -> None:
    from tierguard.scanner.resource_types import TYPES

    known = _known_cloudformation_types()
    for resource_type in rule.resource_types:
        assert _CFN_TYPE.match(resource_type), resource_type
        config_only = resource_type in TYPES and TYPES[resource_type].config_only  # AWS Config names live ones
        assert resource_type in known or config_only, f"{rule.id}: unknown type {resource_type}"


def _live(resource_type: str, physical_id: str, properties: dict, region: str = "us-east-1", **observed):
    from tierguard.scanner.model import Origin, Resource

    return Resource(type=resource_type, id=physical_id, properties=properties, origin=Origin.LIVE, region=region,
                    account="123456789012", arn=f"arn:aws:test:{region}:123456789012:{physical_id}", observed=observed)


def _live_fixture(rule_id: str):
    """Live-only rules: a minimal live inventory on which the rule must fail (the account-scan
    tests cover them end to end against moto_server)."""
    import datetime as dt

    from tierguard.scanner.cost import estimate
    from tierguard.scanner.model import Inventory, StackInfo

    lb_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1"
    balancer = _live("AWS::ElasticLoadBalancingV2::LoadBalancer", lb_arn, {"Type": "application", "Scheme": "internet-facing"},
                     target_groups=1, healthy_targets=0, targets=1)
    listener = _live("AWS::ElasticLoadBalancingV2::Listener", lb_arn + "/l", {"LoadBalancerArn": lb_arn, "Protocol": "HTTPS",
                     "Port": 443, "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "Certificates": [{"CertificateArn": "c"}],
                     "DefaultActions": [{"Type": "forward", "TargetGroupArn": "tg"}]})
    resources = {
        "TG-LB-003": [balancer, listener],
        "TG-TLS-003": [_live("AWS::CertificateManager::Certificate", "cert", {"DomainName": "tickets.example.com"},
                             status="PENDING_VALIDATION")],
        "TG-REG-002": [_live("AWS::EC2::EIP", "eipalloc-1", {"Domain": "vpc"}, region="eu-west-1", association_id="x")],
        "TG-LEFT-001": [_live("AWS::ECS::Cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/lab", {"ClusterName": "lab"})],
        "TG-OVB-002": [_live("AWS::Budgets::Budget", "lab", {"Budget": {"BudgetLimit": {"Amount": "5", "Unit": "USD"}}},
                             region="", actual_spend="7.5")],
        "TG-LEFT-002": [_live("AWS::EC2::NatGateway", "nat-1", {"ConnectivityType": "public"})],  # in no stack
        "TG-PUB-012": [_live("AWS::S3::AccountPublicAccessBlock", "123456789012", {}, region="")],
        "TG-DEP-001": [],  # the template's stack is not deployed
    }[rule_id]
    inventory = Inventory(resources)
    config = Config(fail_on=Severity.INFO)
    templates = Inventory(stacks=[StackInfo("AppStack", "us-east-1", None, "app.template.json")])
    facts = ScanFacts.at(dt.datetime.now(dt.timezone.utc), accounts=["123456789012"], expect_clean=True,
                         costs=estimate(inventory, config), templates=templates, regions=["us-east-1"])
    return inventory, config, facts


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_every_rule_has_a_failing_fixture(rule: type[Rule]) -> None:
    if "templates" not in rule.modes:
        from tierguard.rules import ACCOUNT, RuleContext

        inventory, config, facts = _live_fixture(rule.id)
        found = list(rule().evaluate(RuleContext(inventory, config, ACCOUNT, facts)))
        assert found and all(f.category is rule.category for f in found), rule.id
        return
    fixture = FAILING_FIXTURE[rule.id]
    seed = Config(fail_on=Severity.INFO, budget_usd=Decimal(5), alert_usd=Decimal(1))  # the first user's settings
    result = scan_templates([str(fixture)], seed, OWN_RULES_ONLY, _compared_with(rule.id))
    failing = [f for f in result.findings if f.rule_id == rule.id and f.status is Status.FAIL]
    assert failing, f"{rule.id} does not fail on {fixture.name}"
    assert all(f.category is rule.category for f in failing)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_rule_texts_need_no_insider_context(rule: type[Rule]) -> None:
    """Issue 11.6: words a reader without our context cannot parse ("the seed", "the lab must…")."""
    text = " ".join([rule.title, rule.rationale, rule.remediation]).lower()
    for insider in ("seed", "the lab must", "scope(s)", "first user"):
        assert insider not in text, f"{rule.id}: {insider!r}"


# --- one description per resource type (scanner/resource_types.py) --------------------------------

def _collector_types() -> set[str]:
    from tierguard.scanner.sources.account.collectors import COLLECTORS

    return {t for collector in COLLECTORS for t in collector.types}


def test_every_type_a_collector_produces_or_a_rule_names_is_described() -> None:
    from tierguard.scanner.resource_types import TYPES

    named = {t for rule in REGISTRY for t in rule.resource_types}
    missing = sorted((_collector_types() | named) - set(TYPES))
    assert not missing, f"describe these in scanner/resource_types.py: {missing}"


def test_described_types_are_real_cloudformation_types() -> None:
    from tierguard.scanner.resource_types import TYPES

    known = _known_cloudformation_types()
    assert not sorted(t for t, info in TYPES.items() if t not in known and not info.config_only)


def test_pricers_and_billing_agree() -> None:
    """A type that bills while it exists has a pricer (or the estimate says it is unpriced); a pricer
    prices only such types; a usage-billed type says what is billed."""
    from tierguard.scanner.cost.pricers import PRICERS
    from tierguard.scanner.resource_types import TYPES, Billing

    for resource_type in PRICERS:
        assert TYPES[resource_type].billing is Billing.FIXED, resource_type
    for info in TYPES.values():
        assert (info.billing is Billing.USAGE) == bool(info.usage), info.type
        assert info.kind and info.kind == info.kind.strip()


def test_derived_views_cover_what_the_rooms_ask() -> None:
    from tierguard.scanner.resource_types import DATABASE_TYPES, EXPORTED_TYPES, LEFTOVER_TYPES, LIVE_CHECKOV_CHECKS

    assert set(DATABASE_TYPES) <= set(LEFTOVER_TYPES)  # a cleanup deletes every database
    exported_live = EXPORTED_TYPES & _collector_types()
    assert exported_live == EXPORTED_TYPES, "an exported type no collector reads can never be exported"
    assert {"CKV_AWS_24", "CKV_AWS_2", "CKV_AWS_60"} <= LIVE_CHECKOV_CHECKS


def test_every_rule_has_tests_beside_its_module() -> None:
    """tests/rules mirrors rules/: each rule module has a test module with a failing and a passing case."""
    rules_dir = Path(__import__("tierguard.rules", fromlist=["x"]).__file__).parent
    tests_dir = Path(__file__).parent / "rules"
    for rule in REGISTRY:
        module = Path(__import__(rule.__module__, fromlist=["x"]).__file__).relative_to(rules_dir)
        test = tests_dir / module.parent / f"test_{module.name}"
        assert test.is_file(), f"{rule.id}: write {test.relative_to(tests_dir.parent.parent)}"
        text = test.read_text()
        assert rule.id in text and "== []" in text, f"{test.name}: a failing and a passing case for {rule.id}"
