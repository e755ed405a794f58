"""Hostile and careless input (issue 15): never a silent pass, a hang, a crash, a leak or a write
outside the output folder. Each test reproduces one reported input, plus shapes of our own."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .conftest import run_tierguard

OPEN_SSH_AND_NAT = """
Resources:
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}
"""


def _failing(run) -> set[str]:
    return {f["rule_id"] for f in run.report["findings"] if f["status"] == "fail"}


# --- 1. inline suppressions apply to their own resource, matched literally ----------------------

@pytest.mark.parametrize("logical_id", ["'*'", "'?sh'", "'[SN]*'"])
def test_an_inline_suppression_on_a_resource_named_like_a_glob_silences_only_itself(tmp_path, logical_id) -> None:
    template = tmp_path / "stack.yaml"
    template.write_text(OPEN_SSH_AND_NAT + f"""
  {logical_id}:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      tierguard:
        suppress:
          - {{rule: "*", reason: x}}
""")
    run = run_tierguard("templates", str(template), "--no-checkov", "--no-cfn-lint", cwd=tmp_path)
    assert run.code == 1, run.output
    assert {"TG-SG-001", "TG-NAT-001"} <= _failing(run)


def test_an_inline_suppression_still_silences_its_own_resource(tmp_path) -> None:
    template = tmp_path / "stack.yaml"
    template.write_text(OPEN_SSH_AND_NAT.replace(
        "    Type: AWS::EC2::NatGateway\n",
        "    Type: AWS::EC2::NatGateway\n    Metadata: {tierguard: {suppress: [{rule: TG-NAT-001, reason: egress test}]}}\n"))
    run = run_tierguard("templates", str(template), "--no-checkov", "--no-cfn-lint", cwd=tmp_path)
    statuses = {f["rule_id"]: f["status"] for f in run.report["findings"]}
    assert statuses["TG-NAT-001"] == "suppressed" and statuses["TG-SG-001"] == "fail"


# --- 2. unreadable files and folders are input errors, never skipped ----------------------------

needs_modes = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _project_with_an_unreadable(tmp_path: Path, what: str) -> tuple[Path, Path]:
    project = tmp_path / "infra"
    project.mkdir()
    (project / "budget.yaml").write_text(OPEN_SSH_AND_NAT)
    if what == "file":
        hidden = project / "secret-stack.yaml"
        hidden.write_text(OPEN_SSH_AND_NAT)
    else:
        hidden = project / "locked"
        hidden.mkdir()
        (hidden / "stack.yaml").write_text(OPEN_SSH_AND_NAT)
    hidden.chmod(0)
    return project, hidden


@needs_modes
@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_template_or_folder_is_named_and_fails_the_run(tmp_path, what) -> None:
    project, hidden = _project_with_an_unreadable(tmp_path, what)
    try:
        run = run_tierguard("templates", str(project), "--no-checkov", "--no-cfn-lint", cwd=tmp_path,
                            honour_file_modes=True)
    finally:
        hidden.chmod(stat.S_IRWXU)
    assert run.code == 2, run.output
    assert "internal error" not in run.output and "Traceback" not in run.output
    errors = run.report["scan"]["errors"]
    assert any(hidden.name in e["where"] and "cannot be read" in e["message"] for e in errors), errors
    assert {"TG-SG-001", "TG-NAT-001"} <= _failing(run)  # the readable template is still judged


@needs_modes
def test_an_unreadable_folder_given_as_target_is_one_error(tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.yaml").write_text(OPEN_SSH_AND_NAT)
    locked.chmod(0)
    try:
        run = run_tierguard("templates", str(locked), "--no-checkov", "--no-cfn-lint", cwd=tmp_path,
                            honour_file_modes=True)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert run.code == 2, run.output
    assert [e["message"] for e in run.report["scan"]["errors"]] == [
        "folder cannot be read (Permission denied); its templates are not checked"]


# --- 5. only regular files are read ---------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_fifo_named_like_a_template_is_named_not_read(tmp_path) -> None:
    project = tmp_path / "infra"
    project.mkdir()
    (project / "stack.yaml").write_text(OPEN_SSH_AND_NAT)
    os.mkfifo(project / "pipe.yaml")
    run = run_tierguard("templates", str(project), "--no-checkov", "--no-cfn-lint", cwd=tmp_path, timeout=60)
    assert run.code == 2, run.output
    assert any("pipe.yaml" in e["where"] and "not a regular file" in e["message"] for e in run.report["scan"]["errors"])
    assert "TG-SG-001" in _failing(run)
    explicit = run_tierguard("templates", str(project / "pipe.yaml"), "--no-checkov", "--no-cfn-lint", cwd=tmp_path,
                             timeout=60)
    assert explicit.code == 2 and "not a regular file" in explicit.output
