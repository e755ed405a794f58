"""Scanning an AWS Organization: every member through its role, shards that cover it once, and
`tierguard merge` of the shards' reports. moto_server serves Organizations and cross-account
AssumeRole (an assumed role's keys reach that account's resources); the problems are planted through
each member's own credentials. The one denied AssumeRole comes from the fault proxy."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tierguard.scanner.sources.account.session import ScanSetupError
from tierguard.scanner.sources.account.targets import AccountTarget, Shard, role_target, shard_targets

from .conftest import MOTO_GAPS, aws_environment, run_tierguard, start_moto_server
from .fault_proxy import FaultProxy
from .org_lab import build_organization

SKIPS = [arg for gap in MOTO_GAPS for arg in ("--skip", gap)]


@pytest.fixture(scope="module")
def organization():
    """A moto_server of its own (the organization is built once, the tests only read), with three
    ACTIVE members and one closed one."""
    process, endpoint = start_moto_server()
    try:
        yield endpoint, build_organization(endpoint, members=3, suspended=1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _scan(endpoint: str, workdir: Path, *args: str, output: str = "tierguard-report"):
    return run_tierguard("account", "--organization", "--no-checkov", *SKIPS, "--output-dir", output, *args,
                         cwd=workdir, env=aws_environment(endpoint))


def _accepting(workdir: Path, *settings: str) -> str:
    """A configuration under which the planted problems do not fail the run (so that exit 3 shows)."""
    path = workdir / "accepting.toml"
    path.write_text("".join(f"{line}\n" for line in settings) + 'fail_on = "critical"\n[[suppress]]\nrule = "TG-SG-001"\nresource = "*"\nreason = "planted by the test"\n')
    return str(path)


def _fingerprints(report: dict) -> dict[str, str]:
    return {f["fingerprint"]: f["status"] for f in report["findings"]}


def _accounts(report: dict) -> list[str]:
    return report["account_scan"]["accounts"]


@pytest.fixture(scope="module")
def whole_run(organization, tmp_path_factory):
    endpoint, _ = organization
    workdir = tmp_path_factory.mktemp("whole")
    return _scan(endpoint, workdir, "--format", "json,html,md"), workdir


def test_every_member_is_scanned_and_each_finding_is_under_its_account(organization, whole_run) -> None:
    _, lab = organization
    run, workdir = whole_run
    assert run.code == 1, run.output
    report = run.report
    # the closed account is left out; the accounts are listed as planned (caller first, members by id), not
    # in the order they happened to finish, so two runs give the same report
    assert _accounts(report) == [lab.caller, *lab.members]
    assert [target.split(":")[0] for target in report["scan"]["targets"]] == [lab.caller, *lab.members]
    for member in lab.members:
        [arn] = lab.ssh_groups[member]
        found = [f for f in report["findings"] if f["resource"]["arn"] == arn and f["category"] == "open-ingress"]
        assert found and all(f["resource"]["account"] == member for f in found), member
        # budgets are judged per account: each member has none
        assert any(f["rule_id"] == "TG-BUD-001" and f["resource"]["account"] == member for f in report["findings"])
    lines = {line["account"]: line for line in report["accounts"]}
    assert set(lines) == {lab.caller, *lab.members}
    assert all(lines[m]["complete"] and lines[m]["by_severity"]["high"] >= 1 and lines[m]["name"].startswith("sandbox-")
               for m in lab.members)
    assert report["scan"]["complete"] is True
    # the per-account table is in every format and in the terminal
    for name in ("tierguard.html", "tierguard.md"):
        text = (workdir / "tierguard-report" / name).read_text()
        assert all(member in text for member in lab.members), name
    assert all(member in run.stdout for member in lab.members)


def test_a_member_whose_role_cannot_be_assumed_is_named_and_nothing_else_is_lost(organization, whole_run, workdir) -> None:
    endpoint, lab = organization
    denied = lab.members[1]
    with FaultProxy(endpoint, faults={"AssumeRole": "denied"}, only_if={"AssumeRole": denied}) as proxy:
        run = _scan(proxy.endpoint, workdir, "--config", _accepting(workdir))
    assert run.code == 3, run.output  # nothing failed in what was scanned; the scan is incomplete
    report = run.report
    assert report["scan"]["complete"] is False
    [error] = [e for e in report["scan"]["errors"] if denied in e["where"]]
    assert "sts:AssumeRole" in error["message"] and "access denied" in error["message"] and "tierguard-scan" in error["message"]
    line = next(line for line in report["accounts"] if line["account"] == denied)
    assert line["complete"] is False and line["by_severity"]["high"] == 0
    # the others are all there: same findings as the whole run, minus the denied account's
    others = {f["fingerprint"] for f in whole_run[0].report["findings"] if f["resource"]["account"] != denied}
    assert others == {f["fingerprint"] for f in report["findings"]}
    assert denied in run.output and "Traceback" not in run.output
    assert f"in {len(lab.members)} accounts (1 not reached), 1 region" in run.stdout  # the header says what it covered


@pytest.mark.parametrize("count", [2, 3, 5])
def test_shards_cover_the_organization_once_and_merge_to_the_whole_run(organization, whole_run, workdir, count) -> None:
    endpoint, lab = organization
    reports = []
    seen: list[str] = []
    for index in range(1, count + 1):
        run = _scan(endpoint, workdir, "--shard", f"{index}/{count}", output=f"shard-{index}")
        assert run.code in (0, 1), run.output
        seen += _accounts(run.report)
        assert (lab.caller in _accounts(run.report)) == (index == 1)  # the calling account is shard 1's only
        reports.append(str(workdir / f"shard-{index}" / "tierguard.json"))
    whole = whole_run[0].report
    assert sorted(seen) == sorted(_accounts(whole))  # union = the whole run, no overlap
    merged = run_tierguard("merge", *reports, "--output-dir", "merged", "--format", "json,html,md,sarif,junit",
                           cwd=workdir)
    assert merged.code == whole_run[0].code, merged.output
    report = merged.report
    assert _fingerprints(report) == _fingerprints(whole)
    assert report["summary"]["by_severity"] == whole["summary"]["by_severity"]
    assert report["costs"]["total_monthly_usd"] == whole["costs"]["total_monthly_usd"]
    assert {line["account"]: line["by_severity"] for line in report["accounts"]} == \
        {line["account"]: line["by_severity"] for line in whole["accounts"]}
    assert sorted(report["account_scan"]["accounts"]) == sorted(_accounts(whole))
    for name in ("tierguard.html", "tierguard.md", "tierguard.sarif", "tierguard.junit.xml"):
        assert (workdir / "merged" / name).is_file()


def test_merge_threshold_and_refusals(whole_run, workdir) -> None:
    whole = Path(whole_run[1] / "tierguard-report" / "tierguard.json")
    # --fail-on applies again to every finding of the merged reports
    relaxed = run_tierguard("merge", str(whole), "--fail-on", "critical", cwd=workdir)
    assert relaxed.code == 1, relaxed.output
    assert relaxed.report["summary"]["by_severity"] == {"critical": 3, "high": 0, "medium": 0, "low": 0, "info": 0}
    assert relaxed.report["summary"]["failing"] == 3 and "below threshold" in relaxed.stdout
    # a report of another schema version
    other = workdir / "other.json"
    other.write_text(json.dumps({**json.loads(whole.read_text()), "schema": "tierguard/report@2"}))
    run = run_tierguard("merge", str(whole), str(other), cwd=workdir)
    assert run.code == 2 and "tierguard/report@2" in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.output
    # the same account twice would count its costs twice
    copy = workdir / "copy.json"
    copy.write_text(whole.read_text())
    run = run_tierguard("merge", str(whole), str(copy), cwd=workdir)
    assert run.code == 2 and "is in both" in run.stderr, run.output
    # not JSON at all
    broken = workdir / "broken.json"
    broken.write_text("{not json")
    run = run_tierguard("merge", str(broken), cwd=workdir)
    assert run.code == 2 and "broken.json" in run.stderr and "Traceback" not in run.output


def test_a_missing_or_incomplete_shard_keeps_the_merge_incomplete(organization, workdir) -> None:
    endpoint, lab = organization
    accepting = _accepting(workdir)
    first = _scan(endpoint, workdir, "--shard", "1/3", "--config", accepting, output="s1")
    third = _scan(endpoint, workdir, "--shard", "3/3", "--config", accepting, output="s3")
    assert first.code == 0 and third.code == 0, first.output + third.output
    run = run_tierguard("merge", "s1/tierguard.json", "s3/tierguard.json", "--config", accepting, cwd=workdir)
    assert run.code == 3, run.output
    assert any("shard 2/3" in e["message"] for e in run.report["scan"]["errors"])
    # shard 2 ran, but one of its accounts was denied: the merge says which report was incomplete
    shard_two = shard_targets(AccountTarget(lab.caller), [AccountTarget(m) for m in lab.members], Shard(2, 3))
    with FaultProxy(endpoint, faults={"AssumeRole": "denied"}, only_if={"AssumeRole": shard_two[0].account}) as proxy:
        second = _scan(proxy.endpoint, workdir, "--shard", "2/3", "--config", accepting, output="s2")
    assert second.code == 3, second.output
    run = run_tierguard("merge", "s1/tierguard.json", "s2/tierguard.json", "s3/tierguard.json", "--config", accepting,
                        cwd=workdir)
    assert run.code == 3, run.output
    assert any("s2/tierguard.json" in w and "incomplete" in w for w in run.report["scan"]["warnings"])
    assert shard_two[0].account in run.stdout


def test_usage_errors_are_one_sentence_and_exit_2(organization, workdir) -> None:
    endpoint, _ = organization
    env = aws_environment(endpoint)
    cases = [
        (["--role-arn", "arn:aws:iam::12345:role/x"], "not an IAM role ARN"),
        (["--role-arn", "arn:aws:iam::111111111111:role/a", "--shard", "3/2"], "--shard"),
        (["--member-role", "tierguard-scan"], "--organization"),
        (["--organization", "--role-arn", "arn:aws:iam::111111111111:role/a"], "not both"),
        (["--shard", "1/2"], "single account"),
        (["--organization", "--member-role", "bad name!"], "role name"),
    ]
    for args, expected in cases:
        run = run_tierguard("account", "--no-checkov", *args, cwd=workdir, env=env)
        assert run.code == 2, (args, run.output)
        assert expected in run.stderr and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.output, args


def test_an_account_outside_any_organization_is_told_so(aws, workdir, moto_server) -> None:
    run = run_tierguard("account", "--organization", "--no-checkov", cwd=workdir, env=aws_environment(moto_server))
    assert run.code == 2 and "not in an AWS Organization" in run.stderr, run.output


def test_shards_partition_any_member_list_evenly() -> None:
    caller = AccountTarget("000000000001")
    members = [AccountTarget(f"{n:012d}", f"arn:aws:iam::{n:012d}:role/r") for n in range(100, 137)]
    for count in range(1, 9):
        shards = [shard_targets(caller, list(reversed(members)), Shard(i, count)) for i in range(1, count + 1)]
        flat = [t.account for shard in shards for t in shard]
        assert sorted(flat) == sorted([caller.account, *(m.account for m in members)])  # each exactly once
        sizes = [len([t for t in shard if t != caller]) for shard in shards]
        assert max(sizes) - min(sizes) <= 1
        assert caller in shards[0] and all(caller not in shard for shard in shards[1:])
        # deterministic: the order the organization lists its accounts in does not matter
        assert shards == [shard_targets(caller, members, Shard(i, count)) for i in range(1, count + 1)]


@pytest.mark.parametrize("text", ["0/2", "3/2", "a/b", "1/0", "", "1-2"])
def test_a_malformed_shard_is_refused(text: str) -> None:
    with pytest.raises(ScanSetupError):
        Shard.parse(text)


def test_role_arns_are_checked_before_any_call() -> None:
    assert role_target("arn:aws-us-gov:iam::111111111111:role/path/scan").account == "111111111111"
    for bad in ("arn:aws:iam::111111111111:user/scan", "arn:aws:iam::1111:role/scan", "arn:aws:iam::111111111111:role/a b",
                "111111111111", "arn:aws:iam::111111111111:role/"):
        with pytest.raises(ScanSetupError):
            role_target(bad)


def test_a_merged_report_names_live_resources_as_the_scan_did(aws, workdir) -> None:
    """Cost items read back from a report keep their label: 'NatGateway nat-… (us-east-1)', not the type and
    region twice."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    ec2.create_nat_gateway(SubnetId=subnet, AllocationId=ec2.allocate_address(Domain="vpc")["AllocationId"])
    scan = run_tierguard("account", "--no-checkov", *SKIPS, "--output-dir", "scan", cwd=workdir)
    labels = [item["label"] for item in scan.report["costs"]["items"]]
    assert any(label.startswith("NatGateway nat-") for label in labels), labels
    merged = run_tierguard("merge", "scan/tierguard.json", "--output-dir", "merged", "--format", "json,md,html", cwd=workdir)
    assert [item["label"] for item in merged.report["costs"]["items"]] == labels
    for text in (merged.stdout, (workdir / "merged" / "tierguard.md").read_text(),
                 (workdir / "merged" / "tierguard.html").read_text()):
        assert "NatGateway NatGateway" not in text and "(us-east-1) (us-east-1)" not in text
    nat = next(label for label in labels if label.startswith("NatGateway"))
    assert nat in merged.stdout


# --- worker processes and the clients members share --------------------------------------------------------

def test_worker_processes_find_what_one_process_finds(organization, whole_run, workdir) -> None:
    """--processes 2: the accounts are spread over two worker processes; the report is the one-process run's."""
    endpoint, _ = organization
    run = _scan(endpoint, workdir, "--processes", "2", "--format", "json,html,md")
    assert run.code == whole_run[0].code, run.output
    whole = whole_run[0].report
    assert _accounts(run.report) == _accounts(whole)
    assert run.report["scan"]["targets"] == whole["scan"]["targets"]
    assert _fingerprints(run.report) == _fingerprints(whole)
    assert {line["account"]: (line["by_severity"], line["complete"]) for line in run.report["accounts"]} == \
        {line["account"]: (line["by_severity"], line["complete"]) for line in whole["accounts"]}
    assert run.report["scan"]["complete"] is True
    # every call is counted once, the caller's sts:AssumeRole calls in the workers too
    assert run.report["account_scan"]["api_calls"] == whole["account_scan"]["api_calls"]
    assert "budgets:DescribeSubscribersForNotification" in run.report["account_scan"]["skipped_on_request"]


def test_a_throttled_member_is_retried_with_its_own_backoff(organization, whole_run, workdir) -> None:
    """Members share one client per service and region; retries and throttling stay per account: the shared
    client never retries by itself, the account's own handler does. Two throttled answers, then success."""
    endpoint, _ = organization
    throttled = 2  # fewer than one account's attempts (3 under AWS_MAX_ATTEMPTS=2): each is read in the end
    with FaultProxy(endpoint, faults={"DescribeSecurityGroups": "throttle"}, times={"DescribeSecurityGroups": throttled},
                    spare_key="testing") as proxy:  # only the members' calls (the caller's client is its own)
        run = _scan(proxy.endpoint, workdir, "--processes", "1")
    assert proxy.faulted["DescribeSecurityGroups"] == throttled
    assert run.report["scan"]["complete"] is True, run.report["scan"]["errors"]
    assert _fingerprints(run.report) == _fingerprints(whole_run[0].report)


def test_a_member_call_outside_its_account_is_refused_not_signed_as_another() -> None:
    import boto3
    from botocore.credentials import ReadOnlyCredentials
    from botocore.exceptions import NoCredentialsError

    from tierguard.scanner.sources.account.session import AccountSession, CallLog

    caller = AccountSession(boto3.Session(aws_access_key_id="caller", aws_secret_access_key="caller",
                                          region_name="us-east-1"), CallLog())
    first = AccountSession.member(caller, ReadOnlyCredentials("first", "first", "token-1"), CallLog())
    second = AccountSession.member(caller, ReadOnlyCredentials("second", "second", "token-2"), CallLog())
    client = first.client("sts", "us-east-1")
    assert second.client("sts", "us-east-1") is client  # one client for both
    signed: list[str] = []

    def keep_key(request, **_) -> None:
        signed.append(request.headers["Authorization"].decode().split("Credential=")[1].split("/")[0])
        raise RuntimeError("stop before sending")

    client.meta.events.register("before-send", keep_key)
    with pytest.raises(NoCredentialsError):
        client.get_caller_identity()  # no account bound: nothing is signed, with the caller's keys or any
    for account, key in ((first, "first"), (second, "second")):
        with account.bound(), pytest.raises(RuntimeError):
            client.get_caller_identity()
        assert signed[-1] == key
        assert sum(account.calls.counts.values()) == 1  # counted on the account that made it
    assert sum(caller.calls.counts.values()) == 0


def _workers(pid: int) -> list[int]:
    """The scan's worker processes (not multiprocessing's resource tracker beside them)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid
                        and b"spawn_main" in (entry / "cmdline").read_bytes()):
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _scan_in_background(endpoint: str, workdir: Path, *args: str):
    """The scan in a process group of its own (as a CI runner starts a step), with two worker processes (asked
    for in its configuration: `processes` there works as --processes does)."""
    import subprocess
    import sys

    tierguard = Path(sys.executable).with_name("tierguard")
    return subprocess.Popen([str(tierguard), "account", "--organization", "--no-checkov", *SKIPS,
                             "--config", _accepting(workdir, "processes = 2"), *args], cwd=workdir,
                            env={**os.environ, **aws_environment(endpoint)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_every_assume_role(proxy: FaultProxy, lab, settle_s: float) -> None:
    """Until every member's role was asked for (one of them hangs), then `settle_s` for the others' reads."""
    import time

    deadline = time.monotonic() + 90
    while proxy.seen.get("AssumeRole", 0) < len(lab.members) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(settle_s)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc")
def test_a_worker_process_that_dies_costs_only_the_accounts_it_held_and_names_them(organization, workdir) -> None:
    import signal

    endpoint, lab = organization
    stuck = lab.members[0]
    with FaultProxy(endpoint, faults={"AssumeRole": "hang"}, only_if={"AssumeRole": stuck}) as proxy:
        process = _scan_in_background(proxy.endpoint, workdir)
        _wait_for_every_assume_role(proxy, lab, settle_s=1)
        workers = _workers(process.pid)  # the one holding the stuck account at least (the other may be done)
        assert workers
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 3, stdout + stderr
    assert "Traceback" not in stdout + stderr
    report = json.loads((workdir / "tierguard-report" / "tierguard.json").read_text())
    assert report["scan"]["complete"] is False
    lost = [e for e in report["scan"]["errors"] if "ended unexpectedly" in e["message"]]
    assert any(e["where"] == stuck for e in lost), report["scan"]["errors"]
    lines = {line["account"]: line for line in report["accounts"]}
    assert set(lines) == {lab.caller, *lab.members}  # each account is in the report: scanned, or named
    for account, line in lines.items():
        assert line["complete"] or any(e["where"] == account for e in lost), account


def test_ctrl_c_stops_the_worker_processes_and_keeps_what_they_read(organization, workdir) -> None:
    import signal
    import time

    endpoint, lab = organization
    stuck = lab.members[-1]
    with FaultProxy(endpoint, faults={"AssumeRole": "hang"}, only_if={"AssumeRole": stuck}) as proxy:
        process = _scan_in_background(proxy.endpoint, workdir)
        _wait_for_every_assume_role(proxy, lab, settle_s=2)
        process.send_signal(signal.SIGINT)
        began = time.monotonic()
        stdout, stderr = process.communicate(timeout=60)
        took = time.monotonic() - began
    assert took < 15, took
    assert process.returncode == 3, stdout + stderr
    assert "writing what was read so far" in stderr and "Traceback" not in stdout + stderr, stderr
    report = json.loads((workdir / "tierguard-report" / "tierguard.json").read_text())
    assert report["scan"]["complete"] is False
    assert any(e["where"] == stuck and "interrupted" in e["message"] for e in report["scan"]["errors"]), report["scan"]["errors"]
    complete = [line["account"] for line in report["accounts"] if line["complete"]]
    assert stuck not in complete and len(complete) >= 2  # the others were read and kept


def test_the_time_limit_holds_in_every_worker_process_and_names_what_it_cut(organization, workdir) -> None:
    import time

    endpoint, lab = organization
    with FaultProxy(endpoint, faults={"DescribeNatGateways": "hang"}, after={"DescribeNatGateways": 1}) as proxy:
        began = time.monotonic()
        run = _scan(proxy.endpoint, workdir, "--processes", "2", "--time-limit", "0.25", "--config", _accepting(workdir))
        took = time.monotonic() - began
    assert took < 60, took  # 15 s of limit, then the workers' partial accounts, never the calls' own retries
    assert run.code == 3, run.output
    gaps = [e for e in run.report["scan"]["errors"] if "not finished (the scan's time limit of 15 s was reached)" in e["message"]]
    assert len(gaps) == len(lab.members), run.report["scan"]["errors"]  # one hung call in each account but the first
    cut = {gap["where"].split("/")[0] for gap in gaps}
    lines = {line["account"]: line["complete"] for line in run.report["accounts"]}
    assert set(lines) == {lab.caller, *lab.members} and all(lines[a] is (a not in cut) for a in lines)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc")
def test_workers_do_not_outlive_a_killed_parent(organization, workdir) -> None:
    import time

    endpoint, lab = organization
    with FaultProxy(endpoint, faults={"AssumeRole": "hang"}, only_if={"AssumeRole": lab.members[0]}) as proxy:
        process = _scan_in_background(proxy.endpoint, workdir)
        _wait_for_every_assume_role(proxy, lab, settle_s=1)
        workers = _workers(process.pid)
        assert workers
        process.kill()  # SIGKILL: no clean-up of its own
        process.communicate(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_sigterm_to_the_whole_process_group_keeps_what_the_workers_read(organization, workdir) -> None:
    """timeout(1), systemd and CI runners signal the whole group: the workers leave the stopping to the parent."""
    import signal
    import time

    endpoint, lab = organization
    with FaultProxy(endpoint, faults={"DescribeNatGateways": "hang"}, after={"DescribeNatGateways": 1}) as proxy:
        process = _scan_in_background(proxy.endpoint, workdir)
        deadline = time.monotonic() + 90
        while proxy.seen.get("DescribeNatGateways", 0) < len(lab.members) + 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        os.killpg(process.pid, signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 3, stdout + stderr  # incomplete; the SSH groups read are kept (suppressed here)
    assert "Traceback" not in stdout + stderr
    report = json.loads((workdir / "tierguard-report" / "tierguard.json").read_text())
    cut = [e["where"].split("/")[0] for e in report["scan"]["errors"] if "nat-gateways: not finished (interrupted)" in e["message"]]
    assert len(cut) == len(lab.members), report["scan"]["errors"]  # cut short, not lost
    assert not any("not scanned" in e["message"] for e in report["scan"]["errors"]), report["scan"]["errors"]
    for account in cut:
        if account in lab.members:
            [arn] = lab.ssh_groups[account]
            assert any(f["resource"]["arn"] == arn for f in report["findings"]), account
