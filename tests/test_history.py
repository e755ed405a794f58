"""Scan history for scheduled account scans, against moto_server over HTTP, through the CLI as cron runs it."""
from __future__ import annotations

import json
from pathlib import Path

from tierguard.scanner.demo.lab import MOTO_ACCOUNT, build_compliant_lab

from .conftest import MOTO_GAPS, run_tierguard

SKIP_GAPS = tuple(arg for gap in MOTO_GAPS for arg in ("--skip", gap))
SCAN = ("account", "--history", "history", "--no-checkov", *SKIP_GAPS)


def _kept(workdir: Path) -> list[str]:
    return sorted(p.name for p in (workdir / "history").iterdir() if not p.name.startswith("."))  # not the lock


def _lab_config(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text("runtime_hours = 72\n")  # the compliant lab passes over a 72 h lab


def test_history_reports_what_changed_between_scans(aws, workdir) -> None:
    lab = build_compliant_lab(aws)
    _lab_config(workdir)
    first = run_tierguard(*SCAN, cwd=workdir)
    assert first.code == 0, first.output
    assert first.stdout == "" and first.stderr == ""  # cron: nothing to mail when all is well
    assert first.report["history"]["previous_scan"] is None and "drift" not in first.report
    assert len(_kept(workdir)) == 1

    # overnight, someone adds a NAT gateway and opens SSH on the tasks' group
    ec2 = aws.client("ec2")
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=lab.ids["subnet-public-a"], AllocationId=allocation)["NatGateway"]["NatGatewayId"]
    ec2.authorize_security_group_ingress(GroupId=lab.ids["ecs_sg"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    second = run_tierguard(*SCAN, "--max-cost-increase", "5", cwd=workdir)
    assert second.code == 1, second.output
    assert "Since the previous scan" in second.stdout  # a failing night is mailed
    drift = second.report["drift"][0]
    assert drift["kind"] == "previous-scan" and drift["resolved"] == 0
    # the NAT gateway also takes the 72-hour lab over its 5 USD budget
    assert {f["rule_id"] for f in drift["new_findings"]} == {"TG-NAT-001", "TG-SG-001", "TG-DRIFT-001", "TG-OVB-001"}
    nat_arn = f"arn:aws:ec2:us-east-1:{MOTO_ACCOUNT}:natgateway/{nat}"
    changes = {i["resource"]: i for i in drift["cost_items"]}
    assert any(i["after"] == 32.85 and i["before"] == 0 for i in changes.values()), changes
    assert drift["cost_delta"] >= 32.85
    assert [f["status"] for f in second.report["findings"] if f["resource"]["arn"] == nat_arn] == ["fail"]

    # the NAT gateway is deleted; the SSH rule stays: still failing, the history accepts nothing
    ec2.delete_nat_gateway(NatGatewayId=nat)
    ec2.release_address(AllocationId=allocation)
    third = run_tierguard(*SCAN, "--history-keep", "2", cwd=workdir)
    assert third.code == 1, third.output
    drift = third.report["drift"][0]
    assert {f["rule_id"] for f in drift["resolved_findings"]} == {"TG-NAT-001", "TG-DRIFT-001", "TG-OVB-001"}
    assert drift["new"] == 0 and drift["cost_delta"] <= -32.85
    ssh = [f for f in third.report["findings"] if f["rule_id"] == "TG-SG-001"]
    assert [f["status"] for f in ssh] == ["fail"]
    kept = _kept(workdir)
    assert len(kept) == 2 and all(name.startswith("tierguard-") and name.endswith(".json") for name in kept)
    newest = json.loads((workdir / "history" / kept[-1]).read_text())
    assert newest["schema"] == "tierguard/report@1" and newest["drift"][0]["resolved"] == 3


def test_unreadable_history_is_skipped_and_named(aws, workdir) -> None:
    build_compliant_lab(aws)
    _lab_config(workdir)
    assert run_tierguard(*SCAN, cwd=workdir).code == 0
    assert run_tierguard(*SCAN, cwd=workdir).code == 0
    oldest, newest = _kept(workdir)
    (workdir / "history" / newest).write_text('{"schema": "tierguard/report@1", "findings"')  # a disk ran full
    run = run_tierguard(*SCAN, cwd=workdir)
    assert run.code == 2  # bad input, said in one line; the comparison fell back to the scan before
    assert f"{newest}: not a readable baseline" in run.output
    assert run.report["history"]["previous_scan"].endswith(oldest)
    assert run.report["drift"][0]["new"] == 0 and "Traceback" not in run.output


def test_history_options_need_each_other(workdir) -> None:
    run = run_tierguard("account", "--history-keep", "3", cwd=workdir)
    assert run.code == 2 and "--history-keep needs --history DIR" in run.stderr
