"""Hostile and careless input (issue 15): never a silent pass, a hang, a crash, a leak or a write
outside the output folder. Each test reproduces one reported input, plus shapes of our own."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
import yaml

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


def _quick(*args: str, cwd: Path, **kw):
    return run_tierguard("templates", *args, "--no-checkov", "--no-cfn-lint", cwd=cwd, **kw)


def _neighbour(folder: Path) -> None:
    """A template beside the hostile one: its finding must survive whatever the other does."""
    (folder / "neighbour.yaml").write_text(OPEN_SSH_AND_NAT)


# --- 3. YAML aliases cannot stand for billions of values ----------------------------------------

def _alias_bomb(levels: int, fan_out: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * fan_out)}]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fan_out)}]")
    return "\n".join(lines) + f"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {{Tags: *a{levels - 1}}}\n"


@pytest.mark.parametrize("text, says", [
    (_alias_bomb(10), "through YAML aliases"),                       # the reported 551-byte bomb
    (_alias_bomb(24, fan_out=2), "through YAML aliases"),           # deep and narrow: 2**24 values
    ("a: &a [*a]\nResources: {T: {Type: AWS::SNS::Topic, Properties: {Tags: *a}}}\n", "refers to itself"),
])
def test_a_yaml_alias_bomb_is_an_input_error_within_seconds(tmp_path, text, says) -> None:
    _neighbour(tmp_path)
    (tmp_path / "bomb.yaml").write_text(text)
    run = _quick(str(tmp_path), cwd=tmp_path, timeout=60)
    assert run.code == 2, run.output
    [error] = [e for e in run.report["scan"]["errors"] if "bomb.yaml" in e["where"]]
    assert says in error["message"]
    assert "TG-SG-001" in _failing(run) and "Traceback" not in run.output


@pytest.mark.parametrize("ingress", [
    "[*world]",                             # an anchor used as it is
    "[{<<: *https, FromPort: 22, ToPort: 22}]",  # a merge key whose values are overridden, as YAML allows
])
def test_yaml_anchors_and_merge_keys_of_a_normal_size_still_work(tmp_path, ingress) -> None:
    (tmp_path / "stack.yaml").write_text(f"""
World: &world {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}}
Https: &https {{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}}
Resources:
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress: {ingress}
""")
    run = _quick(str(tmp_path / "stack.yaml"), cwd=tmp_path)
    assert "TG-SG-001" in _failing(run), run.output


# --- 4. intrinsic expansion is bounded ---------------------------------------------------------------

def test_a_huge_fn_cidr_count_is_not_generated(tmp_path) -> None:
    _neighbour(tmp_path)
    (tmp_path / "cidr.yaml").write_text("""
Resources:
  Wide:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: wide
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIpv6: !Select [0, !Cidr ["::/0", 1000000000000, 1]]
""")
    run = _quick(str(tmp_path), cwd=tmp_path, timeout=60)
    assert run.report is not None and "TG-SG-001" in _failing(run), run.output
    wide = [f for f in run.report["findings"] if f["resource"]["logical_id"] == "Wide"]
    assert wide and "Fn::Cidr count 1000000000000" in json.dumps(wide), wide  # said, never judged safe


def test_nested_foreach_loops_are_bounded_and_named(tmp_path) -> None:
    items = ", ".join(f"i{n}" for n in range(60))
    loop = "{name}: [X{level}, [{items}], {{{body}}}]"
    body = "'Topic${X0}${X1}${X2}${X3}': {Type: AWS::SNS::Topic}"
    for level in reversed(range(4)):
        body = loop.format(name=f"'Fn::ForEach::L{level}'", level=level, items=items, body=body)
    (tmp_path / "loops.yaml").write_text(f"Transform: AWS::LanguageExtensions\nResources: {{{body}}}\n")
    _neighbour(tmp_path)
    run = _quick(str(tmp_path), cwd=tmp_path, timeout=120)
    assert run.code == 2, run.output
    [error] = [e for e in run.report["scan"]["errors"] if "loops.yaml" in e["where"]]
    assert "generates more than" in error["message"] and "Fn::ForEach::L0" in error["message"]
    assert "TG-SG-001" in _failing(run)


# --- 7. what used to crash the whole run -----------------------------------------------------------

def test_a_template_nested_too_deeply_is_named(tmp_path) -> None:
    _neighbour(tmp_path)
    deep = {"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"Tags": json.loads("[" * 600 + "]" * 600)}}}}
    (tmp_path / "deep.json").write_text(json.dumps(deep))
    run = _quick(str(tmp_path), cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert any("nested more than" in e["message"] for e in run.report["scan"]["errors"] if "deep.json" in e["where"])
    assert "TG-SG-001" in _failing(run)


@pytest.mark.parametrize("name, text", [
    ("key.json", '{"Resources": {"Sg\\ud800": {"Type": "AWS::SNS::Topic"}}}'),
    ("value.json", '{"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "x\\udfff"}}}}'),
    ("key.yaml", 'Resources:\n  "Sg\\ud800":\n    Type: AWS::SNS::Topic\n'),
])
def test_text_that_is_not_unicode_is_named(tmp_path, name, text) -> None:
    _neighbour(tmp_path)
    (tmp_path / name).write_text(text)
    run = _quick(str(tmp_path), "--format", "json,html,md,sarif,junit", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert any("Unicode" in e["message"] for e in run.report["scan"]["errors"] if name in e["where"])
    assert "TG-SG-001" in _failing(run)


def test_keys_written_twice_are_an_input_error_even_without_cfn_lint(tmp_path) -> None:
    (tmp_path / "twice.yaml").write_text(OPEN_SSH_AND_NAT.replace("  Nat:", "  Ssh:"))
    as_json = {"Resources": {"Ssh": {"Type": "AWS::SNS::Topic"}}}
    (tmp_path / "twice.json").write_text(json.dumps(as_json)[:-2] + ', "Ssh": {"Type": "AWS::SNS::Topic"}}}')
    run = _quick(str(tmp_path), cwd=tmp_path)
    assert run.code == 2, run.output
    messages = {e["where"].split("/")[-1]: e["message"] for e in run.report["scan"]["errors"]}
    assert "key 'Ssh' twice" in messages["twice.yaml"] and "lines 3 and 9" in messages["twice.yaml"]
    assert "key 'Ssh' twice" in messages["twice.json"]


# --- 8. a terminal that cannot show Unicode ------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_is_not_utf8_gets_plain_text_and_the_true_exit_code(tmp_path, encoding) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    run = _quick(str(tmp_path / "topic.yaml"), "--fail-on", "critical", cwd=tmp_path,
                 env={"PYTHONIOENCODING": encoding})
    assert run.code == 0, run.output
    assert "PASS" in run.stdout and "·" not in run.stdout and "Traceback" not in run.output


# --- 9. nothing is written outside the output folder, nothing read outside the scanned one -----------------

def test_a_link_planted_at_a_report_file_is_replaced_not_followed(tmp_path) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    reports = tmp_path / "tierguard-report"
    reports.mkdir()
    for name in ("tierguard.html", "tierguard.json", "tierguard.sarif"):
        (reports / name).symlink_to(outside)
    run = _quick(str(tmp_path / "topic.yaml"), "--format", "json,html,sarif", cwd=tmp_path)
    assert run.code == 1, run.output
    assert outside.read_text() == "precious"
    assert not any((reports / name).is_symlink() for name in ("tierguard.html", "tierguard.json", "tierguard.sarif"))


@pytest.mark.parametrize("option", ["--output-dir", "--write-baseline"])
def test_an_output_folder_that_is_a_link_is_refused(tmp_path, option) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    target = "linked" if option == "--output-dir" else "linked/baseline.json"
    run = _quick(str(tmp_path / "topic.yaml"), option, target, cwd=tmp_path)
    assert run.code == 2 and "symbolic link" in run.output, run.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("field, value", [("templateFile", "../../../../../../etc/hostname"),
                                          ("templateFile", "/etc/hostname"),
                                          ("directoryName", "../../..")])
def test_a_cdk_manifest_cannot_point_outside_the_assembly(tmp_path, field, value) -> None:
    assembly = tmp_path / "cdk.out"
    assembly.mkdir()
    (assembly / "App.template.json").write_text(json.dumps(yaml.safe_load(OPEN_SSH_AND_NAT)))
    artifacts = {"App": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                         "properties": {"templateFile": "App.template.json"}}}
    if field == "templateFile":
        artifacts["Evil"] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": value}}
    else:
        artifacts["Evil"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": value}}
    (assembly / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": artifacts}))
    run = _quick(str(assembly), cwd=tmp_path)
    assert run.code == 2, run.output
    assert any("outside the cloud assembly" in e["message"] for e in run.report["scan"]["errors"])
    assert "TG-SG-001" in _failing(run)
    assert "hostname" not in json.dumps(run.report["scan"]["targets"])


def test_a_nested_stack_cannot_point_outside_its_folder(tmp_path) -> None:
    project = tmp_path / "infra"
    project.mkdir()
    (tmp_path / "secret.yaml").write_text(OPEN_SSH_AND_NAT)
    (project / "parent.yaml").write_text(OPEN_SSH_AND_NAT + """
  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: ../secret.yaml}
""")
    run = _quick(str(project / "parent.yaml"), cwd=tmp_path)
    assert run.code == 2, run.output
    assert any("outside the folder of its parent template" in e["message"] for e in run.report["scan"]["errors"])
    assert not any("secret" in json.dumps(f["resource"]) for f in run.report["findings"])


@pytest.mark.parametrize("regions", ["../../tmp/x", "us-east-1,../x"])
def test_region_names_are_checked_before_they_become_paths(tmp_path, regions) -> None:
    run = run_tierguard("account", "--regions", regions, "--export-templates", "out", cwd=tmp_path,
                        env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "AWS_CONFIG_FILE": os.devnull})
    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert not (tmp_path / "out").exists() and not Path("/tmp/x").exists()


def test_an_account_id_that_is_not_12_digits_is_refused_before_it_names_a_file() -> None:
    import boto3
    from botocore.stub import Stubber

    from tierguard.scanner.sources.account.session import AccountSession, CallLog, CredentialsProblem, identify

    session = AccountSession(boto3.Session(aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"),
                             CallLog())
    client = session.client("sts", "us-east-1")
    with Stubber(client) as stub:
        stub.add_response("get_caller_identity", {"Account": "../../../../tmp/x", "Arn": "arn:aws:iam::1:user/x",
                                                  "UserId": "x"})
        with pytest.raises(CredentialsProblem, match="not 12 digits"):
            identify(session, "us-east-1")


# --- 10. input text cannot inject markup or terminal control into any format ---------------------------------

HOSTILE_ID = "Sg\\e]0;owned\\a\\e[2J\\e[31mRed\\x01\\x0b"


def test_control_characters_never_reach_the_terminal_or_break_the_junit_xml(tmp_path) -> None:
    import xml.etree.ElementTree as ET

    (tmp_path / "stack.yaml").write_text(f"""
Resources:
  "{HOSTILE_ID}":
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: "\\e[2J"
      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}}]
      Tags: [{{Key: "\\e]8;;https://evil.example\\a", Value: "\\x9b31m"}}]
""")
    run = _quick(str(tmp_path / "stack.yaml"), "--format", "json,junit,md,sarif,html", cwd=tmp_path)
    assert run.code == 1, run.output
    assert not any(c in run.stdout for c in "\x1b\x07\x01\x0b\x9b"), repr(run.stdout)
    junit = (tmp_path / "tierguard-report" / "tierguard.junit.xml").read_bytes()
    cases = ET.fromstring(junit).iter("testcase")
    assert any("TG-SG-001" in case.get("name", "") for case in cases)


def test_markdown_renders_no_link_image_or_mention_from_input() -> None:
    from tierguard.reports.markdown_report import md

    text = md("[click](https://evil.example) ![x](https://evil.example/p.png) @admin www.evil.example *bold* |")
    assert "](" not in text.replace("\\](", "") and "![" not in text.replace("\\!\\[", "")
    assert "@admin" not in text and "://evil" not in text and "www.evil" not in text
    assert "*bold*" not in text and " | " not in text.replace("\\|", "")


def test_markdown_report_neutralizes_a_hostile_file_name(tmp_path) -> None:
    import re

    name = "[click](https:evil.example) @admin ![i](x).yaml"
    (tmp_path / name).write_text("Resources: [broken")
    run = _quick(str(tmp_path / name), "--format", "json,md", cwd=tmp_path)
    assert run.code == 2, run.output
    text = (tmp_path / "tierguard-report" / "tierguard.md").read_text()
    prose = re.sub(r"`[^`\n]*`", "", text)  # code spans render literally: no link, image or mention there
    assert "[click](" not in prose and "![i](" not in prose and "@admin" not in prose
    assert "\\[click\\](https:evil.example)" in prose


# --- 11. the read-only guard allows exactly the declared calls ----------------------------------------------

@pytest.mark.parametrize("service, operation", [
    ("ssm", "GetParameterHistory"), ("sts", "GetSessionToken"), ("redshift", "GetClusterCredentials"),
    ("ec2", "GetPasswordData"), ("ecr", "GetAuthorizationToken"), ("lightsail", "GetInstanceAccessDetails"),
    ("ec2", "DescribeVolumes"),  # a harmless read, but not one the scan declares
    ("ec2", "CreateVpc"),
])
def test_the_read_only_guard_refuses_what_no_collector_declares(service, operation) -> None:
    from tierguard.scanner.sources.account.readonly import is_read_only

    assert not is_read_only(service, operation)


def test_the_read_only_guard_allows_every_declared_read_and_the_credential_calls() -> None:
    from tierguard.scanner.sources.account.policy import declared_calls
    from tierguard.scanner.sources.account.readonly import CREDENTIAL_CALLS, is_read_only, looks_like_a_read

    assert all(is_read_only(s, o) for s, o in declared_calls() | CREDENTIAL_CALLS)
    assert all(looks_like_a_read(s, o) for s, o in declared_calls() if (s, o) not in CREDENTIAL_CALLS)


def test_an_undeclared_secret_read_is_refused_before_it_is_sent(aws) -> None:
    from tierguard.scanner.sources.account.readonly import MutatingCallRefused
    from tierguard.scanner.sources.account.session import CallLog, open_session

    aws.client("ssm").put_parameter(Name="db", Value="hunter2", Type="SecureString")
    calls = CallLog()
    session = open_session(None, "us-east-1", calls)
    with pytest.raises(MutatingCallRefused, match="ssm:GetParameterHistory"):
        session.client("ssm", "us-east-1").get_parameter_history(Name="db", WithDecryption=True)
    assert not any(op == "GetParameterHistory" for _, op, _ in calls.counts)


# --- 12. history: ordered by recorded time, unique names, a locked folder ------------------------------------

def _result_at(started):
    from tierguard.scanner.config import Config
    from tierguard.scanner.model import Inventory, ScanMode
    from tierguard.scanner.result import ScanResult

    return ScanResult(mode=ScanMode.ACCOUNT, targets=["123456789012:us-east-1"], started=started, duration_s=0.0,
                      config=Config(), inventory=Inventory())


def _report_file(folder: Path, started) -> Path:
    from tierguard.reports.json_report import render

    path = folder / f"report-{started:%Y%m%dT%H%M%S%f}.json"
    path.write_text(render(_result_at(started)))
    return path


def test_history_orders_by_recorded_time_and_a_stray_file_deletes_nothing(tmp_path) -> None:
    import datetime as dt

    from tierguard.scanner.history import History

    kept = tmp_path / "history"
    kept.mkdir()
    (kept / "tierguard-21000101T000000Z.json").write_text("{}")  # a stray file that sorts last by name
    first = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)
    history = History(kept, keep=2)
    for day in range(3):
        started = first + dt.timedelta(days=day)
        history.record(_report_file(tmp_path, started), _result_at(started))
    names = sorted(p.name for p in kept.glob("tierguard-*.json"))
    assert names == ["tierguard-20261102T030000Z.json", "tierguard-20261103T030000Z.json",
                     "tierguard-21000101T000000Z.json"]  # the stray is named, never deleted nor used
    again = History(kept, keep=2)
    previous = again.previous()
    assert previous is not None and previous[0].name == "tierguard-20261103T030000Z.json"
    assert any("tierguard-21000101T000000Z.json" in why for why in again.unreadable)


def test_a_scan_recorded_in_the_future_is_not_the_previous_scan(tmp_path) -> None:
    import datetime as dt

    from tierguard.scanner.history import History

    kept = tmp_path / "history"
    kept.mkdir()
    now = dt.datetime.now(dt.timezone.utc)
    real = _report_file(tmp_path, now - dt.timedelta(days=1))
    (kept / "tierguard-20000101T000000Z.json").write_text(_report_file(tmp_path, now + dt.timedelta(days=400)).read_text())
    History(kept).record(real, _result_at(now - dt.timedelta(days=1)))
    history = History(kept)
    previous = history.previous()
    assert previous is not None and previous[0].name != "tierguard-20000101T000000Z.json"
    assert any("in the future" in why for why in history.unreadable)


def test_concurrent_scans_into_one_history_folder_each_keep_their_report(tmp_path) -> None:
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from tierguard.scanner.history import History

    kept = tmp_path / "history"
    started = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)  # the same second for all eight
    reports = [_report_file(tmp_path, started + dt.timedelta(microseconds=n)) for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        written = list(pool.map(lambda r: History(kept).record(r, _result_at(started)), reports))
    assert len(set(written)) == 8 and all(p.is_file() for p in written)
    assert sorted(p.read_text() for p in written) == sorted(r.read_text() for r in reports)
    assert not list(kept.glob("*.partial")) and not list(kept.glob(".*.partial"))


# --- 13. numbers: never negative, NaN or infinite ----------------------------------------------------------

@pytest.mark.parametrize("hours", ["-1", "nan", "inf", "1e300", "0"])
def test_runtime_hours_out_of_range_are_a_usage_error(tmp_path, hours) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    run = _quick(str(tmp_path / "topic.yaml"), f"--runtime-hours={hours}", cwd=tmp_path)
    assert run.code == 2 and "--runtime-hours must be more than 0" in run.stderr, run.output
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("setting, says", [
    ("runtime_hours = 1e300", "runtime_hours must be more than 0"),
    ("runtime_hours = nan", "runtime_hours must be more than 0"),
    ("budget_usd = inf", "budget_usd must be zero or more"),
    ("allowed_public_ports = [22.7]", "22.7 is not a port number"),
    ("allowed_public_ports = [true]", "True is not a port number"),
    ("time_limit_minutes = 0", "time_limit_minutes must be more than 0"),
    ("max_workers = 0", "max_workers must be a whole number from 1 to 256, not 0"),
    ("processes = 65", "processes must be a whole number from 1 to 64, not 65"),
    ("processes = true", "processes must be a whole number from 1 to 64, not True"),
    ('max_workers = "8"', "max_workers must be a whole number from 1 to 256, not '8'"),
])
def test_config_numbers_out_of_range_are_one_line_errors(tmp_path, setting, says) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    (tmp_path / "tierguard.toml").write_text(setting + "\n")
    run = _quick(str(tmp_path / "topic.yaml"), cwd=tmp_path)
    assert run.code == 2 and says in run.stderr, run.output


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e309", "-5"])
def test_a_baseline_with_an_impossible_amount_is_named(tmp_path, amount) -> None:
    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    baseline = tmp_path / "baseline.json"
    assert _quick(str(tmp_path / "topic.yaml"), "--write-baseline", str(baseline), cwd=tmp_path).code == 1
    data = json.loads(baseline.read_text())
    text = json.dumps(data).replace('"total_monthly_usd": 0', f'"total_monthly_usd": {amount}', 1)
    assert text != json.dumps(data)
    baseline.write_text(text)
    run = _quick(str(tmp_path / "topic.yaml"), "--baseline", str(baseline), "--max-cost-increase", "1", cwd=tmp_path)
    assert run.code == 2 and "baseline.json" in run.stderr and "Traceback" not in run.output, run.output


def test_reports_never_hold_nan_or_infinity(tmp_path) -> None:
    def strict(name):
        raise ValueError(name)

    (tmp_path / "topic.yaml").write_text(OPEN_SSH_AND_NAT)
    run = _quick(str(tmp_path / "topic.yaml"), "--runtime-hours", "0.001", "--format", "json,sarif", cwd=tmp_path)
    assert run.code == 1
    for name in ("tierguard.json", "tierguard.sarif"):
        json.loads((tmp_path / "tierguard-report" / name).read_text(), parse_constant=strict)


# --- 14. small things -------------------------------------------------------------------------------------

def test_a_closed_pipe_keeps_the_verdict(tmp_path) -> None:
    import subprocess

    (tmp_path / "topic.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    tierguard = Path(sys.executable).with_name("tierguard")
    for args in (["templates", "topic.yaml", "--no-checkov", "--no-cfn-lint", "--fail-on", "critical"], ["rules"]):
        script = f"'{tierguard}' {' '.join(args)} | head -c 10 >/dev/null; echo \"${{PIPESTATUS[0]}}\""
        done = subprocess.run(script, shell=True, executable="/bin/bash", cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "200"}, timeout=120)
        expected = 0  # a clean template at --fail-on critical passes; `rules` always does
        assert done.stdout.strip() == str(expected), done.stdout + done.stderr
        assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("arn", ["bogus", "arn:aws:iam::12:role/x", "arn:aws:s3:::bucket"])
def test_a_malformed_role_arn_is_a_usage_error(tmp_path, arn) -> None:
    run = run_tierguard("account", "--role-arn", arn, cwd=tmp_path,
                        env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "AWS_CONFIG_FILE": os.devnull})
    assert run.code == 2 and "--role-arn" in run.stderr, run.output


def test_an_empty_path_is_not_the_current_folder(tmp_path) -> None:
    (tmp_path / "stack.yaml").write_text(OPEN_SSH_AND_NAT)
    run = _quick("", cwd=tmp_path)
    assert run.code == 2 and "empty path" in run.output
    assert not any(f["rule_id"] == "TG-SG-001" for f in (run.report or {"findings": []})["findings"])


# --- 6. a hanging endpoint: an overall time limit, and Ctrl-C, each stop within seconds with a partial report ---

def _skips() -> list[str]:
    from .conftest import MOTO_GAPS

    return [a for gap in MOTO_GAPS for a in ("--skip", gap)]


@pytest.mark.parametrize("fault", ["hang", "trickle"])
def test_the_time_limit_ends_a_scan_stuck_on_an_endpoint(aws, moto_server, tmp_path, fault) -> None:
    import time

    from .conftest import aws_environment
    from .fault_proxy import FaultProxy

    aws.client("ec2").create_security_group(GroupName="ssh", Description="ssh")
    with FaultProxy(moto_server, faults={"DescribeNatGateways": fault}) as proxy:
        began = time.monotonic()
        run = run_tierguard("account", "--no-checkov", *_skips(), "--time-limit", "0.25", cwd=tmp_path,
                            env=aws_environment(proxy.endpoint), timeout=120)
        took = time.monotonic() - began
    assert took < 60, took  # 15 s of limit, then out: never the calls' own retries and timeouts
    assert run.report is not None and run.report["scan"]["complete"] is False, run.output
    assert run.code == 1  # the account's missing budget fails; the gap is named
    gaps = [e["message"] for e in run.report["scan"]["errors"]]
    assert any("not finished (the scan's time limit of 15 s was reached)" in m for m in gaps), gaps
    assert run.report["account_scan"]["collectors_run"] > 10 and run.report["summary"]["resources"] > 0  # kept


def test_ctrl_c_stops_a_stuck_scan_within_seconds_and_writes_the_partial_report(aws, moto_server, tmp_path) -> None:
    import signal
    import subprocess
    import time

    from .conftest import aws_environment
    from .fault_proxy import FaultProxy

    with FaultProxy(moto_server, faults={"DescribeNatGateways": "hang"}) as proxy:
        tierguard = Path(sys.executable).with_name("tierguard")
        process = subprocess.Popen([str(tierguard), "account", "--no-checkov", *_skips()], cwd=tmp_path,
                                   env={**os.environ, **aws_environment(proxy.endpoint)},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while proxy.seen.get("DescribeNatGateways", 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        process.send_signal(signal.SIGINT)
        began = time.monotonic()
        stdout, stderr = process.communicate(timeout=60)
        took = time.monotonic() - began
    assert took < 10, took
    assert "writing what was read so far" in stderr and "Traceback" not in stderr, stderr
    report = json.loads((tmp_path / "tierguard-report" / "tierguard.json").read_text())
    assert report["scan"]["complete"] is False
    assert any("not finished (interrupted)" in e["message"] for e in report["scan"]["errors"])
    assert process.returncode in (1, 3), stdout + stderr


# --- 7. garbage from the endpoint, credentials that expire mid-scan ---------------------------------------------

@pytest.mark.parametrize("fault, says", [("garbage", "not a valid AWS response"), ("expired", "credentials stopped working")])
def test_a_broken_answer_is_a_named_gap_and_keeps_the_rest(aws, moto_server, tmp_path, fault, says) -> None:
    from .conftest import aws_environment
    from .fault_proxy import FaultProxy

    aws.client("ec2").create_security_group(GroupName="web", Description="web")
    with FaultProxy(moto_server, faults={"DescribeNatGateways": fault}) as proxy:
        run = run_tierguard("account", "--no-checkov", *_skips(), "--max-workers", "1", cwd=tmp_path,
                            env={**aws_environment(proxy.endpoint), "AWS_MAX_ATTEMPTS": "1"}, timeout=300)
    assert run.report is not None and run.report["scan"]["complete"] is False, run.output
    assert any(says in e["message"] for e in run.report["scan"]["errors"]), run.report["scan"]["errors"]
    assert "Traceback" not in run.output and "internal error" not in run.output
    assert len(run.output) < 20_000  # no byte dump
    assert run.report["summary"]["resources"] > 0  # what was read before, or beside, is kept


def test_a_link_in_a_scanned_folder_to_a_file_outside_is_listed_not_read(tmp_path) -> None:
    project = tmp_path / "infra"
    project.mkdir()
    (tmp_path / "private.yaml").write_text(OPEN_SSH_AND_NAT)
    (project / "linked.yaml").symlink_to(tmp_path / "private.yaml")
    (project / "stack.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    run = _quick(str(project), cwd=tmp_path)
    assert not any(f["rule_id"] == "TG-SG-001" for f in run.report["findings"]), run.output
    assert any("linked.yaml" in s["file"] and "outside the folder" in s["reason"] for s in run.report["scan"]["skipped"])


def test_a_nested_stack_whose_template_is_missing_is_named(tmp_path) -> None:
    (tmp_path / "parent.yaml").write_text("""
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: child.yaml}
""")
    run = _quick(str(tmp_path / "parent.yaml"), "--fail-on", "critical", cwd=tmp_path)
    assert run.code == 3, run.output  # nothing failed in what was read, but the child was not judged
    assert any("child.yaml" in e["message"] and "does not exist" in e["message"] for e in run.report["scan"]["errors"])
