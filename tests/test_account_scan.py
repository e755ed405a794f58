"""The live account scan against moto_server over HTTP (started by the fixtures in conftest.py).

Nothing here patches boto3 or botocore: the scanner talks HTTP to a moto_server on a free
loopback port. Labs are built with tierguard's demo lab module (plain boto3, mutating calls
against moto only).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tierguard.scanner.audit import AccountScanOptions, scan_account
from tierguard.scanner.config import Config
from tierguard.scanner.demo.lab import build_compliant_lab, create_budget, delete_budget, plant_mistakes
from tierguard.scanner.model import Status
from tierguard.scanner.sources.account import AccountOptions

from .conftest import MOTO_GAPS, REPO, run_tierguard

# The first user's tierguard.toml: a 5 USD budget with a 1 USD alert, a lab that lives 72 hours.
LAB = Config(runtime_hours=Decimal(72), budget_usd=Decimal(5), alert_usd=Decimal(1))


def _scan(regions=(), expect_clean=False, checkov=True, config=LAB, **options):
    account = AccountOptions(regions=list(regions), skip=MOTO_GAPS, **options)
    return scan_account(AccountScanOptions(account, use_checkov=checkov, expect_clean=expect_clean), config)


def _failing(result):
    return [f for f in result.findings if f.status is Status.FAIL]


def _on(result, arn: str, category: str | None = None):
    return [f for f in _failing(result) if f.subject.arn == arn and (category is None or f.category.value == category)]


def test_compliant_lab_has_no_failing_finding(aws) -> None:
    lab = build_compliant_lab(aws)
    result = _scan()
    assert result.errors == []
    assert _failing(result) == []
    assert result.exit_code == 0
    # the same architecture costs the same as its template twin: ALB + 2 IPv4 + task + its IPv4
    assert result.costs.total_monthly_usd.quantize(Decimal("0.01")) == Decimal("36.39")
    # what must not be flagged at all: the 443-only group, the busy ALB, the correct budget
    quiet = {lab.ids["alb"], f"arn:aws:ec2:us-east-1:123456789012:security-group/{lab.ids['alb_sg']}",
             "arn:aws:budgets::123456789012:budget/lab-monthly"}
    flagged = {f.subject.arn for f in result.findings if f.severity.value not in ("info", "low")}
    assert not quiet & flagged
    assert result.account_scan.skipped_on_request  # the moto gaps are listed, not hidden


EXPECTED = {
    # planted name -> (category, rule id)
    "nat": ("nat-gateway", "TG-NAT-001"),
    "rds": ("paid-database", "TG-DB-001"),
    "ssh": ("open-ingress", "TG-SG-001"),
    "all_traffic": ("open-ingress", "TG-SG-001"),
    "ipv6": ("open-ingress", "TG-SG-001"),
    "idle_lb": ("idle-load-balancer", "TG-LB-003"),
    "dangling_lb": ("idle-load-balancer", "TG-LB-001"),
    "http_listener": ("plain-http", "TG-HTTP-001"),
    "eip": ("unattached-eip", "TG-EIP-001"),
    "eip_other_region": ("unattached-eip", "TG-EIP-001"),
    "admin_role": ("iam-overpermission", "TG-IAM-004"),
    "wildcard_policy": ("iam-overpermission", "TG-IAM-001"),
    "public_bucket": ("network-exposure", "TG-PUB-001"),
}


@pytest.fixture
def planted(aws):
    lab = build_compliant_lab(aws)
    return lab, plant_mistakes(aws, lab, other_region="eu-west-1")


def test_every_planted_problem_is_found_with_its_arn(planted) -> None:
    _lab, arns = planted
    result = _scan(regions=["us-east-1", "eu-west-1"])
    assert result.errors == []
    for name, (category, rule_id) in EXPECTED.items():
        found = [f for f in _on(result, arns[name], category) if f.rule_id == rule_id]
        assert found, f"{name}: no {rule_id} on {arns[name]}"
        assert found[0].subject.account == "123456789012" and found[0].subject.region
    [missing] = [f for f in _failing(result) if f.category.value == "missing-budget"]
    assert missing.subject.account == "123456789012"
    [far] = [f for f in _failing(result) if f.category.value == "multi-region"]
    assert far.subject.arn == arns["eip_other_region"] and far.subject.region == "eu-west-1"
    assert result.exit_code == 1


def test_no_false_alarm_on_the_planted_lab(planted) -> None:
    lab, arns = planted
    result = _scan(regions=["us-east-1", "eu-west-1"])
    expected_arns = set(arns.values())
    unexpected = [
        (f.rule_id, f.subject.label, f.message)
        for f in _failing(result)
        if f.subject.arn not in expected_arns and f.category.value not in ("missing-budget", "over-budget")
    ]
    assert unexpected == []
    # the busy ALB and its 443-only group stay quiet
    assert not _on(result, lab.ids["alb"])
    assert not _on(result, f"arn:aws:ec2:us-east-1:123456789012:security-group/{lab.ids['alb_sg']}")


def test_checkov_findings_appear_on_live_resources_with_their_arns(planted) -> None:
    _lab, arns = planted
    result = _scan()
    [ssh] = [f for f in _on(result, arns["ssh"], "open-ingress") if "tcp/22" in f.message]
    assert "CKV_AWS_24" in ssh.ids  # checkov's check and ours: one finding
    [wildcard] = _on(result, arns["wildcard_policy"], "iam-overpermission")
    assert {"CKV_AWS_108", "CKV_AWS_111"} <= set(wildcard.ids)
    [http] = _on(result, arns["http_listener"], "plain-http")
    assert "CKV_AWS_2" in http.ids
    checkov_only = [f for f in result.findings if f.source.value == "checkov"]
    assert checkov_only and all(f.subject.arn and f.subject.arn.startswith("arn:aws:") for f in checkov_only)


def test_a_budget_whose_alert_is_above_one_dollar(aws) -> None:
    build_compliant_lab(aws)
    delete_budget(aws)
    create_budget(aws, alert_usd=4)
    result = _scan()
    [late] = _failing(result)
    assert late.rule_id == "TG-BUD-003" and late.category.value == "budget-misconfigured"
    assert late.subject.arn == "arn:aws:budgets::123456789012:budget/lab-monthly"
    assert "4" in late.message


def test_expect_clean_lists_what_the_lab_left_behind(aws) -> None:
    lab = build_compliant_lab(aws)
    result = _scan(expect_clean=True)
    leftovers = {f.subject.arn for f in _failing(result) if f.category.value == "leftover-resource"}
    assert {lab.ids["service"], lab.ids["cluster"], lab.ids["alb"], lab.ids["target_group"]} <= leftovers
    assert result.exit_code == 1


def test_all_regions_come_from_describe_regions(aws) -> None:
    far = aws.client("ec2", region_name="ap-south-1").allocate_address(Domain="vpc")["AllocationId"]
    everything_but_addresses = [c.name for c in _collectors() if c.name != "elastic-ips"]
    options = AccountOptions(regions=["all"], skip=everything_but_addresses)
    result = scan_account(AccountScanOptions(options, use_checkov=False), LAB)
    enabled = aws.client("ec2").describe_regions()["Regions"]
    assert sorted(result.account_scan.regions) == sorted(r["RegionName"] for r in enabled)
    assert any(f.subject.arn and f.subject.arn.endswith(far) for f in _failing(result))


def _collectors():
    from tierguard.scanner.sources.account.collectors import COLLECTORS

    return COLLECTORS


def test_the_scan_only_reads_and_declares_every_call(planted) -> None:
    from tierguard.scanner.sources.account import collect_accounts
    from tierguard.scanner.sources.account.collector import iam_action
    from tierguard.scanner.sources.account.policy import declared_calls, scan_policy
    from tierguard.scanner.sources.account.readonly import is_read_only

    collection = collect_accounts(AccountOptions(regions=["us-east-1", "eu-west-1"], skip=MOTO_GAPS), LAB)
    made = {(service, operation) for service, operation, _ in collection.calls.counts}
    assert made, "the call log recorded nothing"
    assert all(is_read_only(s, o) for s, o in made), made
    assert made <= declared_calls(), made - declared_calls()
    shipped = json.loads((REPO / "iam" / "tierguard-scan-policy.json").read_text())
    assert shipped == scan_policy()
    allowed = set(shipped["Statement"][0]["Action"])
    assert {iam_action(s, o) for s, o in made if (s, o) != ("sts", "AssumeRole")} <= allowed


def test_a_mutating_call_is_refused_before_it_is_sent(aws) -> None:
    from tierguard.scanner.sources.account.readonly import MutatingCallRefused
    from tierguard.scanner.sources.account.session import CallLog, open_session

    calls = CallLog()
    session = open_session(None, "us-east-1", calls)
    before = len(aws.client("ec2").describe_vpcs()["Vpcs"])
    with pytest.raises(MutatingCallRefused, match="ec2:CreateVpc"):
        session.client("ec2", "us-east-1").create_vpc(CidrBlock="10.9.0.0/16")
    with pytest.raises(MutatingCallRefused, match="secretsmanager:GetSecretValue"):
        session.client("secretsmanager", "us-east-1").get_secret_value(SecretId="anything")
    assert len(aws.client("ec2").describe_vpcs()["Vpcs"]) == before  # nothing reached the server
    assert ("ec2", "CreateVpc", "us-east-1") not in calls.counts


def test_one_unreachable_endpoint_marks_the_scan_incomplete(aws, monkeypatch) -> None:
    from .conftest import free_loopback_port

    build_compliant_lab(aws)
    monkeypatch.setenv("AWS_ENDPOINT_URL_ELASTICACHE", f"http://127.0.0.1:{free_loopback_port()}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    result = _scan(checkov=False)
    assert result.exit_code == 3
    gaps = [e for e in result.errors if "elasticache" in e.message]
    assert gaps and all(e.kind == "incomplete" and e.where == "123456789012/us-east-1" for e in gaps)
    assert "endpoint unreachable" in gaps[0].message
    assert _failing(result) == []  # everything else was scanned, and is compliant


def test_roles_in_several_accounts(aws) -> None:
    roles = ["arn:aws:iam::111111111111:role/tierguard-scan", "arn:aws:iam::222222222222:role/tierguard-scan"]
    result = _scan(role_arns=roles, checkov=False)
    assert sorted(result.account_scan.accounts) == ["111111111111", "222222222222"]
    missing = sorted(f.subject.account for f in _failing(result) if f.category.value == "missing-budget")
    assert missing == ["111111111111", "222222222222"]


def test_export_templates_writes_one_file_per_account_and_region(planted, workdir: Path) -> None:
    run = run_tierguard("account", "--regions", "us-east-1,eu-west-1", "--export-templates", "live",
                        *[arg for gap in MOTO_GAPS for arg in ("--skip", gap)], cwd=workdir)
    assert run.code == 1, run.output
    files = sorted(p.name for p in (workdir / "live").iterdir())
    assert "123456789012-us-east-1.template.json" in files and "123456789012-global.template.json" in files
    template = json.loads((workdir / "live" / "123456789012-us-east-1.template.json").read_text())
    kinds = {body["Type"] for body in template["Resources"].values()}
    assert "AWS::EC2::SecurityGroup" in kinds
    assert all(body["Metadata"]["tierguard:physical-id"] for body in template["Resources"].values())
    assert run.report["scan"]["mode"] == "account"
    assert any(f["resource"]["arn"] for f in run.report["findings"])
