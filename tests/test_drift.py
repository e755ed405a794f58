"""Baselines and cost drift on real `cdk synth` output, through the CLI as a CI job runs it.

The fingerprint tests rewrite a synthesized cdk.out the way real changes do (re-serialised JSON,
another target order, CDK hash suffixes that moved) and require the very same fingerprints; each
has a control showing the comparison would notice a difference.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import run_tierguard, variant

OWN_ONLY = ("--no-checkov", "--no-cfn-lint")


def _fingerprints(report: dict) -> dict[str, str]:
    return {f["fingerprint"]: f"{f['source']}:{f['rule_id']}:{f['resource']['logical_id']}" for f in report["findings"]}


def _statuses(report: dict) -> dict[str, list[str]]:
    by_status: dict[str, list[str]] = {}
    for finding in report["findings"]:
        by_status.setdefault(finding["status"], []).append(finding["rule_id"])
    return by_status


@pytest.fixture(scope="module")
def demo_lab_baseline(tmp_path_factory) -> tuple[Path, dict]:
    """The demo lab (findings from tierguard, checkov and cfn-lint) recorded as a baseline."""
    work = tmp_path_factory.mktemp("baseline")
    run = run_tierguard("templates", str(variant("demo-lab")), "--write-baseline", "base.json", cwd=work)
    assert run.code == 1, run.output
    return work / "base.json", run.report


def test_write_baseline_records_fingerprints_and_costs(demo_lab_baseline) -> None:
    path, report = demo_lab_baseline
    baseline = json.loads(path.read_text())
    assert baseline["schema"] == "tierguard/baseline@1"
    assert {f["fingerprint"] for f in baseline["findings"]} == set(_fingerprints(report))
    assert {f["source"] for f in report["findings"]} == {"tierguard", "checkov", "cfn-lint"}
    assert baseline["costs"]["total_monthly_usd"] == report["costs"]["total_monthly_usd"] > 0
    nat = [i for i in baseline["costs"]["items"] if "NATGateway" in i["resource"]]
    assert nat and nat[0]["identity"] == "cdk:NetworkStack/Vpc/PublicSubnet1/NATGateway"


def test_same_findings_with_baseline_pass(demo_lab_baseline, workdir) -> None:
    path, before = demo_lab_baseline
    run = run_tierguard("templates", str(variant("demo-lab")), "--baseline", str(path), "--format", "json,md,html",
                        cwd=workdir)
    assert run.code == 0, run.output
    assert run.report["summary"]["failing"] == 0
    statuses = _statuses(run.report)
    # precedence: suppressed, then baseline, then below-threshold
    accepted = [f for f in before["findings"] if f["status"] != "suppressed"]
    assert "fail" not in statuses and len(statuses["baseline"]) == len(accepted) > before["summary"]["failing"]
    drift = run.report["drift"][0]
    assert (drift["kind"], drift["new"], drift["resolved"]) == ("baseline", 0, 0)
    assert drift["unchanged"] == len(before["findings"])
    assert "0 new, 0 resolved" in run.stdout


def test_new_problem_fails_alone(tmp_path, workdir) -> None:
    base = tmp_path / "base.json"
    assert run_tierguard("templates", str(variant("compliant")), "--write-baseline", str(base), cwd=workdir).code == 1
    run = run_tierguard("templates", str(variant("ssh-open")), "--baseline", str(base), cwd=workdir)
    assert run.code == 1, run.output
    failing = [f for f in run.report["findings"] if f["status"] == "fail"]
    assert failing and {f["category"] for f in failing} == {"open-ingress"}
    assert all("22" in f["message"] for f in failing)
    # the compliant app's accepted over-budget finding stays accepted
    assert "TG-OVB-001" in _statuses(run.report)["baseline"]
    drift = run.report["drift"][0]
    assert drift["new"] == len(failing) and drift["resolved"] == 0


def test_resolved_findings_are_reported(tmp_path, workdir) -> None:
    base = tmp_path / "base.json"
    run_tierguard("templates", str(variant("nat")), *OWN_ONLY, "--write-baseline", str(base), cwd=workdir)
    run = run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, "--baseline", str(base),
                        "--format", "json,md", cwd=workdir)
    assert run.code == 0, run.output
    drift = run.report["drift"][0]
    assert [f["rule_id"] for f in drift["resolved_findings"]] == ["TG-NAT-001"]
    assert drift["cost_delta"] < -30
    assert "Resolved since the baseline" in (workdir / "tierguard-report" / "tierguard.md").read_text()


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _templates(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.template.json"))


def test_fingerprints_ignore_line_numbers_and_resource_order(demo_lab_baseline, tmp_path, workdir) -> None:
    _, before = demo_lab_baseline
    moved = _copy(variant("demo-lab"), tmp_path / "reformatted")
    for template in _templates(moved):
        body = json.loads(template.read_text())
        body["Resources"] = dict(reversed(list(body["Resources"].items())))
        template.write_text("\n\n" + json.dumps(body, indent=4))
    run = run_tierguard("templates", str(moved), cwd=workdir)
    lines_before = {f["fingerprint"]: f["resource"]["line"] for f in before["findings"]}
    lines_after = {f["fingerprint"]: f["resource"]["line"] for f in run.report["findings"]}
    assert lines_before != lines_after  # control: the lines did move
    assert set(lines_after) == set(lines_before)


def test_fingerprints_ignore_target_order(tmp_path, workdir) -> None:
    files = [str(p) for p in _templates(variant("demo-lab"))]
    forward = run_tierguard("templates", *files, *OWN_ONLY, cwd=workdir)
    backward = run_tierguard("templates", *reversed(files), *OWN_ONLY, cwd=workdir)
    assert [f["resource"]["file"] for f in forward.report["findings"]] != [] and forward.report["scan"]["targets"] != \
        backward.report["scan"]["targets"]
    assert set(_fingerprints(forward.report)) == set(_fingerprints(backward.report))


_CDK_ID = re.compile(r"\b([A-Za-z0-9]+?)([0-9A-F]{8})\b")


def _rehash(folder: Path) -> dict[str, str]:
    """Give every hash-suffixed logical id a new suffix, everywhere (as a CDK refactor can)."""
    renames: dict[str, str] = {}
    for template in _templates(folder):
        for logical_id in json.loads(template.read_text())["Resources"]:
            match = _CDK_ID.fullmatch(logical_id)
            if match:
                renames[logical_id] = match.group(1) + format(int(match.group(2), 16) ^ 0x5A5A5A5A, "08X")
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True))) + r")\b")
    for path in [*folder.glob("*.json")]:
        path.write_text(pattern.sub(lambda m: renames[m.group(1)], path.read_text()))
    return renames


def test_fingerprints_survive_cdk_hash_suffix_changes(demo_lab_baseline, tmp_path, workdir) -> None:
    _, before = demo_lab_baseline
    rehashed = _copy(variant("demo-lab"), tmp_path / "rehashed")
    renames = _rehash(rehashed)
    assert len(renames) > 20
    run = run_tierguard("templates", str(rehashed), cwd=workdir)
    assert {f["resource"]["logical_id"] for f in run.report["findings"]} != \
        {f["resource"]["logical_id"] for f in before["findings"]}  # control: the ids did change
    assert set(_fingerprints(run.report)) == set(_fingerprints(before))

    # control: without the construct paths the identity is the logical id, and the renames show
    for template in _templates(rehashed):
        body = json.loads(template.read_text())
        for resource in body["Resources"].values():
            resource.pop("Metadata", None)
        template.write_text(json.dumps(body))
    stripped = run_tierguard("templates", str(rehashed), *OWN_ONLY, cwd=workdir)
    own_before = {k for k, v in _fingerprints(before).items() if v.startswith("tierguard:")}
    assert own_before - set(_fingerprints(stripped.report))


def test_cost_growth_past_the_limit_is_a_failing_cost_drift(tmp_path, workdir) -> None:
    base = tmp_path / "base.json"
    run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, "--write-baseline", str(base), cwd=workdir)
    run = run_tierguard("templates", str(variant("nat-suppressed")), *OWN_ONLY, "--baseline", str(base),
                        "--max-cost-increase", "5", "--format", "json,html,md", cwd=workdir)
    assert run.code == 1, run.output
    failing = [f for f in run.report["findings"] if f["status"] == "fail"]
    assert [f["category"] for f in failing] == ["cost-drift"]  # the NAT itself is suppressed in the template
    assert "more than the allowed 5 USD" in failing[0]["message"] and "NATGateway" in failing[0]["message"]
    items = {i["resource"]: i for i in run.report["drift"][0]["cost_items"]}
    nat = next(i for name, i in items.items() if "NATGateway" in name)
    assert (nat["before"], nat["after"], nat["delta"]) == (0.0, 32.85, 32.85)
    html = (workdir / "tierguard-report" / "tierguard.html").read_text()
    assert 'data-testid="cost-changes"' in html and "+32.85" in html
    assert "| +32.85 |" in (workdir / "tierguard-report" / "tierguard.md").read_text()


@pytest.mark.parametrize("limit, fails", [("40", False), ("36.49", True), ("101%", False), ("100%", True), ("50 %", True)])
def test_cost_limit_in_usd_or_percent(limit, fails, tmp_path, workdir) -> None:
    base = tmp_path / "base.json"
    run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, "--write-baseline", str(base), cwd=workdir)
    # compliant 36.39 -> nat 72.89 USD a month: +36.50, +100.3 %
    run = run_tierguard("templates", str(variant("nat")), *OWN_ONLY, "--baseline", str(base),
                        "--max-cost-increase", limit, cwd=workdir)
    drifts = [f for f in run.report["findings"] if f["category"] == "cost-drift"]
    assert bool(drifts) is fails
    assert run.code == 1  # the NAT gateway itself is new, and fails either way


def test_cost_drift_is_never_baselined(tmp_path, workdir) -> None:
    base, again = tmp_path / "base.json", tmp_path / "again.json"
    run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, "--write-baseline", str(base), cwd=workdir)
    run = run_tierguard("templates", str(variant("nat")), *OWN_ONLY, "--baseline", str(base), "--max-cost-increase",
                        "1", "--write-baseline", str(again), cwd=workdir)
    assert any(f["category"] == "cost-drift" for f in run.report["findings"])
    assert not any(f["category"] == "cost-drift" for f in json.loads(again.read_text())["findings"])


def test_suppressed_stays_suppressed_under_a_baseline(tmp_path, workdir) -> None:
    base = tmp_path / "base.json"
    run_tierguard("templates", str(variant("nat-suppressed")), *OWN_ONLY, "--write-baseline", str(base), cwd=workdir)
    run = run_tierguard("templates", str(variant("nat-suppressed")), *OWN_ONLY, "--baseline", str(base), cwd=workdir)
    nat = [f for f in run.report["findings"] if f["rule_id"] == "TG-NAT-001"]
    assert [f["status"] for f in nat] == ["suppressed"]


@pytest.mark.parametrize("args, message", [
    (("--baseline", "missing.json"), "missing.json: baseline file not found"),
    (("--baseline", "broken.json"), "broken.json: not a readable baseline"),
    (("--baseline", "other.json"), "not a tierguard baseline or report"),
    (("--max-cost-increase", "5"), "--max-cost-increase needs something to compare with"),
    (("--baseline", "base.json", "--max-cost-increase", "five"), "is not an amount in USD or a percentage"),
])
def test_bad_baseline_input_is_one_line_exit_2(args, message, workdir) -> None:
    (workdir / "broken.json").write_text('{"schema": "tierguard/baseline@1", "findings": [')
    (workdir / "other.json").write_text('{"Resources": {}}')
    run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, "--write-baseline", "base.json", cwd=workdir)
    run = run_tierguard("templates", str(variant("compliant")), *OWN_ONLY, *args, cwd=workdir)
    assert run.code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.output
