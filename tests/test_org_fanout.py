"""Organization scans fanned out on engines the user already runs: the GitHub Actions matrix example
(its shard and merge steps run as the runner runs them), the AWS Batch helper (shard and merge against
moto_server's S3 and Organizations), the generated AWS templates (tierguard's own gate and cfn-lint) and
the Dockerfile (checked structurally and replayed step by step: this machine has no Docker engine)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import boto3
import pytest
import yaml

from tierguard.scanner.sources.account.shipped_templates import (
    batch_template,
    member_role_template,
    member_stackset_template,
    read_statement,
    state_machine_definition,
)

from .conftest import BIN, ENV, MOTO_GAPS, REPO, aws_environment, run_tierguard, start_moto_server
from .org_lab import build_organization

SKIPS = " ".join(f"--skip {gap}" for gap in MOTO_GAPS)
HELPER = REPO / "integrations" / "aws" / "tierguard_batch.py"
SHIPPED = {
    "iam/tierguard-member-role.template.json": member_role_template,
    "iam/tierguard-member-roles.stackset.template.json": member_stackset_template,
    "integrations/aws/tierguard-batch.template.json": batch_template,
}


@pytest.fixture(scope="module")
def organization():
    """A moto_server of its own with two ACTIVE members, each with an SSH port open to the world."""
    process, endpoint = start_moto_server()
    try:
        yield endpoint, build_organization(endpoint, members=2)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _step(workflow: dict, job: str, name: str) -> dict:
    return next(s for s in workflow["jobs"][job]["steps"] if s.get("name") == name)


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


# --- the GitHub Actions matrix ------------------------------------------------------------------------

def test_organization_workflow_shards_then_merges_into_one_failing_report(organization, tmp_path) -> None:
    endpoint, lab = organization
    workflow = yaml.safe_load((REPO / "examples" / "github" / "tierguard-organization.yml").read_text())
    shards = workflow["jobs"]["scan"]["strategy"]["matrix"]["shard"]
    assert workflow["jobs"]["scan"]["strategy"]["fail-fast"] is False
    assert workflow["jobs"]["merge"]["if"] == "always()" and workflow["jobs"]["merge"]["needs"] == "scan"
    scan = _step(workflow, "scan", "Scan this shard's accounts")
    assert scan["env"]["SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    script = scan["run"].replace("--quiet", f"--quiet --no-checkov {SKIPS}")
    env = {**ENV, **aws_environment(endpoint)}
    artifacts = tmp_path / "shards"
    for shard in shards:  # each matrix job in a fresh work tree; the upload step keeps its tierguard.json
        tree = tmp_path / f"runner-{shard}"
        tree.mkdir()
        done = _bash(script, tree, {**env, "SHARD": f"{shard}/{len(shards)}"})
        assert done.returncode == 0, done.stdout + done.stderr
        (artifacts / f"tierguard-shard-{shard}").mkdir(parents=True)
        shutil.copy(tree / "tierguard-report" / "tierguard.json", artifacts / f"tierguard-shard-{shard}")
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text("")
    merge = _step(workflow, "merge", "Merge into one report")
    done = _bash(merge["run"], tmp_path, {**ENV, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "exit-code=1" in outputs.read_text()  # the planted SSH groups fail the merged run
    report = json.loads((tmp_path / "tierguard-report" / "tierguard.json").read_text())
    assert sorted(report["account_scan"]["accounts"]) == sorted([lab.caller, *lab.members])
    assert report["scan"]["complete"] is True
    assert all(lab.ssh_groups[m][0] in summary.read_text() or m in summary.read_text() for m in lab.members)
    assert (tmp_path / "tierguard-report" / "tierguard.sarif").is_file()


def test_organization_workflow_merge_names_a_shard_that_wrote_nothing(organization, tmp_path) -> None:
    endpoint, _ = organization
    workflow = yaml.safe_load((REPO / "examples" / "github" / "tierguard-organization.yml").read_text())
    script = _step(workflow, "scan", "Scan this shard's accounts")["run"].replace("--quiet", f"--quiet --no-checkov {SKIPS}")
    (tmp_path / "shards" / "tierguard-shard-1").mkdir(parents=True)
    done = _bash(script, tmp_path, {**ENV, **aws_environment(endpoint), "SHARD": "1/3"})
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copy(tmp_path / "tierguard-report" / "tierguard.json", tmp_path / "shards" / "tierguard-shard-1")
    shutil.rmtree(tmp_path / "tierguard-report")
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text("")
    done = _bash(_step(workflow, "merge", "Merge into one report")["run"], tmp_path,
                 {**ENV, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)})
    # shard 1 holds findings, so the merged run fails with 1 (SPEC: 1 outranks 3) and names what is missing
    assert "exit-code=1" in outputs.read_text(), done.stdout + done.stderr
    assert "shard 2/3, 3/3 of 3 was not merged" in done.stdout
    assert "2/3, 3/3" in summary.read_text()


def test_organization_workflow_scan_step_fails_when_no_report_was_written(tmp_path) -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github" / "tierguard-organization.yml").read_text())
    script = _step(workflow, "scan", "Scan this shard's accounts")["run"]
    done = _bash(script, tmp_path, {**ENV, "SHARD": "5/4"})  # a usage error: no report
    assert done.returncode == 2 and "wrote no report for shard 5/4" in done.stdout


# --- the AWS Batch helper ------------------------------------------------------------------------------

def _batch_env(endpoint: str, bucket: str, run_id: str, shards: int) -> dict[str, str]:
    return {**ENV, **aws_environment(endpoint), "TIERGUARD_BUCKET": bucket, "TIERGUARD_RUN_ID": run_id,
            "TIERGUARD_SHARDS": str(shards), "TIERGUARD_MEMBER_ROLE": "tierguard-scan",
            "TIERGUARD_ARGUMENTS": f"--no-checkov {SKIPS}"}


def _helper(step: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "python"), str(HELPER), step], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def _s3(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def test_batch_shards_upload_and_the_merge_writes_one_report_set(organization, tmp_path) -> None:
    endpoint, lab = organization
    s3 = _s3(endpoint)
    s3.create_bucket(Bucket="tierguard-reports-a")
    try:
        for index in range(2):  # AWS Batch numbers array children from 0
            done = _helper("shard", {**_batch_env(endpoint, "tierguard-reports-a", "run-1", 2),
                                     "AWS_BATCH_JOB_ARRAY_INDEX": str(index)}, tmp_path)
            assert done.returncode == 0, done.stdout + done.stderr
            assert f"shard {index + 1}/2 (exit 1)" in done.stdout  # a failing report is still uploaded
        done = _helper("merge", _batch_env(endpoint, "tierguard-reports-a", "run-1", 2), tmp_path)
        assert done.returncode == 1, done.stdout + done.stderr  # the planted SSH groups fail the run
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket="tierguard-reports-a")["Contents"]}
        assert {"runs/run-1/shards/shard-0001-of-0002.json", "runs/run-1/shards/shard-0002-of-0002.json",
                "runs/run-1/report/tierguard.json", "runs/run-1/report/tierguard.html",
                "latest/tierguard.json", "latest/tierguard.md"} <= keys
        merged = json.loads(s3.get_object(Bucket="tierguard-reports-a", Key="latest/tierguard.json")["Body"].read())
        assert sorted(merged["account_scan"]["accounts"]) == sorted([lab.caller, *lab.members])
        assert merged["scan"]["complete"] is True
    finally:
        for obj in s3.list_objects_v2(Bucket="tierguard-reports-a").get("Contents", []):
            s3.delete_object(Bucket="tierguard-reports-a", Key=obj["Key"])
        s3.delete_bucket(Bucket="tierguard-reports-a")


def test_batch_merge_is_incomplete_when_a_shard_is_missing(organization, tmp_path) -> None:
    endpoint, _ = organization
    s3 = _s3(endpoint)
    s3.create_bucket(Bucket="tierguard-reports-b")
    try:
        env = _batch_env(endpoint, "tierguard-reports-b", "run-2", 3)
        assert _helper("shard", {**env, "AWS_BATCH_JOB_ARRAY_INDEX": "0"}, tmp_path).returncode == 0
        done = _helper("merge", env, tmp_path)
        # shard 1 holds findings: the merge fails with 1 (SPEC: 1 outranks 3), and says what it lacks
        assert done.returncode == 1 and "shard 2/3, 3/3 of 3 was not merged" in done.stdout, done.stdout + done.stderr
        merged = json.loads(s3.get_object(Bucket="tierguard-reports-b", Key="runs/run-2/report/tierguard.json")["Body"].read())
        assert merged["scan"]["complete"] is False
        assert any("2/3" in e["message"] for e in merged["scan"]["errors"])
        # no shard at all: named, incomplete
        done = _helper("merge", {**env, "TIERGUARD_RUN_ID": "run-none"}, tmp_path)
        assert done.returncode == 3 and "no shard reports under" in done.stderr
    finally:
        for obj in s3.list_objects_v2(Bucket="tierguard-reports-b").get("Contents", []):
            s3.delete_object(Bucket="tierguard-reports-b", Key=obj["Key"])
        s3.delete_bucket(Bucket="tierguard-reports-b")


@pytest.mark.parametrize("change, message", [
    ({"TIERGUARD_BUCKET": ""}, "TIERGUARD_BUCKET is not set"),
    ({"TIERGUARD_RUN_ID": "../../etc"}, "is not a plain name"),
    ({"AWS_BATCH_JOB_ARRAY_INDEX": "4"}, "must be below TIERGUARD_SHARDS"),
])
def test_batch_helper_names_a_wrong_environment_in_one_line(change, message, tmp_path) -> None:
    env = {**_batch_env("http://127.0.0.1:9", "b", "run", 4), **change}
    done = _helper("shard", env, tmp_path)
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [f"tierguard-batch: {done.stderr.strip()[17:]}"]
    assert message in done.stderr


# --- the shipped templates -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SHIPPED))
def test_shipped_template_is_generated(path) -> None:
    assert json.loads((REPO / path).read_text()) == SHIPPED[path]()


@pytest.mark.parametrize("path", sorted(SHIPPED))
def test_shipped_template_passes_cfn_lint(path) -> None:
    done = subprocess.run([str(BIN / "cfn-lint"), str(REPO / path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", ["iam/tierguard-member-role.template.json", "iam/tierguard-member-roles.stackset.template.json"])
def test_member_role_templates_fail_only_for_want_of_a_budget(path, workdir) -> None:
    run = run_tierguard("templates", str(REPO / path), cwd=workdir)
    failing = {f["rule_id"] for f in run.report["findings"] if f["status"] == "fail"}
    assert failing == {"TG-BUD-001"}, failing  # a role-only template has no budget; nothing else


def test_batch_template_passes_its_own_gate(tmp_path) -> None:
    """Dogfood: run from its folder, as the README says; its tierguard.toml only waives the budget (which
    lives in the account's own stack) with a reason."""
    folder = tmp_path / "aws"
    shutil.copytree(REPO / "integrations" / "aws", folder)
    run = run_tierguard("templates", "tierguard-batch.template.json", "--format", "json", cwd=folder)
    assert run.code == 0, run.output
    assert [f["rule_id"] for f in run.report["findings"] if f["status"] == "suppressed"] == ["TG-BUD-001"]
    assert run.report["scan"]["complete"] is True


def test_member_roles_trust_only_the_scanning_principal_and_only_read() -> None:
    role = member_role_template()["Resources"]["ScanRole"]["Properties"]
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"AWS": {"Ref": "ScanningPrincipalArn"}} and trust["Action"] == "sts:AssumeRole"
    assert role["Policies"] == [{"PolicyName": "tierguard-read-only-scan",
                                 "PolicyDocument": {"Version": "2012-10-17", "Statement": [read_statement()]}}]
    stackset = member_stackset_template()["Resources"]["MemberRoles"]["Properties"]
    assert stackset["PermissionModel"] == "SERVICE_MANAGED" and stackset["AutoDeployment"]["Enabled"] is True
    assert json.loads(stackset["TemplateBody"]) == member_role_template()


def test_batch_jobs_get_least_privilege() -> None:
    resources = batch_template()["Resources"]

    def actions(role: str) -> set[str]:
        found = set()
        for policy in resources[role]["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                assert statement["Effect"] == "Allow"
                listed = statement["Action"]
                found.update([listed] if isinstance(listed, str) else listed)
        return found

    # beyond the scan's declared reads (checked read-only in test_account_scan) and the member list: two writes
    beyond_reads = actions("ShardJobRole") - set(read_statement()["Action"])
    assert beyond_reads == {"organizations:ListAccounts", "sts:AssumeRole", "s3:PutObject"}
    assert actions("MergeJobRole") == {"s3:ListBucket", "s3:GetObject", "s3:PutObject"}
    assert actions("ScheduleRole") == {"states:StartExecution"}
    group = resources["JobSecurityGroup"]["Properties"]
    assert "SecurityGroupIngress" not in group and [r["FromPort"] for r in group["SecurityGroupEgress"]] == [443]
    # the array job's children find their shard from AWS_BATCH_JOB_ARRAY_INDEX; the merge runs even after a failure
    states = state_machine_definition()["States"]
    assert states["Shards"]["Parameters"]["ArrayProperties"] == {"Size.$": "States.StringToJson('${Shards}')"}
    assert states["Shards"]["Catch"][0]["Next"] == "Merge" and states["Merge"]["End"] is True


# --- the container image -------------------------------------------------------------------------------

def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) for every instruction of the Dockerfile, continuation lines joined."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_dockerfile_runs_tierguard_from_the_wheel_as_a_non_root_user() -> None:
    instructions = _dockerfile()
    stages = [args.split()[-1] for op, args in instructions if op == "FROM"]
    assert stages == ["wheel", "runtime", "batch", "tierguard"]  # the last stage is what `docker build .` gives
    final = instructions[max(i for i, (op, _) in enumerate(instructions) if op == "FROM"):]
    assert ("ENTRYPOINT", '["tierguard"]') in final
    assert ("USER", "10001:10001") in instructions
    runtime = instructions[instructions.index(next(i for i in instructions if i[0] == "FROM" and i[1].endswith("runtime"))):]
    runtime = runtime[:[op for op, _ in runtime].index("FROM", 1)]
    assert [args for op, args in runtime if op == "COPY"] == ["--from=wheel /wheels /wheels"]  # only the wheel enters
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".git", ".venv", "**/node_modules"} <= set(ignored)


@pytest.mark.skipif(shutil.which("docker") is None or subprocess.run(["docker", "info"], capture_output=True).returncode != 0,
                    reason="no Docker engine on this machine")
def test_the_image_builds_and_runs_the_demo(tmp_path) -> None:
    tag = "tierguard-test:latest"
    subprocess.run(["docker", "build", "-q", "-t", tag, str(REPO)], check=True, timeout=1800)
    done = subprocess.run(["docker", "run", "--rm", "--network", "none", tag, "demo"], capture_output=True, text=True, timeout=900)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Scan incomplete" not in done.stdout
    assert subprocess.run(["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"], capture_output=True,
                          text=True).stdout.strip() == "10001"
