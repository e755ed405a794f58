"""checkov and cfn-lint inside the gate: merged, offline, silent, isolated from bad templates."""
from __future__ import annotations

import json
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from tierguard.scanner.config import Config
from tierguard.scanner.gate import Engines, scan_templates
from tierguard.scanner.model import Engine, Status

from .conftest import TEMPLATES, run_tierguard, variant

LAB = Config(runtime_hours=Decimal("72"))


@pytest.fixture(scope="module")
def ssh_open():
    return scan_templates([str(variant("ssh-open"))], LAB)


def test_ssh_open_is_one_finding_with_both_ids(ssh_open) -> None:
    on_group = [
        f for f in ssh_open.findings
        if f.subject.logical_id and f.subject.logical_id.startswith("EcsSecurityGroup") and f.category.value == "open-ingress"
    ]
    assert len(on_group) == 1
    [finding] = on_group
    assert finding.rule_id == "TG-SG-001" and finding.check_id == "CKV_AWS_24"
    assert finding.source is Engine.TIERGUARD and finding.status is Status.FAIL
    assert not [f for f in ssh_open.findings if f.rule_id == "CKV_AWS_24"]
    assert ssh_open.engines.keys() == {"checkov", "cfn-lint"}


def test_cost_raising_hardening_is_shown_but_not_failing(ssh_open) -> None:
    insights = [f for f in ssh_open.findings if f.check_id == "CKV_AWS_65"]
    assert insights and insights[0].status is Status.BELOW_THRESHOLD
    assert "adds cost" in insights[0].message and insights[0].severity.value == "info"


@pytest.mark.parametrize("name", ["compliant", "compliant-exports"])
def test_compliant_app_exits_0_with_all_engines(name: str) -> None:
    result = scan_templates([str(variant(name))], LAB)
    assert result.errors == []
    assert [f for f in result.findings if f.status is Status.FAIL] == []
    assert result.exit_code == 0
    sources = {f.source for f in result.findings}
    assert Engine.CHECKOV in sources  # checkov did run: its hardening notes are in the report


def test_admin_task_role_collects_every_iam_check_in_one_finding() -> None:
    result = scan_templates([str(variant("admin-task-role"))], LAB)
    iam = [f for f in result.findings if f.category.value == "iam-overpermission"]
    assert len(iam) == 1
    assert {"CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_110"} <= set(iam[0].ids)


def test_http_forward_merges_checkov_https_checks_into_plain_http() -> None:
    result = scan_templates([str(variant("http-forward"))], LAB)
    [plain] = [f for f in result.findings if f.category.value == "plain-http"]
    assert {"TG-HTTP-001", "CKV_AWS_2", "CKV_AWS_103"} <= set(plain.ids)
    [port80] = [f for f in result.findings if f.rule_id == "TG-SG-001"]
    assert "CKV_AWS_260" in port80.ids


def test_checkov_skip_and_inline_suppressions(tmp_path: Path) -> None:
    result = scan_templates([str(TEMPLATES / "engines" / "skips.yaml")], LAB)
    [ssh] = [f for f in result.findings if f.subject.logical_id == "SshAccepted" and f.category.value == "open-ingress"]
    assert ssh.status is Status.SUPPRESSED and "CKV_AWS_24" in ssh.ids
    assert ssh.suppression["reason"] == "bastion for the workshop, closed on Friday"
    # the expired inline suppression no longer applies, and says so
    [rdp] = [f for f in result.findings if f.subject.logical_id == "RdpExpired" and f.category.value == "open-ingress"]
    assert rdp.status is Status.FAIL and "CKV_AWS_25" in rdp.ids
    [expired] = [f for f in result.findings if f.rule_id == "TG-SUP-001"]
    assert "expired on 2020-01-31" in expired.message and expired.subject.line == 16  # the resource's line


def test_cdk_add_metadata_suppressions_apply() -> None:
    nat = scan_templates([str(variant("nat-suppressed"))], LAB)
    [finding] = [f for f in nat.findings if f.rule_id == "TG-NAT-001"]
    assert finding.status is Status.SUPPRESSED and "egress test" in finding.suppression["reason"]
    assert [f.rule_id for f in nat.findings if f.status is Status.FAIL] == ["TG-OVB-001"]  # it still costs
    accepted = scan_templates([str(variant("port80-accepted"))], LAB)
    [port80] = [f for f in accepted.findings if f.category.value == "open-ingress"]
    assert port80.status is Status.SUPPRESSED and "CKV_AWS_260" in port80.ids
    assert accepted.exit_code == 0


def test_inline_suppression_without_reason_is_an_input_error(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(textwrap.dedent("""\
        Resources:
          Nat:
            Type: AWS::EC2::NatGateway
            Metadata: {tierguard: {suppress: [{rule: TG-NAT-001}]}}
            Properties: {SubnetId: subnet-0123456789abcdef0}
    """))
    result = scan_templates([str(template)], LAB, Engines(checkov=False, cfnlint=False))
    assert result.exit_code == 2
    assert "the inline suppression of TG-NAT-001 needs a reason" in result.errors[0].message
    assert [f.status for f in result.findings if f.rule_id == "TG-NAT-001"] == [Status.FAIL]


def test_cfn_lint_errors_are_template_errors_with_lines() -> None:
    result = scan_templates([str(TEMPLATES / "engines" / "lint_errors.yaml")], LAB)
    lint = [f for f in result.findings if f.source is Engine.CFN_LINT]
    by_resource = {f.subject.logical_id: f for f in lint if f.severity.value == "high"}
    assert set(by_resource) == {"Topic", "Queue"}
    assert all(f.category.value == "template-error" for f in lint)
    assert by_resource["Queue"].subject.line == 11 and by_resource["Queue"].subject.file.endswith("lint_errors.yaml")
    assert result.exit_code == 1


def test_unparsable_template_is_reported_once(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  A:\n    Type: [unclosed\n")
    result = scan_templates([str(broken)], LAB)
    mentioning = [f for f in result.findings if f.subject.file and f.subject.file.endswith("broken.yaml")]
    assert [(f.rule_id, f.category.value) for f in mentioning] == [("TG-TPL-001", "template-error")]
    assert result.exit_code == 2


def test_a_template_that_crashes_checkov_does_not_lose_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"Resources": {"Odd": {"Type": ["AWS::SNS::Topic"]}, "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": 5}}}}))
    shutil.copy(variant("ssh-open") / "SecurityStack.template.json", tmp_path / "SecurityStack.template.json")
    result = scan_templates([str(tmp_path)], LAB)
    [ssh] = [f for f in result.findings if f.rule_id == "TG-SG-001"]
    assert "CKV_AWS_24" in ssh.ids  # checkov's result for the good template survived
    assert any(e.where.endswith("bad.json:2") or e.where.endswith("bad.json") for e in result.errors)


def test_nothing_but_the_summary_reaches_the_terminal(workdir: Path) -> None:
    run = run_tierguard("templates", str(variant("rds")), cwd=workdir)
    assert run.code == 1
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0].startswith("tierguard templates")
    assert not [line for line in lines if "checkov" in line.lower() or "warning" in line.lower() or "Traceback" in line]


def test_no_network_is_used(workdir: Path, tmp_path: Path) -> None:
    """Every process of the gate runs with sockets that refuse anything but loopback."""
    guard = tmp_path / "guard"
    guard.mkdir()
    attempts = tmp_path / "attempts.log"
    (guard / "sitecustomize.py").write_text(textwrap.dedent(f"""\
        import socket
        _connect = socket.socket.connect
        def _refuse(self, address):
            host = address[0] if isinstance(address, tuple) else str(address)
            if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
                with open({str(attempts)!r}, "a") as log:
                    log.write(repr(address) + "\\n")
                raise OSError("network disabled in this test")
            return _connect(self, address)
        socket.socket.connect = _refuse
        _getaddrinfo = socket.getaddrinfo
        def _no_dns(host, *args, **kwargs):
            if host not in ("127.0.0.1", "::1", "localhost", None):
                with open({str(attempts)!r}, "a") as log:
                    log.write("dns " + repr(host) + "\\n")
                raise OSError("network disabled in this test")
            return _getaddrinfo(host, *args, **kwargs)
        socket.getaddrinfo = _no_dns
    """))
    run = run_tierguard("templates", str(variant("ssh-open")), cwd=workdir, env={"PYTHONPATH": str(guard)})
    assert run.code == 1, run.output
    assert "CKV_AWS_24" in json.dumps(run.report)
    assert not attempts.exists(), attempts.read_text()
