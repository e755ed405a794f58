"""The command line as a user meets it."""
from __future__ import annotations

import json
from pathlib import Path

from tierguard.rules import REGISTRY

from .conftest import run_tierguard, variant


def test_compliant_app_exits_0_with_a_lab_config_and_writes_the_report(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text("runtime_hours = 72\nbudget_usd = 5\n")
    run = run_tierguard("templates", str(variant("compliant")), cwd=workdir)
    assert run.code == 0, run.output
    report = run.report
    assert report["schema"] == "tierguard/report@1"
    assert report["tool"]["name"] == "tierguard"
    assert report["scan"]["mode"] == "templates" and report["scan"]["complete"] is True
    assert report["summary"]["failing"] == 0 and report["summary"]["exit_code"] == 0
    assert set(report["summary"]["by_severity"]) == {"critical", "high", "medium", "low", "info"}
    assert "PASS" in run.stdout


def test_finding_shape_follows_the_contract(workdir: Path) -> None:
    run = run_tierguard("templates", str(variant("nat")), cwd=workdir)
    assert run.code == 1
    [nat] = [f for f in run.report["findings"] if f["category"] == "nat-gateway"]
    assert set(nat) >= {
        "fingerprint", "rule_id", "category", "severity", "title", "message", "remediation",
        "source", "check_id", "resource", "monthly_usd", "status",
    }
    resource = nat["resource"]
    assert resource["type"] == "AWS::EC2::NatGateway" and resource["stack"] == "NetworkStack"
    assert resource["file"].endswith("NetworkStack.template.json") and resource["line"] > 1
    assert resource["region"] == "us-east-1" and resource["arn"] is None
    assert nat["source"] == "tierguard" and nat["status"] == "fail"


def test_fingerprints_do_not_depend_on_paths_or_order(workdir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "elsewhere" / "cdk.out"
    shutil.copytree(variant("demo-lab"), copy)
    first = run_tierguard("templates", str(variant("demo-lab")), cwd=workdir).report
    second = run_tierguard("templates", str(copy), str(variant("compliant")), "--output-dir", "other", cwd=workdir).report
    assert {f["fingerprint"] for f in first["findings"]} <= {f["fingerprint"] for f in second["findings"]}


def test_rules_lists_the_whole_catalogue(workdir: Path) -> None:
    run = run_tierguard("rules", "--json", cwd=workdir)
    assert run.code == 0
    entries = json.loads(run.stdout)
    assert [e["id"] for e in entries] == [r.id for r in REGISTRY]
    table = run_tierguard("rules", cwd=workdir)
    assert all(rule.id in table.stdout for rule in REGISTRY)


def test_help_and_version(workdir: Path) -> None:
    run = run_tierguard("--help", cwd=workdir)
    assert run.code == 0 and "templates" in run.stdout and "Exit codes" in run.stdout
    assert run_tierguard("--version", cwd=workdir).stdout.startswith("tierguard, version")


def test_quiet_prints_nothing_on_success(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text("runtime_hours = 72\n")
    run = run_tierguard("templates", str(variant("compliant")), "--quiet", cwd=workdir)
    assert run.code == 0 and run.stdout == "" and run.stderr == ""


def test_demo_runs_without_an_account(workdir: Path) -> None:
    environment = {"AWS_ACCESS_KEY_ID": "", "AWS_PROFILE": "does-not-exist", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
    run = run_tierguard("demo", cwd=workdir, env=environment)  # whatever the user's AWS setup, the demo stays offline
    assert run.code == 0, run.output
    gate = json.loads((workdir / "tierguard-report" / "templates" / "tierguard.json").read_text())
    categories = {f["category"] for f in gate["findings"] if f["status"] == "fail"}
    assert {"nat-gateway", "open-ingress", "iam-overpermission", "plain-http", "budget-misconfigured", "unattached-eip"} <= categories
    live = json.loads((workdir / "tierguard-report" / "account" / "tierguard.json").read_text())
    assert live["scan"]["mode"] == "account" and live["scan"]["errors"] == []
    live_categories = {f["category"] for f in live["findings"] if f["status"] == "fail"}
    assert {"nat-gateway", "open-ingress", "idle-load-balancer", "missing-budget", "multi-region"} <= live_categories
    assert all(f["resource"]["arn"] for f in live["findings"] if f["category"] == "nat-gateway")
    assert "1 · pre-deploy gate" in run.stdout and "2 · account scan" in run.stdout


def test_bundled_demo_lab_matches_the_synthesized_fixture() -> None:
    from tierguard.scanner.demo import DEMO_ASSEMBLY

    source = variant("demo-lab")
    bundled = sorted(p.name for p in DEMO_ASSEMBLY.iterdir())
    assert "manifest.json" in bundled
    for name in bundled:
        assert (DEMO_ASSEMBLY / name).read_bytes() == (source / name).read_bytes(), name


def test_free_tier_and_suppression_warnings_reach_the_terminal_and_every_report(workdir) -> None:
    """Issue 11.6: what a reader must know is printed, not only kept in the JSON notes."""
    (workdir / "tierguard.toml").write_text(
        'free_tier = "legacy-12-month"\nruntime_hours = 72\n'
        '[[suppress]]\nrule = "TG-NAT-001"\nreason = "egress test"\nexpires = 2026-01-31\n'
        '[[suppress]]\nrule = "*"\nresource = "NetworkStack/*"\nreason = "not ours"\n')
    run = run_tierguard("templates", str(variant("nat")), "--no-checkov", "--no-cfn-lint",
                        "--format", "json,html,md,sarif,junit", cwd=workdir)
    assert "Warnings:" in run.stdout
    assert "legacy 12-month offers ended" in run.stdout
    assert "TG-NAT-001" in run.stdout and "expired on 2026-01-31" in run.stdout
    assert "rule = '*'" in run.stdout and "silences every rule" in run.stdout
    warnings = run.report["scan"]["warnings"]
    assert len(warnings) == 3
    report_dir = workdir / "tierguard-report"
    for name in ("tierguard.html", "tierguard.md", "tierguard.sarif", "tierguard.junit.xml"):
        text = (report_dir / name).read_text()
        assert "expired on 2026-01-31" in text and "silences every rule" in text, name


def test_context_templates_inform_set_level_rules_only(workdir) -> None:
    """templates --context (issue 11.2): the budget in the context counts, the context's own problems are
    not reported, a broken context template makes the scan incomplete, a broken target is an input error."""
    infra = workdir / "infra"
    infra.mkdir()
    (infra / "budget.yaml").write_text(
        "Resources:\n  Budget:\n    Type: AWS::Budgets::Budget\n    Properties:\n"
        "      Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 50, Unit: USD}}\n"
        "      NotificationsWithSubscribers:\n        - Notification: {NotificationType: ACTUAL, ComparisonOperator: "
        "GREATER_THAN, Threshold: 5, ThresholdType: ABSOLUTE_VALUE}\n"
        "          Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]\n")
    (infra / "old.yaml").write_text("Resources:\n  Nat:\n    Type: AWS::EC2::NatGateway\n")
    (infra / "app.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    run = run_tierguard("templates", "infra/app.yaml", "--context", "infra", "--no-checkov", "--no-cfn-lint", cwd=workdir)
    assert run.code == 0, run.output
    assert not [f for f in run.report["findings"] if f["status"] == "fail"]
    assert run.report["context"]["templates"] == ["infra/budget.yaml", "infra/old.yaml"]
    assert run.report["costs"]["total_monthly_usd"] > 30  # the deployment's cost includes the context's NAT gateway

    (infra / "broken.yaml").write_text("Resources:\n  Typeless:\n    Properties: {}\n")
    run = run_tierguard("templates", "infra/app.yaml", "--context", "infra", "--no-checkov", "--no-cfn-lint", cwd=workdir)
    assert run.code == 3, run.output
    [error] = run.report["scan"]["errors"]
    assert error["kind"] == "incomplete" and "--context template" in error["message"]
    run = run_tierguard("templates", "infra/broken.yaml", "--context", "infra", "--no-checkov", "--no-cfn-lint", cwd=workdir)
    assert run.code == 2 and run.report["scan"]["errors"][0]["kind"] == "input"


def test_no_report_writes_nothing_and_lists_every_failing_finding(workdir) -> None:
    many = "Resources:\n" + "".join(f"  Nat{i}:\n    Type: AWS::EC2::NatGateway\n" for i in range(15))
    (workdir / "nat.yaml").write_text(many)
    run = run_tierguard("templates", "nat.yaml", "--no-report", "--no-checkov", "--no-cfn-lint", cwd=workdir)
    assert run.code == 1
    assert not (workdir / "tierguard-report").exists()
    assert all(f"nat/Nat{i}" in run.stdout for i in range(15)) and "more failing" not in run.stdout
    misuse = run_tierguard("templates", "nat.yaml", "--no-report", "--format", "html", cwd=workdir)
    assert misuse.code == 2 and "--no-report writes no files" in misuse.stderr


def test_a_report_folder_never_mixes_two_runs(workdir) -> None:
    first = run_tierguard("templates", str(variant("nat")), "--no-checkov", "--no-cfn-lint", "--format", "json,sarif,junit",
                          cwd=workdir)
    assert (workdir / "tierguard-report" / "tierguard.sarif").is_file()
    second = run_tierguard("templates", str(variant("nat")), "--no-checkov", "--no-cfn-lint", "--format", "html",
                           cwd=workdir)
    assert first.code == second.code == 1
    assert sorted(p.name for p in (workdir / "tierguard-report").iterdir()) == ["tierguard.html", "tierguard.json"]


def test_the_terminal_names_the_config_file_and_the_json_keeps_the_settings(workdir) -> None:
    (workdir / "tierguard.toml").write_text("runtime_hours = 72\nbudget_usd = 20\n")
    run = run_tierguard("templates", str(variant("compliant")), "--no-checkov", "--no-cfn-lint", cwd=workdir)
    assert "config tierguard.toml" in run.stdout.splitlines()[0]
    config = run.report["scan"]["config"]
    assert config["source"] == "tierguard.toml" and config["runtime_hours"] == 72 and config["budget_usd"] == 20


def test_a_mistyped_option_is_one_line_naming_the_help(workdir: Path) -> None:
    for args, says in ((["account", "--max-workers", "0"], "--max-workers"), (["templates", "--format", "pdf", "x"], "pdf"),
                       (["demo", "--bogus"], "--bogus"), (["nosuch"], "nosuch"), (["templates"], "PATHS")):
        run = run_tierguard(*args, cwd=workdir)
        assert run.code == 2, (args, run.output)
        [line] = run.stderr.splitlines()
        assert line.startswith("tierguard: error: ") and says in line and line.endswith("--help`)"), line
        assert run.stdout == ""
    bare = run_tierguard(cwd=workdir)  # no command: click's help
    assert bare.code == 2 and "Commands:" in bare.output


def test_max_workers_and_processes_come_from_the_config_unless_given_on_the_command_line(tmp_path, monkeypatch) -> None:
    """The CLI's wiring only: the scan itself is stopped before any call (its options are what is checked)."""
    from click.testing import CliRunner

    from tierguard.scanner import audit
    from tierguard.scanner.cli import cli
    from tierguard.scanner.sources.account.session import ScanSetupError

    seen: list[tuple[int, int]] = []

    def stopped_before_any_call(options, config, progress=None, drift=()):
        seen.append((options.account.max_workers, options.account.processes))
        raise ScanSetupError("stopped before any call")

    monkeypatch.setattr(audit, "scan_account", stopped_before_any_call)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["account", "--no-checkov"]).exit_code == 2  # no config: the defaults
    (tmp_path / "tierguard.toml").write_text("max_workers = 7\nprocesses = 3\n")
    for flags in ([], ["--max-workers", "9"], ["--processes", "1"]):
        result = runner.invoke(cli, ["account", "--no-checkov", *flags])
        assert result.exit_code == 2 and "stopped before any call" in result.output, result.output
    assert seen == [(32, 1), (7, 3), (9, 3), (7, 1)]
