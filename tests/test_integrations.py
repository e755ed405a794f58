"""The shipped integrations, run the way their hosts run them: pre-commit hooks, the GitHub Action's
run step, the example workflows' command lines, the CDK policy-validation plugin, the OIDC role."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tierguard.scanner.sources.account.policy import github_oidc_role_template, scan_policy

from .conftest import REPO, run_tierguard, variant

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "200"}


# --- GitHub Action -------------------------------------------------------------------------------

def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text())


def test_action_is_a_composite_whose_steps_use_only_declared_inputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text()
    used = set(re.findall(r"inputs\.([a-z0-9-]+)", text))
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step.get("shell") == "bash"
            assert "${{ inputs." not in step["run"]  # inputs reach scripts through env, never spliced in
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
    uses = {step["uses"].split("@")[0] for step in action["runs"]["steps"] if "uses" in step}
    assert "github/codeql-action/upload-sarif" in uses
    assert os.access(REPO / "integrations" / "github" / "gate.sh", os.X_OK)


def _gate(tmp_path: Path, **inputs: str) -> tuple[dict[str, str], str]:
    """Run the action's gate step as the runner would: TG_* env, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY."""
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text("")
    env = {**ENV, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary),
           **{f"TG_{k.upper()}": v for k, v in inputs.items()}}
    done = subprocess.run(["bash", str(REPO / "integrations" / "github" / "gate.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # the step itself never fails: the last step does
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return values, summary.read_text() if summary.exists() else ""


def test_action_gate_step_writes_outputs_summary_and_sarif(tmp_path) -> None:
    values, summary = _gate(tmp_path, paths=str(variant("ssh-open")), args="--runtime-hours 72")
    assert values["exit-code"] == "1" and int(values["failing"]) >= 1
    assert float(values["monthly-usd"]) > 30
    sarif = json.loads((tmp_path / values["sarif"]).read_text())
    assert any(r["ruleId"] == "TG-SG-001" for r in sarif["runs"][0]["results"])
    assert "tierguard templates scan" in summary and "TG-SG-001" in summary


def test_action_gate_step_with_a_baseline_passes_known_findings(tmp_path) -> None:
    base = tmp_path / "baseline.json"
    run_tierguard("templates", str(variant("ssh-open")), "--write-baseline", str(base), cwd=tmp_path)
    values, summary = _gate(tmp_path, paths=str(variant("ssh-open")), baseline=str(base), max_cost_increase="1")
    assert values["exit-code"] == "0" and values["failing"] == "0", summary
    assert "Since the baseline" in summary


def test_action_gate_step_reports_input_errors(tmp_path) -> None:
    values, summary = _gate(tmp_path, paths="missing-cdk.out")
    assert values["exit-code"] == "2"
    assert "missing-cdk.out" in summary


# --- example workflows -------------------------------------------------------------------------------

def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / "examples" / "github" / name).read_text())


def _tierguard_commands(workflow: dict) -> list[list[str]]:
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "").replace("\\\n", " ")
            commands += [shlex.split(line.strip()) for line in script.splitlines() if line.strip().startswith("tierguard ")]
    return commands


def test_nightly_workflow_assumes_a_role_with_oidc_and_runs_a_valid_scan() -> None:
    workflow = _workflow("tierguard-nightly.yml")
    assert workflow["permissions"]["id-token"] == "write"
    steps = workflow["jobs"]["scan"]["steps"]
    credentials = next(s for s in steps if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@"))
    assert "role-to-assume" in credentials["with"] and "aws-access-key-id" not in credentials["with"]
    commands = _tierguard_commands(workflow)
    assert commands and all("--history" in c for c in commands)
    for command in commands:  # every option exists: click rejects unknown ones before --help exits
        check = subprocess.run(command + ["--help"], env=ENV, capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stderr


def test_gate_workflow_uses_the_action_with_its_inputs() -> None:
    workflow = _workflow("tierguard-gate.yml")
    assert workflow["permissions"]["security-events"] == "write"
    step = next(s for s in workflow["jobs"]["gate"]["steps"] if "tierguard" in s.get("uses", ""))
    assert set(step["with"]) <= set(_action()["inputs"])


# --- OIDC role for the nightly scan -----------------------------------------------------------------

def test_oidc_role_template_is_generated_and_grants_only_the_scan(workdir) -> None:
    shipped = json.loads((REPO / "iam" / "github-oidc-role.template.json").read_text())
    assert shipped == github_oidc_role_template()
    role = shipped["Resources"]["ScanRole"]["Properties"]
    assert role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"] == scan_policy()["Statement"][0]["Action"]
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]  # one repository only
    run = run_tierguard("templates", str(REPO / "iam" / "github-oidc-role.template.json"), cwd=workdir)
    failing = {f["rule_id"] for f in run.report["findings"] if f["status"] == "fail"}
    assert failing == {"TG-BUD-001"}, failing  # no budget in a role-only template; nothing else


# --- CDK policy-validation plugin ---------------------------------------------------------------------

NODE = shutil.which("node")


def _validate(templates: list[Path], **props) -> dict:
    script = (
        "const { TierguardValidator } = require(process.argv[1]);"
        "const report = new TierguardValidator(JSON.parse(process.argv[2]))"
        ".validate({ templatePaths: JSON.parse(process.argv[3]) });"
        "process.stdout.write(JSON.stringify(report));"
    )
    done = subprocess.run([NODE, "-e", script, str(REPO / "integrations" / "cdk"), json.dumps(props),
                           json.dumps([str(t) for t in templates])],
                          env={**ENV, "TIERGUARD": str(BIN / "tierguard")}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_cdk_plugin_fails_the_synth_on_failing_findings() -> None:
    templates = sorted(variant("ssh-open").glob("*.template.json"))
    report = _validate(templates, args=["--runtime-hours", "72"], checkov=False)
    assert report["success"] is False
    ssh = [v for v in report["violations"] if v["ruleName"] == "TG-SG-001"]
    assert ssh and ssh[0]["severity"] == "error" and "tcp/22" in ssh[0]["description"]
    resource = ssh[0]["violatingResources"][0]
    assert resource["constructPath"] == "SecurityStack/EcsSecurityGroup/Resource"
    assert resource["templatePath"].endswith("SecurityStack.template.json") and resource["resourceLogicalId"]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_cdk_plugin_passes_a_compliant_app() -> None:
    report = _validate(sorted(variant("compliant").glob("*.template.json")), args=["--runtime-hours", "72"],
                       checkov=False)
    assert report["success"] is True
    assert all(v["severity"] != "error" for v in report["violations"])
    assert float(report["metadata"]["estimatedMonthlyUsd"]) > 0


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_cdk_plugin_says_when_tierguard_is_missing() -> None:
    report = _validate(sorted(variant("compliant").glob("*.template.json")), command="/nonexistent/tierguard")
    assert report["success"] is False
    assert "is not installed" in report["violations"][0]["description"]
