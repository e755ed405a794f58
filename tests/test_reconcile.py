"""Templates against the live account (`account --templates`), against moto_server over HTTP."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from tierguard.scanner.demo.lab import build_compliant_lab

from .conftest import MOTO_GAPS, TEMPLATES, run_tierguard, variant

SKIP_GAPS = tuple(arg for gap in MOTO_GAPS for arg in ("--skip", gap))
LAB_TEMPLATE = TEMPLATES / "reconcile" / "tierguard-lab.yaml"


def _by_rule(report: dict, rule_id: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == rule_id]


def _cfn_yaml(path: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: {
        f"Fn::{suffix}" if suffix != "Ref" else "Ref": loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node)})
    return yaml.load(path.read_text(), Loader=Loader)


def test_console_made_lab_is_unaccounted_for(aws, workdir) -> None:
    """The seed's phase 1: everything clicked together, no stack deployed."""
    lab = build_compliant_lab(aws)
    run = run_tierguard("account", "--templates", str(variant("compliant")), "--no-checkov", *SKIP_GAPS, cwd=workdir)
    assert run.code == 1, run.output
    leftovers = {f["resource"]["arn"]: f for f in _by_rule(run.report, "TG-LEFT-002")}
    assert lab.ids["alb"] in leftovers and lab.ids["service"] in leftovers
    assert all(f["status"] == "fail" and f["monthly_usd"] > 0 for f in leftovers.values())
    assert "no template and no CloudFormation stack accounts for it" in leftovers[lab.ids["alb"]]["message"]
    not_deployed = _by_rule(run.report, "TG-DEP-001")
    assert {f["resource"]["stack"] for f in not_deployed} == {"NetworkStack", "SecurityStack", "ComputeStack",
                                                              "AppStack", "BudgetStack"}
    assert all(f["severity"] == "info" and "is not deployed in us-east-1" in f["message"] for f in not_deployed)
    assert run.report["account_scan"]["reconciled_templates"] == [str(variant("compliant"))]


def test_stack_resources_are_accounted_for_and_undeployed_ones_listed(aws, workdir) -> None:
    deployed = _cfn_yaml(LAB_TEMPLATE)
    del deployed["Resources"]["SpareAddress"]  # the template grew after the last deploy
    cloudformation = aws.client("cloudformation")
    cloudformation.create_stack(StackName="tierguard-lab", TemplateBody=json.dumps(deployed))
    stack_ip = next(r["PhysicalResourceId"] for r in cloudformation.list_stack_resources(StackName="tierguard-lab")
                    ["StackResourceSummaries"] if r["LogicalResourceId"] == "Address")
    console = aws.client("ec2").allocate_address(Domain="vpc")

    run = run_tierguard("account", "--templates", str(LAB_TEMPLATE), "--no-checkov", *SKIP_GAPS, cwd=workdir)
    leftovers = _by_rule(run.report, "TG-LEFT-002")
    assert [f["resource"]["arn"].rsplit("/", 1)[-1] for f in leftovers] == [console["AllocationId"]]
    assert leftovers[0]["monthly_usd"] == 3.65 and leftovers[0]["severity"] == "high"
    unattached = {f["resource"]["arn"].rsplit("/", 1)[-1] for f in _by_rule(run.report, "TG-EIP-001")}
    assert console["AllocationId"] in unattached and len(unattached) == 2  # the stack's address is also idle
    stack_address = [f for f in run.report["findings"] if stack_ip in json.dumps(f)]
    assert not [f for f in stack_address if f["rule_id"] == "TG-LEFT-002"]

    not_deployed = _by_rule(run.report, "TG-DEP-001")
    assert len(not_deployed) == 1
    assert "lacks 1 resource(s) of its template: SpareAddress" in not_deployed[0]["message"]  # not ProdOnlyAddress


def test_without_templates_nothing_is_reconciled(aws, workdir) -> None:
    aws.client("ec2").allocate_address(Domain="vpc")
    run = run_tierguard("account", "--no-checkov", *SKIP_GAPS, cwd=workdir)
    assert not _by_rule(run.report, "TG-LEFT-002") and not _by_rule(run.report, "TG-DEP-001")
    assert _by_rule(run.report, "TG-EIP-001")


def test_a_broken_template_is_named_and_the_scan_goes_on(aws, workdir) -> None:
    aws.client("ec2").allocate_address(Domain="vpc")
    (workdir / "broken.yaml").write_text("Resources: [unclosed\n")
    run = run_tierguard("account", "--templates", "broken.yaml", "--templates", str(LAB_TEMPLATE), "--no-checkov",
                        *SKIP_GAPS, cwd=workdir)
    assert run.code == 2
    assert "broken.yaml" in run.output and "Traceback" not in run.output
    assert _by_rule(run.report, "TG-LEFT-002") and _by_rule(run.report, "TG-DEP-001")
