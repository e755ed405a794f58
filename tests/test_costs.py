"""The cost model against worked examples computed by hand from scanner/data/prices.json.

us-east-1, 730 h a month. Figures used (USD): ALB 0.0225/h, public IPv4 0.005/h, Fargate x86
0.04048/vCPU-h and 0.004445/GB-h, NAT 0.045/h, Aurora 0.12/ACU-h, interface endpoint
0.01/AZ-h, EC2 m5.xlarge 0.192/h (m5.large 0.096 × 2), gp3 0.08/GB-month, secret 0.40/month.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tierguard.scanner.config import Config
from tierguard.scanner.cost import estimate
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates
from tierguard.scanner.model import Status
from tierguard.scanner.sources.templates import load_templates

from .conftest import REPO, variant

H = Decimal(730)
ALB = H * Decimal("0.0225")  # 16.425
IPV4 = H * Decimal("0.005")  # 3.65 per address
TASK_SMALL = H * (Decimal("0.25") * Decimal("0.04048") + Decimal("0.5") * Decimal("0.004445"))  # 9.0103...


def _estimate(name: str, **config):
    return estimate(load_templates([str(variant(name))]).inventory, Config(**config), dt.date(2026, 11, 25))


def _item(costs, logical_prefix: str):
    [item] = [i for i in costs.items if i.subject.logical_id.startswith(logical_prefix)]
    return item


def test_compliant_app_costs_about_36_39_a_month() -> None:
    costs = _estimate("compliant")
    expected = ALB + 2 * IPV4 + TASK_SMALL + IPV4  # 16.425 + 7.30 + 9.0103 + 3.65
    assert costs.total_monthly_usd.quantize(Decimal("0.01")) == expected.quantize(Decimal("0.01")) == Decimal("36.39")
    alb = _item(costs, "Alb")
    assert alb.monthly_usd == ALB + 2 * IPV4
    assert alb.basis == "730 h × 0.0225 USD/h + 2 AZ × 730 h × 0.005 USD/h"
    service = _item(costs, "Service")
    assert service.monthly_usd == TASK_SMALL + IPV4
    assert "1 task × 0.25 vCPU × 730 h × 0.04048 USD/vCPU-h" in service.basis


def test_compliant_app_fits_a_72_hour_lab_budget() -> None:
    result = scan_templates([str(variant("compliant"))], Config(runtime_hours=Decimal(72)), OWN_RULES_ONLY)
    assert result.exit_code == 0
    expected = ((ALB + 3 * IPV4 + TASK_SMALL) / H * 72).quantize(Decimal("0.01"))  # 3.59
    assert result.costs.total_runtime_usd.quantize(Decimal("0.01")) == expected == Decimal("3.59")


def test_the_seed_left_running_a_month_is_over_budget_and_says_how_long_it_lasts() -> None:
    result = scan_templates([str(variant("compliant"))], Config(), OWN_RULES_ONLY)
    [over] = [f for f in result.findings if f.rule_id == "TG-OVB-001"]
    assert over.status is Status.FAIL and over.category.value == "over-budget"
    days = (Decimal(5) / ((ALB + 3 * IPV4 + TASK_SMALL) / H * 24)).quantize(Decimal("0.1"))  # 4.1
    assert f"lasts about {days} days" in over.message and "36.39 USD a month" in over.message
    assert "budget BudgetStack/MonthlyBudget" in over.message  # the budget found in the templates


def test_nat_variant_adds_the_gateway_hour_and_its_address() -> None:
    base, nat = _estimate("compliant"), _estimate("nat")
    assert nat.total_monthly_usd - base.total_monthly_usd == H * Decimal("0.045") + IPV4  # 32.85 + 3.65
    assert _item(nat, "VpcPublicSubnet1NATGateway").basis == "730 h × 0.045 USD/h"
    gb = [a for a in _item(nat, "VpcPublicSubnet1NATGateway").assumptions if "data processed" in a.label]
    assert gb and gb[0].price.usd == Decimal("0.045")  # usage is shown, not guessed into the total


def test_aurora_minimum_capacity_is_billed_idle() -> None:
    costs = _estimate("aurora")
    assert _item(costs, "AuroraCluster2").monthly_usd == Decimal("0.5") * Decimal("0.12") * H  # 43.80
    assert _item(costs, "AuroraClusterSecret").monthly_usd == Decimal("0.40")


def test_big_fargate_service_multiplies_count_and_size() -> None:
    costs = _estimate("big-fargate")
    per_task = Decimal(2) * Decimal("0.04048") + Decimal(4) * Decimal("0.004445") + Decimal("0.005")
    assert _item(costs, "Service").monthly_usd == 4 * H * per_task  # 302.92


def test_interface_endpoints_cost_more_than_the_nat_they_replace() -> None:
    costs = _estimate("interface-endpoints")
    endpoints = [i for i in costs.items if i.subject.type == "AWS::EC2::VPCEndpoint"]
    assert len(endpoints) == 3  # the S3 gateway endpoint is free
    assert sum(i.monthly_usd for i in endpoints) == 3 * 2 * H * Decimal("0.01") == Decimal("43.80")


def test_big_ec2_instance_with_its_address_and_root_volume() -> None:
    item = _item(_estimate("big-ec2"), "BuildBox")
    assert item.monthly_usd == H * Decimal("0.192") + IPV4 + 8 * Decimal("0.08")


def test_legacy_free_tier_applies_allowances_and_warns_it_ended() -> None:
    costs = _estimate("compliant", free_tier="legacy-12-month")
    alb = _item(costs, "Alb")
    assert alb.monthly_usd == 2 * IPV4  # 750 free ELB hours cover the ALB, not its addresses
    assert "− 730 free" in alb.basis
    assert any("ended for every account by 2026-07-14" in warning for warning in costs.warnings)
    assert _item(costs, "Service").monthly_usd == TASK_SMALL + IPV4  # no Fargate free tier, ever


def test_other_regions_use_their_prices_or_say_assumed(tmp_path) -> None:
    template = tmp_path / "nat.json"
    template.write_text(json.dumps({"Resources": {"Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": "subnet-0123456789abcdef0"}}}}))
    costs = estimate(load_templates([str(template)]).inventory, Config(home_region="eu-west-1"))
    assert costs.items[0].monthly_usd == H * Decimal("0.048")
    costs = estimate(load_templates([str(template)]).inventory, Config(home_region="sa-east-1"))
    assert "(price assumed)" in costs.items[0].basis


def test_prices_ship_with_dates_and_sources() -> None:
    data = json.loads((REPO / "scanner" / "data" / "prices.json").read_text())
    regions_seen = set()
    for key, entry in data["prices"].items():
        for region, figure in entry["regions"].items():
            regions_seen.add(region)
            assert figure["as_of"] and figure["source"], (key, region)
            assert figure.get("confidence", "verified") in {"verified", "derived", "assumed"}
            if "types" not in figure:
                Decimal(figure["usd"])
    assert {"us-east-1", "eu-west-1", "eu-central-1", "us-west-2", "ap-south-1"} <= regions_seen


@pytest.mark.parametrize(
    "name, rule_id, logical_prefix",
    [
        ("interface-endpoints", "TG-COST-001", "VpcEcrApiEndpoint"),
        ("big-fargate", "TG-COST-003", "Service"),
        ("big-ec2", "TG-COST-002", "BuildBox"),
        ("container-insights", "TG-COST-004", "Cluster"),
        ("aurora", "TG-COST-008", "AuroraCluster2"),
    ],
)
def test_every_costly_variant_gets_a_costly_resource_finding_on_the_right_resource(name, rule_id, logical_prefix) -> None:
    result = scan_templates([str(variant(name))], Config(runtime_hours=Decimal(72)), OWN_RULES_ONLY)
    found = [f for f in result.findings if f.rule_id == rule_id and f.subject.logical_id.startswith(logical_prefix)]
    assert found and found[0].category.value == "costly-resource" and found[0].status is Status.FAIL
    assert found[0].monthly_usd and found[0].monthly_usd > 0


def test_the_seed_app_itself_is_not_costly_resource() -> None:
    result = scan_templates([str(variant("compliant"))], Config(runtime_hours=Decimal(72)), OWN_RULES_ONLY)
    assert not [f for f in result.findings if f.category.value == "costly-resource"]


def test_report_carries_costs_per_contract(workdir) -> None:
    from .conftest import run_tierguard

    run = run_tierguard("templates", str(variant("nat")), "--no-checkov", "--no-cfn-lint", cwd=workdir)
    report = run.report
    assert report["summary"]["estimated_monthly_usd"] == 72.89
    costs = report["costs"]
    assert costs["currency"] == "USD" and costs["prices_as_of"]
    [nat] = [i for i in costs["items"] if i["resource"]["type"] == "AWS::EC2::NatGateway"]
    assert nat["monthly_usd"] == 32.85 and nat["basis"] == "730 h × 0.045 USD/h"
    assert nat["resource"]["stack"] == "NetworkStack"
    [finding] = [f for f in report["findings"] if f["rule_id"] == "TG-NAT-001"]
    assert finding["monthly_usd"] == 32.85
    assert "Estimated cost: 72.89 USD/month" in run.stdout
